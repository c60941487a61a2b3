from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import sample_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.filters import Filters, month_span


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, quotes, _, _ = sample_tables()
    return articles, quotes


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(speakers=("Mara Quill", "Ines Varga")),
        Filters(date_from=date(2024, 5, 1), date_to=date(2024, 8, 31), include_undated=True),
        Filters(sources=("Harbour Post",), text="storm & <b>"),
        Filters(date_to=date(2024, 1, 31), terms=("bridge",)),
        Filters(kind="indirect"),
        Filters(speakers=("Mara Quill",), kind="direct"),
        Filters(topics=("tax · vote", "flood · farm"), terms=("bridge",)),
    ],
)
def test_query_round_trip(filters: Filters) -> None:
    assert Filters.from_query(filters.to_query()) == filters


def test_query_keys_are_short_and_default_is_empty() -> None:
    f = Filters(speakers=("A B",), date_from=date(2024, 5, 1), date_to=date(2024, 8, 31),
                sources=("X",), text="tax")
    assert f.to_query() == {"speaker": ["A B"], "from": "2024-05-01", "to": "2024-08-31",
                            "source": ["X"], "q": "tax"}
    assert Filters().to_query() == {}
    assert Filters().is_empty and not f.is_empty


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"from": "not a date", "to": "2024-13-45"}, Filters()),
        ({"from": "2024-09-01", "to": "2024-05-01"},
         Filters(date_from=date(2024, 5, 1), date_to=date(2024, 9, 1))),
        ({"speaker": ["A", "A", " ", "B"]}, Filters(speakers=("A", "B"))),
        ({"speaker": "Solo", "q": "  padded  ", "undated": "TRUE"},
         Filters(speakers=("Solo",), text="padded", include_undated=True)),
        ({"unknown": "x", "from": "2024/05/01"}, Filters(date_from=date(2024, 5, 1))),
        ({"kind": "Reported"}, Filters(kind="indirect")),
        ({"kind": " direct "}, Filters(kind="direct")),
        ({"kind": ["All"]}, Filters()),
        ({"kind": "paraphrase"}, Filters()),
        ({"topic": [" tax · vote ", "tax · vote", ""]}, Filters(topics=("tax · vote",))),
    ],
)
def test_from_query_tolerates_hand_edited_links(query: dict, expected: Filters) -> None:
    assert Filters.from_query(query) == expected


@given(st.dictionaries(st.sampled_from(["speaker", "from", "to", "source", "q", "undated",
                                        "term", "topic", "kind", "zzz"]),
                       st.one_of(st.text(), st.lists(st.text(), max_size=3))))
def test_from_query_never_raises(query: dict) -> None:
    f = Filters.from_query(query)
    assert Filters.from_query(f.to_query()) == f


def test_speaker_mask_and_articles_follow(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    articles, quotes = frames
    f = Filters(speakers=("Olek Dunne",))
    arts, qs = f.apply(articles, quotes)
    assert set(qs["speaker"]) == {"Olek Dunne"}
    assert len(qs) == 3
    assert set(arts["article_id"]) == {"a05", "a07", "a08"}


@pytest.mark.parametrize(
    ("filters", "n_articles", "n_quotes"),
    [
        (Filters(), 10, 18),  # a11 is a wire copy of a08: counted once
        (Filters(dedupe=False), 11, 18),
        (Filters(date_from=date(2024, 5, 1), date_to=date(2024, 8, 31)), 5, 9),
        (Filters(date_from=date(2024, 5, 1), date_to=date(2024, 8, 31), include_undated=True),
         6, 10),
        (Filters(date_to=date(2024, 1, 10)), 1, 2),  # the bound day itself is included
        (Filters(sources=("Valley Courier",)), 3, 6),
        (Filters(sources=("Valley Courier",), dedupe=False), 4, 6),
        (Filters(text="BRIDGE"), 1, 2),  # case-insensitive; quotes of matching articles only
        (Filters(text="(["), 0, 0),  # regex characters are literal, never an error
        (Filters(speakers=("Nobody",)), 0, 0),
    ],
)
def test_masks_count(frames: tuple[pd.DataFrame, pd.DataFrame], filters: Filters,
                     n_articles: int, n_quotes: int) -> None:
    articles, quotes = frames
    arts, qs = filters.apply(articles, quotes)
    assert (len(arts), len(qs)) == (n_articles, n_quotes)


def test_masks_survive_missing_columns() -> None:
    bare = pd.DataFrame({"x": [1, 2]})
    f = Filters(speakers=("A",), date_from=date(2024, 1, 1), sources=("S",), text="t")
    assert f.article_mask(bare).tolist() == [False, False]
    assert not f.quote_mask(bare).any()
    assert Filters().quote_mask(bare).all()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(speakers=("Olek Dunne",)),
         "Showing 3 quotes by 1 speaker in 3 articles from 3 outlets, May–Aug 2024"),
        (Filters(date_from=date(2024, 5, 1), date_to=date(2024, 8, 31)),
         "Showing 9 quotes by 4 speakers in 5 articles from 3 outlets, May–Aug 2024"),
        (Filters(text="storm"),
         'Showing 2 quotes by 2 speakers in 2 articles from 2 outlets, Jan–Dec 2024, '
         'matching "storm"'),
        (Filters(speakers=("Nobody",)), "Showing 0 quotes in 0 articles"),
        # the span is the shown articles', not a bound wider than them
        (Filters(speakers=("Olek Dunne",), date_from=date(2023, 1, 1)),
         "Showing 3 quotes by 1 speaker in 3 articles from 3 outlets, May–Aug 2024"),
    ],
)
def test_describe(frames: tuple[pd.DataFrame, pd.DataFrame], filters: Filters,
                  expected: str) -> None:
    articles, quotes = frames
    assert filters.describe(*filters.apply(articles, quotes)) == expected


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (date(2024, 5, 2), date(2024, 5, 30), "May 2024"),
        (date(2024, 5, 2), date(2024, 8, 1), "May–Aug 2024"),
        (date(2023, 11, 2), date(2025, 2, 1), "Nov 2023–Feb 2025"),
    ],
)
def test_month_span(lo: date, hi: date, expected: str) -> None:
    assert month_span(lo, hi) == expected


