"""Speaker merging on a real corpus: how many speakers, how many unknown, and leftover fragments.

Usage: python -m bench.speakers CORPUS [--aliases data/aliases.csv] [--top 20]
A fragment is a pair among the top 50 people whose folded surnames are equal and whose first
names are compatible (one missing, a prefix or a listed variant): two speakers that should be one.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from lib import names
from lib.build import build_corpus
from lib.corpus import load_corpus
from lib.speaker_merge import load_aliases, merge_speakers
from lib.speaker_reading import clear_caches
from lib.speakers import resolve_in_article

TOP = 50


def fragments(speakers: pd.DataFrame, top: int = TOP) -> list[tuple[str, str]]:
    """Pairs of top people that look like one person split in two."""
    people = speakers[speakers["kind"] == "person"].head(top)["speaker"].tolist()
    out = []
    for i, a in enumerate(people):
        pa = names.parse_name(a)
        for b in people[i + 1 :]:
            pb = names.parse_name(b)
            if names.surname_key(a) == names.surname_key(b) and names.first_names_compatible(
                pa.first, pb.first
            ):
                out.append((a, b))
    return out


def _timings(built: object, scale: int) -> None:
    """Resolution per article and merging of `scale` copies of the corpus, timed on their own."""
    arts = built.articles.set_index("article_id")["text"]  # type: ignore[attr-defined]
    q = built.quotes  # type: ignore[attr-defined]
    spans = q.dropna(subset=["speaker_start"]).groupby("article_id")[
        ["speaker_start", "speaker_end"]
    ]
    jobs = [(arts[a], [(int(x), int(y)) for x, y in g.to_numpy()]) for a, g in spans]
    # CPU time as well as wall time: the machine is shared, so wall time is mostly waiting.
    # Cold: every per-process reading forgotten first (a new corpus); warm: best of 3 passes.
    clear_caches()
    cpu = time.process_time()
    for text, sp in jobs:
        resolve_in_article(text, sp)
    cold_cpu = (time.process_time() - cpu) / max(1, len(jobs))
    per = per_cpu = float("inf")
    for _ in range(3):
        clock, cpu = time.perf_counter(), time.process_time()
        for text, sp in jobs:
            resolve_in_article(text, sp)
        per = min(per, (time.perf_counter() - clock) / max(1, len(jobs)))
        per_cpu = min(per_cpu, (time.process_time() - cpu) / max(1, len(jobs)))
    print(
        f"resolve_in_article: {per * 1000:.2f} ms/article wall, {per_cpu * 1000:.2f} ms CPU "
        f"({1 / max(per_cpu, 1e-9):.0f} articles/s per core); cold {cold_cpu * 1000:.2f} ms CPU"
    )
    cols = ["article_id", "speaker_local", "speaker_mention", "speaker_role", "speaker_kind"]
    base = q[cols]
    big = pd.concat(
        [base.assign(article_id=base["article_id"] + f"#{i}") for i in range(scale)],
        ignore_index=True,
    )
    clock, cpu = time.perf_counter(), time.process_time()
    merge_speakers(big)
    took, took_cpu = time.perf_counter() - clock, time.process_time() - cpu
    print(
        f"merge_speakers: {len(big)} quotes from {len(arts) * scale} articles in {took:.1f}s wall, "
        f"{took_cpu:.1f}s CPU"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus")
    ap.add_argument("--aliases", default=None)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--scale", type=int, default=100, help="copies of the quotes for the merge timing"
    )
    args = ap.parse_args()

    loaded = load_corpus(args.corpus)
    aliases = load_aliases(args.aliases) if args.aliases else None
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    built = build_corpus(loaded.articles, aliases=aliases, workers=args.workers, timings=timings)
    total = time.perf_counter() - clock
    q, sp = built.quotes, built.speakers
    n_art = len(built.articles)
    unknown = float((q["speaker_kind"] == "unknown").mean()) if len(q) else 0.0
    ambiguous = sp[sp["kind"] == "ambiguous"]
    print(
        f"articles={n_art} quotes={len(q)} build={total:.1f}s "
        f"({n_art / total:.0f} articles/s, merge stage {timings.get('speakers', 0):.2f}s)"
    )
    print(
        f"speakers={len(sp)} people={int((sp['kind'] == 'person').sum())} "
        f"organisations={int((sp['kind'] == 'organisation').sum())} "
        f"ambiguous_buckets={len(ambiguous)} ambiguous_quotes={int(ambiguous['n_quotes'].sum())}"
    )
    print(f"unknown_share={unknown:.3f}")
    print(f"\ntop {args.top} speakers:")
    for row in sp.head(args.top).itertuples():
        variants = ", ".join(row.variants[:8])
        role = f" [{row.roles[0]}]" if len(row.roles) else ""
        print(f"  {row.n_quotes:4d} {row.speaker} ({row.kind}){role}: {variants}")
    _timings(built, args.scale)
    frags = fragments(sp)
    for a, b in frags:
        print(f"  fragment: {a!r} ~ {b!r}")
    print(f"speakers: fragments={len(frags)} top={TOP} unknown_share={unknown:.3f}")


if __name__ == "__main__":
    main()
