from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.speaker_text import clean_role, find_runs, quoted_regions, stretch_words, stretches


@pytest.mark.parametrize(
    "text, runs",
    [
        ("Sen. Lindsey Graham spoke.", ["Sen. Lindsey Graham"]),
        ("The Ministry of Defence said", ["Ministry", "Defence"]),
        ("Bill de Blasio left", ["Bill de Blasio"]),
        # a possessive ends the name; a full stop ends the run
        ("Trump's aide met Obama. Then", ["Trump", "Obama"]),
        # a sentence opener glued to a name drops; a known first name does not
        ("He left. Despite Santilli said no.", ["Santilli"]),
        ("He left. Theresa May said no.", ["Theresa May"]),
        # mid-word capitals and "-area" words are no names
        (
            "iPhone de Souza met E3G Smith in Los Angeles-area towns.",
            ["Souza", "E", "Smith", "Los"],
        ),
    ],
)
def test_find_runs(text: str, runs: list[str]) -> None:
    assert [r.text for r in find_runs(text)] == runs


def test_find_runs_in_a_slice_uses_the_context() -> None:
    text = "He left. Despite Santilli said no."
    at = text.index("Despite")
    sub = text[at : at + len("Despite Santilli")]
    assert [(r.start, r.text) for r in find_runs(sub, at, text)] == [(at + 8, "Santilli")]
    assert [r.text for r in find_runs(sub)] == ["Santilli"]  # a slice opens its own text
    inside = "odd that Despite Santilli"
    assert [r.text for r in find_runs(inside[9:], 9, inside)] == ["Despite Santilli"]


def test_quoted_regions() -> None:
    text = 'A "b c" d.\nopen “e f\n g” h'
    assert [text[a:b] for a, b in quoted_regions(text)] == ['"b c', "“e f", " g"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("AaBbÉé .'’-3\n\"“”\u00a0Mr.Sen de"), max_size=80))
def test_runs_match_their_offsets(text: str) -> None:
    for run in find_runs(text):
        assert 0 <= run.start < run.end <= len(text)
        assert text[run.start : run.end] == run.text
        assert run.text.split() == list(run.tokens)


@pytest.mark.parametrize(
    "role, cleaned",
    [
        ("Mr.", None),
        ("Ms. Minister of Energy", "Minister of Energy"),
        # a gendered title that governs of/for is the role itself, not a courtesy title
        ("spokeswoman for the Ministry of Fisheries", "spokeswoman for the Ministry of Fisheries"),
        # the end of a quote is not the start of a title
        ("service,” Dr.", "Dr."),
        ('said." Minister of Finance', "Minister of Finance"),
        ("service,' Dr.", "Dr."),
        # a mark that ends the role, or a quoted title inside it, stays
        ('former president,"', "former president"),
        ("author of “Why Nations Fail,” professor", "author of “Why Nations Fail,” professor"),
        # a relative clause or the attribution's verb ends a role; a clause is none
        ("Miami lawyer, who has been involved in it", "Miami lawyer"),
        ("communications director for the party said in a statement",
         "communications director for the party"),
        ("the vaccination campaign would be extended to schools", None),
        ("Will of the People leader", "Will of the People leader"),
    ],
)
def test_clean_role(role: str, cleaned: str | None) -> None:
    assert clean_role(role) == cleaned


def test_role_does_not_reach_back_into_the_quote() -> None:
    from lib.quotes import extract_quotes

    text = '"Passengers deserve a reliable service,” Dr. Ada Oduya said on Monday.'
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Ada Oduya"
    assert quote.speaker_role in (None, "Dr.")


@given(st.text(alphabet=st.sampled_from("AaBbÉéİ .'’-&3\n\"“\u00a0MrSen de van la"), max_size=80))
@settings(max_examples=300)
def test_stretch_words_find_each_stretch_where_it_matched(text: str) -> None:
    # `Article`'s scan takes each stretch's offset from str.find after the one before
    found, end = [], 0
    for word in stretch_words(text):
        s = text.find(word, end)
        end = s + len(word)
        found.append((s, end))
    assert found == [m.span() for m in stretches(text)]


@given(st.lists(st.sampled_from(["Ann", "ann", "de", "della", "del", "la", "Le", "van", "St.",
                                 "O'Brien", "É", "éx", "Mc-Do", "dos", "3", ",", "A.", "-", "&"]),
                max_size=12),
       st.lists(st.sampled_from([" ", "\u00a0", "  ", ""]), min_size=12, max_size=12))
@settings(max_examples=300)
def test_stretch_pattern_matches_as_its_plain_form(words: list[str], gaps: list[str]) -> None:
    # possessive repeats and particles grouped by letter: the same stretches as the plain pattern
    import re

    from lib.names import PARTICLES
    from lib.speaker_text import _CAP_TOKEN, _STRETCH

    particle = "|".join(sorted(PARTICLES, key=len, reverse=True))
    plain = rf"{_CAP_TOKEN}(?:[ \u00a0](?:(?:{particle})[ \u00a0])*{_CAP_TOKEN})*"
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert [m.span() for m in _STRETCH.finditer(text)] == \
        [m.span() for m in re.finditer(plain, text)]