def test_terms_keep_articles_with_that_keyphrase() -> None:
    articles, quotes, _, tables = sample_tables()
    f = Filters(terms=("BRIDGE",))
    arts, qs = f.apply(articles, quotes, tables["article_terms"])
    assert arts["article_id"].tolist() == ["a03"]
    assert set(qs["article_id"]) == {"a03"}
    # Without the keyword table the term cannot be checked: nothing is dropped for it.
    assert len(dataclasses.replace(f, dedupe=False).apply(articles, quotes)[0]) == len(articles)


def test_topics_keep_articles_on_that_topic_and_say_which() -> None:
    articles, quotes, _, _ = sample_tables()
    ids = articles["article_id"].tolist()
    article_topics = pd.DataFrame({"article_id": [ids[0], ids[1], ids[1], ids[2]],
                                   "topic": [0, 0, 1, 2], "weight": [1.0, 0.6, 0.4, 1.0]})
    table = pd.DataFrame({"topic": [0, 1, 2],
                          "label": ["port · fishing", "tax · vote", "flood · farm"]})
    f = Filters(topics=("tax · vote", "flood · farm"), dedupe=False)
    arts, qs = f.apply(articles, quotes, article_topics=article_topics, topic_table=table)
    assert arts["article_id"].tolist() == [ids[1], ids[2]]
    assert set(qs["article_id"]) <= {ids[1], ids[2]}
    assert len(qs) == quotes["article_id"].isin([ids[1], ids[2]]).sum()
    assert f.describe(arts, qs).endswith(', on the topics "tax · vote" or "flood · farm"')
    assert Filters(topics=("tax · vote",)).describe(arts, qs).endswith(
        ', on the topic "tax · vote"')
    # a corpus without topics, or a name no topic has: nothing is kept, nothing raises
    assert f.apply(articles, quotes)[0].empty
    gone = Filters(topics=("no such topic",))
    assert gone.apply(articles, quotes, article_topics=article_topics,
                      topic_table=table)[0].empty
    # tables missing a column are no topics either
    assert f.apply(articles, quotes, article_topics=article_topics,
                   topic_table=table[["label"]])[0].empty
    assert f.apply(articles, quotes, article_topics=article_topics[["topic"]],
                   topic_table=table)[0].empty


def test_dedupe_lives_in_the_url_only_when_off() -> None:
    assert "dedupe" not in Filters().to_query()
    off = Filters(dedupe=False)
    assert off.to_query()["dedupe"] == "false"
    assert Filters.from_query(off.to_query()) == off
    assert Filters.from_query({}).dedupe is True


def test_wire_copy_in_the_chosen_outlet_still_counts() -> None:
    # The group's first copy ran elsewhere: filtering to the other outlet keeps its copy.
    arts = pd.DataFrame({"article_id": ["x", "y"], "source": ["A", "B"],
                         "wire_group": ["x", "x"], "wire_size": [2, 2]})
    quotes = pd.DataFrame({"article_id": [], "speaker": []})
    kept, _ = Filters(sources=("B",)).apply(arts, quotes)
    assert kept["article_id"].tolist() == ["y"]
    assert len(Filters().apply(arts, quotes)[0]) == 1
    assert "wire copies counted each time" in Filters(dedupe=False).describe(arts, quotes)


