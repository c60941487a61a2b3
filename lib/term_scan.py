"""Vectorised candidate counting over many texts: one regex pass per batch, integer token codes,
n-gram hashes and per-(text, candidate) statistics as numpy arrays.

Same candidates as ``lib.phrases.candidates`` (words and phrases that cross no stopword or
punctuation), built without a Python step per word. It does not score; ``lib.keywords`` does.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.phrases import (
    _CONTRACTION_TAILS,
    _URL,
    available_languages,
    load_stopwords,
    singular,
    title_stop,
    written,
)

# A word (inner apostrophes kept, as lib.phrases) or one breaking character: any punctuation, a
# line break or "_". Other whitespace, and a hyphen between letters, join words into a phrase.
# A word after such a hyphen is scanned with GLUE before it: the same word, marked as the second
# part of a compound, so a phrase is not cut inside one and its surface keeps the hyphen.
_SCAN = re.compile(r"\x02?[^\W_]+(?:['’][^\W_]+)*|[^\w\s]|[\n\r_]")
_INNER_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
GLUE = "\x02"
_SENTENCE_END = frozenset(".!?:;\n\r")
_DATELINE_MARKS = ("(", ",", "-", "—", "–", "•")   # after a dateline's place
SEP = "\x00"                       # joins texts in one scan; a sentence end no phrase crosses
LINE = "\x01"                      # stands for a line break, which str.split() would swallow

WORD, BREAK, END = 0, 1, 2         # token kinds
_LANGS = available_languages()
_LANG_BIT = {lang: 1 << i for i, lang in enumerate(_LANGS)}
_EXTRA_BIT = 1 << len(_LANGS)      # the user's own stopwords
_ALWAYS_BIT = 1 << (len(_LANGS) + 1)   # contractions, one letter, bare numbers: never candidates
ALL_LANGS = (1 << len(_LANGS)) - 1
# Odd 64-bit multipliers of the n-gram hash; collisions among ~1e7 n-grams are ~1e-5 likely.
_P = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F),
      np.uint64(0x165667B19E3779F9), np.uint64(0x27D4EB2F165667C5))


def lang_mask(lang: str | None) -> int:
    """Stopword bits that apply to a text in ``lang`` (English always applies)."""
    return _ALWAYS_BIT | _EXTRA_BIT | _LANG_BIT.get("en", 0) | _LANG_BIT.get(lang or "", 0)


class Vocab:
    """Per-token facts, computed once per distinct token string across every batch."""

    def __init__(self, extra_stopwords: Iterable[str] = ()) -> None:
        self.extra = frozenset(w.strip().lower() for w in extra_stopwords if w.strip())
        self.index: dict[str, int] = {}
        self.forms: dict[str, int] = {}     # folded word forms (lowercase, singular) -> id
        self.form_list: list[str] = []
        self.form_h: list[int] = []          # a hash of each form, the same in every process
        self.surface: list[str] = []        # the word as written, possessive "'s" dropped
        cols = ("kind", "stop", "cap", "low", "key", "low_h", "key_h", "len_low", "len_key",
                "glued", "title", "upper")
        self._cols: dict[str, list[int]] = {c: [] for c in cols}
        self.arrays: dict[str, np.ndarray] = {}
        # Distinct whitespace-separated chunks -> their token codes, as flat growing lists.
        self.chunk_ids: dict[str, int] = {}
        self.chunk_start: list[int] = []
        self.chunk_len: list[int] = []
        self.chunk_tokens: list[int] = []
        empty = np.zeros(0, dtype=np.int64)
        self._chunk_arrays: tuple[np.ndarray, np.ndarray, np.ndarray] = (empty, empty, empty)
        self._stop_of = {lang: load_stopwords(lang) for lang in _LANGS}

    def _form(self, s: str) -> int:
        i = self.forms.get(s)
        if i is None:
            i = self.forms[s] = len(self.form_list)
            self.form_list.append(s)
            self.form_h.append(int.from_bytes(
                hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                "little"))
        return i

    def _add(self, tok: str) -> None:
        c = self._cols
        self.index[tok] = len(self.surface)
        glued = tok.startswith(GLUE)
        if glued:
            tok = tok[1:]
        c["glued"].append(int(glued))
        c["title"].append(int(tok[0].isalnum() and title_stop(tok)))
        c["upper"].append(int(tok[0].isalnum() and tok.isupper()))   # "WASHINGTON", "NATO"
        if not tok[0].isalnum():
            c["kind"].append(END if tok in _SENTENCE_END or tok in (SEP, LINE) else BREAK)
            for col in ("stop", "cap", "low", "key", "low_h", "key_h", "len_low", "len_key"):
                c[col].append(0)
            self.surface.append(tok)
            return
        surface, stop = tok, 0
        if "'" in tok or "’" in tok:
            head, _apos, tail = tok.replace("’", "'").rpartition("'")
            if tail.lower() == "s":
                surface = tok[: len(head)]          # possessive: "Schnabel's" -> "Schnabel"
            elif tail.lower() in _CONTRACTION_TAILS:
                stop = _ALWAYS_BIT                  # "don't", "we'll": function words
        low = surface.lower()
        if len(surface) < 2 or (surface[0].isdigit() and not any(ch.isalpha() for ch in surface)):
            stop = _ALWAYS_BIT
        for lang, words in self._stop_of.items():
            if low in words:
                stop |= _LANG_BIT[lang]
        if low in self.extra:
            stop |= _EXTRA_BIT
        cap = surface[0].isupper()
        low_n = low.replace("’", "'")
        key = low_n if cap else singular(low_n)     # names keep their final "s"
        c["kind"].append(WORD)
        c["stop"].append(stop)
        c["cap"].append(int(cap))
        low_id, key_id = self._form(low_n), self._form(key)
        c["low"].append(low_id)
        c["key"].append(key_id)
        c["low_h"].append(self.form_h[low_id])
        c["key_h"].append(self.form_h[key_id])
        c["len_low"].append(len(low_n))
        c["len_key"].append(len(key))
        self.surface.append(surface)

    def _token_id(self, tok: str) -> int:
        i = self.index.get(tok)
        if i is None:
            self._add(tok)
            i = len(self.surface) - 1
        return i

    def codes(self, text: str) -> np.ndarray:
        """Token codes of ``text``, learning new tokens. Whitespace-separated chunks repeat
        ("the", "said,"), so the regex runs once per distinct chunk, not over the whole text."""
        if "\n" in text or "\r" in text:
            text = text.replace("\r", f" {LINE} ").replace("\n", f" {LINE} ")
        parts = text.split()
        chunk_ids = self.chunk_ids
        for chunk in dict.fromkeys(parts):
            if chunk not in chunk_ids:
                chunk_ids[chunk] = len(self.chunk_start)
                self.chunk_start.append(len(self.chunk_tokens))
                # Readers name the parts of a compound ("anti-inflammatory" -> "inflammatory").
                words = _SCAN.findall(_INNER_HYPHEN.sub(" " + GLUE, chunk) if "-" in chunk
                                      else chunk)
                self.chunk_tokens.extend(self._token_id(t) for t in words)
                self.chunk_len.append(len(self.chunk_tokens) - self.chunk_start[-1])
        ids = np.fromiter(map(chunk_ids.__getitem__, parts), dtype=np.int64, count=len(parts))
        if len(self.surface) != len(self.arrays.get("kind", ())):
            dtypes = {"kind": np.int8, "stop": np.int32, "cap": np.bool_, "low": np.int64,
                      "key": np.int64, "low_h": np.uint64, "key_h": np.uint64,
                      "len_low": np.int16, "len_key": np.int16, "glued": np.bool_,
                      "title": np.bool_, "upper": np.bool_}
            self.arrays = {k: np.asarray(v, dtype=dtypes[k]) for k, v in self._cols.items()}
        if len(self.chunk_start) != len(self._chunk_arrays[0]):
            self._chunk_arrays = (np.asarray(self.chunk_start, dtype=np.int64),
                                  np.asarray(self.chunk_len, dtype=np.int64),
                                  np.asarray(self.chunk_tokens, dtype=np.int32))
        start, length, flat = self._chunk_arrays
        lens = length[ids]
        total = int(lens.sum())
        # Expand each chunk to its tokens: chunk start + offset inside the chunk.
        ends = np.cumsum(lens)
        within = np.arange(total, dtype=np.int64) - np.repeat(ends - lens, lens)
        out: np.ndarray = flat[np.repeat(start[ids], lens) + within]
        return out


def clean(text: object) -> str:
    """The text as scanned: entities decoded, links and separators blanked; "" for non-text."""
    if not isinstance(text, str):
        return ""
    if "&" in text:
        text = html.unescape(text)     # scraped news keeps entities ("&lsquo;") in plain text
    if "http" in text or "www" in text or "@" in text or ".com" in text:
        # Links are not words; their pieces ("http", "com") would rank as frequent terms.
        text = _URL.sub(" ; ", text)
    if SEP in text or LINE in text or GLUE in text:
        # the scan's own marks, written in the text: a break, as the per-text walk reads them
        text = text.replace(SEP, ",").replace(LINE, ",").replace(GLUE, ",")
    return text


@dataclass(frozen=True, slots=True)
class Tokens:
    """One batch of texts as token codes; ``doc`` numbers the texts of the batch from 0."""
    codes: np.ndarray      # int32 per token (words and breaks)
    doc: np.ndarray        # int32 per token
    n_docs: int


def tokenize(vocab: Vocab, texts: Sequence[str]) -> Tokens:
    joined = f" {SEP} " + f" {SEP} ".join(texts)   # a leading separator opens text 0 too
    codes = vocab.codes(joined)
    sep = vocab.index[SEP]
    doc = np.cumsum(codes == sep, dtype=np.int32) - 1
    return Tokens(codes, doc, len(texts))


@dataclass(frozen=True, slots=True)
class Grams:
    """Candidate occurrences of one batch, in token order within each length."""
    h: np.ndarray          # uint64 hash of the folded key (unique across lengths)
    doc: np.ndarray        # int32
    tok: np.ndarray        # int32 index of the first word in Tokens.codes
    wpos: np.ndarray       # int32 word position in its text (stopwords count)
    n: np.ndarray          # int8 words
    cap: np.ndarray        # bool: every word capitalised (one word: not at a sentence start)
    lower: np.ndarray      # bool: no word capitalised (at a sentence start too)
    longest: np.ndarray    # int16 characters of the longest word of the key
    bound: np.ndarray      # int8 sides (0-2) next to a stopword (punctuation does not count)
    unigram_h: np.ndarray  # uint64 per token: its one-word hash (0 when not a candidate)
    bigram_h: np.ndarray   # uint64 per token: the two-word hash starting there (0 when none)


def datelines(vocab: Vocab, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Each text's dateline, as sorted token starts and the token ending each: a run of words in
    capitals ("WASHINGTON", "LOS ANGELES") that opens the text or the line after its first line
    break (a headline's), followed by a parenthesis, a comma or a dash."""
    codes = tokens.codes
    e = np.zeros(0, dtype=np.int64)
    if len(codes) < 2:
        return e, e
    upper = vocab.arrays["upper"][codes]
    sep, line = vocab.index[SEP], vocab.index.get(LINE, -1)
    is_line = codes == line
    new_line = is_line.copy()
    new_line[1:] &= ~is_line[:-1]
    lines = np.cumsum(new_line)
    lines -= lines[np.flatnonzero(codes == sep)][tokens.doc]   # line breaks so far in the text
    prev = codes[:-1]
    opens = np.zeros(len(codes), dtype=bool)
    opens[1:] = upper[1:] & ((prev == sep) | ((prev == line) & (lines[1:] == 1)))
    at = np.flatnonzero(opens)
    if not len(at):
        return e, e
    rest = np.flatnonzero(~upper)
    end = rest[np.minimum(np.searchsorted(rest, at), len(rest) - 1)]
    marks = [vocab.index[m] for m in _DATELINE_MARKS if m in vocab.index]
    ok = (end > at) & np.isin(codes[end], marks)
    return at[ok], end[ok]


