"""Keyphrases of many texts at once: candidates from ``lib.term_scan`` scored against corpus
document frequencies, repeated phrases absorbing their words, near-duplicates folded.

All steps are numpy over (text, candidate) rows; Python touches only the kept phrases' strings.
It does not build tables or answer queries; ``lib.keywords`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import keyword_parts as kp
from lib import term_scan as ts

BATCH = 2000          # texts per scan: big enough for numpy to pay, small enough for memory
ABSORB_SHARE = 0.9    # a word is part of a phrase when this share of its uses are inside it


@dataclass(frozen=True, slots=True)
class Keyphrase:
    term: str     # display form: the most common way the text writes it
    key: str      # folded form (lowercase, singular head)
    score: float
    tf: int = 1   # occurrences in the text


def display(surface: str, capital: int, lower: int) -> str:
    """As written when more uses are capitalised (outside sentence starts) than written in
    lower case: a name. A sentence opener says nothing either way, so "Trump", which opens
    many a paragraph, stays a name, and "Prices", met only opening sentences, is "prices"."""
    return surface if capital > lower else surface.lower()


class KeyphraseExtractor:
    """TF-IDF over stopword-bounded phrases, with a lift for early and long words.

    ``fit`` counts document frequencies over a corpus; ``extract``/``extract_many`` score texts
    against them.
    """

    # Why these shapes (measured on news with reader-picked keyphrases): repetition and an early
    # first mention predict a pick far better than rarity in the corpus, so idf is damped; long
    # words are specific, short ones generic; a phrase must repeat to beat its words.
    tf_power = 1.0
    idf_power = 0.5
    position_weight = 1.0
    position_scale = 20.0
    word_length_power = 1.0       # on min(characters of the longest word, 10) / 10
    capital_weight = 0.0          # lift by the share of capitalised uses (names)
    # Readers pick a candidate standing between function words ("the *merger* of") as a phrase
    # of its own, and one inside a run of content words ("chief executive *officer*") as part of
    # the run: weight by the share of its sides next to a stopword, 1 - w + w * share.
    bound_weight = 0.8
    phrase_weight = (1.0, 0.6, 0.4)

    def __init__(self, stopwords: Iterable[str] = (), languages: Sequence[str] | None = None,
                 max_words: int = 3, fold: bool = True) -> None:
        self.vocab = ts.Vocab(stopwords)
        self.languages = tuple(languages) if languages else None  # None: guess per text
        self.max_words = max_words
        self.fold = fold
        self.n_docs = 0
        self._df_h = np.zeros(0, dtype=np.uint64)   # sorted candidate hashes
        self._df_n = np.zeros(0, dtype=np.int64)    # texts containing each

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, docs: Iterable[str]) -> KeyphraseExtractor:
        """Document frequencies of every candidate over ``docs``."""
        return self.fit_pairs((doc, None) for doc in docs)

    def fit_pairs(self, docs: Iterable[tuple[str, str | None]]) -> KeyphraseExtractor:
        """Like ``fit`` over (text, language code or None to guess) pairs."""
        parts: list[pd.Series] = []
        self.n_docs = 0
        for texts, langs in _batches(docs):
            _tokens, _grams, pairs = self.scan(texts, langs)
            parts.append(ts.doc_freq(pairs))
            self.n_docs += len(texts)
        self._set_df(parts)
        return self

    def _set_df(self, parts: list[pd.Series]) -> None:
        if not parts:
            self._df_h, self._df_n = np.zeros(0, np.uint64), np.zeros(0, np.int64)
            return
        df = parts[0] if len(parts) == 1 else pd.concat(parts).groupby(level=0).sum()
        df = df.sort_index()
        self._df_h = df.index.to_numpy(dtype=np.uint64)
        self._df_n = df.to_numpy(dtype=np.int64)

    def tokens(self, texts: Sequence[str], langs: Sequence[str | None],
               ) -> tuple[ts.Tokens, np.ndarray]:
        """One batch as token codes, and the stopword bits that apply to each text."""
        if self.languages and all(lang is None for lang in langs):
            langs = [self.languages[0]] * len(texts)
        tokens = ts.tokenize(self.vocab, [ts.clean(t) for t in texts])
        masks = ts.guess_masks(self.vocab, tokens, langs)
        if self.languages and len(self.languages) > 1:
            for lang in self.languages[1:]:
                masks |= ts.lang_mask(lang)
        return tokens, masks

    def scan(self, texts: Sequence[str], langs: Sequence[str | None],
             max_words: int | None = None) -> tuple[ts.Tokens, ts.Grams, ts.Pairs]:
        tokens, masks = self.tokens(texts, langs)
        grams = ts.grams(self.vocab, tokens, masks, max_words or self.max_words)
        return tokens, grams, ts.pairs(grams)

    def candidates(self, texts: Sequence[str], langs: Sequence[str | None]) -> kp.Candidates:
        """The candidate rows of ``texts`` (one scan), in a form any process can merge."""
        tokens, grams, pairs = self.scan(texts, langs)
        return kp.from_scan(self.vocab, tokens, grams, pairs, self.max_words)

    def rank_runs(self, runs: kp.Runs, k: int = 10) -> pd.DataFrame:
        """Document frequencies fitted on the texts of ``runs``, then the ``k`` best keyphrases
        of each: doc, term, score, tf, best first within each text."""
        self.n_docs = runs.n_docs
        h = runs.hashes()
        self._set_df([pd.Series(h).value_counts(sort=False)] if len(h) else [])
        del h
        frames = []
        for lo in range(0, runs.n_docs, BATCH):
            part = runs.batch(lo, min(lo + BATCH, runs.n_docs))
            rows, score = self._select(part, k)
            frame = self._frame(part, rows, score)
            frame["doc"] += lo
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else _empty_rank(False)

    def doc_freq(self, h: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self._df_h, h)
        pos = np.minimum(pos, max(len(self._df_h) - 1, 0))
        found = self._df_h[pos] == h if len(self._df_h) else np.zeros(len(h), dtype=bool)
        return np.where(found, self._df_n[pos] if len(self._df_n) else 0, 0)

    # -- scoring ---------------------------------------------------------------------------
    def scores(self, p: ts.Pairs | kp.Candidates) -> np.ndarray:
        df = self.doc_freq(p.h)
        idf = np.log(self.n_docs + 1.0) - np.log(df + 1.0) + 1.0
        longest = np.minimum(p.longest, 10) / 10.0
        weight = np.asarray(self.phrase_weight, dtype=np.float64)
        out: np.ndarray = (p.tf.astype(np.float64) ** self.tf_power * idf ** self.idf_power
                * (1.0 + self.position_weight / (1.0 + p.first / self.position_scale))
                * longest ** self.word_length_power
                * (1.0 + self.capital_weight * p.cap / p.tf)
                * (1.0 - self.bound_weight + self.bound_weight * p.bound / (2.0 * p.tf))
                * weight[np.minimum(p.n, len(weight)) - 1])
        return out

    def rank(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
             k: int = 10, keys: bool = False) -> pd.DataFrame:
        """The ``k`` best keyphrases of each text: doc (index into ``texts``), term, score, tf,
        and key when ``keys``; rows best first within each text."""
        langs = list(langs) if langs is not None else [None] * len(texts)
        frames = []
        offset = 0
        for chunk, chunk_langs in _batches(zip(texts, langs, strict=True)):
            tokens, grams, pairs = self.scan(chunk, chunk_langs)
            c = kp.from_scan(self.vocab, tokens, grams, pairs, self.max_words)
            rows, score = self._select(c, k)
            key_list = ([ts.key_of(self.vocab, tokens.codes, int(t), int(m))
                         for t, m in zip(pairs.tok[rows], pairs.n[rows], strict=True)]
                        if keys else None)
            frame = self._frame(c, rows, score, key_list)
            frame["doc"] += offset
            frames.append(frame)
            offset += len(chunk)
        if not frames:
            return _empty_rank(keys)
        return pd.concat(frames, ignore_index=True)

    def _select(self, c: kp.Candidates, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows of each text's ``k`` best keyphrases, in order, and their scores."""
        score = self.scores(c)
        # Folding drops at most a few candidates per kept one; 4k + 20 leaves ample room.
        rows = _top_per_doc(c.doc, score, c.first, 4 * k + 20)
        doc, tf = c.doc[rows], c.tf[rows]
        score, first = score[rows], c.first[rows]
        at = np.full(len(c.h), -1, dtype=np.int64)
        at[rows] = np.arange(len(rows))
        owner, sub_row = at[c.owner], at[c.sub]
        ok = (owner >= 0) & (sub_row >= 0)
        owner, sub_row = owner[ok], sub_row[ok]
        if len(owner):
            # A repeated phrase takes the place (and score) of the words it nearly always
            # contains: "pension reform" said three times stands for "pension" and "reform".
            takes = (tf[owner] >= 2) & (tf[owner] >= ABSORB_SHARE * tf[sub_row])
            gone = np.zeros(len(rows), dtype=bool)
            gone[sub_row[takes]] = True
            best = score.copy()
            np.maximum.at(best, owner[takes], score[sub_row[takes]])
            keep = ~gone | (best > score)
            score = best
        else:
            keep = np.ones(len(rows), dtype=bool)
        order = np.flatnonzero(keep)
        order = order[np.lexsort((first[order], -score[order], doc[order]))]
        if self.fold and len(owner):
            order = _fold(order, owner, sub_row)
        order = order[_cumcount(doc[order]) < k]
        return rows[order], score[order]

    def _frame(self, c: kp.Candidates, rows: np.ndarray, score: np.ndarray,
               keys: list[str] | None = None) -> pd.DataFrame:
        tf, cap, lower, n = c.tf[rows], c.cap[rows], c.lower[rows], c.n[rows]
        # Spell each distinct surface once: terms recur across the articles of a corpus.
        terms: np.ndarray = np.zeros(0, dtype=object)
        if len(rows):
            parts = [c.words[rows, j] for j in range(int(n.max()))]
            _u, first_row, which = np.unique(ts.hash_ids(parts), return_index=True,
                                             return_inverse=True)
            surfaces = np.asarray([kp.spell(c, int(rows[r])) for r in first_row], dtype=object)
            lowered = np.asarray([x.lower() for x in surfaces], dtype=object)
            terms = np.where(cap > lower, surfaces[which], lowered[which])  # as `display`
        frame = pd.DataFrame({"doc": c.doc[rows].astype(np.int64),
                              "term": pd.Series(terms, dtype=object),
                              "score": score, "tf": tf.astype(np.int64)})
        if keys is not None:
            frame["key"] = pd.Series(keys, dtype=object)
        # Two keys can read alike ("James" the name, "james" the word): show one.
        low = frame["term"].str.lower()
        return frame[~pd.DataFrame({"d": frame["doc"], "t": low}).duplicated()].reset_index(
            drop=True)

    # -- one text --------------------------------------------------------------------------
    def scored(self, text: str, k: int = 10, lang: str | None = None) -> list[Keyphrase]:
        """The ``k`` best keyphrases of ``text``, near-duplicates folded when ``fold``."""
        frame = self.rank([text], [lang], k, keys=True)
        return [Keyphrase(t, key, float(s), int(f)) for t, key, s, f in
                zip(frame["term"], frame["key"], frame["score"], frame["tf"], strict=True)]

    def extract(self, text: str, k: int = 10, lang: str | None = None) -> list[str]:
        return [kp.term for kp in self.scored(text, k, lang)]

    def extract_many(self, texts: Sequence[str], k: int = 10,
                     langs: Sequence[str | None] | None = None) -> list[list[str]]:
        frame = self.rank(texts, langs, k)
        out: list[list[str]] = [[] for _ in texts]
        for d, term in zip(frame["doc"].tolist(), frame["term"].tolist(), strict=True):
            out[d].append(term)
        return out


