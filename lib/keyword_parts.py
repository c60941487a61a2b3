"""Keyword candidates of a run of texts as plain arrays that can travel between processes: the
per-article step counts them where the text is, the corpus step merges the runs and ranks.

Nothing here holds one process's token codes (surfaces travel as strings). It does not score or
choose terms; ``lib.keyphrases`` does, and ``lib.keywords`` builds the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lib import term_scan as ts
from lib.phrases import written

_MIX = np.uint64(0x9E3779B97F4A7C15)
_I32 = np.int32


@dataclass(frozen=True, slots=True)
class Candidates:
    """One row per (text, candidate), with the "phrase contains phrase" edges between rows.

    Rows of a run are in scan order (words, then two-word phrases, ..., each by first
    occurrence); ``Runs.batch`` restores that order for any batch of texts, so ranking merged
    runs sorts exactly the arrays a one-process scan would.
    """

    doc: np.ndarray       # int32 text index within the run
    h: np.ndarray         # uint64 candidate hash
    tf: np.ndarray        # int32 occurrences in the text
    first: np.ndarray     # int32 word position of the first occurrence
    n: np.ndarray         # int8 words
    cap: np.ndarray       # int32 capitalised occurrences
    lower: np.ndarray     # int32 occurrences written in lower case
    longest: np.ndarray   # int16 characters of the longest word
    bound: np.ndarray     # int32 sides of its occurrences next to a stopword (0 .. 2 tf)
    words: np.ndarray     # (rows, width) int32 into ``surfaces``: first capitalised occurrence
    owner: np.ndarray     # int32 row of a phrase ...
    sub: np.ndarray       # int32 ... and the row of a shorter phrase inside it (same text)
    surfaces: np.ndarray  # object: token surfaces ``words`` points into
    n_docs: int


def empty_candidates(width: int = 3) -> Candidates:
    e = np.zeros(0, dtype=_I32)
    return Candidates(e, np.zeros(0, np.uint64), e, e, e.astype(np.int8), e, e, e.astype(np.int16),
                      e, np.zeros((0, width), dtype=_I32), e, e, np.zeros(0, dtype=object), 0)


def _lookup(doc: np.ndarray, h: np.ndarray, q_doc: np.ndarray, q_h: np.ndarray) -> np.ndarray:
    """Row of (q_doc, q_h) among the rows (doc, h), -1 when absent."""
    keys = h ^ (doc.astype(np.uint64) * _MIX)
    q = q_h ^ (q_doc.astype(np.uint64) * _MIX)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    pos = np.searchsorted(sorted_keys, q)
    pos = np.minimum(pos, max(len(keys) - 1, 0))
    hit = (sorted_keys[pos] == q) & (q_h != 0) if len(keys) else np.zeros(len(q), dtype=bool)
    out: np.ndarray = np.where(hit, order[pos] if len(keys) else -1, -1)
    return out


def _sub_edges(g: ts.Grams, n: np.ndarray, tok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sub-phrase hash, owning row) for every shorter phrase inside each phrase row."""
    subs, owner = [], []
    for length in (2, 3):
        rows = np.flatnonzero(n == length)
        if not len(rows):
            continue
        t = tok[rows]
        for j in range(length):
            subs.append(g.unigram_h[t + j])
            owner.append(rows)
        if length == 3:
            for j in range(2):
                subs.append(g.bigram_h[t + j])
                owner.append(rows)
    if not subs:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.concatenate(subs), np.concatenate(owner)


