"""Which corpus a session sees: the server's corpus (the `--corpus` argument, else the bundled
sample), built once and shared read-only; or the session's own upload, kept in that session's
state only. Also the per-run View that pages read. No analysis happens here."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib.filters import Filters
from lib.filters import Search as filters_search
from lib.ui.drill import UPLOAD_STATE
from lib.ui.render import load_report, md_escape
from lib.ui.sidebar import CORPUS_FILTERS_EMPTY

if TYPE_CHECKING:  # importing lib.build pulls in every analysis module: only when needed
    from lib.build import Built

ROOT = Path(__file__).resolve().parents[2]
# The bundled corpus (seed article + sample); data/ also holds the build cache and aliases.
DEFAULT_CORPUS = ROOT / "data" / "corpus"
# Tests and the browser harness point the app at a corpus without touching argv.
ENV_CORPUS = "QUOTESCOPE_CORPUS"
_UPLOAD_KEY = UPLOAD_STATE
_SEEN_KEY = "_upload_seen"
_VIEW_KEY = "_view"


@dataclass(frozen=True, slots=True)
class View:
    """What every page draws from in one run: the corpus, the filter and its result."""

    built: Built
    filters: Filters
    articles: pd.DataFrame
    quotes: pd.DataFrame
    sentence: str
    corpus_label: str
    # Shares of the filter by default; raw counts when the analyst asks (URL key "counts").
    raw_counts: bool = False
    # Words and phrases the reader leaves out of keyword lists (URL key "stop", lib.stoplist).
    stopwords: tuple[str, ...] = ()


def corpus_argument(argv: list[str] | None = None) -> Path:
    """`streamlit run app.py -- --corpus PATH`; other arguments (pytest's, Streamlit's) are
    ignored rather than rejected."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = args.corpus or os.environ.get(ENV_CORPUS)
    return Path(chosen).expanduser().resolve() if chosen else DEFAULT_CORPUS


@st.cache_resource(show_spinner="Analysing the corpus (first time only)…", max_entries=4)
def _load_server_corpus(path: str) -> Built:
    # Keyed by the server's own path only: what one visitor uploads never enters this cache.
    from lib import store

    # Arrow copy, memory-mapped: long texts stay on disk until a page shows some rows of them.
    # A built folder opens without importing the analysis modules (lib.build: seconds).
    if store.is_built(Path(path)):
        return store.open_built(Path(path))
    from lib import build

    return store.open_built(build.build_path(path))


def current_built() -> tuple[Built, str] | None:
    """The session's upload if it has one, else the server corpus. Shows an error and
    returns None if the server corpus cannot be loaded."""
    uploaded = st.session_state.get(_UPLOAD_KEY)
    if uploaded is not None:
        return cast("tuple[Built, str]", uploaded)
    path = corpus_argument()
    try:
        built = _load_server_corpus(str(path))
    except Exception as exc:  # the page must explain, not show a traceback
        st.error(md_escape(f"Could not open the corpus at {path}: {_reason(exc)}"))
        return None
    label = "the bundled sample corpus" if path == DEFAULT_CORPUS else path.name
    return built, label


def upload_panel() -> None:
    """Sidebar panel to analyse the visitor's own files, for this session only. Files are
    analysed as soon as they are dropped; "back" keeps them from being analysed again."""
    with st.sidebar.expander("Your own corpus", expanded=False):
        files = st.file_uploader(
            "Articles: .txt .md .csv .jsonl .json .parquet or a .zip of them",
            accept_multiple_files=True,
            key="upload_files",
        )
        # by upload: a corrected file dropped again under the same name and size is new
        signature = tuple((f.name, f.size, f.file_id) for f in files or [])
        if signature and signature != st.session_state.get(_SEEN_KEY):
            st.session_state[_SEEN_KEY] = signature
            _analyse_uploads([(f.name, f.getvalue()) for f in files or []])
        if st.session_state.get(_UPLOAD_KEY) is not None:
            built, label = st.session_state[_UPLOAD_KEY]
            st.caption(f"Showing {md_escape(label)}.")
            report = built.manifest.get("load_report") or {}
            skipped = report.get("skipped") or []
            if skipped:
                st.warning(f"{len(skipped)} item(s) skipped: the Overview's load report "
                           "names each with its reason.")
            unreadable = report.get("unreadable_dates") or []
            if unreadable:
                st.warning(f"{len(unreadable)} date(s) could not be read: those articles "
                           "loaded undated. The Overview's load report lists each value.")
            # A callback, not `if st.button(...)`: it runs before the script, so a rerun
            # during the run (Streamlit's first-run navigation setup) cannot swallow it.
            st.button("Back to the server corpus", key="upload_clear", on_click=_back)


