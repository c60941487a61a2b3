from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import sample_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import readability_tables as rt


@pytest.mark.parametrize(("value", "formula", "shown"), [
    (61.234, "flesch_reading_ease", "61.2"),
    (float("nan"), "smog", "not available"),
    (None, "ari", "not available"),
    ("junk", "ari", "not available"),
    (150.0, "reading_time_s", "2.5 min"),
])
def test_format_score(value: object, formula: str, shown: str) -> None:
    assert rt.format_score(value, formula) == shown


@pytest.mark.parametrize(("words", "sentences", "formula", "note"), [
    (250, 40, "smog", ""),
    (99, 40, "flesch_reading_ease", "only 99 words"),
    (250, 12, "smog", "SMOG on 12 sentences (needs 30)"),
    (250, 12, "gunning_fog", ""),  # the 30-sentence rule is SMOG's alone
    (50, 3, "smog", "only 50 words; SMOG on 3 sentences (needs 30)"),
    (float("nan"), float("nan"), "smog", ""),
])
def test_reliability_flags(words: float, sentences: float, formula: str, note: str) -> None:
    assert rt.reliability(words, sentences, formula) == note


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "title": ["Easy", "Hard", "Middling", "Foreign"],
        "source": ["S"] * 4,
        "date": pd.to_datetime(["2024-01-01"] * 4),
        "words": [300, 500, 80, 400],
        "sentences": [40, 20, 5, 30],
        "flesch_reading_ease": [80.0, 20.0, 50.0, np.nan],
        "smog": [6.0, 15.0, 10.0, np.nan],
        "reading_time_s": [75.6, 126.0, 20.2, 100.8],
    })


@pytest.mark.parametrize(("formula", "hardest", "order"), [
    ("flesch_reading_ease", True, ["Hard", "Middling", "Easy", "Foreign"]),
    ("flesch_reading_ease", False, ["Easy", "Middling", "Hard", "Foreign"]),
    ("smog", True, ["Hard", "Middling", "Easy", "Foreign"]),  # a grade: high is hard
    ("smog", False, ["Easy", "Middling", "Hard", "Foreign"]),
])
def test_article_ranking_direction_follows_the_formula(formula: str, hardest: bool,
                                                      order: list[str]) -> None:
    ranked = rt.article_ranking(_articles(), formula, hardest_first=hardest)
    assert ranked["title"].tolist() == order
    # a language without the formula is "not available", ranked last, never a number
    assert ranked["score"].iloc[-1] == "not available"


def test_article_ranking_flags_and_reading_time() -> None:
    ranked = rt.article_ranking(_articles(), "smog").set_index("title")
    assert ranked.loc["Middling", "reliability"] == "only 80 words; SMOG on 5 sentences (needs 30)"
    assert ranked.loc["Hard", "reliability"] == "SMOG on 20 sentences (needs 30)"
    assert ranked.loc["Easy", "reliability"] == ""
    assert ranked.loc["Hard", "reading_min"] == pytest.approx(2.1)


def _speaker_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles, quotes, speakers, _ = sample_tables()
    scores = {"mara-quill": (400, 35, 70.0), "tomas-brenn": (50, 4, 40.0),
              "ines-varga": (120, 9, 55.0), "olek-dunne": (30, 3, float("nan"))}
    speakers = speakers.assign(
        words=speakers["speaker_id"].map(lambda s: scores.get(s, (0, 0, 0))[0]),
        sentences=speakers["speaker_id"].map(lambda s: scores.get(s, (0, 0, 0))[1]),
        flesch_reading_ease=speakers["speaker_id"].map(lambda s: scores.get(s, (0, 0, 0))[2]),
    )
    return articles, quotes, speakers


def test_speaker_ranking_uses_the_speakers_table_and_the_filtered_quotes() -> None:
    _, quotes, speakers = _speaker_tables()
    ranked = rt.speaker_ranking(quotes, speakers, "flesch_reading_ease")
    # hardest (lowest reading ease) first; the unknown bucket is not a speaker
    assert ranked["speaker"].tolist() == ["Tomas Brenn", "Ines Varga", "Mara Quill",
                                          "Olek Dunne"]
    assert ranked.set_index("speaker").loc["Olek Dunne", "score"] == "not available"
    assert ranked.set_index("speaker").loc["Tomas Brenn", "reliability"] == "only 50 words"
    assert ranked.set_index("speaker").loc["Mara Quill", "n_quotes"] == 6
    only = quotes[quotes["speaker"].isin(["Mara Quill", "Ines Varga"])]
    assert rt.speaker_ranking(only, speakers, "flesch_reading_ease")["speaker"].tolist() == [
        "Ines Varga", "Mara Quill"]


def test_speaker_vs_articles_takes_the_median_article_quoting_them() -> None:
    articles, quotes, speakers = _speaker_tables()
    pairs = rt.speaker_vs_articles(quotes, articles, speakers, "flesch_reading_ease")
    row = pairs.set_index("speaker").loc["Olek Dunne"]
    # Olek Dunne is quoted in a05, a07, a08: fixture scores 40 + 5 * index
    assert row["article_value"] == pytest.approx(float(np.median([60.0, 70.0, 75.0])))
    assert row["n_articles"] == 3
    assert pairs["speaker"].iloc[0] == "Mara Quill"  # most quoted first


