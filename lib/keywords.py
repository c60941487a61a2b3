"""Keyphrases per article and per filtered set, and what sets one speaker's words apart.

Scores are fitted once per corpus (``build_keyword_tables``); the query functions only group the
precomputed tables, so the pages never refit. Topics live in ``lib.topics``.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.phrases import (
    Occurrence,
    available_languages,
    candidate_keys,
    candidates,
    guess_language,
    stopword_set,
)
from lib.topics import fit_topics, topic_shares  # re-exported: pages find every query here

ARTICLE_TERMS = 30       # keyphrases kept per article in article_terms


# Per text and candidate: [tf, first position, words, capitalised occurrences, first surface].
# A list rather than a record because a corpus pass creates millions of them.
_Stats = list[Any]


@dataclass(frozen=True, slots=True)
class Keyphrase:
    term: str     # display form: the most common way the text writes it
    key: str      # folded form (lowercase, singular head)
    score: float
    tf: int = 1   # occurrences in the text


class KeyphraseExtractor:
    """TF-IDF over stopword-bounded phrases, with a lift for early and name-like phrases.

    ``fit`` counts document frequencies over a corpus; ``extract`` scores one text against them.
    """

    # Why these shapes (measured on news with reader-picked keyphrases): repetition and an early
    # first mention predict a pick far better than rarity in the corpus, so idf is damped; long
    # words are specific, short ones generic; a phrase must repeat to beat its words; capitals
    # say little once names are folded.
    tf_power = 1.0
    idf_power = 0.5
    position_weight = 1.0
    position_scale = 20.0
    capital_weight = 0.0
    word_length_power = 1.0       # on min(characters of the longest word, 10) / 10
    phrase_weight = (1.0, 0.6, 0.4)

    def __init__(self, stopwords: Iterable[str] = (), languages: Sequence[str] | None = None,
                 max_words: int = 3, fold: bool = True) -> None:
        self.extra_stopwords = frozenset(w.lower() for w in stopwords)
        self.languages = tuple(languages) if languages else None  # None: guess per text
        self.max_words = max_words
        self.fold = fold
        self.df: Counter[str] = Counter()
        self.n_docs = 0

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, docs: Iterable[str]) -> KeyphraseExtractor:
        """Document frequencies of every candidate over ``docs``."""
        return self.fit_pairs((doc, None) for doc in docs)

    def fit_pairs(self, docs: Iterable[tuple[str, str | None]]) -> KeyphraseExtractor:
        """Like ``fit`` over (text, language code or None to guess) pairs."""
        self.df = Counter()
        self.n_docs = 0
        for doc, lang in docs:
            if isinstance(doc, str) and doc.strip():
                doc = html.unescape(doc) if "&" in doc else doc
                self.df.update(candidate_keys(doc, self.stopwords_for(doc, lang), self.max_words))
            self.n_docs += 1
        return self

    def idf(self, key: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(key, 0) + 1)) + 1.0

    # -- one text --------------------------------------------------------------------------
    def stopwords_for(self, text: str, lang: str | None = None) -> frozenset[str]:
        langs = {"en"}
        if lang:
            langs.add(lang)
        elif self.languages:
            langs.update(self.languages)
        else:
            langs.add(guess_language(text))
        return stopword_set(sorted(langs), self.extra_stopwords)

    def occurrences(self, text: str, lang: str | None = None) -> list[Occurrence]:
        if not isinstance(text, str) or not text.strip():
            return []
        if "&" in text:
            text = html.unescape(text)   # scraped news keeps entities ("&lsquo;") in plain text
        stop = self.stopwords_for(text, lang)
        return candidates(text, stop, self.max_words)

    def analyse(self, text: str, lang: str | None = None) -> dict[str, _Stats]:
        stats: dict[str, _Stats] = {}
        for key, surface, position, words, capital in self.occurrences(text, lang):
            st = stats.get(key)
            if st is None:
                stats[key] = [1, position, words, int(capital), surface]
            else:
                st[0] += 1
                st[3] += capital
                if capital and not st[4][0].isupper():
                    st[4] = surface          # prefer a capitalised spelling for names
        return stats

    def score_stats(self, stats: dict[str, _Stats], top: int | None = None) -> list[Keyphrase]:
        """Candidates best first; only the ``top`` best when given (saves building records)."""
        df, log_n1 = self.df, math.log(self.n_docs + 1)
        tf_power, idf_power, wl_power = self.tf_power, self.idf_power, self.word_length_power
        pos_w, pos_s, cap_w, phrase_w = (self.position_weight, self.position_scale,
                                         self.capital_weight, self.phrase_weight)
        scores: list[tuple[float, str]] = []
        for key, (tf, first, words, capital, _surface) in stats.items():
            idf = log_n1 - math.log(df.get(key, 0) + 1) + 1.0
            longest = len(key) if words == 1 else max(len(w) for w in key.split())
            score = (tf ** tf_power * idf ** idf_power
                     * (1.0 + pos_w / (1.0 + first / pos_s))
                     * (1.0 + cap_w * capital / tf)
                     * (min(longest, 10) / 10) ** wl_power
                     * phrase_w[min(words, len(phrase_w)) - 1])
            scores.append((-score, key))
        scores.sort()
        out = []
        for neg, key in scores if top is None else scores[:top]:
            tf, _first, _words, capital, surface = stats[key]
            out.append(Keyphrase(display(surface, capital, tf), key, -neg, tf))
        return out

    def scored(self, text: str, k: int = 10, lang: str | None = None) -> list[Keyphrase]:
        """The ``k`` best keyphrases of ``text``, near-duplicates folded when ``fold``."""
        stats = self.analyse(text, lang)
        # Folding drops at most a few candidates per kept one; 4k + 20 leaves ample room.
        ranked = self.score_stats(stats, 4 * k + 20)
        return _fold(_absorb(ranked), k) if self.fold else ranked[:k]

    def extract(self, text: str, k: int = 10, lang: str | None = None) -> list[str]:
        return [kp.term for kp in self.scored(text, k, lang)]


def display(surface: str, capital: int, tf: int) -> str:
    """Lowercase unless mostly written capitalised outside sentence starts (a name)."""
    return surface if capital and capital * 2 >= tf else surface.lower()


ABSORB_SHARE = 0.9   # a word is part of a phrase when this share of its uses are inside it


def _absorb(ranked: list[Keyphrase]) -> list[Keyphrase]:
    """A repeated phrase takes the place (and score) of the words it nearly always contains:
    "pension reform" said three times stands for "pension" and "reform"."""
    by_key = {kp.key: kp for kp in ranked}
    replaced: dict[str, Keyphrase] = {}
    gone: set[str] = set()
    for kp in ranked:
        words = kp.key.split()
        if len(words) < 2 or kp.tf < 2:
            continue
        best = kp.score
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                sub = by_key.get(" ".join(words[i:i + n]))
                if sub is not None and kp.tf >= ABSORB_SHARE * sub.tf:
                    gone.add(sub.key)
                    best = max(best, sub.score)
        if best > kp.score:
            replaced[kp.key] = Keyphrase(kp.term, kp.key, best, kp.tf)
    if not gone and not replaced:
        return ranked
    out = [replaced.get(kp.key, kp) for kp in ranked if kp.key not in gone or kp.key in replaced]
    out.sort(key=lambda kp: (-kp.score, kp.key))
    return out


def _fold(ranked: list[Keyphrase], k: int) -> list[Keyphrase]:
    """Keep the better of two phrases when one sits inside the other ("Macron", "President
    Macron"); plural and singular already share a key."""
    chosen: list[Keyphrase] = []
    chosen_keys: list[str] = []
    for kp in ranked:
        if len(chosen) >= k:
            break
        padded = f" {kp.key} "
        if any(padded in f" {c} " or f" {c} " in padded for c in chosen_keys):
            continue
        chosen.append(kp)
        chosen_keys.append(kp.key)
    return chosen


# -- corpus tables (build time) ----------------------------------------------------------------
def _article_texts(articles: pd.DataFrame) -> list[str]:
    texts = articles["text"].fillna("").astype(str).tolist() if "text" in articles else []
    if "title" not in articles:
        return texts
    # The title goes first (a reader's picks lean on it) unless the text already opens with it.
    out = []
    for title, text in zip(articles["title"].tolist(), texts, strict=True):
        title = title.strip() if isinstance(title, str) else ""
        out.append(f"{title}\n{text}" if title and not text.lstrip().startswith(title) else text)
    return out


def _langs(frame: pd.DataFrame, n: int) -> list[str | None]:
    if "lang" not in frame:
        return [None] * n
    return [v if isinstance(v, str) and v in available_languages() else None
            for v in frame["lang"].tolist()]


def build_keyword_tables(articles: pd.DataFrame, quotes: pd.DataFrame,
                         stopwords: Iterable[str] = (), n_topics: int | None = None,
                         ) -> dict[str, pd.DataFrame]:
    """article_terms, quote_terms, topics and article_topics for one corpus (see ARCHITECTURE)."""
    texts = _article_texts(articles)
    langs = _langs(articles, len(texts))
    ex = KeyphraseExtractor(stopwords)
    # Two passes rather than keeping every article's candidates: memory stays flat on 10k+ texts.
    ex.fit_pairs(zip(texts, langs, strict=True))
    ids = articles["article_id"].astype(str).tolist() if len(texts) else []
    rows_id: list[str] = []
    rows_term: list[str] = []
    rows_weight: list[float] = []
    for aid, text, lang in zip(ids, texts, langs, strict=True):
        best = ex.scored(text, ARTICLE_TERMS, lang)
        if not best:
            continue
        top = best[0].score
        for kp in best:
            rows_id.append(aid)
            rows_term.append(kp.term)
            rows_weight.append(kp.score / top)
    article_terms = pd.DataFrame({"article_id": pd.Series(rows_id, dtype="string"),
                                  "term": pd.Series(rows_term, dtype="string"),
                                  "weight": pd.Series(rows_weight, dtype="float64")})
    quote_terms = _quote_terms(quotes, articles, ex)
    topics, article_topics = fit_topics(article_terms, n_topics)
    return {"article_terms": article_terms, "quote_terms": quote_terms,
            "topics": topics, "article_topics": article_topics}


def _quote_terms(quotes: pd.DataFrame, articles: pd.DataFrame,
                 ex: KeyphraseExtractor) -> pd.DataFrame:
    """Counts of words and two-word phrases per quote, spelled one way across the corpus."""
    lang_of: dict[str, str | None] = {}
    if "lang" in articles and "article_id" in articles:
        lang_of = dict(zip(articles["article_id"].astype(str),
                           _langs(articles, len(articles)), strict=True))
    per_quote: list[tuple[str, Counter[str]]] = []
    spelling: dict[str, list[int | str]] = {}      # key -> [tf, capital, surface]
    qids = quotes["quote_id"].astype(str).tolist() if "quote_id" in quotes else []
    qtexts = quotes["text"].tolist() if "text" in quotes else []
    aids = quotes["article_id"].astype(str).tolist() if "article_id" in quotes else [""] * len(qids)
    for qid, text, aid in zip(qids, qtexts, aids, strict=True):
        counts: Counter[str] = Counter()
        occs = ex.occurrences(text, lang_of.get(aid)) if isinstance(text, str) else []
        for key, surface, _pos, words, capital in occs:
            if words > 2:
                continue
            counts[key] += 1
            sp = spelling.setdefault(key, [0, 0, surface])
            sp[0] = int(sp[0]) + 1
            sp[1] = int(sp[1]) + capital
        if counts:
            per_quote.append((qid, counts))
    term_of = {k: display(str(s), int(c), int(t)) for k, (t, c, s) in spelling.items()}
    q_col = [qid for qid, counts in per_quote for _ in counts]
    t_col = [term_of[k] for _, counts in per_quote for k in counts]
    n_col = [n for _, counts in per_quote for n in counts.values()]
    return pd.DataFrame({"quote_id": pd.Series(q_col, dtype="string"),
                         "term": pd.Series(t_col, dtype="string"),
                         "count": pd.Series(n_col, dtype="int64")})


# -- queries (every rerun; group the precomputed tables, never refit) -------------------------
def _drop_stopwords(terms: pd.Series, stopwords: Iterable[str]) -> pd.Series:
    """Mask of terms that contain none of the user's stopwords as a word."""
    stop = {w.strip().lower() for w in stopwords if w and w.strip()}
    if not stop:
        return pd.Series(True, index=terms.index)
    words = terms.str.lower().str.split()
    return ~words.map(lambda ws: any(w in stop for w in ws)).astype(bool)


def top_terms(article_terms: pd.DataFrame, article_ids: Iterable[str] | None = None,
              n: int = 20, stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The filtered set's keyphrases: summed per-article weight, and in how many articles."""
    at = article_terms
    if article_ids is not None:
        at = at[at["article_id"].isin(pd.Index(list(article_ids)).astype(str))]
    # A term appears once per article in article_terms, so a row count is an article count.
    g = at.groupby("term", sort=False, observed=True)["weight"].agg(["sum", "size"])
    g.columns = ["score", "articles"]
    g = g.reset_index()
    # User stopwords filter the few grouped terms, not the many rows.
    g = g[_drop_stopwords(g["term"].astype(str), stopwords).to_numpy()]
    g = g.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    out = g.head(n).reset_index(drop=True)[["term", "score", "articles"]]
    return out.astype({"articles": "int64"})


def log_odds(counts_a: pd.Series, counts_b: pd.Series,
             prior: pd.Series | None = None) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, as z-scores (Monroe, Colaresi & Quinn
    2008). Positive z: used more by a. ``prior`` defaults to the pooled counts of a and b."""
    a = counts_a.groupby(level=0).sum().astype("float64")
    b = counts_b.groupby(level=0).sum().astype("float64")
    terms = a.index.union(b.index)
    if prior is not None:
        p = prior.groupby(level=0).sum().astype("float64")
        # The prior's whole vocabulary is alpha_0, also the terms neither side used.
        terms = terms.union(p.index)
        p = p.reindex(terms, fill_value=0.0)
    else:
        p = a.reindex(terms, fill_value=0.0) + b.reindex(terms, fill_value=0.0)
    a, b = a.reindex(terms, fill_value=0.0), b.reindex(terms, fill_value=0.0)
    # A term the prior never saw still needs a pseudo-count, or its log-odds are infinite.
    p = p.clip(lower=0.01)
    a0, b0, p0 = a.sum(), b.sum(), p.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((a + p) / (a0 + p0 - a - p)) - np.log((b + p) / (b0 + p0 - b - p)))
        z = delta / np.sqrt(1.0 / (a + p) + 1.0 / (b + p))
    out = pd.DataFrame({"term": terms.astype(str), "z": z.to_numpy(dtype="float64"),
                        "count_a": a.to_numpy(dtype="int64"),
                        "count_b": b.to_numpy(dtype="int64")})
    out["z"] = out["z"].fillna(0.0)
    return out.sort_values(["z", "term"], ascending=[False, True], kind="stable",
                           ignore_index=True)


def _fold_counts(lo: pd.DataFrame) -> pd.DataFrame:
    """Drop a word or phrase used (nearly) only inside a longer listed phrase: "cap" when
    "price cap" has the same count. Rows stay in their order."""
    counts = dict(zip(lo["term"].str.lower(), lo["count_a"], strict=True))
    drop = set()
    for term, count in counts.items():
        words = term.split()
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i:i + n])
                if sub in counts and count >= ABSORB_SHARE * counts[sub]:
                    drop.add(sub)
    return lo[~lo["term"].str.lower().isin(drop)] if drop else lo


def speaker_terms(quote_terms: pd.DataFrame, quote_ids: Iterable[str], n: int = 20,
                  stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """What the chosen quotes say more than all other quotes: term, z, count, quotes; by z."""
    qt = quote_terms
    mask = qt["quote_id"].isin(pd.Index(list(quote_ids)).astype(str)).to_numpy()
    mine = qt[mask]
    empty = pd.DataFrame({"term": pd.Series(dtype="string"), "z": pd.Series(dtype="float64"),
                          "count": pd.Series(dtype="int64"), "quotes": pd.Series(dtype="int64")})
    if mine.empty:
        return empty
    total = qt.groupby("term", observed=True)["count"].sum()
    # A term appears once per quote in quote_terms, so a row count is a quote count.
    a = mine.groupby("term", observed=True)["count"].agg(["sum", "size"])
    keep = _drop_stopwords(total.index.to_series().astype(str), stopwords).to_numpy()
    total = total[keep]
    a = a[a.index.isin(total.index)]
    if a.empty:
        return empty
    b = total.sub(a["sum"], fill_value=0)
    lo = log_odds(a["sum"], b, prior=total)
    lo = _fold_counts(lo[lo["count_a"] > 0].head(4 * n + 20)).head(n)
    return pd.DataFrame({"term": lo["term"].to_numpy(), "z": lo["z"].to_numpy(),
                         "count": lo["count_a"].to_numpy(),
                         "quotes": a["size"].reindex(lo["term"]).fillna(0).astype("int64")
                         .to_numpy()})


__all__ = ["ARTICLE_TERMS", "Keyphrase", "KeyphraseExtractor", "build_keyword_tables", "display",
           "log_odds", "speaker_terms", "top_terms", "topic_shares"]
