"""Keyphrase quality against human picks (500N-KPCrowd style JSONL) and extraction speed.

Matching rule of issue 5: lowercase, ``\\w+`` tokens, Porter stems, exact whole-phrase match;
predictions de-duplicated after normalisation before the top-k cut; F1 macro-averaged over
documents; document frequencies from the file's own documents. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import time
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.stem import PorterStemmer

from lib.keywords import ARTICLE_TERMS, KeyphraseExtractor, speaker_terms, top_terms

_WORD = re.compile(r"\w+")
_STEMMER = PorterStemmer()


@cache
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


def normalise(phrase: str) -> str:
    return " ".join(_stem(w) for w in _WORD.findall(phrase.lower()))


def prf(predicted: list[str], gold: set[str], k: int) -> tuple[float, float, float]:
    seen: list[str] = []
    for p in predicted:
        n = normalise(p)
        if n and n not in seen:
            seen.append(n)
    top = seen[:k]
    hits = sum(1 for p in top if p in gold)
    precision = hits / len(top) if top else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def evaluate(docs: list[dict[str, object]], extractor: KeyphraseExtractor,
             ks: tuple[int, ...] = (5, 10)) -> dict[str, float]:
    texts = [str(d["text"]) for d in docs]
    # CPU time of this process: the machine is shared, and wall time measures the neighbours.
    t0, w0 = time.process_time(), time.perf_counter()
    extractor.fit(texts)
    # Ask for more than k: several predictions may collapse to one stem. One batch, as the build.
    predictions = extractor.extract_many(texts, max(ks) + 10)
    elapsed = max(time.process_time() - t0, 1e-9)
    wall = max(time.perf_counter() - w0, 1e-9)
    out: dict[str, float] = {"docs": len(docs), "docs_per_s": len(docs) / elapsed,
                             "wall_docs_per_s": len(docs) / wall}
    long_mask = [len(_WORD.findall(t)) >= 50 for t in texts]
    for k in ks:
        for subset, mask in (("all", [True] * len(docs)), ("long", long_mask)):
            scores = [prf(p, {normalise(g) for g in d["keyphrases"]}, k)  # type: ignore[attr-defined]
                      for p, d, m in zip(predictions, docs, mask, strict=True) if m]
            n = max(len(scores), 1)
            out[f"{subset}_p@{k}"] = sum(s[0] for s in scores) / n
            out[f"{subset}_r@{k}"] = sum(s[1] for s in scores) / n
            out[f"{subset}_f1@{k}"] = sum(s[2] for s in scores) / n
            out[f"{subset}_n"] = len(scores)
    return out


def query_latency(n_articles: int = 10_000, repeat: int = 3) -> dict[str, float]:
    """Milliseconds of the per-rerun queries over synthetic tables of ``n_articles`` articles
    (30 terms each, Zipf-like vocabulary), half of them selected by a filter."""
    rng = np.random.default_rng(0)
    vocab = np.array([f"term{i}" for i in range(20_000)])
    picks = np.minimum(rng.zipf(1.3, n_articles * ARTICLE_TERMS), len(vocab)) - 1
    ids = np.repeat([f"a{i}" for i in range(n_articles)], ARTICLE_TERMS)
    at = pd.DataFrame({"article_id": pd.Series(ids, dtype="string"),
                       "term": pd.Series(vocab[picks], dtype="string"),
                       "weight": rng.random(len(ids))})
    qids = np.repeat([f"q{i}" for i in range(n_articles * 3)], 8)
    qt = pd.DataFrame({"quote_id": pd.Series(qids, dtype="string"),
                       "term": pd.Series(vocab[np.minimum(rng.zipf(1.3, len(qids)),
                                                          len(vocab)) - 1], dtype="string"),
                       "count": rng.integers(1, 3, len(qids))})
    chosen = [f"a{i}" for i in range(0, n_articles, 2)]
    speaker = [f"q{i}" for i in range(0, n_articles * 3, 50)]
    timings: dict[str, float] = {}
    for name, call in (("top_terms", lambda: top_terms(at, chosen, 20, ["term3"])),
                       ("speaker_terms", lambda: speaker_terms(qt, speaker, 20))):
        best = math.inf
        for _ in range(repeat):
            t0 = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - t0)
        timings[name] = best * 1000
    return timings


def halves(docs: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Two ways to split a file in two: by a hash of the id (not the one that made the dev split)
    and by category (alternate categories of the sorted list), to see if a change holds on both."""
    def bit(doc: dict[str, object]) -> int:
        return int(hashlib.sha256(str(doc["id"]).encode()).hexdigest()[8:16], 16) % 2

    cats = sorted({str(d["id"]).split("-")[0] for d in docs})
    first_cats = set(cats[::2])
    return {"id_hash_0": [d for d in docs if bit(d) == 0],
            "id_hash_1": [d for d in docs if bit(d) == 1],
            "categories_a": [d for d in docs if str(d["id"]).split("-")[0] in first_cats],
            "categories_b": [d for d in docs if str(d["id"]).split("-")[0] not in first_cats]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="JSONL with text, keyphrases")
    parser.add_argument("--repeat", type=int, default=1, help="runs, to see timing noise")
    parser.add_argument("--no-fold", action="store_true", help="keep sub/super-phrase pairs")
    parser.add_argument("--halves", action="store_true",
                        help="also score each half (id hash, categories), fitted on that half")
    args = parser.parse_args()
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    q = query_latency()
    print(f"queries (10k articles, best of 3, wall): top_terms={q['top_terms']:.0f}ms "
          f"speaker_terms={q['speaker_terms']:.0f}ms")
    if args.halves and all("id" in d for d in docs):
        for name, part in halves(docs).items():
            if part:
                r = evaluate(part, KeyphraseExtractor(fold=not args.no_fold))
                print(f"half {name}: docs={r['docs']:.0f} f1@5={r['all_f1@5']:.3f} "
                      f"f1@10={r['all_f1@10']:.3f}")
    for _ in range(args.repeat):
        r = evaluate(docs, KeyphraseExtractor(fold=not args.no_fold))
        print(f"subset >=50 words: docs={r['long_n']:.0f} "
              f"p@10={r['long_p@10']:.3f} r@10={r['long_r@10']:.3f} "
              f"f1@5={r['long_f1@5']:.3f} f1@10={r['long_f1@10']:.3f}")
        print(f"subset all: p@10={r['all_p@10']:.3f} r@10={r['all_r@10']:.3f} "
              f"wall_docs_per_s={r['wall_docs_per_s']:.0f}")
        print(f"keywords: f1@5={r['all_f1@5']:.3f} f1@10={r['all_f1@10']:.3f} "
              f"docs={r['docs']:.0f} docs_per_s={r['docs_per_s']:.0f}")


if __name__ == "__main__":
    main()
