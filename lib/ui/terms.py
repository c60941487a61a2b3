"""Keyword tables looked up by row of the built frames: which quote_terms rows belong to a set
of quotes (and article_terms rows to a set of articles), through category codes computed once
per built table, so a filter change never matches millions of id strings. No Streamlit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lib import stoplist
from lib.row_links import codes_of
from lib.store import QUOTE_ROW

if TYPE_CHECKING:
    from lib.build import Built

# (table name) -> (id column, frame of the built corpus it points into)
_OWNER = {"quote_terms": ("quote_id", "quotes"), "article_terms": ("article_id", "articles"),
          "article_topics": ("article_id", "articles")}
_INDEX: dict[tuple[int, str], tuple[object, object, np.ndarray, np.ndarray]] = {}
_BY_QUOTE: dict[int, tuple[object, np.ndarray, np.ndarray]] = {}
# Below this share of the quotes, their term rows are gathered through the by-quote index;
# above it one pass over the whole table's row numbers is cheaper than gathering and sorting.
_GATHER_SHARE = 0.25


def _by_quote(table: pd.DataFrame, n_quotes: int) -> tuple[np.ndarray, np.ndarray]:
    """quote_terms' row positions grouped by quote (stable, so table order within a quote),
    and where each quote's group starts: made once per table (a second at 14M rows), so that a
    speaker's few thousand quotes find their rows without scanning every row again."""
    hit = _BY_QUOTE.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1], hit[2]
    rows = table[QUOTE_ROW].to_numpy()
    order = np.argsort(rows, kind="stable").astype(np.int32)
    # Row -1 (an id the quotes lack) sorts first and is never asked for.
    starts = np.searchsorted(rows[order], np.arange(n_quotes + 1), side="left")
    if len(_BY_QUOTE) >= 2:
        _BY_QUOTE.pop(next(iter(_BY_QUOTE)))
    _BY_QUOTE[id(table)] = (table, order, starts)
    return order, starts


def _quote_table_rows(table: pd.DataFrame, n_quotes: int, labels: pd.Index,
                      in_order: bool = True) -> np.ndarray:
    """Positions of the quote_terms rows whose quote is among `labels` (row numbers of the
    quotes frame): in table order, or in any order when the rows are only summed."""
    wanted = labels.to_numpy(dtype=np.int64)
    if len(wanted) > _GATHER_SHARE * n_quotes:
        chosen = np.zeros(n_quotes + 1, dtype=bool)  # row -1 (unknown id) reads the last
        chosen[wanted] = True
        return np.flatnonzero(chosen[table[QUOTE_ROW].to_numpy()])
    order, starts = _by_quote(table, n_quotes)
    # A filtered view's labels are already sorted and distinct: np.unique hashed a top
    # speaker's 50k labels for 20 ms on every filter change.
    if len(wanted) > 1 and not bool(np.all(wanted[1:] > wanted[:-1])):
        wanted = np.unique(wanted)
    lo, sizes = starts[wanted], starts[wanted + 1] - starts[wanted]
    lo, sizes = lo[sizes > 0], sizes[sizes > 0]
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    # Each chosen quote's run of positions laid end to end, without a Python loop.
    pos = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes - lo, sizes)
    return np.sort(order[pos]) if in_order else order[pos]


def _sum_codes(terms: pd.Series, values: np.ndarray, at: np.ndarray,
               name: str, codes: np.ndarray | None = None) -> pd.Series:
    """`values` summed per term over rows `at`: groupby(term, observed=True).sum() on codes
    (integer values, so the float sums are exact; the values' own dtype, as groupby keeps).
    `codes`, when the caller has them, are the terms' codes at `at` (not gathered again)."""
    if not len(at):
        return pd.Series(dtype="float64")  # what the grouped sum of no rows gave
    codes = codes_of(terms)[at] if codes is None else codes
    vals = values[at]
    keep = codes >= 0
    codes, vals = codes[keep], vals[keep]
    n = len(terms.cat.categories)
    seen = np.bincount(codes, minlength=n) > 0
    total = np.bincount(codes, weights=vals, minlength=n)[seen].astype(values.dtype)
    index = pd.Index(terms.cat.categories[seen].astype(str), name="term")
    return pd.Series(total, index=index, name=name)