@pytest.mark.parametrize("formula", ["flesch_reading_ease", "smog"])
def test_speaker_scores_asked_twice_give_the_same_fresh_table(formula: str) -> None:
    # The second ask of one run reuses the first result: equal, and not the same object, so
    # a caller changing its table cannot change the next caller's.
    _, quotes, speakers = _speaker_tables()
    first = rt.speaker_scores(quotes, speakers, formula)
    first.loc[:, "n_quotes"] = -1
    again = rt.speaker_scores(quotes, speakers, formula)
    assert (again["n_quotes"] > 0).all()
    fewer = quotes[quotes["speaker"] != "Mara Quill"]
    assert "Mara Quill" not in rt.speaker_scores(fewer, speakers, formula)["speaker"].tolist()
    assert "Mara Quill" in rt.speaker_scores(quotes, speakers, formula)["speaker"].tolist()


def test_speaker_sentences_split_each_quote() -> None:
    quotes = pd.DataFrame({"speaker_id": ["x", "x", "y"],
                           "text": ["We won. Dr. Lee agreed.", "No.", "Other."]})
    assert rt.speaker_sentences(quotes, "x") == ["We won.", "Dr. Lee agreed.", "No."]


def test_speakers_overview_counts_the_view_and_lists_variants() -> None:
    _, quotes, speakers, _ = sample_tables()
    speakers = speakers.assign(variants=[["A (2)", "B (1)"]] * len(speakers),
                               roles=[np.array(["Mayor"])] * len(speakers))
    table = rt.speakers_overview(quotes[quotes["source"] == "Harbour Post"], speakers)
    row = table.set_index("speaker").loc["Mara Quill"]
    assert (row["n_quotes"], row["n_articles"]) == (4, 3)
    assert row["variants"] == "A (2); B (1)" and row["roles"] == "Mayor"
    assert table["speaker"].iloc[0] == "Mara Quill"


def test_speaker_interval_from_a_sample_matches_the_full_bootstrap() -> None:
    import random

    rng = random.Random(3)
    words = ["the", "council", "will", "vote", "on", "housing", "infrastructure",
             "tomorrow", "we", "cannot", "accept", "unprecedented", "delays", "now"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 25))).capitalize() + "."
             for _ in range(900)]
    quotes = pd.DataFrame({"speaker_id": "s1", "text": texts})
    full = rt.speaker_interval(quotes, "s1", "flesch_kincaid_grade", max_quotes=10_000)
    quick = rt.speaker_interval(quotes, "s1", "flesch_kincaid_grade", max_quotes=300)
    width_full, width_quick = full[1] - full[0], quick[1] - quick[0]
    assert width_full > 0
    assert 0.6 < width_quick / width_full < 1.6
    centre_gap = abs((quick[0] + quick[1]) / 2 - (full[0] + full[1]) / 2)
    assert centre_gap < 2 * width_full


@pytest.mark.parametrize("asked", [["a3", "zz", "a1"], [], ["a2", "a2"]])
def test_article_scores_by_id_equal_a_reindex(asked: list[str]) -> None:
    # The Arrow lookup must give what reindex gives: the id's score, NaN for an unknown id.
    scores = pd.Series([10.0, np.nan, 30.0], index=pd.Index(["a1", "a2", "a3"], dtype="str"))
    ids = pd.Index(asked, dtype="str")
    got = rt._scores_of(scores, ids)
    expected = scores.reindex(ids).to_numpy(dtype="float64")
    np.testing.assert_array_equal(got, expected)


def _as_store(quotes: pd.DataFrame) -> pd.DataFrame:
    # The dashboard's frames: repeated strings as categoricals (lib.store).
    return quotes.astype({c: "category" for c in ("speaker", "speaker_id", "speaker_kind",
                                                  "article_id") if c in quotes})


@pytest.mark.parametrize("formula", ["flesch_reading_ease", "smog"])
def test_speaker_vs_articles_by_row_equals_by_id(formula: str) -> None:
    # The page joins quotes to articles by row (lib.filters.Links); the table must not move.
    articles, quotes, speakers = _speaker_tables()
    coded = _as_store(quotes)
    rows = articles.reset_index(drop=True).index.to_numpy()
    where = dict(zip(articles["article_id"], rows, strict=True))
    article_rows = np.array([where.get(a, -1) for a in quotes["article_id"]])
    by_id = rt.speaker_vs_articles(quotes, articles, speakers, formula)
    rt._LAST_SCORES.clear()
    by_row = rt.speaker_vs_articles(coded, articles.reset_index(drop=True), speakers, formula,
                                    article_rows=article_rows)
    pd.testing.assert_frame_equal(by_row, by_id)
    # An article outside the filtered articles counts, with no score of its own.
    rt._LAST_SCORES.clear()
    fewer = rt.speaker_vs_articles(coded, articles.reset_index(drop=True).iloc[2:], speakers,
                                   formula, article_rows=article_rows)
    assert fewer["n_articles"].tolist() == by_id["n_articles"].tolist()


