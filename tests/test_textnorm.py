"""Tests for lib.textnorm: the shared sentence checks, each normalisation step on tiny texts,
and "any text" properties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.textnorm import abbreviations, normalise, sentence_openers, split_sentences

CHECKS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "readability" / "checks.json"
)


def _sentence_cases() -> list[Any]:
    if not CHECKS.exists():
        return [None]  # fails loudly in the test rather than skipping
    return list(json.loads(CHECKS.read_text(encoding="utf-8"))["sentence_cases"])


@pytest.mark.parametrize("case", _sentence_cases(), ids=lambda c: c["name"] if c else "missing")
def test_shared_sentence_counts(case: dict[str, Any] | None) -> None:
    assert case is not None, f"shared checks missing: {CHECKS}"
    assert len(split_sentences(case["text"])) == case["sentences"], split_sentences(case["text"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Macron (French President Emmanuel Macron - ed.) said no.", "Macron said no."),
        ("He was [sic] late.", "He was late."),
        ("“Yes,” she said.", "Yes, she said."),
        ('He said,"No way."', "He said, No way."),
        ("«Non», a-t-il dit.", "Non, a-t-il dit."),
        ("The players’ union won’t sign.", "The players union won't sign."),
        ("The bill—which passed—failed.", "The bill — which passed — failed."),
        ("From 2019–2021 it grew.", "From 2019-2021 it grew."),
        ("Wait. . . then go.", "Wait… then go."),
        ("The plan failed.The vote was lost.", "The plan failed. The vote was lost."),
        ("a\u00a0b\u200bc", "a bc."),  # a last line without a stop ends too
        ("Headline here\nBody text starts.", "Headline here.\nBody text starts."),
        ("One.\n\n\n\nTwo.", "One.\n\nTwo."),
        ("It went on and\non for ages.", "It went on and on for ages."),
        ("He said:\n\nWe go.", "He said:\n\nWe go."),
        # spaces around a dash or before an insertion are eaten, however many
        ("Voters  —  angry — left.", "Voters — angry — left."),
        ("The bill -- which failed -- is back.", "The bill — which failed — is back."),
        ("Pay rose 3–4 per cent – again.", "Pay rose 3-4 per cent — again."),
        ("He (Macron - ed.) spoke [sic] well.", "He spoke well."),
        ("x\u00a0 — \ny", "x — y."),
        ("‘Fine’, he said, ’twas ok.", "Fine, he said, twas ok."),
    ],
)
def test_normalise_steps(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Sen. Ana Ruiz spoke first. Then she left.",
            ["Sen. Ana Ruiz spoke first.", "Then she left."],
        ),
        ("It rose 2.5 percent. Good.", ["It rose 2.5 percent.", "Good."]),
        ("George W. Bush spoke. He left.", ["George W. Bush spoke.", "He left."]),
        ("We need Plan B. The rest failed.", ["We need Plan B.", "The rest failed."]),
        ("He works at Acme Inc. in Ohio.", ["He works at Acme Inc. in Ohio."]),
        ("Sales at Acme Inc. The firm grew.", ["Sales at Acme Inc.", "The firm grew."]),
        ("See No. 5 on the list.", ["See No. 5 on the list."]),
        ("Why? Because. Fine!", ["Why?", "Because.", "Fine!"]),
        ("1. First point here.\n2. Second one.", ["1. First point here.", "2. Second one."]),
        ("He left (for good.) She stayed.", ["He left (for good.)", "She stayed."]),
        (
            "“Why now?” Jones asked reporters. Nobody knew.",
            ["Why now? Jones asked reporters.", "Nobody knew."],
        ),
        ("Why? He said the money ran out in May.", ["Why?", "He said the money ran out in May."]),
        ("It ends at 5 p.m. Police will close it.", ["It ends at 5 p.m.", "Police will close it."]),
        ("He woke at 6 a.m. EST and left.", ["He woke at 6 a.m. EST and left."]),
        ("", []),
        ("— …", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_word_lists_load_from_data_files() -> None:
    assert abbreviations()["dr."] == "prefix"
    assert abbreviations()["u.s."] == "any"
    assert "the" in sentence_openers()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_splits_into_pieces_of_the_normalised_text(text: str) -> None:
    clean = normalise(text)
    for sentence in split_sentences(text):
        assert sentence and sentence == sentence.strip()
        assert sentence in clean


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!…\n\"“”'’—()[]-ed")), max_size=60))
def test_punctuation_soup_never_raises(text: str) -> None:
    assert isinstance(split_sentences(text), list)
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize("text", ["—? ?", "a —? ?", "Really ?!", "['…)", "[\n..", "..’."])
def test_normalise_is_idempotent_around_dashes_and_punctuation_runs(text: str) -> None:
    # each found by hypothesis: a second pass changed what the first one left
    assert normalise(normalise(text)) == normalise(text)
