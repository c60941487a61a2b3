"""Keyphrase candidates, folding, stopwords, log-odds and the keyword tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import keyword_parts as kp
from lib import stoplist
from lib.keywords import (
    ARTICLE_TERMS,
    KeyphraseExtractor,
    build_keyword_tables,
    compare,
    fold_counts,
    log_odds,
    one_spelling,
    speaker_terms,
    top_terms,
)
from lib.phrases import (
    available_languages,
    candidate_keys,
    candidates,
    guess_language,
    load_stopwords,
    singular,
    stopword_set,
)

EN = load_stopwords("en")


def keys(text: str, max_words: int = 3) -> set[str]:
    return {o[0] for o in candidates(text, EN, max_words)}


# -- candidates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("The central bank of Canada raised rates.", {"central bank", "canada raised rate"},
         {"bank of canada", "bank canada", "the central bank"}),
        ("Inflation, unemployment and wages", {"inflation", "unemployment", "wage"},
         {"inflation unemployment", "unemployment wage"}),
        ("climate change: a new report", {"climate change", "report"}, {"change report"}),
        ('He praised "Insidious" director James Wan', {"james wan", "director james wan"},
         {"insidious director"}),
        ("Movie review\nHaunted house tale", {"movie review", "haunted house tale"},
         {"review haunted"}),
        ("Schnabel's girlfriend arrived", {"schnabel girlfriend", "schnabel"}, {"schnabel's"}),
        ("They don't know O'Brien's plan", {"o'brien plan"}, {"don't", "don", "they"}),
        ("In 2011 the 17-year-old won 3 medals", {"old", "medal"},
         {"2011", "3 medal", "17-year-old", "17"}),
        # a compound's parts are words of their own; a phrase does not start or end inside it
        ("anti-inflammatory compounds", {"anti inflammatory compound", "anti inflammatory",
                                         "inflammatory", "compound"},
         {"anti-inflammatory", "inflammatory compound"}),
        ("new short-term holiday lets", {"short term holiday", "short", "term", "holiday let"},
         {"new short", "term holiday", "term holiday let"}),
    ],
)
def test_candidates_stop_at_stopwords_and_punctuation(text: str, present: set[str],
                                                      absent: set[str]) -> None:
    found = keys(text)
    assert present <= found
    assert not absent & found


def test_a_phrase_is_written_with_its_hyphens() -> None:
    written = {key: surface for key, surface, *_ in candidates("Far-right short-term lets", EN)}
    assert written["far right"] == "Far-right"
    assert written["short term let"] == "short-term lets"
    assert "right short" not in written and "far right short" not in written


@pytest.mark.parametrize(
    ("word", "expected"),
    [("prices", "price"), ("companies", "company"), ("churches", "church"), ("boxes", "box"),
     ("classes", "class"), ("news", "news"), ("crisis", "crisis"), ("bus", "bus"),
     ("status", "status"), ("cats", "cat"), ("tax", "tax")],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_names_keep_their_final_s() -> None:
    assert "james" in keys("Director James Wan spoke in Paris")
    assert "pari" not in keys("Director James Wan spoke in Paris")


# -- folding -----------------------------------------------------------------------------------
CORPUS = [
    "President Macron defended the pension reform. Macron said pension reform was needed. "
    "Unions oppose the pension reforms and Macron.",
    "The maple syrup harvest in Quebec was poor. Maple syrup prices rose.",
    "Senate Republicans blocked the budget bill in the Senate.",
]


def test_plural_and_singular_are_one_keyphrase() -> None:
    ex = KeyphraseExtractor().fit(CORPUS)
    terms = [t.lower() for t in ex.extract(CORPUS[0], 10)]
    assert sum(t in ("pension reform", "pension reforms") for t in terms) == 1


def test_name_inside_longer_name_is_folded() -> None:
    ex = KeyphraseExtractor().fit(CORPUS)
    terms = ex.extract(CORPUS[0], 10)
    assert sum(t in ("Macron", "President Macron") for t in terms) == 1
    assert "Macron" in terms or "President Macron" in terms


def test_no_fold_keeps_both() -> None:
    ex = KeyphraseExtractor(fold=False).fit(CORPUS)
    terms = ex.extract(CORPUS[0], 40)
    assert "Macron" in terms and "President Macron" in terms


def test_names_keep_capitals_and_words_are_lowercased() -> None:
    ex = KeyphraseExtractor().fit(CORPUS)
    terms = ex.extract(CORPUS[1], 10)
    assert "Quebec" in terms
    assert all(t == t.lower() for t in terms if "syrup" in t)


def test_corpus_rarity_lifts_a_term() -> None:
    docs = ["budget vote budget vote senate", "budget debate", "budget cuts", "budget talks"]
    ex = KeyphraseExtractor().fit(docs)
    assert ex.extract(docs[0], 1) != ["budget"]


# -- stopwords ---------------------------------------------------------------------------------
def test_user_stopword_changes_extraction() -> None:
    plain = KeyphraseExtractor().fit(CORPUS).extract(CORPUS[1], 10)
    edited = KeyphraseExtractor(stopwords=["maple"]).fit(CORPUS).extract(CORPUS[1], 10)
    assert any("maple" in t.lower() for t in plain)
    assert not any("maple" in t.lower() for t in edited)
    assert "syrup" in edited or "syrup harvest" in edited


def test_stopword_files_exist_and_load() -> None:
    assert {"en", "de", "fr", "es"} <= set(available_languages())
    assert {"the", "said"} <= EN
    assert "interest" not in EN          # a content noun scikit-learn's list would drop
    assert stopword_set(["en"], ["Foo "]) >= {"foo", "the"}
    with pytest.raises(ValueError, match="xx"):
        load_stopwords("xx")


@pytest.mark.parametrize(
    ("typed", "entries"),
    [("said, people", ("said", "people")),
     (" Prime  Minister ;said\nSAID,, ", ("prime minister", "said")),
     ("", ()), (" , ;", ())],
)
def test_a_typed_list_reads_as_entries(typed: str, entries: tuple[str, ...]) -> None:
    assert stoplist.parse_stoplist(typed) == entries
    assert stoplist.parse_stoplist(None) == ()


@pytest.mark.parametrize(
    ("term", "entries", "left_out"),
    [("heavy rain", ("rain",), True),
     ("train", ("rain",), False),            # whole words only
     ("Rain's end", ("rain",), True),        # a possessive is the word
     ("Prime Minister Holt", ("prime minister",), True),
     ("Minister Holt", ("prime minister",), False),  # a phrase needs all its words, in order
     ("minister prime", ("prime minister",), False),
     ("Ramaswamy-Holt", ("holt",), True),
     ("Ramaswamy-Holt", ("ramaswamy-holt",), True),
     ("Šimonytė", ("šimonytė",), True),
     ("ŠIMONYTĖ talks", ("šimonytė",), True),   # any case, beyond ASCII
     ("c++ code", ("c++",), True),            # typed marks are text, not a pattern
     ("far-right voters", ("far right",), True),   # a compound's hyphen is a space
     ("far right", ("far-right",), True),
     ("İstanbul", ("İstanbul",), True),
     ("STRASSE", ("straße",), True),           # case-folded, not just lower case
     ("budget", (), False)],
)
def test_left_out_terms_contain_an_entry_as_whole_words(term: str, entries: tuple[str, ...],
                                                        left_out: bool) -> None:
    assert bool(stoplist.hidden([term], entries)[0]) is left_out
    counts = pd.Series({term: 3, "other": 1})
    assert (term in stoplist.without(counts, entries)) is not left_out


def test_article_keyphrases_keep_a_compounds_hyphen_and_fold_its_words() -> None:
    docs = ["New short-term holiday lets. Short-term holiday lets. Far-right voters.",
            "Budget talks.", "Rain today."]
    terms = [k.term for k in KeyphraseExtractor().fit(docs).scored(docs[0])]
    # Spelled with its hyphen, whichever of the compound's phrases ranks first.
    assert any(t.startswith("short-term") for t in terms)
    assert not any(t.startswith("short term") for t in terms)
    assert not any(t.startswith("-") or "\x02" in t for t in terms)
    lo = pd.DataFrame({"term": ["far-right", "far", "right", "voters"],
                       "count_a": [3, 3, 3, 1]})
    assert fold_counts(lo)["term"].tolist() == ["far-right", "voters"]
    spelled = one_spelling(np.array(["far-right", "far right", "Far-right", "far-right"],
                                    dtype=object))
    assert set(spelled) == {"far-right"}


@pytest.mark.parametrize(("surface", "capital", "lower", "shown"),
                         [("Trump", 3, 0, "Trump"),      # paragraph openers say nothing
                          ("Prices", 0, 0, "prices"),    # met only opening sentences
                          ("Minister", 1, 1, "minister"),
                          ("Minister", 2, 1, "Minister")])
def test_a_term_is_a_name_when_written_capitalised_more_than_in_lower_case(
        surface: str, capital: int, lower: int, shown: str) -> None:
    from lib.keyphrases import display

    assert display(surface, capital, lower) == shown


def test_a_name_mostly_opening_paragraphs_or_after_mr_stays_a_name() -> None:
    docs = ["Putin said no.\nPutin left.\nMr. Putin met officials. Officials spoke.",
            "Budget talks.", "Rain today."]
    terms = [k.term for k in KeyphraseExtractor().fit(docs).scored(docs[0])]
    assert "Putin" in terms and "putin" not in terms
    assert "officials" in terms


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Der Bundestag hat am Montag über die Reform der Rente abgestimmt, sagte er.", "de"),
     ("Le gouvernement a présenté une réforme des retraites qui sera votée par les députés.",
      "fr"),
     ("The government presented a pension reform that will be voted on by parliament.", "en"),
     ("Hi", "en")],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang


def test_other_language_stopwords_apply_only_to_that_language() -> None:
    ex = KeyphraseExtractor().fit(["Die Regierung und die Opposition streiten über die Rente."])
    de = [t.lower() for t in ex.extract("Die Regierung und die Opposition streiten.", 10)]
    assert "die" not in de and "und" not in de
    # "car" is a French stopword but an English noun.
    assert "car" in [t.lower() for t in ex.extract("The car industry sold a car.", 10)]


# -- log-odds ----------------------------------------------------------------------------------
def hand_z(ya: float, yb: float, aw: float, na: float, nb: float, a0: float) -> float:
    delta = math.log((ya + aw) / (na + a0 - ya - aw)) - math.log((yb + aw) / (nb + a0 - yb - aw))
    return delta / math.sqrt(1 / (ya + aw) + 1 / (yb + aw))


def test_log_odds_matches_hand_computation_with_pooled_prior() -> None:
    a = pd.Series({"tax": 3, "war": 1})
    b = pd.Series({"tax": 1, "war": 3, "rain": 2})
    out = log_odds(a, b).set_index("term")
    # pooled prior: tax 4, war 4, rain 2; n_a 4, n_b 6, alpha_0 10
    assert out.loc["tax", "z"] == pytest.approx(hand_z(3, 1, 4, 4, 6, 10))
    assert out.loc["war", "z"] == pytest.approx(hand_z(1, 3, 4, 4, 6, 10))
    assert out.loc["rain", "z"] == pytest.approx(hand_z(0, 2, 2, 4, 6, 10))
    assert out.loc["tax", "z"] > 0 > out.loc["war", "z"]
    assert list(log_odds(a, b)["term"]) == ["tax", "war", "rain"] or \
        list(log_odds(a, b)["term"])[0] == "tax"
    assert out.loc["tax", "count_a"] == 3 and out.loc["rain", "count_a"] == 0


def test_log_odds_explicit_prior_and_symmetry() -> None:
    a = pd.Series({"x": 5, "y": 1})
    b = pd.Series({"x": 1, "y": 5})
    prior = pd.Series({"x": 10, "y": 10, "z": 80})
    ab = log_odds(a, b, prior).set_index("term")
    ba = log_odds(b, a, prior).set_index("term")
    assert ab.loc["x", "z"] == pytest.approx(hand_z(5, 1, 10, 6, 6, 100))
    assert ab.loc["x", "z"] == pytest.approx(-ba.loc["x", "z"])
    assert ab.loc["z", "z"] == pytest.approx(0.0)
    # A weaker prior lets the same counts speak louder.
    weak = log_odds(a, b, prior / 10).set_index("term")
    assert weak.loc["x", "z"] > ab.loc["x", "z"]


def test_log_odds_frequent_beats_rare_at_equal_ratio() -> None:
    a = pd.Series({"often": 30, "rare": 3, "x": 20})
    b = pd.Series({"often": 10, "rare": 1, "x": 60})
    out = log_odds(a, b)
    assert list(out["term"][:2]) == ["often", "rare"]


# -- tables and queries ------------------------------------------------------------------------
ARTICLES = pd.DataFrame({
    "article_id": [f"a{i}" for i in range(8)],
    "title": ["Maple syrup harvest", "Syrup prices", "Maple farmers", "Quebec maple syrup",
              "Senate budget", "Budget vote", "Senate Republicans", "Budget deal"],
    "text": [
        "The maple syrup harvest in Quebec was poor, farmers said.",
        "Maple syrup prices rose after a poor harvest in Quebec.",
        "Maple farmers in Quebec fear a second poor syrup harvest.",
        "Quebec maple syrup reserves are low after the harvest.",
        "The Senate budget vote was delayed as Republicans objected.",
        "Senate Republicans blocked the budget vote on Tuesday.",
        "Republicans in the Senate want budget cuts before the vote.",
        "A budget deal in the Senate ended the standoff with Republicans.",
    ],
    "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10",
                            "2024-01-07", "2024-01-25", "2024-02-11", None]),
    "lang": ["en"] * 8,
})
QUOTES = pd.DataFrame({
    "quote_id": ["a0:1", "a1:1", "a4:1", "a5:1", "a6:1"],
    "article_id": ["a0", "a1", "a4", "a5", "a6"],
    "text": ["The harvest was poor and syrup prices will rise.",
             "Our syrup harvest failed again.",
             "This budget vote is a disgrace to the Senate.",
             "The budget cuts are necessary.",
             "We will not vote for a budget without cuts."],
    "speaker": ["Farmer", "Farmer", "Senator", "Senator", "Senator"],
})


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build_keyword_tables(ARTICLES, QUOTES, n_topics=2)


def test_build_tables_schema(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables) == {"article_terms", "quote_terms", "topics", "article_topics"}
    at = tables["article_terms"]
    assert list(at.columns) == ["article_id", "term", "weight"]
    assert str(at["weight"].dtype) == "float64"
    assert at.groupby("article_id").size().max() <= ARTICLE_TERMS
    assert set(at["article_id"]) == set(ARTICLES["article_id"])
    assert ((at["weight"] > 0) & (at["weight"] <= 1)).all()
    qt = tables["quote_terms"]
    assert list(qt.columns) == ["quote_id", "term", "count"]
    assert str(qt["count"].dtype) == "int64" and (qt["count"] >= 1).all()
    assert set(qt["quote_id"]) <= set(QUOTES["quote_id"])
    assert list(tables["topics"].columns) == ["topic", "label", "terms"]
    assert list(tables["article_topics"].columns) == ["article_id", "topic", "weight"]


def test_title_counts_as_the_lead(tables: dict[str, pd.DataFrame]) -> None:
    at = tables["article_terms"]
    first = at[at["article_id"] == "a6"].sort_values("weight", ascending=False)["term"].head(3)
    assert any("Republicans" in t or "Senate" in t for t in first)


def test_top_terms_of_a_filtered_set(tables: dict[str, pd.DataFrame]) -> None:
    maple = top_terms(tables["article_terms"], ["a0", "a1", "a2", "a3"], n=5)
    assert list(maple.columns) == ["term", "score", "articles"]
    # "Quebec" leads: four of the maple articles name it, one in lower case ("quebec")
    # "maple" and "syrup" never stand between function words here ("maple syrup harvest"),
    # so the three-word phrase, not the word, carries them (bound_weight)
    assert any("syrup" in t or "maple" in t.lower() for t in maple["term"])
    assert not any("Senate" in t for t in maple["term"])
    assert maple["score"].is_monotonic_decreasing
    everything = top_terms(tables["article_terms"], None, n=100)
    assert len(everything) > len(maple)
    assert top_terms(tables["article_terms"], [], n=5).empty


def test_a_term_is_spelled_one_way_across_the_corpus() -> None:
    """An article spells a keyphrase as it mostly writes it: a title in capitals in one, a
    headline in block letters in another. The corpus keeps the spelling most articles use, so
    one term is one row, one filter option and one topic term."""
    spelled = one_spelling(np.array(["Minister", "minister", "Minister", "GREYHAVEN",
                                     "Greyhaven", "Greyhaven", "harbour", "Harbour"], dtype=object))
    assert list(spelled) == ["Minister"] * 3 + ["Greyhaven"] * 3 + ["harbour"] * 2
    assert len(one_spelling(np.array([], dtype=object))) == 0
    # a missing term (a damaged table) stays missing and moves nothing else
    assert list(one_spelling(np.array(["A", None, "a"], dtype=object))) == ["A", None, "A"]
    articles = pd.DataFrame({
        "article_id": ["m0", "m1", "m2"],
        "title": ["Resignation", "Budget", "Questions"],
        # the cue is a mid-sentence capital: a sentence's first word tells nothing
        "text": ["On Monday the Minister resigned. Aides said the Minister had lost the vote.",
                 "The budget failed. Aides said the minister resigned and the minister left.",
                 "Reporters asked the Minister questions. Critics said the Minister ignored it."],
    })
    terms = build_keyword_tables(articles, QUOTES.iloc[:0], n_topics=2)["article_terms"]
    minister = [t for t in terms["term"] if t.lower() == "minister"]
    assert minister == ["Minister"] * 3  # two articles write it so, one "minister"
    top = top_terms(terms, None, n=50)
    assert top["term"].str.lower().is_unique


def test_two_speakers_compared_fold_each_side() -> None:
    """Each side of the comparison lists a word only where that side says it outside its longer
    listed phrase: "departments" goes under "emergency departments", "grid" under "power grid";
    "health", said on its own, stays."""
    a = pd.Series({"emergency departments": 9, "departments": 9, "health": 5})
    b = pd.Series({"power grid": 8, "grid": 8, "prices": 6})
    plain = log_odds(a, b)
    assert {"departments", "grid"} <= set(plain["term"])  # what the chart showed before
    scored = compare(a, b, n=12)
    terms = list(scored["term"])
    assert "emergency departments" in terms and "departments" not in terms
    assert "power grid" in terms and "grid" not in terms
    assert "health" in terms and "prices" in terms
    assert scored["z"].is_monotonic_decreasing
    assert (scored["z"] > 0).sum() == 2 and (scored["z"] < 0).sum() == 2
    assert len(compare(a, b, n=1)) == 2  # n a side
    # ties go by term on both sides, as the chart orders them
    tied_a = pd.Series({f"a{i:02d}": 2 for i in range(30)})
    tied_b = pd.Series({f"b{i:02d}": 2 for i in range(30)})
    assert list(compare(tied_a, tied_b, n=3)["term"]) == ["a00", "a01", "a02",
                                                           "b00", "b01", "b02"]


def test_top_terms_user_stopwords(tables: dict[str, pd.DataFrame]) -> None:
    before = top_terms(tables["article_terms"], None, n=10)
    after = top_terms(tables["article_terms"], None, n=10, stopwords=["Senate", "budget"])
    assert any("senate" in t.lower() or "budget" in t.lower() for t in before["term"])
    assert not any("senate" in t.lower().split() or "budget" in t.lower().split()
                   for t in after["term"])
    assert list(before["term"]) != list(after["term"])


def test_speaker_terms_finds_what_sets_a_speaker_apart(tables: dict[str, pd.DataFrame]) -> None:
    farmer = speaker_terms(tables["quote_terms"], ["a0:1", "a1:1"], n=5)
    senator = speaker_terms(tables["quote_terms"], ["a4:1", "a5:1", "a6:1"], n=5)
    assert list(farmer.columns) == ["term", "z", "count", "quotes"]
    assert farmer["term"].iloc[0] in ("syrup harvest", "harvest", "syrup")
    assert senator["term"].iloc[0] in ("budget", "cut", "cuts", "vote")
    assert (farmer["z"] > 0).all() and farmer["z"].is_monotonic_decreasing
    assert speaker_terms(tables["quote_terms"], ["nope"], n=5).empty
    muted = speaker_terms(tables["quote_terms"], ["a4:1", "a5:1", "a6:1"], 5, ["budget"])
    assert "budget" not in set(muted["term"])


def test_speaker_terms_fold_words_said_only_inside_a_phrase() -> None:
    rows = [(f"q{i}", term, 1) for i in range(3) for term in ("price cap", "price", "cap")]
    rows += [("q3", "price", 1), ("q4", "weather", 2), ("q5", "weather", 1), ("q0", "energy", 1)]
    qt = pd.DataFrame(rows, columns=["quote_id", "term", "count"])
    got = list(speaker_terms(qt, ["q0", "q1", "q2", "q3"], n=5)["term"])
    # "cap" is only ever said inside "price cap"; "price" also stands alone in q3, so it stays.
    assert "price cap" in got and "cap" not in got and "price" in got


def test_empty_and_odd_inputs_degrade() -> None:
    odd = pd.DataFrame({"article_id": ["x", "y"], "text": [None, "   "], "title": [None, ""],
                        "date": [pd.NaT, pd.NaT]})
    none = pd.DataFrame({"quote_id": pd.Series(dtype=str), "article_id": pd.Series(dtype=str),
                         "text": pd.Series(dtype=str), "speaker": pd.Series(dtype=str)})
    out = build_keyword_tables(odd, none)
    assert all(frame.empty for frame in out.values())
    assert top_terms(out["article_terms"]).empty


# -- any text ----------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises(text: str) -> None:
    ex = KeyphraseExtractor().fit([text, "a plain sentence about taxes"])
    got = ex.extract(text, 5)
    assert len(got) <= 5
    assert len({t.lower() for t in got}) == len(got)
    occurrences = candidates(text, EN)
    words = len(text.split()) + text.count("-") + sum(not c.isalnum() for c in text)
    for key, surface, position, n, _cap in occurrences:
        assert 0 <= position <= words
        assert 1 <= n <= 3 and len(key.split()) == n
        assert all(w in text for w in surface.split())


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Cd's-,.\n9é")), max_size=80),
       st.integers(1, 4))
def test_keys_only_pass_matches_candidates(text: str, max_words: int) -> None:
    assert candidate_keys(text, EN, max_words) == {o[0] for o in candidates(text, EN, max_words)}


def test_speaker_terms_with_stored_totals_equals_computing_them() -> None:
    from lib import keywords

    qt = pd.DataFrame({"quote_id": ["q1", "q1", "q2", "q3", "q3"],
                       "term": ["tax", "budget", "tax", "housing", "rent"],
                       "count": [3, 1, 1, 2, 2]})
    plain = keywords.speaker_terms(qt, ["q1"], n=5)
    stored = keywords.speaker_terms(qt, ["q1"], n=5, totals=keywords.term_totals(qt))
    pd.testing.assert_frame_equal(plain, stored)
    assert plain["term"].iloc[0] in {"tax", "budget"}


def test_quote_terms_spell_a_term_one_way_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Batches of 20 quotes (BATCH=1): the spelling must still be chosen over the whole corpus.
    import lib.keywords as kw
    monkeypatch.setattr(kw, "BATCH", 1)
    texts = (["Our Ostrava plant and the budget talks.", "We met at the Budget Office."]
             + ["The budget talks went on."] * 40 + ["Workers in OSTRAVA will strike."]
             + ["Workers in Ostrava will strike."] * 2)
    quotes = pd.DataFrame({"quote_id": [f"q{i}" for i in range(len(texts))],
                           "article_id": ["a0"] * len(texts), "text": texts})
    qt = kw.build_keyword_tables(ARTICLES.head(3), quotes, n_topics=2)["quote_terms"]
    spellings = qt.groupby(qt["term"].str.lower())["term"].unique()
    assert (spellings.map(len) == 1).all()
    # Mostly lowercase uses: a word; always capitalised: a name, as first written.
    assert set(qt["term"]) >= {"budget", "budget talks", "Ostrava"}
    assert qt.loc[qt["term"] == "budget", "count"].sum() == 42
    assert qt.loc[qt["term"] == "Ostrava", "quote_id"].tolist() == ["q0", "q42", "q43", "q44"]


# -- parts counted apart (per-article step in other processes) merge to the same tables -------
def _parts_tables(runs: list[tuple[int, int]], warm: str = "") -> dict[str, pd.DataFrame]:
    """Tables from per-run parts, each run counted by its own extractor (as a worker would),
    optionally after that extractor met other words first."""
    from lib import keywords as kw

    parts = []
    for lo, hi in runs:
        ex = KeyphraseExtractor()
        if warm:
            ex.candidates([warm], [None])   # a different vocabulary history
        arts = ARTICLES.iloc[lo:hi]
        qs = QUOTES[QUOTES["article_id"].isin(arts["article_id"])]
        rows = arts["article_id"].tolist()
        parts.append(kw.keyword_parts(arts, qs["text"].tolist(),
                                      [rows.index(a) for a in qs["article_id"]], ex))
    return kw.tables_from_parts(ARTICLES["article_id"].tolist(), QUOTES["quote_id"].tolist(),
                                parts, n_topics=2)


@pytest.mark.parametrize("runs", [[(0, 8)], [(0, 3), (3, 8)], [(0, 1), (1, 2), (2, 5), (5, 8)]])
@pytest.mark.parametrize("warm", ["", "Zebra crossings and budget deals in Ottawa, Tuesday."])
def test_parts_counted_apart_give_the_one_pass_tables(
    tables: dict[str, pd.DataFrame], runs: list[tuple[int, int]], warm: str
) -> None:
    merged = _parts_tables(runs, warm)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, merged[name], obj=name)


def test_candidate_hashes_do_not_depend_on_what_the_extractor_saw_before() -> None:
    fresh, seasoned = KeyphraseExtractor(), KeyphraseExtractor()
    seasoned.candidates(["Pension reform protests in Lyon and Paris."], [None])
    text = ["The pension reform bill passed."]
    a, b = fresh.candidates(text, [None]), seasoned.candidates(text, [None])
    assert a.h.tolist() == b.h.tolist() and len(a.h) >= 4
    assert a.owner.tolist() == b.owner.tolist() and a.sub.tolist() == b.sub.tolist()


def _score_ratio(docs: list[str], weight: float) -> dict[str, float]:
    """Each term's score with the stopword-bound weight over its score without it."""
    def scores(w: float) -> dict[str, float]:
        ex = KeyphraseExtractor()
        ex.bound_weight = w
        return {k.term: k.score for k in ex.fit(docs).scored(docs[0], 20)}
    on, off = scores(weight), scores(0.0)
    return {t: on[t] / off[t] for t in on if t in off}


