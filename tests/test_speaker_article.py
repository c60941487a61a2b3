from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import names
from lib.speaker_article import Article
from lib.speakers import resolve_in_article


def _span(text: str, mention: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(mention, at + 1)
    return at, at + len(mention)


@pytest.mark.parametrize(
    "text, mentions, names",
    [
        # the full name that makes a bare surname a person comes after the pronoun
        ('Clinton spoke first. "No," he said. Later Bill Clinton left.', [("he", 0)],
         ["Bill Clinton"]),
        # one surname key from two spellings, one with a particle
        ("Bill de Blasio spoke. Deblasio said no.", [("Deblasio", 0)], ["Bill de Blasio"]),
        ('Deblasio spoke. "No," he said. Later Mayor Bill de Blasio left.', [("he", 0)],
         ["Bill de Blasio"]),
        # a first name alone stands for the one person of that first name
        ("Bob Smith came. Bob said no.", [("Bob", 1)], ["Bob Smith"]),
        ('Ann Lee met Bob Smith. "Yes," she said. Lee and Smith left. "No," he said.',
         [("she", 0), ("he", 0)], ["Ann Lee", "Bob Smith"]),
        ('Smith said "No." Smith left with Mr. Jones. "Yes," he said. Later John Smith spoke.',
         [("Smith", 0), ("he", 0)], ["John Smith", "Mr. Jones"]),
    ],
)
def test_only_the_names_that_matter_are_read(
    text: str, mentions: list[tuple[str, int]], names: list[str]
) -> None:
    # the resolver reads people with their own evidence before the last pronoun and every other
    # mention of the surnames it needs; names met later or spelt otherwise must still count
    got = resolve_in_article(text, [_span(text, m, nth) for m, nth in mentions])
    assert [r.name for r in got] == names


def test_people_after_the_last_pronoun_are_left_unread() -> None:
    # Bob Smith comes after the last pronoun and is no mention's surname: never read
    text = 'Ann Lee spoke. "Yes," she said. Later Tom Reyes and Bob Smith came. Reyes left.'
    she = text.index("she")
    key = names.fold("Reyes")  # the quotes' mentions give their folded surname keys
    lazy = Article(text, [], [key], [], she)
    everyone = Article(text, [], [key], [], None)
    assert sorted(e.name for e in lazy.entities) == ["Ann Lee", "Tom Reyes"]
    assert sorted(e.name for e in everyone.entities) == ["Ann Lee", "Bob Smith", "Tom Reyes"]
    assert lazy.salient(she, "f") is lazy.entities[0]


@pytest.mark.parametrize("keys", [(), ("smith",)])
def test_organisation_runs_are_the_same_whether_the_name_scan_ran_or_not(
    keys: tuple[str, ...],
) -> None:
    # `orgs` walks the stretches the name scan kept, or reads them itself when the scan was
    # skipped (no name to resolve): either way, what a scan of every stretch finds.
    from lib.speaker_article import _runs
    from lib.speaker_reading import stretch_clue
    from lib.speaker_text import stretches

    text = ("The Harbour Chamber of Commerce met on Monday. John Smith of Northgrid Energy said "
            "the chamber would vote. The Eastmere Savings Bank declined. The bank said no.")

    def scanned(head: str) -> list[tuple[int, str]]:
        out = []
        for stretch in stretches(text):
            clue = stretch_clue(stretch.group())
            if clue is not None and (" " in head or head in clue[1]):
                out += [(a, run.piece.text) for a, run in _runs(text, stretch.start(),
                                                                 stretch.group())
                        if run.info.org]
        return out

    art = Article(text, [], keys, (), None if keys else 0)
    assert (art._named is None) == (not keys)  # the name scan was skipped, or it ran
    assert [(a, p.text) for a, p in art.orgs("bank")] == \
        [(text.index("Eastmere Savings Bank"), "Eastmere Savings Bank")]
    for head in ("bank", "chamber", "x y", "bank"):  # asked again: the kept list is reused
        assert [(a, p.text) for a, p in art.orgs(head)] == scanned(head)


@given(st.lists(st.tuples(st.integers(0, 900), st.integers(1, 60)), max_size=8),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 30)), max_size=20))
@settings(max_examples=300)
def test_touches_with_a_running_count_is_the_bisect_it_replaced(
    spans: list[tuple[int, int]], gaps: list[tuple[int, int]],
) -> None:
    # the scan counts the mentions starting before each stretch's end as it goes (stretches come
    # in text order) instead of bisecting for each stretch
    import bisect

    from lib.speaker_article import _touches

    quoted_as = sorted((a, a + n) for a, n in spans)
    starts = [a for a, _ in quoted_as]
    k, end = 0, 0
    for gap, size in gaps:
        start = end + gap
        end = start + size
        while k < len(starts) and starts[k] < end:
            k += 1
        i = bisect.bisect_left(starts, end) - 1
        old = False
        while i >= 0 and starts[i] >= start - 300:
            if quoted_as[i][1] > start:
                old = True
                break
            i -= 1
        assert _touches(quoted_as, starts, k, start) == old
