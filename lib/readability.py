"""Readability scores per text: seven published formulas and reading time, around textstat.

Counts come from `lib.readability_counts` (textstat's CMU dictionary, Pyphen and Dale-Chall easy
words over text `lib.textnorm` has normalised and split); the published formulas are applied to
count totals, so a speaker's score is a sum of their quotes' counts. It never raises on odd
text: what cannot be scored is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from textstat.backend.utils.constants import LANG_CONFIGS

from lib.language import UNKNOWN, detect_language
from lib.readability_counts import (
    COUNT_KEYS,
    count_sentences,
    lang_root,
    sentence_counts,
    text_counts,
)
from lib.textnorm import normalise, split_sentences

__all__ = [
    "COLUMNS",
    "FORMULAS",
    "Formula",
    "bootstrap_interval",
    "normalise",
    "score_text",
    "score_texts",
    "scores_from_counts",
    "sentence_counts",
    "split_sentences",
]

WORDS_PER_MINUTE = 238  # silent reading of English non-fiction, Brysbaert (2019)
LOW_TEXT_WORDS = 100
QUOTE_MIN_WORDS = 5  # a quote shorter than this gets no score of its own
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
            "Years of schooling: 8 = plain English, 12 = high school, 17+ = graduate",
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
    counted = text_counts(text, lang)
    if counted.n_sentences == 0:
        return _empty_row(counted.lang)
    return row_from_totals(counted.totals, counted.n_sentences, counted.lang)


def row_from_totals(
    totals: Any, sentences: int, lang: str
) -> dict[str, float | int | str | bool | None]:
    """The `COLUMNS` row of counts `totals` (COUNT_KEYS order) over `sentences` sentences."""
    w, letters, syl, poly, hard = (float(x) for x in totals)
    if w == 0 or sentences == 0:
        return _empty_row(lang)
    s = float(sentences)
    row: dict[str, float | int | str | bool | None] = {
        "words": int(w),
        "sentences": int(s),
        "lang": lang,
    }
    for key, value in _scores(w, s, letters, syl, poly, hard, lang_root(lang)).items():
        row[key] = float(value)
    row["reading_time_s"] = w * 60.0 / WORDS_PER_MINUTE
    row["low_text"] = w < LOW_TEXT_WORDS
    row["smog_reliable"] = s >= SMOG_MIN_SENTENCES
    return row


def scores_from_counts(counts: pd.DataFrame, langs: Iterable[str | None]) -> pd.DataFrame:
    """Scores of many texts from their counts, vectorised: what `score_texts` gives, no text.

    `counts` has COUNT_KEYS and `sentences` columns (sums over quotes are fine: formulas only
    see totals); one language per row. Returns SCORE_KEYS, reading_time_s, low_text and
    smog_reliable on `counts`' index.
    """
    roots = pd.Series([lang_root(x) for x in langs], index=counts.index, dtype="object")
    w = counts["words"].to_numpy(dtype=np.float64)
    s = counts["sentences"].to_numpy(dtype=np.float64)
    cols = {k: counts[k].to_numpy(dtype=np.float64) for k in COUNT_KEYS}
    out = pd.DataFrame({k: np.full(len(counts), NAN) for k in SCORE_KEYS}, index=counts.index)
    ok = (w > 0) & (s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        for root in pd.unique(roots[ok]):
            rows = ok & (roots.to_numpy() == root)
            got = _scores(w[rows], s[rows], cols["letters"][rows], cols["syllables"][rows],
                          cols["polysyllables"][rows], cols["difficult_words"][rows], root)
            for key, value in got.items():
                out.loc[rows, key] = value
    out["reading_time_s"] = w * 60.0 / WORDS_PER_MINUTE
    out["low_text"] = w < LOW_TEXT_WORDS
    out["smog_reliable"] = s >= SMOG_MIN_SENTENCES
    return out


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
        root = lang_root(code)
        counts = count_sentences(cleaned, code).per_sentence.astype(np.float64)
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
