"""Render helpers shared by the pages: the filter sentence, charts, the quote and article
tables and their CSV export, the load report. Text from the corpus is always shown as text
(dataframes or escaped Markdown), never as HTML or Markdown of its own."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

if TYPE_CHECKING:
    from lib.build import Built

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=])")
# Markdown still autolinks a bare URL, "www." name or e-mail after backslash escapes: an
# invisible word joiner (U+2060) inside "://", "www." and before "@" breaks the pattern.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)

# The quote and its sentence come first: they are what a reader scans for.
QUOTE_COLUMNS = ["speaker", "text", "context", "date", "source", "title", "kind", "cue",
                 "speaker_role", "url"]
ARTICLE_COLUMNS = ["date", "source", "title", "author", "words", "n_quotes",
                   "flesch_reading_ease", "wire_size", "url"]


def md_escape(text: object) -> str:
    """Make any string inert in Streamlit Markdown (links, emphasis, LaTeX, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text)))


def left_out_note(stopwords: tuple[str, ...], built: Built | None = None) -> None:
    """Under a keyword list: the reader's left-out words, when there are any. A shared link
    carries them, so its reader learns why a word is missing, and where to change that; an
    entry no term of `built` contains is named (words typed without a comma are one phrase)."""
    if not stopwords:
        return
    from lib.ui.terms import unmatched

    note = ("Left out of keyword lists: " + md_escape(", ".join(stopwords))
            + " (change it under *Leave out of keywords* in the sidebar).")
    idle = unmatched(built, stopwords) if built is not None else ()
    if idle:
        note += (" No keyphrase of this corpus contains " + md_escape(", ".join(idle))
                 + ": separate words with commas.")
    st.caption(note)


def describe_banner(sentence: str, articles: pd.DataFrame, quotes: pd.DataFrame) -> None:
    """The filter sentence above every page, a notice when nothing matches, and the link
    that reopens this exact view."""
    from lib.ui.drill import copy_link

    st.markdown(f"**{md_escape(sentence)}**")
    copy_link()
    if articles.empty and quotes.empty:
        st.info("Nothing matches these filters: clear one of them (or widen the dates).")
    elif quotes.empty:
        st.info("No quotes in these articles: quote charts below are empty.")


def plot(fig: go.Figure, key: str) -> None:
    from lib.ui.drill import plot as _plot  # one place decides chart config and selection

    _plot(fig, key)


def _present(df: pd.DataFrame, cols: Sequence[str]) -> list[str]:
    return [c for c in cols if c in df.columns]


def newest_first(df: pd.DataFrame) -> pd.DataFrame:
    """Newest first; quotes of one article in reading order; undated last."""
    keys = [c for c in ("date", "article_id", "start") if c in df.columns]
    if not keys:
        return df
    return df.sort_values(keys, ascending=[k != "date" for k in keys], na_position="last",
                          kind="stable")


def newest(df: pd.DataFrame, cap: int, table: str | None = None) -> pd.DataFrame:
    """The first `cap` rows of `newest_first(df)`, sorting only the rows dated on or after
    the cap-th newest date (a million-row sort per rerun is what the browser never sees).
    Rows of this run's filtered quotes (`table`, by default told by a speaker column) get
    their offsets from the built frame for the rows sorted."""
    table = table or ("quotes" if "speaker" in df.columns else "articles")
    if len(df) <= 4 * cap or "date" not in df or not pd.api.types.is_datetime64_dtype(
            df["date"]):
        return newest_first(_sortable(df, table)).head(cap)
    days = df["date"].to_numpy().view("i8")
    dated = days[days != np.iinfo(np.int64).min]  # NaT
    if len(dated) < cap:
        return newest_first(_sortable(df, table)).head(cap)
    kth = np.partition(dated, len(dated) - cap)[len(dated) - cap]
    # Ties on the cut date all stay, so the stable sort orders them as the full sort would.
    return newest_first(_sortable(df[days >= kth], table)).head(cap)


def _sortable(df: pd.DataFrame, table: str) -> pd.DataFrame:
    # A quote's offset orders the quotes of one article; the filtered view leaves it out.
    if table != "quotes" or "start" in df.columns:
        return df
    from lib.ui.views import columns

    return columns(df, ["start"], "quotes")


def _height(n_rows: int, cap: int) -> int | Literal["auto"]:
    # A fixed height leaves a block of empty rows under a short table.
    return "auto" if n_rows <= 10 else cap


_SHOWN: list[tuple[pd.DataFrame, pd.DataFrame]] = []