@given(st.lists(st.one_of(st.none(), st.datetimes(datetime(2023, 12, 25), datetime(2024, 2, 5))),
                max_size=30),
       st.one_of(st.none(), st.dates(date(2023, 12, 28), date(2024, 2, 2))),
       st.one_of(st.none(), st.dates(date(2023, 12, 28), date(2024, 2, 2))), st.booleans(),
       st.sampled_from(["datetime64[ns]", "datetime64[us]", "object"]))
@settings(max_examples=80, deadline=None)
def test_date_mask_is_the_whole_day_comparison(stamps: list, lo: date | None, hi: date | None,
                                               undated: bool, kind: str) -> None:
    # Dates are compared in numpy: the mask must be pandas' reading of whole-day bounds, with
    # undated rows kept only when asked and only when a bound is set.
    quotes = pd.DataFrame({"date": pd.Series(stamps, dtype="datetime64[ns]").astype(kind)})
    f = Filters(date_from=lo, date_to=hi, include_undated=undated)
    days = pd.to_datetime(quotes["date"]).dt.normalize()
    expected = days.notna()
    if lo:
        expected &= days >= pd.Timestamp(lo)
    if hi:
        expected &= days <= pd.Timestamp(hi)
    if f.has_dates:
        expected |= days.isna() & undated
    else:
        expected[:] = True
    assert f.quote_mask(quotes).tolist() == expected.tolist()


@given(st.lists(st.tuples(st.sampled_from(["g1", "g2", None]), st.sampled_from(["A", "B"])),
                min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 14), st.sampled_from(["Ann", "Bo", "Cy"])),
                max_size=25),
       st.sampled_from([(), ("Ann",), ("Bo", "Cy")]), st.sampled_from([(), ("A",)]),
       st.booleans(), st.booleans(), st.sampled_from(["", "direct", "indirect"]))
@settings(max_examples=100, deadline=None)
def test_joining_by_row_links_filters_as_joining_by_id(articles_: list, quotes_: list,
                                                       speakers: tuple, sources: tuple,
                                                       dedupe: bool, categorical: bool,
                                                       kind: str) -> None:
    # The dashboard joins quotes to articles through row links made once per corpus (and
    # wire groups as codes); every filter must keep exactly the rows the id join keeps,
    # quotes of an article the corpus lacks included (they are dropped either way).
    from lib.row_links import links

    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(articles_))],
                         "wire_group": [g for g, _ in articles_],
                         "source": [s for _, s in articles_]})
    quotes = pd.DataFrame({"article_id": [f"a{i}" for i, _ in quotes_],
                           "speaker": [s for _, s in quotes_],
                           "kind": ["direct" if i % 2 else "indirect" for i, _ in quotes_],
                           "source": "A"})
    if categorical:  # the dashboard's store: ids and names as categories
        quotes = quotes.astype({"article_id": "category", "speaker": "category",
                                "kind": "category"})
    f = Filters(speakers=speakers, sources=sources, dedupe=dedupe, kind=kind)
    row_links = links(arts, quotes)
    assert row_links is not None
    by_id = f.apply(arts, quotes)
    by_row = f.apply(arts, quotes, links=row_links)
    assert by_row[0].index.tolist() == by_id[0].index.tolist()
    assert by_row[1].index.tolist() == by_id[1].index.tolist()


@pytest.mark.parametrize(
    ("needle", "hits"),
    [
        ("rain", [True, True, False, False]),  # a word and its plural, not "train"
        ("RAIN", [True, True, False, False]),
        ("rain*", [True, True, False, True]),  # any ending when asked
        ("train", [False, False, True, False]),
    ],
)
def test_text_search_matches_whole_words(needle: str, hits: list[bool]) -> None:
    quotes = pd.DataFrame({"text": ["Rain fell.", "The rains came.", "A train left.",
                                    "Rainfall was low."]})
    assert Filters(text=needle).quote_mask(quotes).tolist() == hits


def test_a_kind_no_option_names_links_nothing() -> None:
    assert Filters(kind="Reported").to_query() == {}  # a label is no kind: never raises
    assert Filters(kind="indirect").to_query() == {"kind": "Reported"}


def test_quote_kind_keeps_that_kind_and_the_articles_quoting_a_speaker_so() -> None:
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"]})
    quotes = pd.DataFrame({"article_id": ["a1", "a2", "a2", "a3"],
                           "speaker": ["Ann", "Ann", "Bo", "Bo"],
                           "kind": ["direct", "indirect", "direct", "indirect"]})
    arts, qs = Filters(kind="indirect").apply(articles, quotes)
    assert qs["kind"].tolist() == ["indirect", "indirect"]
    assert arts["article_id"].tolist() == ["a1", "a2", "a3"]  # articles are not quotes
    arts, qs = Filters(speakers=("Ann",), kind="direct").apply(articles, quotes)
    assert (arts["article_id"].tolist(), qs.index.tolist()) == (["a1"], [0])
    assert Filters(kind="indirect").describe(arts, qs.iloc[:0]).startswith(
        "Showing 0 reported quotes")
