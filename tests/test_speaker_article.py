from __future__ import annotations

import pytest

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