def hash_ids(parts: Sequence[np.ndarray]) -> np.ndarray:
    """64-bit hash of a tuple of form ids, never 0 (0 marks "no candidate")."""
    h = np.full(len(parts[0]), np.uint64(len(parts)), dtype=np.uint64)
    for i, p in enumerate(parts):
        h = h * _P[i % 4] + (p.astype(np.uint64) + np.uint64(1))
        h ^= h >> np.uint64(31)
    h *= _P[3]
    h ^= h >> np.uint64(29)
    h[h == 0] = 1
    return h


def grams(vocab: Vocab, tokens: Tokens, doc_masks: np.ndarray, max_words: int = 3) -> Grams:
    """Every candidate occurrence up to ``max_words`` words; ``doc_masks`` per text holds the
    stopword bits that apply to it (``lang_mask``)."""
    a = vocab.arrays
    codes, doc = tokens.codes, tokens.doc
    kind = a["kind"][codes]
    is_word = kind == WORD
    valid = is_word & ((a["stop"][codes] & doc_masks[doc]) == 0)
    idx = np.arange(len(codes), dtype=np.int64)
    # Word positions restart in every text (the separator opens each text).
    cw = np.cumsum(is_word)
    # The full stop of a title abbreviation or an initial ("Mr. Putin", "Vladimir V. Putin")
    # ends no sentence: the name after it is capitalised for itself (lib.phrases.title_stop).
    ends = kind == END
    dot = vocab.index.get(".", -1)
    if len(codes) > 1 and dot >= 0:
        ends[1:] &= ~((codes[1:] == dot) & a["title"][codes[:-1]])
    starts = np.flatnonzero(ends)
    sep_at = np.flatnonzero(codes == vocab.index[SEP])
    wpos = (cw - cw[sep_at][doc]).astype(np.int32) - 1
    # A word opens a sentence when a sentence end came after the last word before it.
    last_word = np.maximum.accumulate(np.where(is_word, idx, -1))
    last_end = np.full(len(codes), -1, dtype=np.int64)
    last_end[starts] = starts
    last_end = np.maximum.accumulate(last_end)
    opens = np.zeros(len(codes), dtype=bool)
    if len(codes) > 1:
        opens[1:] = last_end[:-1] > last_word[:-1]
    cap = a["cap"][codes]
    # Hashes of the word forms, not their ids: ids follow the order a process met the words,
    # and candidates counted in different processes must meet under one hash.
    low, key = a["low_h"][codes], a["key_h"][codes]
    len_low, len_key = a["len_low"][codes], a["len_key"][codes]

    # A phrase starts and ends on a compound's edges ("short-term holiday lets" is no source of
    # "term holiday lets"); its words alone are still candidates ("readers name the parts").
    glued = a["glued"][codes]
    cut = np.zeros(len(codes), dtype=bool)   # cut[i]: the word after token i continues it
    if len(codes) > 1:
        cut[:-1] = glued[1:]
    # A side next to a stopword (a function word, not punctuation or a content word): a candidate
    # that stands between function words ("the *merger* of") is a phrase of its own; one inside
    # a run of content words is read as part of the run ("Deutsche Boerse *chief* executive").
    stop_word = is_word & ~valid
    # A dateline's place ("WASHINGTON (Reuters) -", "MURRIETA, Calif. —") is what a wire story
    # is about for its readers, though punctuation, not function words, bounds it: it counts
    # as bound on both sides.
    place_at, place_end = datelines(vocab, tokens)
    place = np.zeros(len(codes), dtype=bool)
    place[place_at] = True
    parts_h, parts_tok, parts_n, parts_cap, parts_lower, parts_long = [], [], [], [], [], []
    parts_bound = []
    unigram_h = np.zeros(len(codes), dtype=np.uint64)
    bigram_h = np.zeros(len(codes), dtype=np.uint64)
    run = valid.copy()                   # run[i]: words i .. i+n-1 are all candidates
    all_cap = cap.copy()
    any_cap = cap.copy()
    longest = len_low.copy()
    for n in range(1, max_words + 1):
        if n > 1:
            run[: -(n - 1)] &= valid[n - 1:]
            run[-(n - 1):] = False
            all_cap[: -(n - 1)] &= cap[n - 1:]
            any_cap[: -(n - 1)] |= cap[n - 1:]
        at = np.flatnonzero(run)
        if not len(at):
            break
        if n > 1:
            at = at[~glued[at] & ~cut[at + (n - 1)]]
        head = at + (n - 1)
        h = hash_ids([*(low[at + j] for j in range(n - 1)), key[head]])
        if n == 1:
            unigram_h[at] = h
            occ_cap = cap[at] & ~opens[at]
            occ_long = len_key[at]
        else:
            if n == 2:
                bigram_h[at] = h
            occ_cap = all_cap[at]
            occ_long = np.maximum(longest[at], len_key[head])
            longest[: -(n - 1)] = np.maximum(longest[: -(n - 1)], len_low[n - 1:])
        parts_h.append(h)
        parts_tok.append(at)
        parts_n.append(np.full(len(at), n, dtype=np.int8))
        parts_cap.append(occ_cap)
        parts_lower.append(~any_cap[at])
        parts_long.append(occ_long)
        right = np.zeros(len(at), dtype=bool)
        inside = head + 1 < len(codes)
        right[inside] = stop_word[head[inside] + 1]
        bound = (stop_word[at - 1] & (at > 0)).astype(np.int8) + right
        if n == 1:
            bound[glued[at] | cut[at]] = 0  # a compound's part alone ("term" of "short-term")
        if len(place_at):
            whole = place[at]
            whole[whole] = place_end[np.searchsorted(place_at, at[whole])] == head[whole] + 1
            bound[whole] = 2                # the whole place, not a word of "LOS ANGELES"
        parts_bound.append(bound)
    if not parts_h:
        e = np.zeros(0, dtype=np.int32)
        return Grams(np.zeros(0, np.uint64), e, e, e, e.astype(np.int8), e.astype(bool),
                     e.astype(bool), e.astype(np.int16), e.astype(np.int8), unigram_h, bigram_h)
    tok = np.concatenate(parts_tok)
    return Grams(np.concatenate(parts_h), doc[tok], tok.astype(np.int32), wpos[tok],
                 np.concatenate(parts_n), np.concatenate(parts_cap),
                 np.concatenate(parts_lower), np.concatenate(parts_long).astype(np.int16),
                 np.concatenate(parts_bound).astype(np.int8), unigram_h, bigram_h)