def from_scan(vocab: ts.Vocab, tokens: ts.Tokens, grams: ts.Grams, p: ts.Pairs,
              width: int = 3) -> Candidates:
    """The scan of one run as ``Candidates``: edges resolved to rows, surfaces as strings."""
    subs, owner = _sub_edges(grams, p.n, p.tok.astype(np.int64))
    sub = _lookup(p.doc, p.h, p.doc[owner], subs)
    ok = sub >= 0
    codes = tokens.codes
    at = p.cap_tok.astype(np.int64)
    words = np.full((len(at), width), -1, dtype=np.int64)
    for j in range(width):
        has = p.n > j
        words[has, j] = codes[at[has] + j]
    filled = words >= 0
    uniq, inv = np.unique(words[filled], return_inverse=True)
    words[filled] = inv
    surface, glued = vocab.surface, vocab.arrays["glued"]
    # A word written after a compound's hyphen travels as "-word" ("short-term": "short",
    # "-term"), as `lib.phrases.written` reads it.
    return Candidates(p.doc.astype(_I32), p.h, p.tf.astype(_I32), p.first.astype(_I32), p.n,
                      p.cap.astype(_I32), p.lower.astype(_I32), p.longest, p.bound.astype(_I32),
                      words.astype(_I32),
                      owner[ok].astype(_I32), sub[ok].astype(_I32),
                      np.asarray([("-" if glued[c] else "") + surface[c] for c in uniq.tolist()],
                                 dtype=object),
                      tokens.n_docs)


class Runs:
    """Consecutive runs of ``Candidates`` read batch by batch, without one merged copy: each
    batch's rows are assembled in the order a one-process scan of that batch gives."""

    def __init__(self, parts: Sequence[Candidates]) -> None:
        self.parts = [p for p in parts if p.n_docs]
        self.doc_off = np.cumsum([0] + [p.n_docs for p in self.parts]).tolist()
        self.n_docs = int(self.doc_off[-1])
        # Each run's surface ids mapped into one shared table of distinct surfaces.
        index: dict[str, int] = {}
        self.maps = [np.fromiter((index.setdefault(s, len(index)) for s in p.surfaces.tolist()),
                                 dtype=np.int64, count=len(p.surfaces)) for p in self.parts]
        self.surfaces = np.asarray(list(index), dtype=object)
        self.width = max((p.words.shape[1] for p in self.parts), default=3)

    def hashes(self) -> np.ndarray:
        """Every (text, candidate) row's hash: each row is one text containing it."""
        if not self.parts:
            return np.zeros(0, dtype=np.uint64)
        return np.concatenate([p.h for p in self.parts])

    def batch(self, lo: int, hi: int) -> Candidates:
        """Texts ``lo`` .. ``hi`` - 1, renumbered from 0: words before phrases, then by text
        and position, as one scan of those texts orders them."""
        pieces: list[tuple[Candidates, np.ndarray, np.ndarray, int]] = []
        owners, subs = [], []
        base = 0
        for part, m, off in zip(self.parts, self.maps, self.doc_off[:-1], strict=True):
            if off >= hi or off + part.n_docs <= lo:
                continue
            doc = part.doc.astype(np.int64) + (off - lo)
            sel = np.flatnonzero((doc >= 0) & (doc < hi - lo))
            at = np.full(len(doc), -1, dtype=np.int64)
            at[sel] = np.arange(len(sel)) + base
            o = at[part.owner]
            keep = o >= 0        # a phrase and the phrases inside it share a text
            owners.append(o[keep])
            subs.append(at[part.sub[keep]])
            pieces.append((part, m, sel, off - lo))
            base += len(sel)
        if not pieces:
            return empty_candidates(self.width)
        doc = np.concatenate([p.doc[sel].astype(np.int64) + shift for p, _m, sel, shift in pieces])
        n = np.concatenate([p.n[sel] for p, _m, sel, _s in pieces])
        words = np.full((base, self.width), -1, dtype=np.int64)
        row = 0
        for p, m, sel, _s in pieces:
            w = p.words[sel]
            if len(m):
                words[row:row + len(sel), :w.shape[1]] = np.where(w >= 0, m[np.maximum(w, 0)], -1)
            row += len(sel)
        cols = {name: np.concatenate([getattr(p, name)[sel] for p, _m, sel, _s in pieces])
                for name in ("h", "tf", "first", "cap", "lower", "longest", "bound")}
        owner, sub = np.concatenate(owners), np.concatenate(subs)
        # Runs are consecutive texts in scan order each: a stable sort on the word count gives
        # the one-scan order (words, then phrases; each by text and position).
        order = np.argsort(n, kind="stable")
        inv = np.empty(len(order), dtype=np.int64)
        inv[order] = np.arange(len(order))
        return Candidates(doc[order].astype(_I32), cols["h"][order], cols["tf"][order],
                          cols["first"][order], n[order], cols["cap"][order], cols["lower"][order],
                          cols["longest"][order], cols["bound"][order], words[order].astype(_I32),
                          inv[owner].astype(_I32), inv[sub].astype(_I32), self.surfaces,
                          hi - lo)


