"""The filtered view every page draws from, and what pages keep with it: the filter applied
once per corpus and filter (quote columns kept to the few every page aggregates), results
kept per view, other columns taken by row, and freed memory handed back after a run. It
neither loads corpora nor draws."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np
import pandas as pd
import streamlit as st

from lib.filters import Filters
from lib.row_links import Links as filters_links
from lib.ui.data import _VIEW_KEY, View, text_search

if TYPE_CHECKING:
    from lib.build import Built


# The quote columns every page aggregates over the whole filter: the filtered view carries
# only these. Any other column (readability scores, counts, ids, offsets, titles) is taken
# for the rows that need it (`columns`, `with_text`): copying 24 columns of a million quotes
# on every filter change cost half a second and 250 MB per kept view.
VIEW_QUOTE_COLUMNS = ("article_id", "speaker", "speaker_id", "speaker_kind", "date", "source")
_FILTERED: list[tuple[object, ...]] = []
# The corpus with no filter (what "clear" returns to, the first view of every session) is kept
# apart from the last two: recomputing it copies every kept quote (0.2-0.4 s at 1.7M quotes).
_UNFILTERED: list[tuple[object, ...]] = []
_LINKS: list[tuple[object, object, object]] = []


def _links(built: Built) -> filters_links | None:
    """How this corpus's quotes join its articles by row, worked out once per corpus."""
    for arts, quotes, found in _LINKS:
        if arts is built.articles and quotes is built.quotes:
            return cast("filters_links | None", found)
    from lib.row_links import links

    found = links(built.articles, built.quotes)
    _LINKS[:] = [(built.articles, built.quotes, found), *_LINKS[:1]]
    return found


