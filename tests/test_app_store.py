"""The dashboard's lean copy of a built folder (lib.store), its keyword lookups by row
(lib.ui.terms) and the code-based counting and sorting helpers: each must give what the plain
pandas reading of the Parquet tables gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from conftest import write_sample_built
from hypothesis import given, settings
from hypothesis import strategies as hs

from lib import stoplist, store
from lib.charts import value_counts
from lib.context import word_regex
from lib.ui import terms
from lib.ui.render import newest, newest_first


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, store.StoredBuilt]:
    folder = write_sample_built(tmp_path_factory.mktemp("store") / "built")
    return folder, store.open_built(folder)  # type: ignore[return-value]


def test_store_keeps_every_value_but_long_text_out_of_memory(built: tuple) -> None:
    folder, b = built
    for name, frame in (("articles", b.articles), ("quotes", b.quotes)):
        plain = pd.read_parquet(folder / f"{name}.parquet")
        assert set(store.HEAVY[name]).isdisjoint(frame.columns)
        for col in frame.columns:
            got = frame[col].astype(object).where(frame[col].notna(), None).tolist()
            exp = plain[col].astype(object).where(plain[col].notna(), None).tolist()
            assert got == exp, (name, col)
    assert isinstance(b.quotes["speaker"].dtype, pd.CategoricalDtype)
    assert (folder / "_app").is_dir()


def test_number_columns_are_the_mapped_file_not_copies(tmp_path: Path) -> None:
    # One record batch per table: a column of several chunks is joined (copied) by to_pandas,
    # which put every number column of 1.7M quotes in private memory. 300k rows: more than
    # one batch of the old layout.
    n = 300_000
    pd.DataFrame({"article_id": [f"a{i % 7}" for i in range(n)], "words": np.arange(n),
                  "smog": np.linspace(0, 1, n),
                  "date": pd.date_range("2024-01-01", periods=n, freq="min")}
                 ).to_parquet(tmp_path / "articles.parquet")
    out = tmp_path / "store"
    out.mkdir()
    store._copy_table(tmp_path / "articles.parquet", "articles", out)
    assert pa.ipc.open_file(str(out / "articles.arrow")).num_record_batches == 1
    frame = store._frame(out / "articles.arrow")
    assert frame["words"].tolist() == list(range(n))


@pytest.mark.parametrize("distinct", [3, 126, 127, 200, 32_766, 32_767, 40_000])
def test_category_codes_are_the_mapped_file_not_copies(tmp_path: Path, distinct: int) -> None:
    # Codes stored as wide as pandas keeps them (int8 / int16 / int32 by the number of values)
    # are used where they lie; wider ones were read to make a narrower private copy.
    n = 80_000
    names = [f"outlet {i % distinct}" for i in range(n)]  # a null's -1 code is pandas' own
    pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "source": names}
                 ).to_parquet(tmp_path / "articles.parquet")
    out = tmp_path / "store"
    out.mkdir()
    store._copy_table(tmp_path / "articles.parquet", "articles", out)
    wide = np.int8 if distinct < 127 else np.int16 if distinct < 32_767 else np.int32
    mapped = store._mapped(out / "articles.arrow")
    assert mapped.schema.field("source").type.index_type.to_pandas_dtype() == wide
    frame = mapped.to_pandas(split_blocks=True)
    codes = frame["source"].array.codes
    assert codes.dtype == wide
    lies = mapped.column("source").chunk(0).indices.buffers()[1]
    assert lies.address <= codes.ctypes.data < lies.address + lies.size  # the file's own bytes
    assert frame["source"].astype(object).tolist() == names


def test_with_text_adds_the_rows_text_in_the_parquet_order(built: tuple) -> None:
    folder, b = built
    plain = pd.read_parquet(folder / "quotes.parquet")
    rows = b.quotes.iloc[[5, 0, 3]][["speaker"]]
    filled = store.with_text(b, "quotes", rows)
    assert list(filled.columns) == list(plain.columns)
    assert filled["text"].tolist() == plain["text"].iloc[[5, 0, 3]].tolist()
    assert filled["context"].tolist() == plain["context"].iloc[[5, 0, 3]].tolist()
    assert filled["cue"].tolist() == plain["cue"].iloc[[5, 0, 3]].tolist()


@pytest.mark.parametrize("needle", ["storm", "STORM", "<b>", "zzqx", "said", "rain", "econom*",
                                    "U.S.", "the mayor"])
def test_contains_finds_what_pandas_finds(built: tuple, needle: str) -> None:
    """The on-disk search (Arrow's RE2) and the in-memory one (Python's re) agree."""
    folder, b = built
    plain = pd.read_parquet(folder / "articles.parquet")
    found = store.contains(b, "articles", needle)
    assert found is not None
    pattern = word_regex(needle)
    assert pattern is not None
    expected = plain["text"].str.contains(pattern, case=False, regex=True)
    assert found.tolist() == expected.tolist()


def test_a_rebuilt_folder_gets_a_fresh_copy(tmp_path: Path, built: tuple) -> None:
    folder = shutil.copytree(built[0], tmp_path / "copy", ignore=shutil.ignore_patterns("_app"))
    first = store.store_dir(folder)
    quotes = pd.read_parquet(folder / "quotes.parquet")
    quotes.loc[0, "text"] = "changed words"
    quotes.to_parquet(folder / "quotes.parquet", index=False)
    assert store.store_dir(folder) != first
    fresh = store.open_built(folder)
    assert store.with_text(fresh, "quotes", fresh.quotes.iloc[[0]])["text"].tolist() == [
        "changed words"]


@pytest.mark.parametrize("name,value", [("quote_terms", "count"), ("article_terms", "weight")])
def test_term_sums_by_row_equal_summing_by_id(built: tuple, name: str, value: str) -> None:
    folder, b = built
    id_col, owner = ("quote_id", "quotes") if name == "quote_terms" else ("article_id",
                                                                           "articles")
    frame = b.quotes if owner == "quotes" else b.articles
    table = pd.read_parquet(folder / f"{name}.parquet")
    chosen = frame.index[::2]
    ids = set(frame.loc[chosen, id_col].astype(str))
    expected = table[table[id_col].isin(ids)].groupby("term")[value].sum()
    got = terms.sums(b, name, chosen, value)
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    rows = terms.rows_for(b, name, chosen)
    assert rows is not None and set(rows[id_col].astype(str)) <= ids


@pytest.mark.parametrize("pick", ["every_second", "few_reversed", "one", "none", "all"])
def test_quote_term_rows_and_sums_by_index_equal_a_scan(built: tuple, pick: str) -> None:
    # A small choice goes through the by-quote index, a large one through a scan: both must
    # give the rows a plain mask gives, in the table's order, and the grouped sums.
    _, b = built
    frame, table = b.quotes, b.tables["quote_terms"]
    chosen = {"every_second": frame.index[::2], "few_reversed": frame.index[::-7],
              "one": frame.index[3:4], "none": frame.index[:0], "all": frame.index}[pick]
    mask = np.isin(table[store.QUOTE_ROW].to_numpy(), chosen.to_numpy())
    expected_rows = table[mask]
    rows = terms.rows_for(b, "quote_terms", chosen)
    assert rows is not None
    assert rows.index.tolist() == expected_rows.index.tolist()
    assert rows["term"].astype(str).tolist() == expected_rows["term"].astype(str).tolist()
    expected = expected_rows.groupby("term", observed=True)["count"].sum()
    got = terms.sums(b, "quote_terms", chosen, "count")
    if expected_rows.empty:
        assert got.empty
    else:
        assert got.to_dict() == {str(k): v for k, v in expected.to_dict().items()}
        assert got.dtype == expected.dtype and got.name == "count"


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.one_of(hs.none(), hs.sampled_from(["a", "b", "c", "Unknown speaker"])),
                max_size=40),
       hs.sampled_from([None, "Unknown speaker"]))
def test_value_counts_on_codes_match_string_counts(values: list, fill: str | None) -> None:
    s = pd.Series(values, dtype=object)
    expected = s.astype("string")
    expected = expected.fillna(fill) if fill is not None else expected.dropna()
    got = value_counts(s.astype("category"), fill)
    assert list(got.index) == list(expected.value_counts().index)
    assert got.tolist() == expected.value_counts().tolist()


@settings(max_examples=40, deadline=None)
@given(hs.lists(hs.one_of(hs.none(), hs.integers(0, 5)), min_size=0, max_size=60),
       hs.integers(1, 8))
def test_newest_is_the_head_of_the_full_sort(days: list, cap: int) -> None:
    n = len(days)
    df = pd.DataFrame({
        "date": [pd.NaT if d is None else pd.Timestamp("2024-01-01") + pd.Timedelta(days=d)
                 for d in days],
        "article_id": [f"a{i % 3}" for i in range(n)],
        "start": np.arange(n)[::-1],
    })
    df["date"] = pd.to_datetime(df["date"])
    expected = newest_first(df).head(cap)
    # 4x the cap is sorted whole: a frame just above it takes the partial path.
    big = pd.concat([df] * (4 * cap // max(n, 1) + 2), ignore_index=True) if n else df
    assert newest(df, cap).index.tolist() == expected.index.tolist()
    assert newest(big, cap).index.tolist() == newest_first(big).head(cap).index.tolist()


def test_quote_terms_are_mapped_only_when_a_page_asks(tmp_path: Path) -> None:
    folder = write_sample_built(tmp_path / "built")
    b = store.open_built(folder)
    assert "quote_terms" in b.tables and "quote_terms" in list(b.tables)
    assert not dict.__contains__(b.tables, "quote_terms")  # not read yet
    table = b.tables.get("quote_terms")
    assert table is not None and dict.__contains__(b.tables, "quote_terms")
    plain = pd.read_parquet(folder / "quote_terms.parquet")
    assert len(table) == len(plain) and table["count"].sum() == plain["count"].sum()


def test_unfiltered_view_is_kept_beside_the_last_two_filters(built: tuple) -> None:
    # "Clear the filter" returns to the view computed at the start, not a fresh million-row
    # copy; other filters still come out equal to a fresh filtering.
    from lib.filters import Filters
    from lib.ui import views

    _, b = built
    first = views.filtered(b, Filters())
    speakers = b.quotes["speaker"].astype(str).value_counts().index[:3]
    for name in speakers:
        narrowed = views.filtered(b, Filters(speakers=(name,)))
        assert set(narrowed[1]["speaker"].astype(str)) == {name}
    again = views.filtered(b, Filters())
    assert again[0] is first[0] and again[1] is first[1]
    assert len(again[1]) == len(Filters().apply(b.articles, b.quotes,
                                                b.tables.get("article_terms"))[1])


def test_per_view_keeps_results_with_their_view_only(built: tuple) -> None:
    # A page's aggregate is computed once per kept view; the articles and quotes of one view
    # keep apart under one key; a frame that is no kept view is computed every time.
    from lib.filters import Filters
    from lib.ui import views

    _, b = built
    articles, quotes = views.filtered(b, Filters())
    calls: list[str] = []

    def count(name: str, n: int) -> int:
        calls.append(name)
        return n

    assert views.per_view(quotes, ("n",), lambda: count("q", len(quotes))) == len(quotes)
    assert views.per_view(quotes, ("n",), lambda: count("q", -1)) == len(quotes)
    assert views.per_view(articles, ("n",), lambda: count("a", len(articles))) == len(articles)
    assert calls == ["q", "a"]
    narrowed = views.filtered(b, Filters(sources=("Valley Courier",)))[1]
    assert views.per_view(narrowed, ("n",), lambda: count("v", len(narrowed))) == len(narrowed)
    loose = quotes.head(2)
    views.per_view(loose, ("n",), lambda: count("x", 0))
    views.per_view(loose, ("n",), lambda: count("x", 0))
    assert calls == ["q", "a", "v", "x", "x"]


def _left_out(data: hs.DataObject, table: str) -> tuple[str, ...]:
    """A reader's list drawn from the table's own terms and their words (or nothing)."""
    names = _STORE[1].tables[table]["term"].cat.categories.astype(str).tolist()
    pool = sorted({*names, *(w.lower() for t in names for w in t.split())})
    return tuple(data.draw(hs.lists(hs.sampled_from(pool), max_size=3)))


@given(hs.lists(hs.integers(0, 10), max_size=11, unique=True), hs.sampled_from([1, 3, 20]),
       hs.data())
@settings(max_examples=40, deadline=None)
def test_keyphrases_and_topic_shares_on_codes_equal_lib_keywords(
        chosen: list[int], n: int, data: hs.DataObject) -> None:
    # The Keywords page's code-based top keyphrases and topic shares must be the tables
    # lib.keywords makes from the same articles' rows (ties in weight included), with or
    # without words the reader leaves out.
    from lib import keywords

    b = _STORE[1]
    stop = _left_out(data, "article_terms")
    labels = b.articles.index[sorted(chosen)] if len(chosen) < 11 else b.articles.index
    articles = b.articles.loc[labels]
    expected = keywords.top_terms(terms.rows_for(b, "article_terms", labels), n=n,
                                  stopwords=stop)
    got = terms.top_terms(b, labels, n=n, stopwords=stop)
    assert got is not None
    pd.testing.assert_frame_equal(got, expected)
    assert not any(stoplist.hidden(got["term"].astype(str), stop))
    topics = b.tables.get("topics")
    expected_shares = keywords.topic_shares(terms.rows_for(b, "article_topics", labels),
                                            articles, topics=topics)
    got_shares = terms.topic_shares(b, articles, topics=topics)
    assert got_shares is not None
    pd.testing.assert_frame_equal(got_shares, expected_shares)


@given(hs.lists(hs.integers(0, 18), max_size=19, unique=True), hs.sampled_from([1, 2, 20]),
       hs.data())
@settings(max_examples=40, deadline=None)
def test_speaker_terms_on_codes_equal_lib_keywords(chosen: list[int], n: int,
                                                   data: hs.DataObject) -> None:
    # What some quotes say more than all others: the code-based table must be the one
    # lib.keywords makes from those quotes' rows and ids, also with a reader's list.
    from lib import keywords
    from lib.ui import data as ui_data

    b = _STORE[1]
    stop = _left_out(data, "quote_terms")
    labels = b.quotes.index[sorted(c for c in chosen if c < len(b.quotes))]
    totals = ui_data.term_totals(b)
    expected = keywords.speaker_terms(terms.rows_for(b, "quote_terms", labels),
                                      b.quotes.loc[labels, "quote_id"], n=n, stopwords=stop,
                                      totals=totals)
    got = terms.speaker_terms(b, labels, n, totals, stop)
    assert got is not None
    pd.testing.assert_frame_equal(got, expected)
    assert not any(stoplist.hidden(got["term"].astype(str), stop))


def _store() -> tuple[Path, store.StoredBuilt]:
    import tempfile

    folder = write_sample_built(Path(tempfile.mkdtemp(prefix="store_kw_")) / "built")
    return folder, store.open_built(folder)  # type: ignore[return-value]


_STORE = _store()


@given(hs.lists(hs.one_of(hs.floats(-1e6, 1e6), hs.just(float("nan"))), max_size=60))
@settings(max_examples=80, deadline=None)
def test_profile_medians_equal_pandas_median(values: list[float]) -> None:
    # Profile's medians go through numpy's nanmedian (pandas' own checks cost 2.5x): the
    # number must be Series.median()'s, NaN when nothing is left.
    from lib.ui.views import _median

    arr = np.array(values, dtype="float64")
    expected = float(pd.Series(arr).median())
    got = _median(arr)
    assert got == expected or (np.isnan(got) and np.isnan(expected))
    mine = _median(arr.copy(), owned=True)  # sorted in place: the same number
    assert mine == expected or (np.isnan(mine) and np.isnan(expected))
    ints = np.arange(len(values), dtype=np.int64)
    assert _median(ints) == float(pd.Series(ints).median()) or not len(values)


@given(hs.lists(hs.one_of(hs.sampled_from([-3.5, 0.0, 1.25, 7.0, 60.3, 61.7, 1e6]),
                          hs.floats(-1e6, 1e6), hs.just(float("nan"))), max_size=80),
       hs.data())
@settings(max_examples=120, deadline=None)
def test_profile_medians_by_rank_equal_pandas_median(values: list[float],
                                                     data: hs.DataObject) -> None:
    # Profile counts value ranks over a filter's rows instead of partitioning the floats:
    # the number must still be Series.median()'s over those rows, NaN when nothing is left.
    from lib.ui.views import median_of_ranks, rank_codes

    arr = np.array(values, dtype="float64")
    ranked = rank_codes(arr)
    assert ranked is not None
    ranks, ordered = ranked
    assert np.all(np.diff(ordered) > 0)
    rows = np.array(data.draw(hs.lists(hs.integers(0, max(len(arr) - 1, 0)), unique=True,
                                       max_size=len(arr))), dtype=np.int64)
    for chosen in (np.arange(len(arr)), rows):
        expected = float(pd.Series(arr[chosen]).median())
        got = median_of_ranks(ranks[chosen], ordered)
        assert got == expected or (np.isnan(got) and np.isnan(expected))


@pytest.mark.parametrize("values", [np.arange(5, dtype=np.int64),
                                    np.arange(5, dtype=np.float32)])
def test_rank_medians_leave_other_dtypes_to_numpy(values: np.ndarray) -> None:
    from lib.ui.views import rank_codes

    assert rank_codes(values) is None


@given(hs.lists(hs.integers(0, 18), min_size=1, max_size=4), hs.randoms())
@settings(max_examples=40, deadline=None)
def test_quote_term_rows_of_unsorted_or_repeated_labels_equal_sorted(
        chosen: list[int], rnd: object) -> None:
    # A view's labels come sorted and distinct (np.unique is skipped for them); any other
    # order or a repeat must still find each quote's term rows once, in table order.
    table = _STORE[1].tables["quote_terms"]
    n = len(_STORE[1].quotes)
    chosen = [c for c in chosen if c < n] or [0]
    shuffled = list(chosen)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    expected = terms._quote_table_rows(table, n, pd.Index(sorted(set(chosen))))
    assert len(chosen) <= terms._GATHER_SHARE * n  # the gathered path, not the full pass
    got = terms._quote_table_rows(table, n, pd.Index(shuffled))
    np.testing.assert_array_equal(got, expected)
    rows = table[terms.QUOTE_ROW].to_numpy()
    assert set(rows[got]) == set(chosen) or not len(got)


@given(hs.lists(hs.integers(0, 18), max_size=19, unique=True), hs.sampled_from([1, 20]),
       hs.integers(2, 3))
@settings(max_examples=30, deadline=None)
def test_speaker_terms_with_partial_totals_equal_lib_keywords(chosen: list[int], n: int,
                                                              step: int) -> None:
    # Terms without a corpus total are dropped by code before summing (not by name after):
    # with totals missing some terms the table must still be lib.keywords'.
    from lib import keywords
    from lib.ui import data

    b = _STORE[1]
    labels = b.quotes.index[sorted(c for c in chosen if c < len(b.quotes))]
    full = data.term_totals(b)
    assert full is not None and data.term_totals(b) is full  # kept: one Series per corpus
    totals = full.iloc[::step]
    expected = keywords.speaker_terms(terms.rows_for(b, "quote_terms", labels),
                                      b.quotes.loc[labels, "quote_id"], n=n, totals=totals)
    got = terms.speaker_terms(b, labels, n, totals)
    assert got is not None
    pd.testing.assert_frame_equal(got, expected)
