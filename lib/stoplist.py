"""The reader's own stopwords: words and phrases to leave out of keyword lists, typed in the app
("said, people; Prime Minister") and kept in the view's URL.

Keyword scores are fitted once per corpus at build time (with the language's stopwords), so the
reader's list is applied when a list is shown: a keyphrase that contains one of the entries as
whole words is not listed ("rain" leaves out "heavy rain", not "train"). Topics keep the names
the build gave them: the sidebar's Topic filter, the filter sentence and the chart name a topic
one way. Light on purpose (no analysis module): the app frame parses the list on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

_SEPARATORS = re.compile(r"[,;\n]+")


def parse_stoplist(text: object) -> tuple[str, ...]:
    """The entries of a typed list, split at commas, semicolons and line breaks: case-folded,
    spaces collapsed, once each, in the order typed."""
    if not isinstance(text, str):
        return ()
    entries = (" ".join(part.casefold().split()) for part in _SEPARATORS.split(text))
    return tuple(dict.fromkeys(e for e in entries if e))


_BETWEEN = re.compile(r"[\s\-]+")


@lru_cache(maxsize=64)
def _pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({" ".join(_BETWEEN.split(e.casefold())).strip() for e in entries} - {""},
                   key=len, reverse=True)
    if not words:
        return None
    # An entry's words in order, a space or a compound's hyphen between them ("far right" is
    # "far-right"), not inside a longer word. Terms are matched case-folded ("STRASSE" holds
    # "straße"), so the pattern needs no case flag.
    alts = "|".join(r"[\s\-]+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def hidden(terms: Sequence[str] | pd.Index | pd.Series, stopwords: Iterable[str]) -> np.ndarray:
    """Per term: True when it contains one of `stopwords` as whole words, any case."""
    pattern = _pattern(tuple(stopwords))
    values = terms.tolist() if isinstance(terms, pd.Index | pd.Series) else list(terms)
    if pattern is None:
        return np.zeros(len(values), dtype=bool)
    search = pattern.search
    return np.fromiter((search(str(t).casefold()) is not None for t in values), dtype=bool,
                       count=len(values))


def without(counts: pd.Series, stopwords: Iterable[str]) -> pd.Series:
    """`counts` (indexed by term) without the terms `stopwords` hide."""
    stop = tuple(stopwords)
    if not stop or counts.empty:
        return counts
    return counts[~hidden(counts.index, stop)]


__all__ = ["hidden", "parse_stoplist", "without"]
