"""Cheap language detection from function-word ratios (en, fr, de, es, it, nl, pt, pl, ru, lt).

Good enough to decide which readability formulas apply to a text; it is not a general language
identifier and answers "unknown" rather than guess on short, mixed or unlisted-language text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from lib import wordlists

LANG_DIR = wordlists.DATA / "lang"
UNKNOWN = "unknown"

# Only the first words matter: language shows within a few sentences, and capping keeps
# detection cheap on long articles.
MAX_TOKENS = 400
# On longer texts at least this share of tokens must be function words of the winner; lists of
# names, numbers or tables otherwise look like whichever language has one stray hit.
MIN_SHARE = 0.12
LONG_TEXT = 25

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The same tokens where every letter is ASCII: `[^\W\d_]` looks up each character's Unicode
# category, which made that regex most of the cost of detection.
_ASCII_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TOKEN_CHAR = re.compile(r"[^\W\d_]|’")


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, frozenset[str]] = {}
    for path in sorted(LANG_DIR.glob("*.txt")):
        words = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
        lists[path.stem] = frozenset(w for w in words if w and not w.startswith("#"))
    return lists


@lru_cache(maxsize=1)
def _word_index() -> dict[str, tuple[str, ...]]:
    # word -> languages listing it: one dict lookup per token instead of one per language.
    index: dict[str, list[str]] = {}
    for lang, words in _word_lists().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _scan(text: str) -> tuple[dict[str, int], int]:
    """Function-word hits per language over the first `MAX_TOKENS` words, and the word count
    of the scanned prefix: one regex pass serves both."""
    low = text[: MAX_TOKENS * 12].lower()
    ascii_only = low.isascii() or not any(
        _TOKEN_CHAR.match(ch) for ch in set(_NON_ASCII.findall(low))
    )
    tokens = (_ASCII_TOKEN if ascii_only else _TOKEN).findall(low)
    index = _word_index()
    scores = dict.fromkeys(_word_lists(), 0)
    # Each distinct set of languages once, however many of the words fall in it.
    hits = Counter(filter(None, map(index.get, tokens[:MAX_TOKENS])))
    for langs, n in hits.items():
        for lang in langs:
            scores[lang] += n
    return scores, len(tokens)


def language_scores(text: str) -> dict[str, int]:
    """Function-word hits per language over the first `MAX_TOKENS` words of `text`."""
    return _scan(text)[0]


def detect_language(text: str) -> str:
    """ISO 639-1 code of the most likely language of `text`, or "unknown" when unsure."""
    if not isinstance(text, str) or not text.strip():
        return UNKNOWN
    scores, n_tokens = _scan(text)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] == 0:
        return UNKNOWN
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if hits == runner_up:
        return UNKNOWN
    if n_tokens >= LONG_TEXT and hits < MIN_SHARE * min(n_tokens, MAX_TOKENS):
        return UNKNOWN
    # A clear winner needs a margin that grows with the evidence: 1 hit vs 0 on a short quote,
    # but not 21 vs 20 on a paragraph mixing two languages.
    if hits < 1.25 * runner_up:
        return UNKNOWN
    return best