def _empty_rank(keys: bool) -> pd.DataFrame:
    cols = {"doc": pd.Series(dtype="int64"), "term": pd.Series(dtype=object),
            "score": pd.Series(dtype="float64"), "tf": pd.Series(dtype="int64")}
    if keys:
        cols["key"] = pd.Series(dtype=object)
    return pd.DataFrame(cols)


def _batches(docs: Iterable[tuple[str, str | None]],
             ) -> Iterable[tuple[list[str], list[str | None]]]:
    texts: list[str] = []
    langs: list[str | None] = []
    for text, lang in docs:
        texts.append(text if isinstance(text, str) else "")
        langs.append(lang)
        if len(texts) >= BATCH:
            yield texts, langs
            texts, langs = [], []
    if texts:
        yield texts, langs


def _cumcount(doc: np.ndarray) -> np.ndarray:
    """Rank of each row within its run of equal ``doc`` (rows grouped by doc)."""
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    lengths = np.diff(np.r_[starts, len(doc)])
    return np.arange(len(doc)) - np.repeat(starts, lengths)


def _top_per_doc(doc: np.ndarray, score: np.ndarray, first: np.ndarray, m: int) -> np.ndarray:
    """Row indices of each doc's ``m`` best scores, best first (ties: earlier first)."""
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    # One int64 sort key instead of a three-key lexsort: doc, then score to 1e-6, then first.
    top = float(score.max())
    scale = (2**31 - 1) / top if top > 0 else 1.0
    q = (np.int64(2**31 - 1) - np.round(score * scale).astype(np.int64))
    key = (doc.astype(np.int64) << 51) | (q << 20) | np.minimum(first, 2**20 - 1)
    order = np.argsort(key)
    return order[_cumcount(doc[order]) < m]


def _fold(order: np.ndarray, owner: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """Keep the better of two phrases when one sits inside the other ("Macron", "President
    Macron"): in rank order, a phrase goes when a kept better one contains it or sits in it."""
    rank = np.empty(int(max(order.max(initial=-1), owner.max(initial=-1), sub.max(initial=-1)))
                    + 1, dtype=np.int64)
    rank[:] = -1
    rank[order] = np.arange(len(order))
    alive = (rank[owner] >= 0) & (rank[sub] >= 0)
    a, b = rank[owner[alive]], rank[sub[alive]]
    hi, lo = np.minimum(a, b), np.maximum(a, b)
    kept = np.ones(len(order), dtype=bool)
    # Greedy in rank order as a fixed point: each round settles one more level of the chains.
    for _ in range(64):
        blocked = np.zeros(len(order), dtype=bool)
        blocked[lo[kept[hi]]] = True
        new = ~blocked
        if np.array_equal(new, kept):
            break
        kept = new
    return order[kept]