def spell(c: Candidates, row: int) -> str:
    """A row's candidate as written at its first capitalised occurrence ("short-term rent")."""
    return written([str(c.surfaces[w]) for w in c.words[row, : int(c.n[row])].tolist()])


# -- quote terms: words and two-word phrases counted per quote ------------------------------
@dataclass(frozen=True, slots=True)
class QuoteCounts:
    """(quote, candidate) counts of a run of quotes, in scan order, and the first spelling of
    each candidate the run contains (its first occurrence in the run)."""

    q: np.ndarray          # int32 quote index within the run
    h: np.ndarray          # uint64
    count: np.ndarray      # int32
    cap: np.ndarray        # int32 capitalised occurrences
    lower: np.ndarray      # int32 occurrences written in lower case
    n: np.ndarray          # int8 words
    first_h: np.ndarray    # uint64 distinct candidates of the run ...
    first_s: np.ndarray    # object ... and their first surface
    n_quotes: int


def empty_quote_counts() -> QuoteCounts:
    e = np.zeros(0, dtype=_I32)
    return QuoteCounts(e, np.zeros(0, np.uint64), e, e, e, e.astype(np.int8),
                       np.zeros(0, np.uint64),
                       np.zeros(0, dtype=object), 0)


def quote_counts(vocab: ts.Vocab, tokens: ts.Tokens, p: ts.Pairs) -> QuoteCounts:
    uniq, at = np.unique(p.h, return_index=True)
    surfaces = np.asarray([ts.surface_of(vocab, tokens.codes, int(p.tok[r]), int(p.n[r]))
                           for r in at.tolist()], dtype=object)
    return QuoteCounts(p.doc.astype(_I32), p.h, p.tf.astype(_I32), p.cap.astype(_I32),
                       p.lower.astype(_I32), p.n,
                       uniq, surfaces, tokens.n_docs)


def concat_quotes(parts: Sequence[QuoteCounts], batch: int,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                             dict[int, str]]:
    """(quote, hash, count, cap, lower) rows of consecutive runs in one-process order (per
    ``batch`` quotes: words, then phrases) and each candidate's first spelling in the whole
    corpus."""
    parts = [p for p in parts if p.n_quotes]
    if not parts:
        e = np.zeros(0, dtype=np.int64)
        return e, np.zeros(0, np.uint64), e, e, e, {}
    off = np.cumsum([0] + [p.n_quotes for p in parts])
    q = np.concatenate([p.q.astype(np.int64) + o
                        for p, o in zip(parts, off[:-1].tolist(), strict=True)])
    n = np.concatenate([p.n for p in parts])
    order = np.argsort((q // batch) * 8 + n, kind="stable")
    h = np.concatenate([p.h for p in parts])[order]
    count = np.concatenate([p.count for p in parts])[order].astype(np.int64)
    cap = np.concatenate([p.cap for p in parts])[order].astype(np.int64)
    lower = np.concatenate([p.lower for p in parts])[order].astype(np.int64)
    # The corpus's first spelling is the first run's that has the candidate.
    all_h = np.concatenate([p.first_h for p in parts])
    all_s = np.concatenate([p.first_s for p in parts])
    uniq, at = np.unique(all_h, return_index=True)
    first = dict(zip(uniq.tolist(), all_s[at].tolist(), strict=True))
    return q[order], h, count, cap, lower, first
