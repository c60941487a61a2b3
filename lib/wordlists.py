"""Word lists kept as data under `lib/data/` (cue verbs, honorifics, abbreviations, ...): the one
reader they all go through. Lines are stripped; blank lines and `#` lines are comments.
Parsing a list's lines (CSV columns, sections) stays with the module that owns the list."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def lines(name: str) -> tuple[str, ...]:
    """The non-comment lines of `lib/data/<name>`, in file order (read once per process)."""
    text = (DATA / name).read_text(encoding="utf-8")
    return tuple(ln for ln in (raw.strip() for raw in text.splitlines())
                 if ln and not ln.startswith("#"))


def tokens(name: str) -> frozenset[str]:
    """Every whitespace-separated word of `lib/data/<name>` (files listing several a line)."""
    return frozenset(w for line in lines(name) for w in line.split())


def words(name: str) -> frozenset[str]:
    """The lines of `lib/data/<name>` as a set."""
    return frozenset(lines(name))