# What names or dates of one corpus: shared filters and page picks. Switching corpus drops
# them from the widgets and the address bar alike, so the URL keeps saying what is shown.
# Runs before the sidebar's widgets (in a callback, or before they are drawn), so their
# emptied values are what they show and write to the URL.
_PAGE_KEYS = ("who", "kwic", "quote", "cmp_a", "cmp_b", "kw_speaker", "kw_a", "kw_b")


def _fresh_view() -> None:
    for key, empty in CORPUS_FILTERS_EMPTY.items():
        st.session_state[key] = empty
    for key in _PAGE_KEYS:
        st.session_state.pop(key, None)
        try:
            if key in st.query_params:
                del st.query_params[key]
        except StreamlitAPIException:
            pass  # bound to a widget of this page: emptied with its state


def _back() -> None:
    st.session_state.pop(_UPLOAD_KEY, None)
    _fresh_view()


def _analyse_uploads(items: list[tuple[str, bytes]]) -> None:
    from lib import build, corpus

    names = ", ".join(name for name, _ in items[:3]) + ("…" if len(items) > 3 else "")
    try:
        loaded = corpus.load_uploads(items)
    except Exception as exc:
        st.error(md_escape(f"Could not read {names}: {_reason(exc)}"))
        return
    if loaded.articles.empty:
        st.error(md_escape(f"No article could be read from {names}. See the reasons below."))
        _show_skips(loaded.report)
        return
    # Named by the files that gave articles: the skipped ones are listed in the load report.
    gave = corpus.uploads_with_articles(loaded, [name for name, _ in items])
    label = ", ".join(gave[:3]) + (f" and {len(gave) - 3} more" if len(gave) > 3 else "")
    bar = st.progress(0.0, text="Analysing…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"Analysing {done:,}/{total:,} articles")

    try:
        built = build.build_corpus(loaded.articles, report=loaded.report, progress=progress,
                                   workers=1)
    except Exception as exc:
        st.error(md_escape(f"Could not analyse {names}: {_reason(exc)}"))
        return
    finally:
        bar.empty()
    st.session_state[_UPLOAD_KEY] = (built, f"your upload ({label or names})")
    _fresh_view()
    st.rerun()


def _show_skips(report: object) -> None:
    # In the sidebar: reasons as a wrapping list, not a table too narrow to show them.
    load_report(report.to_dict() if hasattr(report, "to_dict") else None, compact=True)


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def set_view(view_: View | None) -> None:
    """app.py sets the View before running the page and clears it afterwards, so a page can
    never draw a previous run's data."""
    if view_ is None:
        st.session_state.pop(_VIEW_KEY, None)
    else:
        st.session_state[_VIEW_KEY] = view_


def view() -> View:
    """The View that app.py computed for this run."""
    found = st.session_state.get(_VIEW_KEY)
    if isinstance(found, View):
        return found
    # Because a `pages/` folder exists, Streamlit starts in its legacy multipage mode until
    # app.py first calls st.navigation; a fresh server asked for /quotes then runs the page
    # script alone. Leave legacy mode and rerun, so app.py (frame and filters) runs first.
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:  # set to False first, so this reruns only once
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.error("Open the dashboard through app.py (streamlit run app.py).")
    st.stop()


def term_totals(built: Built) -> pd.Series | None:
    """Each term's count over all quotes, as the build stored it (summed here for older or
    uploaded builds without it); None when the corpus has no quote terms."""
    stored = built.tables.get("quote_term_totals")
    if stored is not None and not stored.empty:
        # The same Series on every run, so what is worked out from it can be kept with it.
        hit = _TOTALS.get(id(stored))
        if hit is not None and hit[0] is stored:
            return hit[1]
        found = stored.set_index("term")["count"]
        if len(_TOTALS) >= 4:
            _TOTALS.pop(next(iter(_TOTALS)))
        _TOTALS[id(stored)] = (stored, found)
        return found
    quote_terms = built.tables.get("quote_terms")
    if quote_terms is None or quote_terms.empty:
        return None
    hit = _TOTALS.get(id(quote_terms))
    if hit is not None and hit[0] is quote_terms:
        return hit[1]
    from lib import keywords

    # Summed once per table (fourteen million rows at 100k articles), not on every rerun.
    totals = keywords.term_totals(quote_terms)
    totals.index = pd.Index(totals.index.astype(str), name=totals.index.name)
    if len(_TOTALS) >= 4:
        _TOTALS.pop(next(iter(_TOTALS)))
    _TOTALS[id(quote_terms)] = (quote_terms, totals)
    return totals


_TOTALS: dict[int, tuple[pd.DataFrame, pd.Series]] = {}


def term_rows(built: Built, name: str, labels: pd.Index) -> pd.DataFrame:
    """Rows of keyword table `name` for the quotes (or articles) with these row labels."""
    from lib.ui import terms

    found = terms.rows_for(built, name, labels)
    return found if found is not None else pd.DataFrame(columns=["term"])


def term_sums(built: Built, name: str, labels: pd.Index, value: str,
              stopwords: tuple[str, ...] = ()) -> pd.Series:
    """Per-term totals of `value` over the quotes (or articles) with these row labels, without
    the terms `stopwords` leave out (lib.stoplist)."""
    from lib import stoplist
    from lib.ui import terms

    return stoplist.without(terms.sums(built, name, labels, value), stopwords)


def top_keyphrases(built: Built, articles: pd.DataFrame, n: int,
                   stopwords: tuple[str, ...] = ()) -> pd.DataFrame:
    """lib.keywords.top_terms of these articles (rows of this run's view), on codes when the
    corpus allows (lib.ui.terms); `stopwords`: the reader's list (lib.stoplist)."""
    from lib import keywords
    from lib.ui import terms

    fast = terms.top_terms(built, articles.index, n, stopwords)
    if fast is not None:
        return fast
    return keywords.top_terms(term_rows(built, "article_terms", articles.index), n=n,
                              stopwords=stopwords)


def speaker_keywords(built: Built, quotes: pd.DataFrame, n: int,
                     stopwords: tuple[str, ...] = ()) -> pd.DataFrame:
    """lib.keywords.speaker_terms of these quotes (rows of this run's view) against all
    quotes, on codes when the corpus allows (lib.ui.terms); `stopwords` as for
    `top_keyphrases`."""
    from lib import keywords
    from lib.ui import terms
    from lib.ui.views import column

    totals = term_totals(built)
    fast = terms.speaker_terms(built, quotes.index, n, totals, stopwords)
    if fast is not None:
        return fast
    return keywords.speaker_terms(term_rows(built, "quote_terms", quotes.index),
                                  column(quotes, "quote_id"), n=n, stopwords=stopwords,
                                  totals=totals)


def topic_shares(built: Built, articles: pd.DataFrame) -> pd.DataFrame:
    """lib.keywords.topic_shares of these articles by month, on codes when the corpus allows
    (lib.ui.terms)."""
    from lib import keywords
    from lib.ui import terms

    topics = built.tables.get("topics")
    fast = terms.topic_shares(built, articles, topics=topics)
    if fast is not None:
        return fast
    return keywords.topic_shares(term_rows(built, "article_topics", articles.index), articles,
                                 topics=topics)


def text_search(built: Built) -> filters_search:
    """The filter's text search over the text this Built keeps on disk (see lib.store)."""
    from lib import store

    return lambda table, needle: store.contains(built, table, needle)


def with_text(df: pd.DataFrame, table: str = "quotes",
              cols: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Rows of this run's filtered `table` ("quotes" or "articles") with the columns the
    view leaves out, long text included (quote words and context, article body), added for
    those rows only: `cols` of them, else all."""
    from lib import store

    found = st.session_state.get(_VIEW_KEY)
    if not isinstance(found, View):
        return df
    return store.with_text(found.built, table, df, cols)
