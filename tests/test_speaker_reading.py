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
        # the role with its organisation comes before the name and is kept as the role
        ("The Minister of Climate Imogen Stayne", "person", "Imogen Stayne", "Minister of Climate"),
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


def test_cold_and_warm_readings_agree() -> None:
    from lib.speaker_reading import clear_caches
    from lib.speakers import resolve_in_article

    text = (
        "Sen. Tom Reyes met the deputy mayor of Eastmere Ayşe Karabulut. "
        '"Never," said Reyes. Karabulut said no.'
    )
    spans = []
    for word in ("Reyes.", "Karabulut said"):
        at = text.index(word)
        spans.append((at, at + len(word.split()[0].rstrip("."))))
    clear_caches()
    cold = resolve_in_article(text, spans)
    assert resolve_in_article(text, spans) == cold
    assert [r.name for r in cold] == ["Tom Reyes", "Ayşe Karabulut"]
