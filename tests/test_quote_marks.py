"""lib.quote_marks: pairing marks of every style, repairs for wire copy, offsets on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.quote_marks import _load_marks, _mark_hits, find_mark_spans


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_mark_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no."', ["yes", "no."]),
        ("He said “yes” and “no”.", ["yes", "no"]),
        ("He said “yes\" and \"no”.", ["yes", "no"]),
        ("He said ''yes'' and ``no''.", ["yes", "no"]),
        ("Il a dit «oui» puis „nein“.", ["oui", "nein"]),
    ],
    ids=["straight", "curly", "mixed", "nyt", "guillemets-and-low"],
)
def test_pairs_marks_of_every_style(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_open_quote_runs_to_paragraph_end_and_flags_it() -> None:
    text = 'She said: "We are ready. We will go.\n\nNext paragraph.'
    (span,) = find_mark_spans(text)
    assert text[span.start : span.end] == "We are ready. We will go."
    assert span.opened and not span.closed


def test_missing_opening_mark_starts_at_paragraph() -> None:
    text = "Intro line.\n\nWe have the right to do this when needed,” Kell said."
    (span,) = find_mark_spans(text)
    assert text[span.start : span.end] == "We have the right to do this when needed,"
    assert not span.opened and span.closed


def test_stray_space_before_closing_mark_is_trimmed() -> None:
    text = '"We need a fair deal ," she said. "Now."'
    assert texts(text) == ["We need a fair deal ,", "Now."]


def test_marks_inside_markup_are_ignored() -> None:
    text = '<tweet id="123" author="@x">Great day</tweet> and "a real quote here"'
    assert texts(text) == ["a real quote here"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We will not give up,' the mayor said.", ["We will not give up,"]),
        ("Macron's plan and the '90s are not quotes.", []),
        ("‘Never again,’ she wrote.", ["Never again,"]),
        # plural possessives and elisions are apostrophes, not marks
        ("Workers' rights groups objected. 'This is a disgrace,' said Ann Lee.",
         ["This is a disgrace,"]),
        ("The Joneses' lawyer said the family was 'devastated by it'.", ["devastated by it"]),
        ("He loved rock 'n' roll. 'It was everything,' he said.", ["It was everything,"]),
        ("'The workers' rights come first,' she said.", ["The workers' rights come first,"]),
        ("Intro.\n\nWe will act when needed,' Kell said.", ["We will act when needed,"]),
        ("The plan was called 'unworkable' by the teachers' union.", ["unworkable"]),
        ("'We will fight on' was the message from the miners' union.", ["We will fight on"]),
    ],
    ids=["plain", "not-marks", "curly", "plural-possessive", "possessive-before-quote",
         "rock-n-roll", "possessive-inside", "missing-opening", "closing-before-possessive",
         "quote-opening-a-sentence-before-possessive"],
)
def test_single_marks_only_when_no_double_marks(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La réforme est prête. « Nous allons gagner cette élection », a déclaré Macron.",
        "La réforme est prête. «\u00a0Nous allons gagner cette élection\u00a0», a-t-il dit.",
        "He said « Nous allons gagner cette élection » on Monday.",
        "Sie sagte: „ Nous allons gagner cette élection “ am Montag.",
    ],
    ids=["french-spacing", "no-break-spaces", "mid-sentence", "low-mark-spaced"],
)
def test_marks_that_only_open_keep_their_side_with_spaces_around(text: str) -> None:
    assert texts(text) == ["Nous allons gagner cette élection"]


def test_single_marks_inside_double_quotes_stay_nested() -> None:
    assert texts('"He told me \'no\' twice," she said.') == ["He told me 'no' twice,"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .,'\"“”«»`\n") + ["''", "``"]), max_size=60).map("".join))
def test_spans_are_inside_the_text_and_in_order(text: str) -> None:
    last = -1
    for s in find_mark_spans(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.para_start <= s.open_at <= s.start and s.end <= s.close_at <= s.para_end
        assert s.start >= last
        last = s.end


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab '\"“”«»`\n‘’") + ["''", "``", "'''"]), max_size=60)
       .map("".join))
@pytest.mark.parametrize("marks_file", ["quote_marks.txt", "single_marks.txt"])
def test_marks_found_by_str_find_are_the_patterns_matches(marks_file: str, text: str) -> None:
    # Marks are found with str.find per mark; that must be what the longest-first pattern finds.
    pattern, hints = _load_marks(marks_file)
    assert _mark_hits(text, hints) == [(m.start(), m.end(), m.group())
                                       for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hard-wrapped copy, paragraphs between blank lines: a wrap is not a paragraph end
        ('Intro.\n\nThe mayor said "We will\nwin the election and rebuild," Smith said.',
         ["We will\nwin the election and rebuild,"]),
        ('Intro.\n\n"We have waited for this bridge for a very long\nTime," Smith said.',
         ["We have waited for this bridge for a very long\nTime,"]),
        # a line that ends a sentence, or text with no blank lines, keeps its paragraphs
        ('Intro.\n\n"We will win." \nThen "another one" came.', ["We will win.", "another one"]),
        ('The mayor said "We will\nwin the election," Smith said.',
         ["We will", "win the election,"]),
    ],
    ids=["wrapped", "wrapped-long-line", "sentence-end", "no-blank-lines"],
)
def test_hard_wrapped_lines_join_their_paragraph(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We gave 'em a real game,' said Mr Dyche.", ["We gave 'em a real game,"]),
        ("'I grew up in the '60s, with rock 'n' roll,' he said. 'Those were the days.'",
         ["I grew up in the '60s, with rock 'n' roll,", "Those were the days."]),
        # British nesting: double marks inside a single-quoted quote
        ('\'He said "no" to me,\' said Ms Ruiz.', ['He said "no" to me,']),
        # American nesting stays as it was
        ('"He told me \'no\' twice," she said.', ["He told me 'no' twice,"]),
    ],
    ids=["em", "sixties-and-rock-n-roll", "british-nesting", "american-nesting"],
)
def test_elisions_and_british_nesting(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