@dataclass(frozen=True, slots=True)
class Pairs:
    """One row per (text, candidate) of a batch."""
    doc: np.ndarray        # int32
    h: np.ndarray          # uint64
    tf: np.ndarray         # int64 occurrences
    first: np.ndarray      # int32 word position of the first occurrence
    n: np.ndarray          # int8
    cap: np.ndarray        # int64 capitalised occurrences
    lower: np.ndarray      # int64 occurrences written in lower case
    longest: np.ndarray    # int16
    bound: np.ndarray      # int64 sides of its occurrences next to a stopword (0 .. 2 tf)
    tok: np.ndarray        # int32 token of the first occurrence
    cap_tok: np.ndarray    # int32 token of the first capitalised occurrence, else ``tok``


def pairs(g: Grams) -> Pairs:
    """Occurrences grouped per (text, candidate); rows in order of first appearance."""
    # (text, candidate) as one 64-bit key; a collision is as unlikely as one between hashes.
    pc, _ = pd.factorize(g.h ^ (g.doc.astype(np.uint64) * _P[1]), sort=False)
    if not len(pc):
        e = np.zeros(0, dtype=np.int32)
        return Pairs(e, np.zeros(0, np.uint64), e.astype(np.int64), e, e.astype(np.int8),
                     e.astype(np.int64), e.astype(np.int64), e.astype(np.int16),
                     e.astype(np.int64), e, e)
    # Pair codes are numbered by first appearance, so a new code is a new running maximum.
    run_max = np.maximum.accumulate(pc)
    new = np.empty(len(pc), dtype=bool)
    new[0] = True
    new[1:] = run_max[1:] > run_max[:-1]
    first = np.flatnonzero(new)
    tf = np.bincount(pc)
    capped = np.flatnonzero(g.cap)
    cap = np.bincount(pc[capped], minlength=len(first))
    cap_tok = g.tok[first].copy()
    if len(capped):
        pcs, where = np.unique(pc[capped], return_index=True)
        cap_tok[pcs] = g.tok[capped[where]]
    lower = np.bincount(pc[g.lower], minlength=len(first))
    bound = np.bincount(pc, weights=g.bound, minlength=len(first)).astype(np.int64)
    return Pairs(g.doc[first], g.h[first], tf, g.wpos[first], g.n[first], cap, lower,
                 g.longest[first], bound, g.tok[first], cap_tok)


