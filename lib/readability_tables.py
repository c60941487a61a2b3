"""Tables behind the Readability and Speakers pages: rankings of articles and speakers with
their reliability flags, speaker-vs-article comparisons, bootstrap intervals and the speakers
overview. Pure pandas over the build's tables; it draws nothing and never re-analyses
articles (the session's alias edits live in lib.alias_edits)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lib import readability
from lib.readability import LOW_TEXT_WORDS, SMOG_MIN_SENTENCES
from lib.readability_counts import COUNT_KEYS
from lib.row_links import codes_of, positions_in

NOT_AVAILABLE = "not available"
UNKNOWN = "Unknown speaker"


# ---- display -------------------------------------------------------------------------------


def format_score(value: object, formula: str) -> str:
    """One score as text; NaN (no formula for that language) is "not available", never 0."""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return NOT_AVAILABLE
    if math.isnan(x):
        return NOT_AVAILABLE
    if formula == "reading_time_s":
        return f"{x / 60:.1f} min"
    return f"{x:.1f}"


def reliability(words: object, sentences: object, formula: str) -> str:
    """Why a score should be read with care ("" when it rests on enough text)."""
    notes = []
    w = _num(words)
    if not math.isnan(w) and w < LOW_TEXT_WORDS:
        notes.append(f"only {int(w)} words")
    s = _num(sentences)
    if formula == "smog" and not math.isnan(s) and s < SMOG_MIN_SENTENCES:
        notes.append(f"SMOG on {int(s)} sentences (needs {SMOG_MIN_SENTENCES})")
    return "; ".join(notes)


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _sorted(df: pd.DataFrame, formula: str, hardest_first: bool) -> pd.DataFrame:
    # "Hardest" means a low reading ease but a high grade: the formula says which way is easy.
    easier_high = readability.FORMULAS[formula].higher_is_easier if formula in \
        readability.FORMULAS else False
    ascending = easier_high if hardest_first else not easier_high
    return df.sort_values("value", ascending=ascending, na_position="last", kind="stable")


# ---- rankings ------------------------------------------------------------------------------


def article_ranking(articles: pd.DataFrame, formula: str, hardest_first: bool = True,
                    top: int = 50) -> pd.DataFrame:
    """Articles ranked by `formula`: title, source, date, words, reading time, the score as
    text and as a number (`value`, NaN = not available), and a reliability note."""
    cols = ["title", "source", "date", "words", "reading_min", "score", "value", "reliability"]
    if articles.empty or formula not in articles:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame({
        "title": articles.get("title", pd.Series(index=articles.index, dtype="string")),
        "source": articles.get("source", pd.Series(index=articles.index, dtype="string")),
        "date": articles.get("date", pd.Series(index=articles.index, dtype="object")),
        "words": pd.to_numeric(articles.get("words"), errors="coerce"),
        "value": pd.to_numeric(articles[formula], errors="coerce"),
    })
    words = df["words"].fillna(0)
    reading = articles["reading_time_s"] if "reading_time_s" in articles else \
        words * 60 / readability.WORDS_PER_MINUTE
    df["reading_min"] = pd.to_numeric(reading, errors="coerce") / 60
    df["sentences"] = articles["sentences"] if "sentences" in articles else np.nan
    # Notes for the rows shown only: a note per article of 100k took most of a rerun.
    df = _sorted(df, formula, hardest_first).head(top)
    df["reliability"] = [reliability(w, s, formula) for w, s in zip(df["words"],
                                                                      df["sentences"],
                                                                      strict=True)]
    df["score"] = [format_score(x, formula) for x in df["value"]]
    return df[cols].reset_index(drop=True)


# The last speaker_scores result and what it was computed from (by identity): the ranking and
# the speaker-vs-articles table of one page run score the same million quotes.
_LAST_SCORES: list[tuple[pd.DataFrame, pd.DataFrame, str, pd.DataFrame]] = []


def speaker_scores(quotes: pd.DataFrame, speakers: pd.DataFrame, formula: str) -> pd.DataFrame:
    """One row per speaker in `quotes` (the filtered view): speaker_id, speaker, n_quotes,
    words, sentences and `value`, scored over their quotes together (the build's speakers
    table). Without such columns, the median quote score is the fallback."""
    for q, sp, f, found in _LAST_SCORES:
        if q is quotes and sp is speakers and f == formula:
            return found.copy()  # a few thousand rows; the caller may change its copy
    out = _speaker_scores(quotes, speakers, formula)
    _LAST_SCORES[:] = [(quotes, speakers, formula, out)]
    return out.copy()


def _speaker_scores(quotes: pd.DataFrame, speakers: pd.DataFrame,
                    formula: str) -> pd.DataFrame:
    cols = ["speaker_id", "speaker", "n_quotes", "words", "sentences", "value"]
    if quotes.empty or "speaker_id" not in quotes:
        return pd.DataFrame(columns=cols)
    # One mask, then only the columns used: two full-width copies of a million quotes cost
    # more than the scoring.
    voiced = np.ones(len(quotes), dtype=bool)
    if "speaker" in quotes:
        voiced &= (quotes["speaker"] != UNKNOWN).to_numpy(dtype=bool)
    if "speaker_kind" in quotes:  # an ambiguous bucket is several people, not a voice
        voiced &= (quotes["speaker_kind"] != "ambiguous").to_numpy(dtype=bool)
    table = speakers.set_index("speaker_id") if "speaker_id" in speakers else pd.DataFrame()
    ids = quotes["speaker_id"]
    if formula in table.columns and isinstance(ids.dtype, pd.CategoricalDtype) and \
            "speaker" in quotes:
        out = _speakers_by_code(ids, quotes["speaker"], voiced)
    else:
        used = [c for c in dict.fromkeys(["speaker_id", "speaker", "words", formula])
                if c in quotes]
        q = quotes.loc[voiced, used]
        if q.empty:
            return pd.DataFrame(columns=cols)
        g = q.groupby("speaker_id", sort=False, observed=True)
        out = pd.DataFrame({"speaker": g["speaker"].first(), "n_quotes": g.size()})
        # Categorical ids and names would not align with the speakers table: plain strings.
        out.index = out.index.astype(str)
        out["speaker"] = out["speaker"].astype(str)
    if out.empty:
        return pd.DataFrame(columns=cols)
    counted = _counted_scores(quotes, voiced, out.index, formula)
    if counted is not None:
        # the filtered quotes' own counts: a speaker's score follows the date, source and
        # keyword filters like their number of quotes does
        out["words"], out["sentences"], out["value"] = counted
    elif formula in table.columns:
        out["words"] = pd.to_numeric(table["words"], errors="coerce").reindex(out.index) \
            if "words" in table else np.nan
        out["sentences"] = pd.to_numeric(table["sentences"], errors="coerce").reindex(
            out.index) if "sentences" in table else np.nan
        out["value"] = pd.to_numeric(table[formula], errors="coerce").reindex(out.index)
    else:
        out["words"] = g["words"].sum() if "words" in q else np.nan
        out["sentences"] = np.nan
        out["value"] = g[formula].median() if formula in q else np.nan
    return out.reset_index()[cols]


QUOTE_COUNTS = (*COUNT_KEYS, "sentences")


def _counted_scores(quotes: pd.DataFrame, voiced: np.ndarray, ids: pd.Index, formula: str,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(words, sentences, score) of each speaker in `ids` over the `voiced` rows of `quotes`
    taken together, from the quotes' readability counts (the build's per-speaker scores are
    the same sums over all of a speaker's quotes); None when the quotes lack the counts."""
    if formula not in readability.SCORE_KEYS and formula != "reading_time_s" or \
            not all(c in quotes for c in QUOTE_COUNTS) or "lang" not in quotes:
        return None
    sid = quotes["speaker_id"]
    if isinstance(sid.dtype, pd.CategoricalDtype):
        codes, names = codes_of(sid), sid.cat.categories.astype(str)
    else:
        codes, uniques = pd.factorize(sid.astype(str))
        names = pd.Index(uniques)
    rows = np.flatnonzero(voiced & (codes >= 0))
    c = codes[rows]
    size = len(names)
    sums = pd.DataFrame({k: np.bincount(c, weights=pd.to_numeric(quotes[k], errors="coerce")
                                        .fillna(0).to_numpy(dtype=np.float64)[rows],
                                        minlength=size) for k in QUOTE_COUNTS}, index=names)
    first = np.full(size, -1, dtype=np.int64)
    once = ~pd.Series(c).duplicated().to_numpy()
    first[c[once]] = rows[once]  # each speaker's first row: the language of their scores
    lang = quotes["lang"].astype(object).to_numpy()
    want = sums.index.get_indexer(ids.astype(str))
    picked = sums.iloc[want]
    langs = [lang[first[i]] if first[i] >= 0 else None for i in want]
    scored = readability.scores_from_counts(picked, langs)
    return (picked["words"].to_numpy(), picked["sentences"].to_numpy(),
            scored[formula].to_numpy(dtype=np.float64))


