"""The shared sidebar filters, each widget bound to a URL query parameter so that a copied
link reopens the same view on any page. Keys are those of lib.filters (speaker, kind, from,
to, undated, source, q, term, topic, dedupe) and the view's own settings (counts, stop, img);
it only reads widget values, never filters data itself."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from lib import filters as F
from lib.filters import Filters
from lib.topics import MIN_WEIGHT
from lib.ui import drill
from lib.ui.render import md_escape

if TYPE_CHECKING:
    from lib.build import Built


_LOST_KEY = "_lost_link_values"


_OPTIONS: dict[tuple[int, str], tuple[pd.DataFrame, list[str]]] = {}


def _options(df: pd.DataFrame, col: str) -> list[str]:
    # Most frequent first: the names people look for are usually the prominent ones.
    if col not in df or df.empty:
        return []
    # Once per built column (kept with it, so a new corpus or upload never gets stale ones):
    # counting 1.7M speakers took half a second on every rerun.
    hit = _OPTIONS.get((id(df), col))
    if hit is not None and hit[0] is df:
        return hit[1]
    from lib.charts import value_counts

    options = [str(v) for v in value_counts(df[col]).index]
    if len(_OPTIONS) >= 8:
        _OPTIONS.pop(next(iter(_OPTIONS)))
    _OPTIONS[(id(df), col)] = (df, options)
    return options


_BOUNDS: list[tuple[pd.DataFrame, tuple[date, date] | None]] = []


def _bounds(built: Built) -> tuple[date, date] | None:
    # Once per corpus (kept with its frame): 25 ms at 100k articles on every rerun otherwise.
    for frame, found in _BOUNDS:
        if frame is built.articles:
            return found
    dates = pd.to_datetime(built.articles.get("date"), errors="coerce")
    found = None
    if dates is not None:
        dates = dates.dropna()
        if not dates.empty:
            found = (dates.min().date(), dates.max().date())
    _BOUNDS[:] = [(built.articles, found), *_BOUNDS[:3]]
    return found


# The filters whose values belong to one corpus (names, outlets, keyphrases, dates, a search),
# each with its widget's empty value: switching corpus (lib.ui.data) sets them back to these.
CORPUS_FILTERS_EMPTY: dict[str, object] = {
    F.KEY_SPEAKER: [], F.KEY_SOURCE: [], F.KEY_TERM: [], F.KEY_FROM: None, F.KEY_TO: None,
    F.KEY_TEXT: "",
}

# Any date can be typed or linked: a bound outside the corpus is still a bound (a link asking
# for 2030 shows nothing rather than everything).
_ANY_DAY = (date(1800, 1, 1), date(2200, 12, 31))


def _lost_dates(raw: dict[str, str | None], got: dict[str, date | None]) -> list[str]:
    """Linked dates the date widgets could not read (they drop what is not a date, and a day
    outside the years they take)."""
    out = []
    for key, value in raw.items():
        if not value or got.get(key) is not None:
            continue
        try:
            date.fromisoformat(value)
            why = f"outside {_ANY_DAY[0].year}-{_ANY_DAY[1].year}"
        except ValueError:
            why = "not a date: use YYYY-MM-DD"
        out.append(f"{key}={value} ({why})")
    return out


def sidebar_filters(built: Built) -> Filters:
    """Draw the filters in the current container (app.py puts them in the sidebar) and
    return their state."""
    bar = st
    bar.header("Filters")
    speaker_options = _options(built.quotes, "speaker")
    source_options = _options(built.articles, "source")
    topic_options = _topic_options(built)
    # Streamlit silently drops linked values that are not options (a name merged differently
    # after a rebuild, another corpus): say so, or the link shows more than it claims.
    lost = [f"{key}={value}" for key, options in ((F.KEY_SPEAKER, speaker_options),
                                                  (F.KEY_SOURCE, source_options),
                                                  (F.KEY_TOPIC, topic_options))
            # a widget with state of its own is not reading the URL (it may lag behind)
            if key not in st.session_state
            for value in st.query_params.get_all(key) if value and value not in options]
    speakers = bar.multiselect(
        "Speaker", speaker_options, key=F.KEY_SPEAKER, bind="query-params",
        placeholder="Anyone — type to search",
    )
    kinds = list(F.KIND_OPTIONS)
    linked = st.query_params.get(F.KEY_KIND)
    if linked and linked not in kinds and F.KEY_KIND not in st.session_state:
        # a hand-typed "?kind=reported" or the data's "indirect": the radio takes only its
        # own labels and would drop it, showing every quote
        label = next((k for k, v in F.KIND_OPTIONS.items() if v == F.parse_kind(linked)), None)
        if label is not None:
            # (the address bar then drops the typed value; "Link to this view" has the label)
            st.session_state[F.KEY_KIND] = label
    has_reported = "kind" in built.quotes and bool((built.quotes["kind"] == "indirect").any())
    kind_label = bar.radio(
        "Quotes", kinds, horizontal=True, key=F.KEY_KIND, bind="query-params",
        disabled=not has_reported,
        help="Direct: the speaker's own words in quote marks. Reported: what they said "
             "without quote marks (\"She said the plan would fail\", \"Rates will rise, the "
             "bank said\").",
    )
    bounds = _bounds(built)
    raw = {key: st.query_params.get(key) for key in (F.KEY_FROM, F.KEY_TO)
           if key not in st.session_state}  # as for names: only a widget reading the URL
    if bounds is not None:
        lo, hi = bounds
        # Two single dates rather than one range widget: each is optional and each is a
        # readable URL key (?from=2024-05-01&to=2024-08-31). Stacked, so they stay legible
        # in a narrow sidebar.
        date_from = bar.date_input("From", value=None, min_value=_ANY_DAY[0],
                                   max_value=_ANY_DAY[1], key=F.KEY_FROM, bind="query-params",
                                   format="YYYY-MM-DD",
                                   help=f"Articles run from {lo:%Y-%m-%d} to {hi:%Y-%m-%d}.")
        date_to = bar.date_input("To", value=None, min_value=_ANY_DAY[0], max_value=_ANY_DAY[1],
                                 key=F.KEY_TO, bind="query-params", format="YYYY-MM-DD")
        lost += _lost_dates(raw, {F.KEY_FROM: date_from, F.KEY_TO: date_to})
    else:
        date_from = date_to = None
        lost += [f"{key}={value} (no article has a date)" for key, value in raw.items() if value]
    undated = bar.checkbox(
        "Include undated articles", key=F.KEY_UNDATED, bind="query-params",
        help="Only matters when a date bound is set: without one, undated articles are shown.",
    )
    sources = bar.multiselect(
        "Source", source_options, key=F.KEY_SOURCE, bind="query-params",
        placeholder="All outlets",
    )
    text = bar.text_input(
        "Text search", key=F.KEY_TEXT, bind="query-params",
        placeholder="a word or phrase",
        help="Whole words, any case, in titles, articles and quotes: \"rain\" finds rain and "
             "rains, not train. End a word with * for any ending (\"econom*\").",
    )
    term_options = _term_options(built)
    # A drilled-down or linked keyphrase outside the top list is still an option.
    extra = [t for t in [*st.query_params.get_all(F.KEY_TERM),
                         *(st.session_state.get(F.KEY_TERM) or [])] if t not in term_options]
    terms = bar.multiselect(
        "Keyphrase", list(dict.fromkeys(extra)) + term_options, key=F.KEY_TERM,
        bind="query-params", placeholder="Any — or click a keyword bar",
    )
    topics: list[str] = []
    if topic_options:
        topics = bar.multiselect(
            "Topic", topic_options, key=F.KEY_TOPIC, bind="query-params",
            placeholder="Any — or click a topic's line",
            help="Groups of keyphrases found when the corpus was built, named by their top "
                 f"terms. An article is on a topic that takes at least {MIN_WEIGHT:.0%} of it.",
        )
    bar.subheader("View")
    has_wire = "wire_size" in built.articles and bool((built.articles["wire_size"] > 1).any())
    dedupe = bar.toggle(
        "Count wire copies once", value=True, key=F.KEY_DEDUPE, bind="query-params",
        disabled=not has_wire,
        help="Near-identical articles syndicated across outlets count as one story.",
    )
    bar.toggle("Raw counts instead of shares", key=drill.KEY_COUNTS, bind="query-params",
               help="Charts show each bar as a share of all quotes in the filter by default.")
    bar.text_input(
        "Leave out of keywords", key=drill.KEY_STOP, bind="query-params",
        placeholder="words or phrases, comma-separated",
        help="Keyphrases that contain one of these (whole words, any case: \"rain\" leaves out "
             "\"heavy rain\", not \"train\") are not listed on the Keywords, Profile, "
             "Compare and Article pages. Common words of the articles' language are always "
             "left out.",
    )
    bar.selectbox("Chart downloads", ["png", "svg"], key=drill.KEY_IMAGE, bind="query-params",
                  help="Format of the camera button above each chart.")
    # Kept in the session because Streamlit may rerun straight after opening a link, and
    # the corrected URL no longer has the lost values; shown until the selection changes.
    chosen = (tuple(speakers), tuple(sources), date_from, date_to)
    if lost:
        st.session_state[_LOST_KEY] = (lost, chosen)
    noted = st.session_state.get(_LOST_KEY)
    if noted and noted[1] == chosen:
        bar.warning("Left out of the filter (not in this corpus, or not a date): "
                    + "; ".join(md_escape(x) for x in noted[0]))
    if isinstance(date_from, date) and isinstance(date_to, date) and date_from > date_to:
        bar.warning("'From' is after 'To': the dates were swapped.")
        date_from, date_to = date_to, date_from
    return Filters(
        speakers=tuple(speakers),
        date_from=date_from if isinstance(date_from, date) else None,
        date_to=date_to if isinstance(date_to, date) else None,
        include_undated=bool(undated),
        sources=tuple(sources),
        text=(text or "").strip(),
        terms=tuple(terms),
        topics=tuple(topics),
        dedupe=bool(dedupe) or not has_wire,
        kind=F.KIND_OPTIONS.get(str(kind_label), "") if has_reported else "",
    )


def _topic_options(built: Built) -> list[str]:
    """The corpus's topics by the names the build gave them (the filter's values), in topic
    order; one entry per name."""
    table = built.tables.get("topics")
    if table is None or table.empty or "label" not in table:
        return []
    return list(dict.fromkeys(str(t) for t in table["label"].tolist()))


_TERM_CACHE: dict[int, tuple[object, list[str]]] = {}


def _term_options(built: Built, n: int = 300) -> list[str]:
    """The corpus's top keyphrases, computed once per built table. Keyed by the table's
    identity (so an upload's terms are reachable only from that session's own object)."""
    table = built.tables.get("article_terms")
    if table is None or table.empty:
        return []
    hit = _TERM_CACHE.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    # lib.keywords.top_terms' order (summed weight, then the term), without importing
    # lib.keywords: it pulls in scikit-learn, seconds on every cold start.
    score = table.groupby("term", observed=True)["weight"].sum()
    ranked = pd.DataFrame({"term": score.index.astype(str), "score": score.to_numpy()})
    ranked = ranked.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    terms = [str(t) for t in ranked["term"].head(n)]
    if len(_TERM_CACHE) >= 4:
        _TERM_CACHE.pop(next(iter(_TERM_CACHE)))
    _TERM_CACHE[id(table)] = (table, terms)
    return terms