def quote_table(quotes: pd.DataFrame, key: str, height: int = 420,
                select: bool = False) -> Any:
    """The quotes as a sortable, searchable table. With `select`, one row can be picked and
    the selection state is returned (rows index `quotes` in order); else the frame shown."""
    from lib.ui.data import with_text

    hit = next((found for frame, found in _SHOWN if frame is quotes), None)
    if hit is None:
        # The quote words and context come from disk for these rows only (lib.store).
        hit = with_text(quotes, "quotes", QUOTE_COLUMNS)
        hit = hit[_present(hit, QUOTE_COLUMNS)].reset_index(drop=True)
        # Pages keep their shown rows with the filter's view (ui.per_view): the same frame
        # comes back when a filter is cleared, and its text need not be read again.
        _SHOWN[:] = [(quotes, hit), *_SHOWN[:3]]
    shown = hit
    extra: dict[str, Any] = ({"on_select": "rerun", "selection_mode": "single-row"}
                             if select else {})
    event = st.dataframe(
        **extra,
        data=shown,
        key=key,
        height=_height(len(shown), height),
        hide_index=True,
        width="stretch",
        column_config={
            "speaker": st.column_config.TextColumn("Speaker", width="small"),
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "source": st.column_config.TextColumn("Source", width="small"),
            "title": st.column_config.TextColumn("Article", width="medium"),
            "text": st.column_config.TextColumn("Quote", width="large"),
            "context": st.column_config.TextColumn("In context", width="large"),
            "kind": st.column_config.TextColumn("Kind", width="small"),
            "cue": st.column_config.TextColumn("Cue", width="small"),
            "speaker_role": st.column_config.TextColumn("Role", width="small"),
            "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
        },
    )
    return event if select else shown


