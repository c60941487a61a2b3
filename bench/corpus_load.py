"""How fast lib.corpus reads a large corpus: N sample articles as JSONL, CSV and Parquet.

`python -m bench.corpus_load [N]` (default 100,000). Prints wall and CPU seconds per format
(CPU is the steadier number on a shared machine); writing the files first is not timed.
To keep set-up short, 10,000 generated articles are tiled, each copy made distinct by a line.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from lib.corpus import load_corpus
from lib.sample import generate_articles


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    t0 = time.perf_counter()
    base = generate_articles(min(n, 10_000), seed=7)
    copies = []
    for k in range(-(-n // len(base))):
        part = base.copy()
        if k:
            part["id"] = part["id"] + f"-c{k}"
            part["text"] = part["text"] + f"\n\nUpdated edition {k}."
        copies.append(part)
    frame = pd.concat(copies, ignore_index=True).head(n)
    frame["date"] = frame["date"].astype("str")
    print(f"prepared {len(frame):,} articles in {time.perf_counter() - t0:.1f}s (not timed)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = {
            "jsonl": Path(tmp) / "a.jsonl",
            "csv": Path(tmp) / "a.csv",
            "parquet": Path(tmp) / "a.parquet",
        }
        frame.to_json(paths["jsonl"], orient="records", lines=True, force_ascii=False)
        frame.to_csv(paths["csv"], index=False)
        frame.to_parquet(paths["parquet"])
        for kind, path in paths.items():
            mb = path.stat().st_size / 1e6
            start, cpu = time.perf_counter(), time.process_time()
            result = load_corpus(path)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            rep = result.report
            print(
                f"corpus_load {kind:8s} {n:,} rows {mb:,.0f} MB: {took:.2f}s wall, {cpu:.2f}s cpu "
                f"({rep.rows_seen / took:,.0f} rows/s); loaded {rep.articles_loaded:,}, "
                f"folded {rep.duplicates_folded:,}, undated {rep.undated:,}, "
                f"skipped {len(rep.skipped):,}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
