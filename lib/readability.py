"""Readability scores per text: seven published formulas and reading time, around textstat.

Counts come from textstat's own resources (CMU dictionary, Pyphen, Dale-Chall easy words) over
text that `lib.textnorm` has normalised and split; each count is taken once per word and the
published formulas are applied to the totals. It does not aggregate per speaker (callers join
texts) and never raises on odd text: what cannot be scored is NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from textstat.backend.utils import get_cmudict, get_lang_easy_words, get_pyphen
from textstat.backend.utils.constants import LANG_CONFIGS

from lib.language import UNKNOWN, detect_language
from lib.textnorm import normalise, split_sentences

__all__ = [
    "COLUMNS",
    "FORMULAS",
    "Formula",
    "bootstrap_interval",
    "normalise",
    "score_text",
    "score_texts",
    "sentence_counts",
    "split_sentences",
]

WORDS_PER_MINUTE = 238  # silent reading of English non-fiction, Brysbaert (2019)
LOW_TEXT_WORDS = 100
SMOG_MIN_SENTENCES = 30  # McLaughlin's SMOG is defined on a 30-sentence sample
NAN = float("nan")

SCORE_KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog",
    "coleman_liau",
    "ari",
    "dale_chall",
)
COLUMNS = (
    "words",
    "sentences",
    "lang",
    *SCORE_KEYS,
    "reading_time_s",
    "low_text",
    "smog_reliable",
)


@dataclass(frozen=True, slots=True)
class Formula:
    """What the UI says about one score."""

    key: str
    label: str
    explanation: str
    scale: str
    higher_is_easier: bool
    differs_from_textstat: str | None


FORMULAS: dict[str, Formula] = {
    f.key: f
    for f in (
        Formula(
            "flesch_reading_ease",
            "Flesch reading ease",
            "Shorter sentences and shorter words (in syllables) score higher.",
            "0–100: 60–70 = plain English, 30–50 = college, below 30 = very hard",
            True,
            "Counts sentences after protecting abbreviations, decimals and headlines. "
            "Other languages use textstat's own variant (Amstad, Fernández Huerta, Kandel-Moles, "
            "Flesch-Vacca, Douma, Oborneva).",
        ),
        Formula(
            "flesch_kincaid_grade",
            "Flesch-Kincaid grade",
            "US school grade needed, from words per sentence and syllables per word.",
            "US grade: 8 = plain English, 12 = high-school senior, 16 = college graduate",
            False,
            "Same formula; sentences counted without textstat's splitting errors.",
        ),
        Formula(
            "gunning_fog",
            "Gunning fog",
            "Years of schooling needed, from sentence length and words of 3+ syllables.",
            "years of schooling: 8 = plain English, 12 = high school, 17+ = graduate",
            False,
            "Complex words are all words of three or more syllables, as published; "
            "textstat counts words missing from the Dale-Chall easy list instead.",
        ),
        Formula(
            "smog",
            "SMOG grade",
            "Grade from the number of words of 3+ syllables per 30 sentences.",
            "US grade: 8 = plain, 12 = high school; needs 30 sentences to be reliable",
            False,
            None,
        ),
        Formula(
            "coleman_liau",
            "Coleman-Liau index",
            "Grade from letters per 100 words and sentences per 100 words (no syllables).",
            "US grade: 8 = plain English, 12 = high school, 16 = college",
            False,
            "Uses the published 0.0588 per letter; textstat uses 0.058 (about 0.4 grade lower).",
        ),
        Formula(
            "ari",
            "Automated readability index",
            "Grade from characters per word and words per sentence.",
            "US grade: 8 = plain English, 12 = high school, 14+ = college",
            False,
            "Counts letters and digits per word as published; textstat counts punctuation "
            "as characters and punctuation marks as words.",
        ),
        Formula(
            "dale_chall",
            "Dale-Chall score",
            "Share of words outside a list of 3,000 familiar words, plus sentence length.",
            "4.9 or lower = grade 4, 6.0–6.9 = grades 7–8, 8.0–8.9 = grades 11–12, 10+ = college",
            False,
            "Numbers and regular inflections of familiar words (-s, -ed, -ing, -er, -est, -ly) "
            "count as familiar, as the published rules say; textstat counts them as difficult.",
        ),
        Formula(
            "reading_time_s",
            "Reading time",
            "Seconds to read silently at 238 words a minute (Brysbaert 2019).",
            "seconds; a 600-word article takes about 2.5 minutes",
            False,
            "238 words a minute; textstat assumes 14.69 ms per character (about 800 a minute).",
        ),
    )
}


# --------------------------------------------------------------------------- per-word counts

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

# (words, letters, syllables, polysyllables, dale-chall difficult) for one token.
Stats = tuple[int, int, int, int, int]
_ZERO: Stats = (0, 0, 0, 0, 0)
_CACHE_LIMIT = 300_000
_token_cache: dict[str, dict[str, Stats]] = {}


def _lang_root(lang: str | None) -> str:
    return (lang or UNKNOWN).replace("-", "_").split("_")[0].lower()


_VOWEL_GROUPS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿąęėįųūаеёиоуыэюя]+", re.IGNORECASE)


def _vowel_groups(word: str) -> int:
    return max(1, len(_VOWEL_GROUPS.findall(word)))


@lru_cache(maxsize=16)
def _syllable_counter(root: str) -> Callable[[str], int]:
    try:
        pyphen = get_pyphen("en_US" if root == "en" else root)
    except (KeyError, ValueError, OSError):
        # No hyphenation patterns ("unknown", Japanese...): no formula is shown for such text,
        # so a rough count only has to keep words and reading time available.
        return _vowel_groups
    cmu = get_cmudict("en_US") if root == "en" else None

    def count(word: str) -> int:
        # textstat's rule: the CMU dictionary's first pronunciation, else Pyphen's hyphen points.
        if cmu is not None:
            phones = cmu.get(word)
            if phones:
                return sum(1 for p in phones[0] if p[-1].isdigit())
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


def _token_stats(token: str, root: str) -> Stats:
    cache = _token_cache.setdefault(root, {})
    hit = cache.get(token)
    if hit is not None:
        return hit
    word = _PUNCT.sub("", _NONCONTRACTION_APOS.sub("", token))
    if not word:
        stats = _ZERO
    else:
        lower = word.lower()
        count = _syllable_counter(root)
        parts = [p for p in _HYPHENS.split(token.lower()) if p]
        if len(parts) > 1:
            # A hyphenated compound is one word whose syllables are its parts' syllables;
            # textstat glues the parts ("wellknown") and then guesses from Pyphen.
            parts = [_PUNCT.sub("", _NONCONTRACTION_APOS.sub("", p)) for p in parts]
            syllables = sum(count(p) for p in parts if p) or 1
        else:
            syllables = count(lower)
        letters = len(word) - word.count("'")
        hard = 0
        if root == "en":
            hard = 0 if _familiar(lower, get_lang_easy_words("en")) else 1
        stats = (1, letters, syllables, 1 if syllables >= 3 else 0, hard)
    if len(cache) > _CACHE_LIMIT:
        cache.clear()  # a bound on memory over huge corpora; refilling is cheap
    cache[token] = stats
    return stats


def sentence_counts(sentences: list[str], lang: str = "en") -> np.ndarray:
    """One row per sentence with words: (words, letters, syllables, polysyllables, difficult)."""
    root = _lang_root(lang)
    rows: list[tuple[int, int, int, int, int]] = []
    for sentence in sentences:
        w = lt = sy = po = hd = 0
        for token in sentence.split():
            a, b, c, d, e = _token_stats(token, root)
            w += a
            lt += b
            sy += c
            po += d
            hd += e
        if w:
            rows.append((w, lt, sy, po, hd))
    return np.array(rows, dtype=np.float64).reshape(-1, 5)


# --------------------------------------------------------------------------- formulas


def _fre_config(root: str) -> dict[str, float] | None:
    cfg = LANG_CONFIGS.get(root)
    return cfg if cfg and "fre_base" in cfg else None


def _scores(
    w: Any, s: Any, letters: Any, syl: Any, poly: Any, hard: Any, root: str
) -> dict[str, Any]:
    """Published formulas on totals; works on floats and on numpy arrays alike."""
    out: dict[str, Any] = dict.fromkeys(SCORE_KEYS, NAN)
    cfg = _fre_config(root)
    if cfg is not None:
        out["flesch_reading_ease"] = (
            cfg["fre_base"]
            - cfg["fre_sentence_length"] * w / s
            - cfg["fre_syll_per_word"] * syl / w
        )
    if root != "en":
        return out  # the other formulas are English-only: no number rather than a wrong one
    wps = w / s
    out["flesch_kincaid_grade"] = 0.39 * wps + 11.8 * syl / w - 15.59
    out["gunning_fog"] = 0.4 * (wps + 100.0 * poly / w)
    out["smog"] = 1.043 * np.sqrt(poly * 30.0 / s) + 3.1291
    out["coleman_liau"] = 0.0588 * (100.0 * letters / w) - 0.296 * (100.0 * s / w) - 15.8
    out["ari"] = 4.71 * letters / w + 0.5 * wps - 21.43
    pdw = 100.0 * hard / w
    out["dale_chall"] = 0.1579 * pdw + 0.0496 * wps + np.where(pdw > 5.0, 3.6365, 0.0)
    return out


def _empty_row(lang: str) -> dict[str, float | int | str | bool | None]:
    row: dict[str, float | int | str | bool | None] = {"words": 0, "sentences": 0, "lang": lang}
    row.update(dict.fromkeys(SCORE_KEYS, NAN))
    row.update(reading_time_s=0.0, low_text=True, smog_reliable=False)
    return row


def score_text(text: str, lang: str | None = None) -> dict[str, float | int | str | bool | None]:
    """Counts, the seven scores (NaN where the language has no such formula) and reliability flags.

    `lang` (e.g. "en", "fr_FR") skips detection; otherwise the language is detected and an
    "unknown" language gets counts and reading time but no scores.
    """
    try:
        return _score(text, lang)
    except Exception:  # analysis degrades, never crashes: a row of NaN beats a lost build
        return _empty_row(lang or UNKNOWN)


def _score(text: str, lang: str | None) -> dict[str, float | int | str | bool | None]:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    sentences = split_sentences(text)
    code = lang if lang else detect_language(" ".join(sentences[:20]))
    root = _lang_root(code)
    counts = sentence_counts(sentences, root)
    if counts.shape[0] == 0:
        return _empty_row(code)
    w, letters, syl, poly, hard = (float(x) for x in counts.sum(axis=0))
    s = float(counts.shape[0])
    row: dict[str, float | int | str | bool | None] = {
        "words": int(w),
        "sentences": int(s),
        "lang": code,
    }
    for key, value in _scores(w, s, letters, syl, poly, hard, root).items():
        row[key] = float(value)
    row["reading_time_s"] = w * 60.0 / WORDS_PER_MINUTE
    row["low_text"] = w < LOW_TEXT_WORDS
    row["smog_reliable"] = s >= SMOG_MIN_SENTENCES
    return row


def score_texts(texts: Iterable[str], langs: Iterable[str | None] | None = None) -> pd.DataFrame:
    """One row per text with `COLUMNS`; `langs` (same length) skips language detection."""
    texts = list(texts)
    lang_list = list(langs) if langs is not None else [None] * len(texts)
    if len(lang_list) != len(texts):
        raise ValueError(f"score_texts: {len(texts)} texts but {len(lang_list)} languages")
    rows = [score_text(t, lg) for t, lg in zip(texts, lang_list, strict=True)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype(
        {
            "words": "int64",
            "sentences": "int64",
            "lang": "string",
            **dict.fromkeys(SCORE_KEYS, "float64"),
            "reading_time_s": "float64",
            "low_text": "bool",
            "smog_reliable": "bool",
        }
    )


def bootstrap_interval(
    sentences: list[str], formula: str, n: int = 200, seed: int = 0, lang: str | None = None
) -> tuple[float, float]:
    """95% interval of `formula` over `sentences` resampled with replacement (NaN if unscorable).

    Resampling whole sentences keeps each sentence's words together, which is what varies
    between a speaker's quotes.
    """
    if formula not in FORMULAS:
        raise ValueError(f"unknown formula {formula!r}; known: {', '.join(FORMULAS)}")
    try:
        cleaned = [p for s in sentences for p in split_sentences(s)]
        code = lang if lang else detect_language(" ".join(cleaned[:40]))
        root = _lang_root(code)
        counts = sentence_counts(cleaned, root)
        k = counts.shape[0]
        if k == 0 or n <= 0:
            return (NAN, NAN)
        rng = np.random.default_rng(seed)
        sums = counts[rng.integers(0, k, size=(n, k))].sum(axis=1)
        w, letters, syl, poly, hard = (sums[:, i] for i in range(5))
        s = np.full(n, float(k))
        if formula == "reading_time_s":
            values = w * 60.0 / WORDS_PER_MINUTE
        else:
            values = np.asarray(_scores(w, s, letters, syl, poly, hard, root)[formula], dtype=float)
        if values.size == 0 or np.all(np.isnan(values)):
            return (NAN, NAN)
        lo, hi = np.nanpercentile(values, [2.5, 97.5])
        return (float(lo), float(hi))
    except Exception:
        return (NAN, NAN)


def is_nan(value: object) -> bool:
    """True for a float NaN (a score not available for that text)."""
    return isinstance(value, float) and math.isnan(value)
