"""Topics from article keyphrases and their share of articles over time."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.topics import default_topic_count, fit_topics, topic_shares


def terms_table() -> pd.DataFrame:
    rows = []
    for i in range(4):
        for term, w in (("maple syrup", 1.0), ("harvest", 0.8), ("Quebec", 0.6), (f"m{i}", 0.3)):
            rows.append((f"m{i}", term, w))
    for i in range(4):
        for term, w in (("Senate", 1.0), ("budget", 0.9), ("vote", 0.7), (f"s{i}", 0.3)):
            rows.append((f"s{i}", term, w))
    return pd.DataFrame(rows, columns=["article_id", "term", "weight"])


ARTICLES = pd.DataFrame({
    "article_id": ["m0", "m1", "m2", "m3", "s0", "s1", "s2", "s3", "x"],
    "date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-02-02", "2024-02-09",
                            "2024-01-05", "2024-02-15", "2024-02-20", None, "2024-01-30"]),
})


@pytest.fixture(scope="module")
def fitted() -> tuple[pd.DataFrame, pd.DataFrame]:
    return fit_topics(terms_table(), n_topics=2)


def test_topics_separate_the_two_subjects(fitted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    topics, article_topics = fitted
    assert list(topics.columns) == ["topic", "label", "terms"]
    assert len(topics) == 2
    labels = " | ".join(topics["label"])
    assert "maple syrup" in labels and "Senate" in labels
    # Terms of one article only cannot define a topic.
    assert not any(t in ("m0", "s1") for terms in topics["terms"] for t in terms)
    dominant = article_topics.sort_values("weight").groupby("article_id")["topic"].last()
    assert dominant[["m0", "m1", "m2", "m3"]].nunique() == 1
    assert dominant[["s0", "s1", "s2", "s3"]].nunique() == 1
    assert dominant["m0"] != dominant["s0"]


def test_article_topic_weights_sum_to_one(fitted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, article_topics = fitted
    assert list(article_topics.columns) == ["article_id", "topic", "weight"]
    sums = article_topics.groupby("article_id")["weight"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)
    assert (article_topics["weight"] > 0).all()


def test_topic_shares_per_month(fitted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    topics, article_topics = fitted
    shares = topic_shares(article_topics, ARTICLES, "MS", topics)
    assert list(shares.columns) == ["period", "topic", "label", "share"]
    per_period = shares.groupby("period")["share"].sum()
    # January: m0, m1, s0 and "x" (no topic) -> topics cover 3 of 4 articles.
    assert per_period[pd.Timestamp("2024-01-01")] == pytest.approx(0.75)
    assert per_period[pd.Timestamp("2024-02-01")] == pytest.approx(1.0)
    assert set(shares["label"]) <= set(topics["label"])
    # Filtering the articles frame filters the shares.
    only_senate = topic_shares(article_topics, ARTICLES[ARTICLES["article_id"].str[0] == "s"])
    assert only_senate["topic"].nunique() == 1
    assert only_senate["label"].str.startswith("topic ").all()


def test_weekly_periods_and_empty_inputs(fitted: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    topics, article_topics = fitted
    weekly = topic_shares(article_topics, ARTICLES, "W", topics)
    assert weekly["period"].nunique() > 2
    assert topic_shares(article_topics, ARTICLES.iloc[0:0]).empty
    undated = ARTICLES.assign(date=pd.NaT)
    assert topic_shares(article_topics, undated).empty
    t, at = fit_topics(terms_table().iloc[0:0])
    assert t.empty and at.empty and list(at.columns) == ["article_id", "topic", "weight"]


@pytest.mark.parametrize(("n", "k"), [(1, 2), (30, 2), (60, 4), (150, 10), (10_000, 12)])
def test_default_topic_count(n: int, k: int) -> None:
    assert default_topic_count(n) == k


def test_a_topic_is_zero_in_a_month_without_it() -> None:
    article_topics = pd.DataFrame({"article_id": ["a", "b", "c"], "topic": [0, 1, 0],
                                   "weight": [1.0, 1.0, 1.0]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"],
                             "date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-04-10"])})
    shares = topic_shares(article_topics, articles, "MS")
    one = shares[shares["topic"] == 1].set_index("period")["share"]
    # March has no articles at all: no point; the other months are 0 where the topic is absent
    assert one.to_dict() == {pd.Timestamp("2024-01-01"): 0.0, pd.Timestamp("2024-02-01"): 1.0,
                             pd.Timestamp("2024-04-01"): 0.0}
