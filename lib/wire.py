"""Wire copy: groups near-duplicate articles (syndicated copies across outlets) by word shingles.

MinHash (one-permutation, densified) + LSH banding in numpy finds candidates; exact Jaccard on
the shingle sets confirms them. It does not decide which copy to show: that is the UI's toggle.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SHINGLE = 5  # words per shingle: long enough that shared stock phrases rarely match
BINS = 128  # MinHash slots (one-permutation hashing: one hash per shingle, not 128)
_BIN_SHIFT = np.uint64(64 - 7)  # top 7 bits pick the slot
_VAL_MASK = np.uint64((1 << 57) - 1)
_EMPTY = np.uint64(np.iinfo(np.uint64).max)
_CHUNK_BYTES = 1_000_000  # bytes of text hashed per numpy pass: ~50 MB of arrays, per worker
_BUCKET_ALL_PAIRS = 24  # bigger LSH buckets are chained, not paired all-with-all (quadratic)

# Bytes that are part of a word, ASCII folded to lower case; punctuation and spaces split words,
# so "said." and "said" agree. Non-ASCII UTF-8 bytes stay word bytes (case kept, which is fine
# for spotting copies of the same text).
_LUT = np.zeros(256, dtype=np.uint64)
for _b in range(256):
    _c = chr(_b)
    if _b >= 128 or _c.isdigit() or ("a" <= _c <= "z"):
        _LUT[_b] = _b
    elif "A" <= _c <= "Z":
        _LUT[_b] = _b + 32
_P = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_SHINGLE_MULT = [np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                                         0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                                         0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads every input bit over the top bits the slots are cut from."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


_POWERS: dict[int, np.ndarray] = {}


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """base**0 .. base**(n-1) modulo 2**64, cached: a cumprod per chunk cost more than hashing."""
    have = _POWERS.get(int(base))
    if have is None or have.size < n:
        size = max(n, 2 * _CHUNK_BYTES)
        out = np.full(size, base, dtype=np.uint64)
        out[0] = 1
        have = _POWERS[int(base)] = np.cumprod(out, dtype=np.uint64)  # wraps, as we want
    return have[:n]


def _shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed shingles of a few texts: (doc index per shingle, shingle hash), all in numpy.

    Word hashes are polynomial over the word's bytes, taken as differences of one prefix sum,
    so no Python runs per word. Texts shorter than SHINGLE words use their words as shingles.
    """
    raw = [t.encode("utf-8", "replace") if isinstance(t, str) else b"" for t in texts]
    blob = np.frombuffer(b"\0".join(raw) + b"\0", dtype=np.uint8)
    m = _LUT[blob]
    isw = m != 0
    edge = np.diff(isw.astype(np.int8), prepend=np.int8(0))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)  # blob ends in a separator, so every word ends
    if starts.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    n = blob.size
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(m * _powers(_P_INV, n), dtype=np.uint64, out=prefix[1:])
    words = _mix((prefix[ends] - prefix[starts]) * _powers(_P, n)[starts] + np.uint64(0x51ED))
    offsets = np.cumsum([0] + [len(r) + 1 for r in raw])
    doc = np.searchsorted(offsets, starts, side="right") - 1
    k = SHINGLE
    counts = np.bincount(doc, minlength=len(raw))
    if words.size >= k:
        acc: np.ndarray = words[: words.size - k + 1] * _SHINGLE_MULT[0]
        for j in range(1, k):
            acc = acc + words[j : words.size - k + 1 + j] * _SHINGLE_MULT[j]
        ok = doc[: words.size - k + 1] == doc[k - 1 :]
        sh_doc, sh = doc[: words.size - k + 1][ok], _mix(acc[ok])
    else:
        sh_doc, sh = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    short = (counts[doc] < k)  # too short for one shingle: its words stand in
    sh_doc = np.concatenate([sh_doc, doc[short]])
    sh = np.concatenate([sh, _mix(words[short] ^ _SHINGLE_MULT[5])])
    return sh_doc.astype(np.int64), sh