UNKNOWN_ID = "unknown"
NAMES = {"p1": "Ann Bell", "p2": "Cy Dorn", "p3": "Ed Fox", UNKNOWN_ID: rt.UNKNOWN}


@given(st.lists(st.tuples(st.sampled_from(["p1", "p2", "p3", UNKNOWN_ID]),
                          st.sampled_from(["person", "ambiguous"])), min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_speaker_scores_on_codes_equal_the_groupby(rows: list[tuple[str, str]]) -> None:
    quotes = pd.DataFrame({"speaker_id": [r[0] for r in rows],
                           "speaker": [NAMES[r[0]] for r in rows],
                           "speaker_kind": [r[1] for r in rows], "words": 10,
                           "smog": 9.0})
    speakers = pd.DataFrame({"speaker_id": list(NAMES), "speaker": list(NAMES.values()),
                             "words": [100, 200, 300, 0], "sentences": [5, 6, 7, 0],
                             "smog": [8.0, 9.5, 11.0, np.nan]})
    rt._LAST_SCORES.clear()
    plain = rt.speaker_scores(quotes.astype(object), speakers, "smog")
    rt._LAST_SCORES.clear()
    coded = rt.speaker_scores(_as_store(quotes), speakers, "smog")
    pd.testing.assert_frame_equal(coded, plain, check_dtype=False)
    rt._LAST_SCORES.clear()


def test_a_speakers_score_follows_the_filtered_quotes() -> None:
    # Built from real text: unfiltered, the scores from the quotes' counts are the build's
    # speakers table; filtered to some quotes, they are those quotes' counts taken together.
    import json

    from lib import build, readability
    from lib.corpus import load_uploads

    rows = [
        {"id": "a1", "date": "2024-01-02",
         "text": 'Ann Lee spoke on Monday. "We go now. It is fine and we are glad," said Ann '
                 'Lee. "The sun is up and so are we," she added.'},
        {"id": "a2", "date": "2024-03-04",
         "text": 'The committee met. "Notwithstanding considerable institutional resistance, '
                 'comprehensive administrative restructuring remains indispensable," said Ann '
                 'Lee, the treasurer. Tom Park disagreed. "It is too soon for this," said Tom '
                 'Park.'},
    ]
    loaded = load_uploads([("c.jsonl", "\n".join(json.dumps(r) for r in rows).encode())])
    built = build.build_corpus(loaded.articles, workers=1)
    q = built.quotes
    ann = built.speakers.set_index("speaker")
    assert "Ann Lee" in ann.index
    sid = ann.loc["Ann Lee", "speaker_id"]
    f = "flesch_reading_ease"
    rt._LAST_SCORES.clear()
    everything = rt.speaker_scores(q, built.speakers, f).set_index("speaker_id")
    assert everything.loc[sid, "value"] == pytest.approx(ann.loc["Ann Lee", f])
    assert everything.loc[sid, "words"] == ann.loc["Ann Lee", "words"]
    # only the January article: her plain quotes, scored together, and easier than before
    jan = q[(q["article_id"] == "a1").to_numpy()]
    rt._LAST_SCORES.clear()
    part = rt.speaker_scores(jan, built.speakers, f).set_index("speaker_id")
    theirs = jan[(jan["speaker_id"] == sid).to_numpy()]
    sums = theirs[list(rt.QUOTE_COUNTS)].sum().to_frame().T
    expected = readability.scores_from_counts(sums, [theirs["lang"].iloc[0]])[f].iloc[0]
    assert part.loc[sid, "value"] == pytest.approx(expected)
    assert part.loc[sid, "words"] == theirs["words"].sum()
    assert part.loc[sid, "value"] > everything.loc[sid, "value"]
    assert part.loc[sid, "n_quotes"] == len(theirs)


@pytest.mark.parametrize("n_quotes", [5, 40, 6_000])
def test_interval_from_counts_is_around_the_speakers_score(n_quotes: int) -> None:
    from lib import readability

    rng = np.random.default_rng(1)
    words = rng.integers(5, 40, n_quotes)
    quotes = pd.DataFrame({
        "words": words, "letters": words * rng.integers(4, 6, n_quotes),
        "syllables": (words * rng.uniform(1.2, 1.8, n_quotes)).astype(int),
        "polysyllables": (words * rng.uniform(0.0, 0.2, n_quotes)).astype(int),
        "difficult_words": (words * rng.uniform(0.0, 0.3, n_quotes)).astype(int),
        "sentences": rng.integers(1, 4, n_quotes), "lang": "en"})
    score = readability.scores_from_counts(
        quotes[list(rt.QUOTE_COUNTS)].sum().to_frame().T, ["en"])["flesch_reading_ease"].iloc[0]
    lo, hi = rt.interval_from_counts(quotes, "flesch_reading_ease")
    assert lo < score < hi
    assert hi - lo < 60
    one = rt.interval_from_counts(quotes.head(1), "flesch_reading_ease")
    assert all(np.isnan(x) for x in one)  # one quote: nothing to resample