def export_buttons(df: pd.DataFrame, kind: str, filters: Any, key: str,
                   prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
    """CSV and Parquet of every column of `df`, newest first, named after the filter
    ("quotes_quill_2024-05.csv"). `kind` "quotes" or "articles" also names the built table
    whose long text columns are added back; `prepare` runs last (extra columns)."""
    from lib import store
    from lib.export import export_filename, to_csv_bytes, to_parquet_bytes
    from lib.ui.data import View

    query = filters.to_query()
    found = st.session_state.get("_view")
    built = found.built if isinstance(found, View) else None

    def full() -> pd.DataFrame:
        # Sorted and filled with text only on a click: the bytes of a million rows are
        # never made on an ordinary rerun.
        out = df
        if built is not None and kind in ("quotes", "articles"):
            out = store.with_text(built, kind, out)
        out = newest_first(out)
        return prepare(out) if prepare is not None else out

    left, right = st.columns(2)
    left.download_button(f"{kind.capitalize()} as CSV", lambda: to_csv_bytes(full()),
                         file_name=export_filename(kind, query, "csv"), mime="text/csv",
                         key=f"{key}_csv", disabled=df.empty, width="stretch")
    right.download_button(f"{kind.capitalize()} as Parquet", lambda: to_parquet_bytes(full()),
                          file_name=export_filename(kind, query, "parquet"),
                          mime="application/vnd.apache.parquet", key=f"{key}_parquet",
                          disabled=df.empty, width="stretch")


def article_table(articles: pd.DataFrame, key: str, height: int = 420) -> pd.DataFrame:
    shown = articles[_present(articles, ARTICLE_COLUMNS)].reset_index(drop=True)
    st.dataframe(
        shown,
        key=key,
        height=_height(len(shown), height),
        hide_index=True,
        width="stretch",
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "source": st.column_config.TextColumn("Source", width="small"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "author": st.column_config.TextColumn("Author", width="small"),
            "words": st.column_config.NumberColumn("Words", format="%d"),
            "n_quotes": st.column_config.NumberColumn("Quotes", format="%d"),
            "flesch_reading_ease": st.column_config.NumberColumn("Reading ease",
                                                                 format="%.0f"),
            "wire_size": st.column_config.NumberColumn(
                "Copies", format="%d", help="Versions of this story (wire copy) in the corpus"),
            "url": st.column_config.LinkColumn("Link", display_text="open", width="small"),
        },
    )
    return shown


def csv_button(df: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """A CSV download written as every other export is (BOM for spreadsheets, formulas
    guarded)."""
    from lib.export import to_csv_bytes

    st.download_button(
        label, to_csv_bytes(df), file_name=file_name,
        mime="text/csv", key=key, disabled=df.empty,
    )


def load_report(report: Mapping[str, Any] | None, *, compact: bool = False) -> None:
    """The loader's report as numbers plus, per list (skipped items, unreadable dates), the
    items with their file, line and reason. `compact` (the sidebar) lists them as wrapping
    text: a narrow table cuts the reason off mid-word."""
    if not report:
        st.caption("No load report was recorded for this corpus (it was opened pre-built).")
        return
    summary = report.get("summary")
    if isinstance(summary, str) and summary:
        st.markdown(md_escape(summary))
    loaded, undated = report.get("articles_loaded"), report.get("undated")
    if isinstance(loaded, int) and loaded > 0 and undated == loaded:
        # The timelines then say "nothing to show" with no filter set: this says why.
        st.info("No article has a date, so the timelines have nothing to show. Give the "
                "articles a date column or field, or dates in their file names "
                "(2024-05-31-title.txt).")
    scalars = {k: v for k, v in report.items()
               if isinstance(v, int | float | str) and k != "summary"}
    lists = {k: v for k, v in report.items() if isinstance(v, list | tuple)}
    if scalars:
        st.dataframe(
            pd.DataFrame({"": [k.replace("_", " ") for k in scalars],
                          "value": [str(v) for v in scalars.values()]}),
            hide_index=True, width="content",
        )
    for name, items in lists.items():
        if not items:
            continue
        rows = [dict(i) if isinstance(i, Mapping) else {"item": str(i)} for i in items]
        label = name.replace("_", " ")
        if len(rows) == 1 and label.endswith("s"):
            label = label[:-1]  # "1 unreadable date"
        st.warning(f"{len(rows):,} {label}: see the reasons below.")
        table = _report_rows(rows)
        if compact:
            _report_list(table, name)
        else:
            st.dataframe(table, hide_index=True, width="stretch",
                         column_order=[c for c in _REPORT_ORDER if c in table.columns]
                         + [c for c in table.columns if c not in _REPORT_ORDER],
                         column_config=_REPORT_CONFIG)


# Where first, then the reason, widest: it is what the reader needs in full. Fixed widths
# that fill the main column, as spare width is shared evenly and would widen "Line" instead.
_REPORT_ORDER = ("file", "line", "reason", "scope")
_REPORT_CONFIG: dict[str, Any] = {
    "file": st.column_config.TextColumn("File", width="medium"),
    "line": st.column_config.TextColumn("Line", width="small"),
    "reason": st.column_config.TextColumn("Reason", width=640),  # ~90 characters
    "scope": st.column_config.TextColumn("Scope", width="small"),
}
_LIST_CAP = 50


def _report_list(table: pd.DataFrame, name: str) -> None:
    """Report items as a Markdown list, escaped: "bad.csv, line 3: row has 1 cells, …". Past
    `_LIST_CAP` items the rest are in a CSV download, so none is lost from view."""
    lines = []
    for row in table.head(_LIST_CAP).to_dict("records"):
        where = str(row.get("file") or row.get("item") or "")
        if row.get("line"):
            where += f", line {row['line']}"
        reason = str(row.get("reason") or "")
        lines.append(f"- {md_escape(where)}" + (f": {md_escape(reason)}" if reason else ""))
    st.markdown("\n".join(lines))
    if len(table) > _LIST_CAP:
        st.caption(f"{len(table) - _LIST_CAP:,} more in the CSV.")
        csv_button(table, f"All {len(table):,} as CSV", f"{name}.csv", key=f"report_{name}_csv")


def _report_rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Skipped items as text: line 4, not 4.0 (a column with gaps is float), and a blank, not
    "None", where an item has no line."""
    def cell(v: object) -> str:
        if v is None or isinstance(v, float) and v != v:
            return ""
        if isinstance(v, float) and v.is_integer():
            return f"{int(v)}"
        return str(v)

    frame = pd.DataFrame(rows)
    return pd.DataFrame({c: [cell(x) for x in frame[c].tolist()] for c in frame.columns},
                        dtype="string")


def kwic_table(lines: pd.DataFrame, key: str) -> None:
    """Keyword-in-context lines (columns left, match, right, article) read as a concordance:
    the left context right-aligned and cut from its start, so the words next to the match
    always show; the match column as wide as the longest match; the title last and narrow."""
    left = lines["left"].astype(str)
    # A cut cell ends in "…" whatever its alignment, so the left context is shortened from
    # its start to what its column holds, and the cut marked where it was made.
    cut = left.str.len() > KWIC_LEFT_CHARS
    shown = lines.assign(left=left.where(~cut, "…" + left.str[-(KWIC_LEFT_CHARS - 1):]))
    longest = int(lines["match"].astype(str).str.len().max()) if len(lines) else 0
    st.dataframe(
        shown, key=key, hide_index=True, width="stretch",
        column_order=[c for c in ("left", "match", "right", "article") if c in shown.columns],
        column_config={
            "left": st.column_config.TextColumn("", width=_KWIC_SIDE_PX, alignment="right"),
            "match": st.column_config.TextColumn("", width=kwic_match_px(longest)),
            "right": st.column_config.TextColumn("", width=_KWIC_SIDE_PX),
            "article": st.column_config.TextColumn("Article", width="medium"),
        },
    )


# About 7 px a character in the table's font: 48 characters fill 360 px with room to spare.
KWIC_LEFT_CHARS = 48
_KWIC_SIDE_PX = 360
_CHAR_PX = 8


def kwic_match_px(chars: int) -> int:
    """A match column that holds the longest match (bold-free, plus cell padding), within
    reason: a long phrase may still be cut rather than push the context off screen."""
    return max(90, min(360, chars * _CHAR_PX + 32))