def _speakers_by_code(ids: pd.Series, names: pd.Series, voiced: np.ndarray) -> pd.DataFrame:
    """Per speaker id among the `voiced` rows, in order of first appearance: the name on its
    first row and its number of rows, as groupby(sort=False).first()/size() give them,
    counted on category codes (a groupby over a million quotes was a tenth of a second)."""
    codes = codes_of(ids)
    rows = np.flatnonzero(voiced & (codes >= 0))
    first, counts = _first_rows(codes[rows], len(ids.cat.categories))
    index = pd.Index(ids.cat.categories[codes[rows[first]]].astype(str), name="speaker_id")
    speaker = names.iloc[rows[first]].astype(str).to_numpy() if len(first) else []
    return pd.DataFrame({"speaker": speaker, "n_quotes": counts.astype(np.int64)},
                        index=index)


def _first_rows(codes: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each distinct code's first row, in order of appearance, and each one's
    number of rows (hash-based: no sort of a million codes)."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
    counts = np.bincount(codes, minlength=n_codes)[codes[first]]
    return first, counts


def speaker_ranking(quotes: pd.DataFrame, speakers: pd.DataFrame, formula: str,
                    hardest_first: bool = True, min_quotes: int = 1,
                    top: int = 50) -> pd.DataFrame:
    """Speakers ranked by their quotes' score, with how much text each score rests on."""
    df = speaker_scores(quotes, speakers, formula)
    df = df[df["n_quotes"] >= min_quotes]
    df = df.assign(reliability=[reliability(w, s, formula)
                                for w, s in zip(df["words"], df["sentences"], strict=True)])
    df = _sorted(df, formula, hardest_first).head(top)
    return df.assign(score=[format_score(x, formula) for x in df["value"]]).reset_index(
        drop=True)


def speaker_vs_articles(quotes: pd.DataFrame, articles: pd.DataFrame, speakers: pd.DataFrame,
                        formula: str, top: int = 15,
                        article_rows: np.ndarray | None = None) -> pd.DataFrame:
    """For the most quoted speakers: their quotes' score against the median score of the
    articles that quote them (is the speaker plainer than the reporter?). `article_rows`
    (each quote's article as a label of `articles`' index, -1 for none) joins them by row
    instead of by id."""
    cols = ["speaker_id", "speaker", "n_quotes", "words", "speaker_value", "article_value",
            "n_articles"]
    scored = speaker_scores(quotes, speakers, formula)
    if scored.empty or formula not in articles or "article_id" not in quotes:
        return pd.DataFrame(columns=cols)
    lead = scored.sort_values(["n_quotes", "speaker"], ascending=[False, True]).head(top)
    out = lead.rename(columns={"value": "speaker_value"})
    if article_rows is not None and isinstance(quotes["speaker_id"].dtype,
                                               pd.CategoricalDtype):
        med, n_art = _article_medians_by_row(quotes["speaker_id"], articles[formula],
                                             lead["speaker_id"], article_rows)
        out["article_value"] = out["speaker_id"].map(med)
        out["n_articles"] = out["speaker_id"].map(n_art).fillna(0).astype(int)
        return out[cols].reset_index(drop=True)
    art_score = pd.to_numeric(articles.set_index("article_id")[formula], errors="coerce")
    pairs = quotes.loc[quotes["speaker_id"].isin(lead["speaker_id"]).to_numpy(dtype=bool),
                       ["speaker_id", "article_id"]].drop_duplicates()
    ids = pairs["article_id"]
    if isinstance(ids.dtype, pd.CategoricalDtype):
        # Looked up once per category, then spread by code: mapping a million ids is slow.
        per_cat = np.append(_scores_of(art_score, ids.cat.categories.astype(str)), np.nan)
        values = per_cat[codes_of(ids)]
        pairs = pairs.assign(speaker_id=pairs["speaker_id"].astype(str),
                             article_id=ids.astype(str))
    else:
        values = pd.to_numeric(ids.map(art_score), errors="coerce").to_numpy(dtype="float64")
    pairs = pairs.assign(v=values)
    med = pairs.groupby("speaker_id")["v"].median()
    n_art = pairs.groupby("speaker_id")["article_id"].nunique()
    out["article_value"] = out["speaker_id"].map(med)
    out["n_articles"] = out["speaker_id"].map(n_art).fillna(0).astype(int)
    return out[cols].reset_index(drop=True)


def _article_medians_by_row(ids: pd.Series, scores: pd.Series, lead: pd.Series,
                            article_rows: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Per lead speaker id: the median score of the distinct articles quoting them, and how
    many those are, from each quote's article row (no id strings made or matched)."""
    cats = ids.cat.categories.astype(str)
    wanted = np.flatnonzero(np.asarray(cats.isin(lead.astype(str))))
    lead_of = np.full(len(cats) + 1, -1, dtype=np.int64)  # code -1 reads the last slot
    lead_of[wanted] = np.arange(len(wanted))
    who = lead_of[codes_of(ids)]
    chosen = (who >= 0) & (article_rows >= 0)
    rows = article_rows[chosen].astype(np.int64)
    labels = scores.index.to_numpy(dtype=np.int64)
    size = int(max(rows.max(initial=-1), labels.max(initial=-1))) + 1
    by_row = np.full(size, np.nan)  # NaN for rows `scores` lacks
    by_row[labels] = pd.to_numeric(scores, errors="coerce").to_numpy(dtype="float64")
    # Each speaker-article pair once, marked in a speakers x articles table: no sorting.
    seen = np.zeros((len(wanted), size), dtype=bool)
    seen[who[chosen], rows] = True
    med, n_art = {}, {}
    for i, code in enumerate(wanted):
        theirs = np.flatnonzero(seen[i])
        if len(theirs):
            med[str(cats[code])] = pd.Series(by_row[theirs]).median()
            n_art[str(cats[code])] = len(theirs)
    return pd.Series(med, dtype="float64"), pd.Series(n_art, dtype="int64")


def _scores_of(scores: pd.Series, ids: pd.Index) -> np.ndarray:
    """`scores.reindex(ids)` as floats, found by lib.row_links.positions_in (Arrow's hash
    lookup for strings: pandas' indexer over 100k string ids took a tenth of a second)."""
    if not scores.index.is_unique:
        return np.asarray(scores.reindex(ids), dtype="float64")
    values = np.append(np.asarray(scores, dtype="float64"), np.nan)
    out: np.ndarray = values[positions_in(scores.index, ids)]  # -1 (no such id): the NaN
    return out


def speaker_sentences(quotes: pd.DataFrame, speaker_id: str) -> list[str]:
    """A speaker's quotes cut into sentences: the units a bootstrap interval resamples."""
    texts = quotes.loc[quotes["speaker_id"] == speaker_id, "text"].dropna().astype(str)
    return [s for t in texts for s in readability.split_sentences(t)]


# Above this many quotes an interval is estimated from a sample: splitting and counting every
# sentence of a speaker quoted thousands of times costs seconds on each filter change.
INTERVAL_MAX_QUOTES = 400


def speaker_interval(
    quotes: pd.DataFrame, speaker_id: str, formula: str, max_quotes: int = INTERVAL_MAX_QUOTES,
    total: int | None = None,
) -> tuple[float, float]:
    """95% bootstrap interval of a speaker's score over their quotes' sentences.

    For a speaker with more than `max_quotes` quotes the bootstrap runs on a fixed random
    sample of them and the interval is narrowed by sqrt(sample / all) around its centre, as
    the spread of a ratio of sums shrinks with the square root of the text it rests on.
    `total` says how many quotes the speaker has when `quotes` is already that sample (the
    dashboard reads the words of the sampled quotes only).
    """
    texts = quotes.loc[quotes["speaker_id"] == speaker_id, "text"].dropna().astype(str)
    total = max(len(texts), total or 0)
    if len(texts) > max_quotes:
        texts = texts.sample(n=max_quotes, random_state=0)
    sentences = [s for t in texts for s in readability.split_sentences(t)]
    lo, hi = readability.bootstrap_interval(sentences, formula)
    if total > max_quotes and lo == lo and hi == hi:
        mid, factor = (lo + hi) / 2, (max_quotes / total) ** 0.5
        lo, hi = mid - (mid - lo) * factor, mid + (hi - mid) * factor
    return lo, hi


def interval_from_counts(quotes: pd.DataFrame, formula: str, n: int = 200, seed: int = 0,
                         max_quotes: int = 5_000) -> tuple[float, float]:
    """95% bootstrap interval of a score over `quotes` (one speaker's rows, with the quotes'
    readability counts and `lang`), resampling whole quotes: the same ratio of sums as the
    speaker's score, so the interval is around that score, and no text is read again.

    Above `max_quotes` the bootstrap runs on a fixed sample and its spread is narrowed by
    sqrt(sample / all) around the score of every quote."""
    if formula not in readability.SCORE_KEYS and formula != "reading_time_s":
        return (math.nan, math.nan)
    if not all(c in quotes for c in QUOTE_COUNTS) or "lang" not in quotes or len(quotes) < 2:
        return (math.nan, math.nan)
    lang = str(quotes["lang"].iloc[0])
    counts = np.column_stack([pd.to_numeric(quotes[c], errors="coerce").fillna(0)
                              .to_numpy(dtype=np.float64) for c in QUOTE_COUNTS])
    whole = readability.scores_from_counts(
        pd.DataFrame([counts.sum(axis=0)], columns=list(QUOTE_COUNTS)), [lang])[formula].iloc[0]
    rng = np.random.default_rng(seed)
    k = len(counts)
    if k > max_quotes:
        counts = counts[rng.choice(k, size=max_quotes, replace=False)]
    m = len(counts)
    # each resample as how often it draws each quote: (n, m) weights, not (n, m, 6) copies
    sums = rng.multinomial(m, np.full(m, 1.0 / m), size=n) @ counts
    values = readability.scores_from_counts(
        pd.DataFrame(sums, columns=list(QUOTE_COUNTS)), [lang] * n)[formula].to_numpy(float)
    if np.all(np.isnan(values)):
        return (math.nan, math.nan)
    lo, hi = (float(x) for x in np.nanpercentile(values, [2.5, 97.5]))
    if k > m and not math.isnan(whole):
        centre, factor = float(np.nanmedian(values)), (m / k) ** 0.5
        lo, hi = whole - (centre - lo) * factor, whole + (hi - centre) * factor
    return (lo, hi)


def speakers_overview(quotes: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """The Speakers page table: counts over the filtered quotes, kind, roles and the variants
    merged into each speaker with the quotes each brought (from the build), as text."""
    cols = ["speaker", "kind", "n_quotes", "n_articles", "roles", "variants"]
    if quotes.empty or "speaker_id" not in quotes:
        return pd.DataFrame(columns=cols)
    g = quotes.groupby("speaker_id", sort=False)
    out = pd.DataFrame({"speaker": g["speaker"].first(), "n_quotes": g.size(),
                        "n_articles": g["article_id"].nunique()})
    out["kind"] = g["speaker_kind"].first() if "speaker_kind" in quotes else ""
    table = speakers.set_index("speaker_id") if "speaker_id" in speakers else pd.DataFrame()
    for col in ("roles", "variants"):
        src = table[col].reindex(out.index) if col in table else pd.Series(None, out.index)
        out[col] = [_join(v) for v in src]
    out = out.sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)[cols]


def _join(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence | np.ndarray):
        return "; ".join(str(v) for v in value)
    return ""
