"""lib.attribution and lib.mentions: cues next to a quote and the mention they point to."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.attribution import (
    _first_from,
    cue_after,
    cue_before,
    find_cues,
    first_cue,
    sentence_end,
    sentence_start,
)
from lib.mentions import (
    TOKEN,
    _start_back,
    _start_fwd,
    lexicon,
    np_after,
    np_before,
    sentence_subject,
)


def mention(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Sen. Lindsey Graham", "Sen. Lindsey Graham"),
        ("the spokeswoman", "the spokeswoman"),
        ("a spokesman for the campaign", "a spokesman for the campaign"),
        ("Smith, a spokesman for the campaign,", "Smith"),
        ("Gov. Mary Fallin (R-OK)", "Gov. Mary Fallin"),
        ("he also", "he"),
        ("Gowdy’s office", "Gowdy’s office"),
        ("officials", "officials"),
        ("in 2012", None),
    ],
)
def test_np_before_a_cue(before: str, expected: str | None) -> None:
    text = before + " said"
    assert mention(text, np_before(text, 0, len(before) + 1)) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("Sen. Lindsey Graham, R-S.C.", "Sen. Lindsey Graham"),
        ("former Sen. Evan Bayh", "Sen. Evan Bayh"),
        ("the Prime Minister of Lithuania Ingrid Vaitkute in a call", "the Prime Minister of "
         "Lithuania Ingrid Vaitkute"),
        ("she", "she"),
        ("in 2012 that", None),
    ],
)
def test_np_after_an_inverted_cue(after: str, expected: str | None) -> None:
    assert mention(after, np_after(after, 0, len(after))) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On Monday, Eric Vance knocked the plan", "Eric Vance"),
        ("And then Trump went on the attack", "Trump"),
        ("PORTLAND, Ore. - The county board voted", "The county board"),
        ("It is strange that nobody came", None),
        ("On Tuesday, even as shares were tumbling, Mr. Ackman wrote to investors", "Mr. Ackman"),
        ("In May, after months of talks, with no deal in sight, it ended", "it"),
        ("On Tuesday, shares fell", None),
    ],
)
def test_sentence_subject_skips_lead_ins(sentence: str, expected: str | None) -> None:
    assert mention(sentence, sentence_subject(sentence, 0, len(sentence))) == expected


def test_cue_after_prefers_the_report_credited_with_according_to() -> None:
    text = ', Walker said, according to an Associated Press account.'
    who = cue_after(text, 0, len(text))
    assert who is not None and who.cue == "according to"
    assert text[who.start : who.end].startswith("an Associated Press")


def test_cue_before_credits_the_outer_speaker() -> None:
    text = "Rubio said that over the last days he has begun "
    who = cue_before(text, 0, len(text))
    assert who is not None and text[who.start : who.end] == "Rubio"


def test_addressee_is_not_the_speaker() -> None:
    text = "Ackman wrote to investors, telling them that "
    who = cue_before(text, 0, len(text))
    assert who is not None and text[who.start : who.end] == "Ackman"


@pytest.mark.parametrize(
    ("text", "pos", "start"),
    [
        ("Mr. Smith arrived. He spoke.", 22, 19),
        ("Sen. Charles E. Grassley spoke at length.", 30, 0),
        ("He left. \"Why?\" she asked.", 12, 9),
    ],
    ids=["boundary", "initial-and-title", "boundary-before-a-quote"],
)
def test_sentence_bounds_know_abbreviations(text: str, pos: int, start: int) -> None:
    assert sentence_start(text, 0, pos) == start
    assert sentence_end(text, start, len(text)) > pos


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.integers(0, 120), st.integers(0, 120))
def test_any_window_gives_spans_inside_it(text: str, a: int, b: int) -> None:
    a, b = min(a, len(text)), min(max(a, b), len(text))
    for who in (cue_after(text, a, b), cue_before(text, a, b)):
        if who is not None:
            assert 0 <= who.start < who.end <= len(text)
    for span in (np_before(text, a, b), np_after(text, a, b), sentence_subject(text, a, b)):
        if span is not None:
            assert 0 <= span[0] < span[1] <= len(text)


_WORDY = st.lists(
    st.sampled_from(["Sen.", "R-S.C.", "de", "Blasio", "’s", "it's", "_", "__x", "a_", "(", ")",
                     ",", "—", "9.5", "1_000", "ß", "’", "'", " ", "  ", "\n", "said", "x"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_WORDY, st.integers(0, 200), st.integers(0, 200))
def test_word_offsets_found_from_strings_are_the_tokens_offsets(text: str, a: int, b: int) -> None:
    # The phrase finders read TOKEN.findall strings and find offsets only for the words they
    # return: both walks must give exactly the tokeniser's own offsets, at any window edge.
    a, b = min(a, len(text)), min(max(a, b), len(text))
    words = TOKEN.findall(text, a, b)
    starts = [m.start() for m in TOKEN.finditer(text, a, b)]
    assert [_start_fwd(text, a, words, k) for k in range(len(words))] == starts
    assert [_start_back(text, a, b, words, k) for k in range(len(words))] == starts


_LETTERS = st.lists(
    st.sampled_from(list("aAzZmé ßǅİ'’.-&_19\u00a0\n,") + ["van ", "de ", "Mc", "’s"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_LETTERS, st.integers(0, 60), st.integers(0, 80))
def test_fast_word_patterns_match_what_the_plain_classes_match(text: str, a: int, b: int) -> None:
    # TOKEN and the capitalised-stretch pattern read plain lower-case letters with `[a-z]*`
    # before the Unicode letter classes, for speed: they must find exactly the same spans.
    import re

    from lib import names, speaker_text

    plain_token = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[^\s\w]")
    assert [m.span() for m in TOKEN.finditer(text, a, b)] == \
        [m.span() for m in plain_token.finditer(text, a, b)]
    cap = rf"[{speaker_text._UPPER}][^\W\d_]*(?:[.'’\-&][^\W\d_]+)*\.?"
    particle = "|".join(sorted(names.PARTICLES, key=len, reverse=True))
    plain_stretch = re.compile(rf"{cap}(?:[ \u00a0](?:(?:{particle})[ \u00a0])*{cap})*")
    assert [m.span() for m in speaker_text.stretches(text)] == \
        [m.span() for m in plain_stretch.finditer(text)]


_PROSE = st.lists(
    st.sampled_from(["a", "B", " ", "  ", "\n", ".", "?", "!", "…", "''", "``", "“", "”", '"',
                     "'", "(", "U.S.", "Mr.", "E.", "9", "\u00a0", "said", "Sen. Graham"]),
    max_size=50,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_PROSE, st.integers(-2, 120), st.integers(-2, 120))
def test_sentence_edges_are_those_a_scan_of_the_window_finds(text: str, a: int, b: int) -> None:
    # sentence_start / sentence_end match the sentence-end pattern only at the text's marks,
    # found once a text: they must agree with scanning each window with the pattern itself.
    assert sentence_start(text, a, b) == start_by_scan_of(text, a, b)
    assert sentence_end(text, a, b) == end_by_scan_of(text, a, b)
    # and past the 600 characters a sentence may look back or on: the text repeated, with and
    # without sentences between
    for long in ((text + " Next one. ") * 40, text * 30):
        for pos in range(0, len(long), 97):
            assert sentence_start(long, 0, pos) == start_by_scan_of(long, 0, pos)
            assert sentence_end(long, pos, len(long)) == end_by_scan_of(long, pos, len(long))


def start_by_scan_of(text: str, lo: int, pos: int) -> int:
    from lib import attribution

    start = lo = max(lo, pos - 600)
    for m in attribution._SENT_END.finditer(text, lo, min(len(text), pos + 3)):
        if m.end() > pos:
            break
        if attribution._is_boundary(text, m.start(), m):
            start = m.end()
    return start


def end_by_scan_of(text: str, pos: int, hi: int) -> int:
    from lib import attribution

    hi = min(hi, pos + 600)
    for m in attribution._SENT_END.finditer(text, pos, min(len(text), hi + 3)):
        if m.start() >= hi:
            break
        if attribution._is_boundary(text, m.start(), m):
            return m.start() + 1
    return hi


_CUEY = st.lists(
    st.sampled_from(["said", "says", "told", "according to", "According to", "Stated", "saying",
                     "a dit", "a déclaré", "claims", "x", "é", "_", "9", " ", "\n", "“", "”", "(",
                     "-", "—", ",", ".", "'"]),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CUEY, st.integers(-2, 200), st.integers(-2, 200))
def test_cue_records_are_the_cue_patterns_matches(text: str, a: int, b: int) -> None:
    # find_cues and first_cue search with a pattern led by the character before the cue; they
    # must find exactly what the `\b`-led pattern finds, at any window edge.
    a, b = min(a, len(text) + 1), min(b, len(text) + 1)
    cue = lexicon().cue
    found = [(c.start, c.end, c.word) for c in find_cues(text, a, b)]
    assert found == [(m.start(), m.end(), m.group()) for m in cue.finditer(text, max(a, 0), b)]
    first = first_cue(text, a, b)
    m = cue.search(text, max(a, 0), b)
    assert (first and (first.start, first.end, first.word)) == (m and (m.start(), m.end(),
                                                                       m.group()))


_PHRASEY = st.lists(
    st.sampled_from(["Smith", "Sen.", "Lindsey", "Graham.", "Jo", "van", "der", "de", "the",
                     "a", "her", "his", "it", "he", "And", "On", "Monday", "Reached", "who",
                     "spokesman", "campaign", "for", "of", "also", "quickly", "Gowdy’s",
                     "Sky", "News's", "editor", "said", "PARIS", "R-OK", "(", ")", ",", ",",
                     "—", ".", ":", "’", "_", "9", "19-year-old", " ", " ", " ", "  ", "\n"]),
    max_size=60,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_PHRASEY, st.data(), st.sampled_from([1, 3, 8, 20]))
def test_phrases_read_in_parts_are_those_of_the_whole_window(
    text: str, data: st.DataObject, read: int
) -> None:
    # The phrase finders tokenise a first stretch next to the cue and read on only when a walk
    # reaches past it: whatever the first stretch, they must find what reading the whole
    # window at once (the first read longer than any window) finds.
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    whole = 10**6
    assert np_before(text, a, b, read) == np_before(text, a, b, whole)
    assert np_after(text, a, b, read) == np_after(text, a, b, whole)
    assert sentence_subject(text, a, b, read) == sentence_subject(text, a, b, whole)


@given(st.lists(st.integers(0, 50)).map(sorted), st.integers(-5, 55))
def test_first_mark_from_is_bisect_left(at: list[int], pos: int) -> None:
    assert _first_from(at, pos) == bisect.bisect_left(at, pos)