def _signatures(doc: np.ndarray, sh: np.ndarray, n_docs: int) -> np.ndarray:
    """(n_docs, BINS) MinHash rows; empty slots borrow the next filled one (densification).

    A text with no words keeps an all-_EMPTY row and is never a candidate.
    """
    flat = np.full(n_docs * BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(flat, doc * BINS + (sh >> _BIN_SHIFT).astype(np.int64), sh & _VAL_MASK)
    sig: np.ndarray = flat.reshape(n_docs, BINS)
    empty = sig == _EMPTY
    if empty.any():
        # Short texts leave slots empty; two short texts would otherwise "agree" on them.
        both = np.concatenate([sig, sig], axis=1)
        idx = np.where(~np.concatenate([empty, empty], axis=1), np.arange(2 * BINS), 2 * BINS)
        nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :BINS]
        rows, cols = np.nonzero(empty & (nxt < 2 * BINS))
        src = nxt[rows, cols]
        dist = (src - cols).astype(np.uint64)
        sig[rows, cols] = _mix(both[rows, src] + dist * _SHINGLE_MULT[1]) & _VAL_MASK
    return sig


def _bands(threshold: float) -> int:
    """Rows per LSH band: the most that keep a pair a little below `threshold` a sure candidate."""
    low = max(threshold - 0.1, 0.05)
    best = 1
    for r in range(1, 17):
        b = BINS // r
        if 1 - (1 - low**r) ** b >= 0.99:
            best = r
    return best


def _candidates(sig: np.ndarray, live: np.ndarray, rows: int) -> np.ndarray:
    """Candidate pairs (i < j) sharing at least one band, as an (n, 2) int64 array."""
    ids = np.flatnonzero(live)
    pairs: list[np.ndarray] = []
    for lo in range(0, BINS - rows + 1, rows):
        key = np.zeros(ids.size, dtype=np.uint64)
        for j in range(lo, lo + rows):
            key = _mix(key ^ sig[ids, j])
        order = np.argsort(key, kind="stable")
        k, d = key[order], ids[order]
        same = np.flatnonzero(k[1:] == k[:-1])
        if same.size == 0:
            continue
        pairs.append(np.stack([d[same], d[same + 1]], axis=1))  # chain: neighbours in a bucket
        # Small buckets also get all pairs, so a copy unlike its neighbour still meets the rest.
        # Buckets of one size at a time: a numpy call per bucket cost seconds at 100k articles.
        first = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
        size = np.diff(np.append(first, k.size))
        small = (size > 2) & (size <= _BUCKET_ALL_PAIRS)
        for s in np.unique(size[small]).tolist():
            starts = first[small & (size == s)]
            members = d[starts[:, None] + np.arange(s)]
            a, b = np.triu_indices(s, 1)
            pairs.append(np.stack([members[:, a].ravel(), members[:, b].ravel()], axis=1))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    allp = np.concatenate(pairs)
    allp.sort(axis=1)
    return np.unique(allp, axis=0)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 or b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def _chunks(texts: list[str]) -> list[tuple[int, int]]:
    spans, lo, size = [], 0, 0
    for i, t in enumerate(texts):
        size += len(t) if isinstance(t, str) else 0
        if size >= _CHUNK_BYTES:
            spans.append((lo, i + 1))
            lo, size = i + 1, 0
    if lo < len(texts):
        spans.append((lo, len(texts)))
    return spans