def _positions(built: Built, name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """For table `name`: each of its rows' id as a row position in the owning frame (-1 when
    the frame has no such id), as (per-category positions, per-row codes)."""
    table = built.tables.get(name)
    if table is None or name not in _OWNER:
        return None
    id_col, owner = _OWNER[name]
    frame = built.quotes if owner == "quotes" else built.articles
    if id_col not in table or id_col not in frame:
        return None
    key = (id(table), name)
    hit = _INDEX.get(key)
    if hit is not None and hit[0] is table and hit[1] is frame:
        return hit[2], hit[3]
    if not pd.api.types.is_integer_dtype(frame.index):
        return None
    ids = table[id_col]
    if not isinstance(ids.dtype, pd.CategoricalDtype):
        ids = ids.astype("category")
    cats, codes = ids.cat.categories, codes_of(ids)
    # Labels of the owning frame, which filtered frames keep as their index.
    where = pd.Index(frame[id_col].astype(str)).get_indexer(cats.astype(str))
    labels = np.where(where >= 0, frame.index.to_numpy()[where], -1) if len(where) else where
    if len(_INDEX) >= 8:
        _INDEX.pop(next(iter(_INDEX)))
    _INDEX[key] = (table, frame, labels.astype(np.int64), codes)
    return labels.astype(np.int64), codes


def rows_for(built: Built, name: str, labels: pd.Index) -> pd.DataFrame | None:
    """The rows of keyword table `name` whose quote (or article) is among `labels` (index
    labels of the built quotes or articles frame); None without such a table."""
    table = built.tables.get(name)
    if table is None or name not in _OWNER:
        return None
    id_col, owner = _OWNER[name]
    frame = built.quotes if owner == "quotes" else built.articles
    if id_col not in frame or (id_col not in table and QUOTE_ROW not in table):
        return None
    if QUOTE_ROW in table:  # the dashboard's store: quote row numbers instead of ids
        picked = table if len(labels) == len(frame) else table.take(
            _quote_table_rows(table, len(frame), labels))
        # A categorical id over the chosen quotes only: lib.keywords matches ids with isin,
        # which is fast on categories and slow on a million strings.
        pos = picked[QUOTE_ROW].to_numpy(dtype=np.int64)
        uniq, inverse = np.unique(pos, return_inverse=True)
        names = pd.Index(frame[id_col].array.take(uniq, allow_fill=True)).astype(str)
        ids = pd.Categorical.from_codes(inverse.astype(np.int32),
                                        dtype=pd.CategoricalDtype(names), validate=False)
        return picked.assign(**{id_col: ids}).drop(columns=QUOTE_ROW)
    if len(labels) == len(frame):
        return table  # everything chosen: the whole table, no copy
    found = _positions(built, name)
    if found is None:  # labels that are not row numbers: match the ids instead
        return table[table[id_col].astype(str).isin(frame.loc[labels, id_col].astype(str))]
    cat_labels, codes = found
    chosen = np.zeros(int(frame.index.max()) + 2 if len(frame) else 1, dtype=bool)
    chosen[labels.to_numpy(dtype=np.int64)] = True
    # -1 (an id the frame lacks) reads the last slot, which stays False.
    per_cat = np.append(chosen[cat_labels], False)
    return table[per_cat[codes]]


def sums(built: Built, name: str, labels: pd.Index, value: str) -> pd.Series:
    """Per-term totals of `value` over the rows of `labels` (the input lib.keywords.log_odds
    expects), summed on codes."""
    table = built.tables.get(name)
    if table is not None and QUOTE_ROW in table and value in table:
        # Straight from codes: no id column and no frame are made for rows only summed.
        at = _quote_table_rows(table, len(built.quotes), labels, in_order=False)
        terms = table["term"]
        values = table[value].to_numpy()
        if isinstance(terms.dtype, pd.CategoricalDtype) and np.issubdtype(values.dtype,
                                                                          np.integer):
            return _sum_codes(terms, values, at, value)
        rows = table.take(at)
    else:
        rows = rows_for(built, name, labels)
    if rows is None or rows.empty or value not in rows:
        return pd.Series(dtype="float64")
    out = rows.groupby("term", observed=True)[value].sum()
    out.index = pd.Index(out.index.astype(str), name="term")
    return out


def topic_shares(built: Built, articles: pd.DataFrame,
                 topics: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """lib.topics.topic_shares of these articles (rows of the built articles frame, labels
    kept) by month, worked out on row labels and codes: the same table without making,
    merging and grouping string ids (0.2-0.4 s at 100k articles). None when the corpus does
    not fit that path (the caller then asks lib.topics)."""
    table = built.tables.get("article_topics")
    found = _positions(built, "article_topics")
    if table is None or found is None or "date" not in articles or not {"topic", "weight"} \
            <= set(table.columns) or not pd.api.types.is_datetime64_dtype(articles["date"]) \
            or articles["date"].dt.tz is not None:
        return None
    cat_labels, codes = found
    size = int(max(built.articles.index.to_numpy(dtype=np.int64).max(initial=-1),
                   articles.index.to_numpy(dtype=np.int64).max(initial=-1))) + 2
    row_label = np.append(cat_labels, -1)[codes]  # -1 (no such article) reads the last slot
    dates = articles["date"].to_numpy()
    dated = ~np.isnat(dates)
    labels = articles.index.to_numpy(dtype=np.int64)[dated]
    months = dates[dated].astype("datetime64[M]").astype(np.int64)
    month_of = np.full(size, -1, dtype=np.int64)
    month_of[labels] = months
    rows = np.flatnonzero(month_of[row_label] >= 0)
    cols = {"period": pd.Series(dtype="datetime64[ns]"), "topic": pd.Series(dtype="int64"),
            "label": pd.Series(dtype="string"), "share": pd.Series(dtype="float64")}
    if not len(months) or not len(rows):
        return pd.DataFrame(cols)
    row_month = month_of[row_label[rows]]
    # Articles per (month, topic): one article_topics row each.
    sums = pd.Series(np.ones(len(rows))).groupby(
        [row_month, table["topic"].to_numpy()[rows]], sort=True).sum()
    lo = int(months.min())
    per_month = np.bincount(months - lo)
    # every month with articles for every topic, as lib.topics fills them: zeros, not gaps
    sums = sums.reindex(pd.MultiIndex.from_product(
        [np.flatnonzero(per_month) + lo, np.unique(sums.index.get_level_values(1))]),
        fill_value=0.0)
    month = sums.index.get_level_values(0).to_numpy(dtype=np.int64)
    topic = sums.index.get_level_values(1).to_numpy().astype("int64")
    share = sums.to_numpy(dtype="float64") / per_month[month - lo].astype("float64")
    names = ({} if topics is None else
             dict(zip(topics["topic"].astype(int), topics["label"].astype(str), strict=True)))
    return pd.DataFrame({
        "period": month.astype("datetime64[M]").astype(dates.dtype),  # the dates' own unit
        "topic": topic,
        "label": pd.array([names.get(int(t), f"topic {int(t)}") for t in topic],
                          dtype="string"),
        "share": share,
    })


def top_terms(built: Built, labels: pd.Index, n: int = 20,
              stopwords: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """lib.keywords.top_terms of the article_terms rows of these articles (labels of the
    built articles frame), summed on term codes in table order (the same sums as its
    groupby): no frame of the chosen rows is made. None when the table does not fit that
    path (the caller then asks lib.keywords)."""
    table = built.tables.get("article_terms")
    if table is None or not {"term", "weight"} <= set(table.columns) or not isinstance(
            table["term"].dtype, pd.CategoricalDtype):
        return None
    terms = table["term"]
    if len(labels) == len(built.articles):
        at: np.ndarray | slice = slice(None)  # every article: every row
    else:
        found = _positions(built, "article_terms")
        if found is None:
            return None
        cat_labels, codes = found
        chosen = np.zeros(len(built.articles) + 1, dtype=bool)
        chosen[labels.to_numpy(dtype=np.int64)] = True
        at = np.flatnonzero(np.append(chosen[cat_labels], False)[codes])
    term_codes = codes_of(terms)[at]
    weights = table["weight"].to_numpy()[at]
    keep = term_codes >= 0
    gone = _hidden_codes(terms, stopwords)
    if gone is not None:
        keep &= ~np.append(gone, True)[term_codes]  # code -1 reads the last slot
    term_codes, weights = term_codes[keep], weights[keep]
    sums = pd.Series(weights).groupby(term_codes, sort=False).sum()
    found_codes = sums.index.to_numpy(dtype=np.int64)
    sizes = np.bincount(term_codes, minlength=len(terms.cat.categories))[found_codes]
    # Highest score first, ties by term: codes follow the terms' sorted order only when the
    # categories are sorted (the store's are); otherwise sort by the names themselves.
    names = terms.cat.categories
    if names.is_monotonic_increasing:
        order = np.lexsort((found_codes, -sums.to_numpy()))[:n]
    else:
        order = np.lexsort((names[found_codes].astype(str).to_numpy(), -sums.to_numpy()))[:n]
    return pd.DataFrame({
        "term": pd.Categorical.from_codes(found_codes[order], dtype=terms.dtype),
        "score": sums.to_numpy()[order],
        "articles": sizes[order].astype("int64"),
    })


_HIDDEN: list[tuple[pd.Index, tuple[str, ...], np.ndarray]] = []


def _hidden_codes(terms: pd.Series, stopwords: tuple[str, ...]) -> np.ndarray | None:
    """Per category code of `terms`: left out by the reader's list (lib.stoplist); None when
    the list is empty. Worked out once per table and list, not on every rerun."""
    if not stopwords:
        return None
    cats = terms.cat.categories
    for known, stop, found in _HIDDEN:
        if known is cats and stop == stopwords:
            return found
    found = stoplist.hidden(cats, stopwords)
    _HIDDEN[:] = [(cats, stopwords, found), *_HIDDEN[:3]]
    return found


_MATCHED: dict[tuple[int, str], tuple[pd.Index, bool]] = {}


def unmatched(built: Built, stopwords: tuple[str, ...]) -> tuple[str, ...]:
    """The reader's entries that leave out no term of this corpus's keyword tables (a typo, or
    words typed without a comma: one phrase), each entry looked up once per table. Nothing is
    named when the tables are not categorical (no vocabulary to look in)."""
    vocabularies = [table["term"].cat.categories
                    for name in ("article_terms", "quote_terms")
                    if (table := built.tables.get(name)) is not None and "term" in table
                    and isinstance(table["term"].dtype, pd.CategoricalDtype)]
    if not vocabularies:
        return ()
    idle = []
    for entry in stopwords:
        hit = False
        for cats in vocabularies:
            found = _MATCHED.get((id(cats), entry))
            if found is None or found[0] is not cats:
                if len(_MATCHED) >= 256:
                    _MATCHED.clear()
                found = _MATCHED[id(cats), entry] = (cats, bool(stoplist.hidden(cats, (entry,))
                                                                .any()))
            hit = hit or found[1]
        if not hit:
            idle.append(entry)
    return tuple(idle)


_TOTALS_LEFT: list[tuple[pd.Index, tuple[str, ...], pd.Series]] = []


def _totals_without(totals: pd.Series, stopwords: tuple[str, ...]) -> pd.Series:
    """The corpus totals without the reader's left-out terms (the prior lib.keywords uses),
    kept for the last few lists."""
    if not stopwords:
        return totals
    for index, stop, found in _TOTALS_LEFT:
        if index is totals.index and stop == stopwords:
            return found
    found = stoplist.without(totals, stopwords)
    _TOTALS_LEFT[:] = [(totals.index, stopwords, found), *_TOTALS_LEFT[:3]]
    return found


_IN_TOTALS: list[tuple[pd.Index, pd.Index, np.ndarray]] = []


def _in_totals(terms: pd.Series, totals: pd.Series) -> np.ndarray:
    """Which of the term categories have a corpus total (by name, as an isin on the names
    would say), per category code: worked out once per table and totals."""
    cats = terms.cat.categories
    for known, index, found in _IN_TOTALS:
        if known is cats and index is totals.index:
            return found
    found = np.asarray(pd.Index(cats.astype(str)).isin(totals.index), dtype=bool)
    _IN_TOTALS[:] = [(cats, totals.index, found), *_IN_TOTALS[:1]]
    return found


def speaker_terms(built: Built, labels: pd.Index, n: int, totals: pd.Series | None,
                  stopwords: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """lib.keywords.speaker_terms of the quotes with these labels (rows of the built quotes
    frame): their terms' summed counts and quote counts taken on codes, then the same
    log-odds ranking and folding as lib.keywords (its steps, in its order; a test pins the
    two equal). No id column is made for a speaker's hundreds of thousands of term rows.
    None when the corpus does not fit that path (the caller then asks lib.keywords)."""
    from lib import keywords

    table = built.tables.get("quote_terms")
    if table is None or QUOTE_ROW not in table or totals is None or "count" not in table \
            or not isinstance(table["term"].dtype, pd.CategoricalDtype) \
            or not np.issubdtype(table["count"].dtype, np.integer):
        return None
    empty = pd.DataFrame({"term": pd.Series(dtype="string"), "z": pd.Series(dtype="float64"),
                          "count": pd.Series(dtype="int64"),
                          "quotes": pd.Series(dtype="int64")})
    terms, counts = table["term"], table["count"].to_numpy()
    at = _quote_table_rows(table, len(built.quotes), labels, in_order=False)
    codes = codes_of(terms)[at]
    # Only terms with a corpus total are ranked: kept by code before summing, so no string is
    # made or matched for the tens of thousands of other terms a top speaker uses.
    ranked = _in_totals(terms, totals)
    gone = _hidden_codes(terms, stopwords)
    if gone is not None:
        # the reader's left-out terms are neither ranked nor in the prior, as in lib.keywords
        ranked = ranked & ~gone
        totals = _totals_without(totals, stopwords)
    known = np.append(ranked, False)[codes]  # code -1 reads the False
    at, codes = at[known], codes[known]
    if not len(at):
        return empty
    # Per term: summed count and number of rows (a term appears once per quote: quotes).
    summed = _sum_codes(terms, counts, at, "sum", codes)
    rows = np.bincount(codes, minlength=len(terms.cat.categories))
    a = pd.DataFrame({"sum": summed, "size": rows[rows > 0]}, index=summed.index)
    if a.empty:
        return empty
    b = totals.sub(a["sum"], fill_value=0)
    lo = keywords.log_odds(a["sum"], b, prior=totals)
    lo = keywords.top_folded(lo[lo["count_a"] > 0], n)
    return pd.DataFrame({"term": lo["term"].to_numpy(), "z": lo["z"].to_numpy(),
                         "count": lo["count_a"].to_numpy(),
                         "quotes": a["size"].reindex(lo["term"]).fillna(0).astype("int64")
                         .to_numpy()})