def _positional(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def article_rows(quotes: pd.DataFrame) -> np.ndarray | None:
    """Each of these quotes' (rows of this run's view) article as a row label of the built
    articles frame, -1 for none; None when the corpus has no such links."""
    found = st.session_state.get(_VIEW_KEY)
    if not isinstance(found, View):
        return None
    built = found.built
    links = _links(built)
    if links is None or not (_positional(built.quotes.index)
                             and _positional(built.articles.index)):
        return None
    rows: np.ndarray = links.quote_article[quotes.index.to_numpy(dtype=np.int64)]
    return rows


def filtered(built: Built, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`filters` applied to the corpus, the result kept for the next run with the same corpus
    and filter (a page switch or a page's own widget does not filter again). Two entries, so
    it holds little more than the views just drawn, plus the unfiltered corpus. The quotes
    carry `VIEW_QUOTE_COLUMNS` (and an upload's own extra columns are left out the same way)."""
    terms = built.tables.get("article_terms")
    key = (built.articles, built.quotes, terms, filters)
    for hit in (*_FILTERED, *_UNFILTERED):
        if all(a is b for a, b in zip(hit[:3], key[:3], strict=True)) and hit[3] == filters:
            return cast("pd.DataFrame", hit[4]), cast("pd.DataFrame", hit[5])
    articles, quotes = filters.apply(built.articles, built.quotes, terms, text_search(built),
                                     quote_columns=VIEW_QUOTE_COLUMNS, links=_links(built),
                                     article_topics=built.tables.get("article_topics"),
                                     topic_table=built.tables.get("topics"))
    # The last slot holds what pages worked out from this view (`per_view`).
    entry: tuple[object, ...] = (*key, articles, quotes, {})
    if filters.is_empty:
        _UNFILTERED[:] = [entry]
    else:
        # Two entries: Profile filters the corpus twice (with and without the speaker).
        _FILTERED[:] = [entry, *_FILTERED[:1]]
    return articles, quotes


T = TypeVar("T")


def per_view(frame: pd.DataFrame, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, kept with the filtered view `frame` belongs to (its articles or quotes)
    under `key`, so a page drawn again on the same filter (clearing a filter returns to the
    kept unfiltered view; a page switch; a page's own widget) does not aggregate a million
    rows again. Kept as long as the view is, never longer; results are shared: callers must
    not change them in place. Frames that are no kept view are computed each time."""
    for hit in (*_FILTERED, *_UNFILTERED):
        if hit[4] is frame or hit[5] is frame:
            memo = cast("dict[tuple[object, ...], object]", hit[6])
            # The view's articles and quotes keep apart: ("freq",) of one is not the other's.
            mine = ("articles" if hit[4] is frame else "quotes", *key)
            if mine not in memo:
                memo[mine] = compute()
            return cast("T", memo[mine])
    return compute()


def columns(df: pd.DataFrame, cols: list[str] | tuple[str, ...],
            table: str = "quotes") -> pd.DataFrame:
    """`df` (rows of this run's filtered `table`, "quotes" or "articles") with the built
    table's columns `cols` added for its rows, where `df` lacks them (long text excepted:
    see `with_text`)."""
    found = st.session_state.get(_VIEW_KEY)
    if not isinstance(found, View):
        return df
    from lib import store

    return store.with_columns(found.built, table, df, cols)


_MEDIANS: list[tuple[pd.DataFrame, tuple[str, ...], dict[str, float]]] = []


def medians(df: pd.DataFrame, cols: list[str], table: str = "quotes") -> dict[str, float]:
    """Median of each of `cols` (missing values skipped) over the rows of `df`, kept for the
    next run with the same frame: a filtered view is reused until the filter changes. Counted
    over kept value ranks where the built column has them (`_median_by_rank`)."""
    key = tuple(cols)
    for frame, names, found in _MEDIANS:
        if frame is df and names == key:
            return found
    found = {c: _median_by_rank(df, c, table) for c in cols}
    _MEDIANS[:] = [(df, key, found), *_MEDIANS[:3]]
    return found


# Readability scores are rounded, so a column of 1.7M quotes holds a few hundred to a few
# thousand distinct values: each value's rank among them, kept per corpus (2 bytes a row), turns
# a filter's median into a count of ranks over its rows (exact, no float partitioned).
_RANKS: list[tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray] | None]]] = []


def _median_by_rank(df: pd.DataFrame, col: str, table: str) -> float:
    """`_median` of `col` over the rows of `df`, counted over the built column's value ranks
    when it has them (a float column of few distinct values, rows labelled by position)."""
    view = st.session_state.get(_VIEW_KEY)
    if col not in df.columns and isinstance(view, View):
        frame = view.built.articles if table == "articles" else view.built.quotes
        ranked = _ranks(frame, col) if _positional(frame.index) else None
        if ranked is not None:
            ranks, ordered = ranked
            if not (len(df) == len(frame) and df.index.equals(frame.index)):
                ranks = ranks[df.index.to_numpy(dtype=np.int64)]
            return median_of_ranks(ranks, ordered)
    return _median(*_values_of(df, col, table))


def _ranks(frame: pd.DataFrame, col: str) -> tuple[np.ndarray, np.ndarray] | None:
    """`rank_codes` of `frame[col]`, worked out once per built frame and column (the first
    median of a corpus pays 20-70 ms per column at 1.7M quotes)."""
    found = next((kept for known, kept in _RANKS if known is frame), None)
    if found is None:
        found = {}
        _RANKS[:] = [(frame, found), *_RANKS[:1]]
    if col not in found:
        found[col] = rank_codes(frame[col].to_numpy()) if col in frame.columns else None
    return found[col]


def rank_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Each value's rank among the distinct values (0 for missing, 1 for the smallest), and
    the distinct values in order; None unless a float64 column with fewer than 65,535 of them
    (past that, counting ranks stops beating a partition)."""
    if values.dtype != np.float64:  # a float32 median is averaged in float32: not this
        return None
    codes, uniques = pd.factorize(values)  # missing values get -1
    if len(uniques) >= np.iinfo(np.uint16).max:
        return None
    order = np.argsort(uniques, kind="stable")
    rank = np.zeros(len(uniques) + 1, dtype=np.uint16)  # the last slot is code -1's: 0
    rank[order] = np.arange(1, len(uniques) + 1, dtype=np.uint16)
    return rank[codes], np.asarray(uniques, dtype=np.float64)[order]


def median_of_ranks(ranks: np.ndarray, ordered: np.ndarray) -> float:
    """The median (missing values skipped, NaN when none is left) of the values whose ranks
    (from `rank_codes`) are `ranks`: the middle one, or the mean of the middle two, exactly
    as numpy's median takes them."""
    counts = np.bincount(ranks, minlength=len(ordered) + 1)[1:]
    n = int(counts.sum())
    if not n:
        return float("nan")
    upto = np.cumsum(counts)
    high = ordered[int(np.searchsorted(upto, n // 2, side="right"))]
    if n % 2:
        return float(high)
    low = ordered[int(np.searchsorted(upto, n // 2 - 1, side="right"))]
    return float(np.mean(np.array([low, high])))


def _values_of(df: pd.DataFrame, col: str, table: str) -> tuple[np.ndarray, bool]:
    """Column `col` of the built `table` for the rows of `df`, as a numpy array taken by row
    (no frame is assembled for a column that is only reduced), and whether the array is a
    fresh copy nobody else reads (then it may be sorted in place)."""
    view = st.session_state.get(_VIEW_KEY)
    values: np.ndarray
    if col in df.columns or not isinstance(view, View):
        values = column(df, col, table).to_numpy()
        return values, False
    frame = view.built.articles if table == "articles" else view.built.quotes
    if col not in frame.columns or not _positional(frame.index):
        values = column(df, col, table).to_numpy()
        return values, False
    values = frame[col].to_numpy()
    if len(df) == len(frame) and df.index.equals(frame.index):
        return values, False
    taken: np.ndarray = values[df.index.to_numpy(dtype=np.int64)]
    return taken, True


def _median(values: np.ndarray, owned: bool = False) -> float:
    """Series.median() (missing values skipped; NaN when none is left): for floats numpy's
    nanmedian, which is what pandas calls after its own checks (2.5x its cost). An `owned`
    array (a fresh copy) is partitioned in place rather than copied once more."""
    if values.dtype.kind != "f":
        return float(pd.to_numeric(pd.Series(values), errors="coerce").median())
    if not len(values) or np.isnan(values).all():
        return float("nan")
    return float(np.nanmedian(values, overwrite_input=owned))


def column(df: pd.DataFrame, col: str, table: str = "quotes") -> pd.Series:
    """One column of the built `table` for the rows of `df` (its own when it has it)."""
    if col in df.columns:
        return df[col]
    return columns(df, [col], table)[col]


_LIBC: list[object] = []


def release_memory() -> None:
    """Give the memory freed during a run back to the system (Arrow's pool and the C heap
    keep it otherwise): at 1.7M quotes the process grew by 60-90 MB over a few filter
    changes without it. A few milliseconds per run."""
    import pyarrow as pa

    try:
        pa.default_memory_pool().release_unused()
    except (AttributeError, pa.ArrowException):
        pass
    if not _LIBC:
        import ctypes

        try:
            _LIBC.append(ctypes.CDLL("libc.so.6"))
        except OSError:  # not glibc: nothing to trim
            _LIBC.append(None)
    libc = _LIBC[0]
    if libc is not None:
        libc.malloc_trim(0)  # type: ignore[attr-defined]