def doc_freq(p: Pairs) -> pd.Series:
    """Texts per candidate hash in one batch."""
    return pd.Series(p.h).value_counts(sort=False)


def key_of(vocab: Vocab, codes: np.ndarray, tok: int, n: int) -> str:
    """The folded key of the ``n``-word candidate starting at token ``tok``."""
    a, forms = vocab.arrays, vocab.form_list
    words = [forms[a["low"][codes[tok + j]]] for j in range(n - 1)]
    words.append(forms[a["key"][codes[tok + n - 1]]])
    return " ".join(words)


def surface_of(vocab: Vocab, codes: np.ndarray, tok: int, n: int) -> str:
    """The ``n``-word candidate starting at token ``tok`` as written ("short-term rent")."""
    glued, surface = vocab.arrays["glued"], vocab.surface
    return written([("-" if glued[c] else "") + surface[c]
                    for c in codes[tok:tok + n].tolist()])


def guess_masks(vocab: Vocab, tokens: Tokens, langs: Sequence[str | None],
                head_words: int = 500) -> np.ndarray:
    """Stopword bits per text: its given language, else the one whose stopwords cover most of
    its first words (English unless another clearly wins, as ``lib.phrases.guess_language``)."""
    masks = np.array([lang_mask(lang) for lang in langs], dtype=np.int32)
    unknown = np.array([lang is None for lang in langs], dtype=bool)
    if not unknown.any() or not len(tokens.codes):
        return masks
    a = vocab.arrays
    codes, doc = tokens.codes, tokens.doc
    is_word = a["kind"][codes] == WORD
    cw = np.cumsum(is_word)
    sep_at = np.flatnonzero(codes == vocab.index[SEP])
    wpos = cw - cw[sep_at][doc]
    sel = is_word & (wpos <= head_words) & unknown[doc]
    stop, d = a["stop"][codes[sel]], doc[sel]
    hits = np.stack([np.bincount(d, weights=(stop & _LANG_BIT[lg]) > 0, minlength=len(langs))
                     for lg in _LANGS], axis=1)
    words = np.bincount(d, minlength=len(langs))
    en = hits[:, _LANGS.index("en")]
    best = hits.argmax(axis=1)
    clear = (hits.max(axis=1) > 1.5 * en) & (words >= 5) & unknown
    for i in np.flatnonzero(clear):
        masks[i] = lang_mask(_LANGS[best[i]])
    return masks
