from __future__ import annotations

import pytest

from lib.speaker_reading import read_mention


@pytest.mark.parametrize(
    "mention, kind, name_run, role",
    [
        ("Sen. Lindsey Graham, R-S.C.", "person", "Sen. Lindsey Graham", "R-S.C."),
        ("Clinton campaign spokesman Brian Fallon", "person", "Brian Fallon", None),
        (
            "the deputy mayor of Eastmere Ayşe Karabulut",
            "person",
            "Ayşe Karabulut",
            "deputy mayor of Eastmere",
        ),
        ("The Minister of Climate Imogen Stayne", "person", "Climate Imogen Stayne", None),
        ("the former top aide to President George W. Bush", "describe", None, None),
        ("Le Monde", "organisation", "Le Monde", None),
    ],
)
def test_read_mention(mention: str, kind: str, name_run: str | None, role: str | None) -> None:
    got = read_mention(mention, ". ")
    assert got.kind == kind
    assert (got.run.text if got.run else None) == name_run
    assert got.role == role
    if got.run is not None:  # offsets are relative to the mention
        assert mention[got.run.start : got.run.end] == got.run.text


def test_read_mention_uses_the_words_before() -> None:
    # "Despite" opens a sentence after ". " but is part of the run after "at "
    assert read_mention("Despite Santilli", ". ").parts.last == "Santilli"  # type: ignore[union-attr]
    assert read_mention("Despite Santilli", ". ").parts.first == ""  # type: ignore[union-attr]
    assert read_mention("Despite Santilli", "at ").parts.first == "Despite"  # type: ignore[union-attr]