def test_a_word_between_function_words_outweighs_one_inside_a_run() -> None:
    # Readers pick "spoke" (They _ of) as a keyphrase of its own, "tolls" (bridge _ and) as part
    # of "bridge tolls": a side next to a stopword counts, a content word or a full stop does not.
    ratio = _score_ratio(["They spoke of bridge tolls and of the merger.", "Other text here today.",
                          "More other words."], 0.8)
    assert ratio["spoke"] == pytest.approx(1.0)           # both sides
    assert ratio["tolls"] == pytest.approx(0.2 + 0.8 / 2)  # one side of two
    assert ratio["merger"] == pytest.approx(0.2 + 0.8 / 2)  # "the", then a full stop
    assert ratio["bridge"] == pytest.approx(0.2 + 0.8 / 2)


def test_a_datelines_place_counts_as_bound_on_both_sides() -> None:
    # The place opening a wire story (its text, or the line after its headline) before a
    # parenthesis, comma or dash is the story's place for its readers: its sides count as bound.
    ex = KeyphraseExtractor()
    texts = ["Strike ends\nLOS ANGELES, April 2 (Reuters) - The strike ended in LOS ANGELES.",
             "BOSTON (AP) - Port strike.", "NATO said so\nNATO (the alliance) met.",
             "Headline\n\nPARIS — Talks.", "Headline\nFine\nROME - Talks.", "BERLIN talks."]
    c = ex.candidates(texts, [None] * len(texts))
    bound = {(int(d), kp.spell(c, i)): int(b)
             for i, (d, b) in enumerate(zip(c.doc, c.bound, strict=True))}
    assert bound[0, "LOS ANGELES"] == 2 + 1     # the dateline's two sides, then "in" only
    assert bound[0, "ANGELES"] == 0             # a word of the place alone: no credit
    assert bound[1, "BOSTON"] == 2              # a text with no headline opens with it
    assert bound[2, "NATO"] == 1 + 2            # the headline's (before "said"), the dateline's
    assert bound[3, "PARIS"] == 2               # blank lines after the headline
    assert bound[4, "ROME"] == 0                # the third line opens no story
    assert bound[5, "BERLIN"] == 0              # no dateline mark after it


def test_a_compounds_part_alone_gets_no_credit_from_its_sides() -> None:
    # "short" of "A short-term plan" stands after "A", but only as part of the compound
    ratio = _score_ratio(["A short-term plan for the term.", "Other text here today.",
                          "More other words."], 0.8)
    assert ratio["short"] == pytest.approx(0.2)
    # "term" once inside the compound, once after "the" (and before a full stop): 1 side of 4
    assert ratio["term"] == pytest.approx(0.2 + 0.8 / 4)