def signatures(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), BINS) MinHash rows; per text, so the build computes them per article batch."""
    texts = list(texts)
    sig = np.full((len(texts), BINS), _EMPTY, dtype=np.uint64)
    for lo, hi in _chunks(texts):
        doc, sh = _shingles(texts[lo:hi])
        sig[lo:hi] = _signatures(doc, sh, hi - lo)
    return sig


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = 0.8, sig: np.ndarray | None = None
) -> pd.DataFrame:
    """Pairs of texts (positions i < j) whose shingle Jaccard is at least `threshold`.

    Columns i, j, similarity (exact Jaccard, or the MinHash estimate where that was decisive).
    Non-string texts count as empty and pair with nothing. `sig`: the texts' `signatures`,
    if already computed.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    texts = list(texts)
    if sig is None:
        sig = signatures(texts)
    elif sig.shape != (len(texts), BINS):
        raise ValueError(f"signatures of shape {sig.shape} for {len(texts)} texts")
    cand = _candidates(sig, sig[:, 0] != _EMPTY, _bands(threshold))
    est = (sig[cand[:, 0]] == sig[cand[:, 1]]).mean(axis=1) if cand.size else np.zeros(0)
    del sig
    # The 128-slot estimate settles most pairs (wire copies ~0.95, same-topic stories ~0.1); only
    # pairs within 4 standard errors of the threshold pay for exact Jaccard on their shingles.
    spread = 4 * np.sqrt(np.clip(est * (1 - est), 0.01, None) / BINS)
    sure_yes = est - spread >= threshold
    unsure = ~sure_yes & (est + spread >= threshold)
    sim = np.where(sure_yes, est, 0.0)
    todo = cand[unsure]
    if todo.size:
        sim[unsure] = _exact_jaccard(texts, todo)
    keep = sim >= threshold
    return pd.DataFrame({"i": cand[keep, 0].astype(np.int64), "j": cand[keep, 1].astype(np.int64),
                         "similarity": sim[keep]})


def _exact_jaccard(texts: list[str], pairs: np.ndarray) -> np.ndarray:
    """Jaccard of the shingle sets of each pair, shingling only the texts involved."""
    need = np.unique(pairs)
    sets: dict[int, np.ndarray] = {}
    for lo in range(0, need.size, 2000):
        part = need[lo : lo + 2000]
        doc, sh = _shingles([texts[i] for i in part])
        order = np.lexsort((sh, doc))
        doc, sh = doc[order], sh[order]
        cuts = np.searchsorted(doc, np.arange(part.size + 1))
        for p, i in enumerate(part):
            sets[int(i)] = np.unique(sh[cuts[p] : cuts[p + 1]])
    return np.array([_jaccard(sets[int(i)], sets[int(j)]) for i, j in pairs])


def _id_column(articles: pd.DataFrame) -> pd.Series:
    for col in ("article_id", "id"):
        if col in articles.columns:
            return articles[col].astype("string").fillna("").reset_index(drop=True)
    return pd.Series([str(i) for i in articles.index], dtype="string")


def group_near_duplicates(
    articles: pd.DataFrame, threshold: float = 0.8, sig: np.ndarray | None = None
) -> pd.Series:
    """Wire-group id per article (index aligned): the article_id of the group's earliest copy.

    Earliest is by `date` (undated last), then by row order; singletons get their own id.
    Identifies `article_id`, else `id`, else the index. `sig`: the texts' `signatures` (row
    order), if the per-article step already computed them.
    """
    n = len(articles)
    ids = _id_column(articles)
    if n == 0:
        return pd.Series([], index=articles.index, dtype="string", name="wire_group")
    texts = articles["text"].tolist() if "text" in articles.columns else [""] * n
    pairs = near_duplicate_pairs(texts, threshold, sig)
    # imported here: the per-article step (and every build worker) imports this module for its
    # MinHash signatures, and scipy's graph code costs each process ~0.3 s to import
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(pairs)), (pairs["i"].to_numpy(), pairs["j"].to_numpy())),
                       shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    if "date" in articles.columns:
        when = pd.to_datetime(articles["date"], errors="coerce").reset_index(drop=True)
        rank = when.rank(method="first", na_option="bottom").to_numpy()
    else:
        rank = np.arange(n, dtype=float)
    order = np.lexsort((np.arange(n), rank, comp))  # by group, then date, then row
    first = np.ones(n, dtype=bool)
    first[1:] = comp[order][1:] != comp[order][:-1]
    leader = np.empty(comp.max() + 1, dtype=np.int64)
    leader[comp[order][first]] = order[first]
    out = ids.to_numpy()[leader[comp]]
    return pd.Series(out, index=articles.index, dtype="string", name="wire_group")


def wire_sizes(groups: pd.Series) -> pd.Series:
    """How many copies share each article's wire group (1 = no other copy), index aligned."""
    return groups.map(groups.value_counts()).astype("int64").rename("wire_size")
