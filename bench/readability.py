"""Throughput of the project's readability scoring against raw textstat on the same texts.

Texts are real news articles read at bench time from ../shared/data (nothing copied into the
project), plus their paragraphs as quote-sized texts. Run: `python -m bench.readability`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import textstat
import textstat.backend as backend

from lib import readability, readability_counts

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT.parent / "shared" / "data" / "quotes" / "polnear-dev.jsonl",
    ROOT.parent / "shared" / "data" / "keywords" / "500n-kpcrowd-dev.jsonl",
)
RESOURCE_LOADERS = {"get_cmudict", "get_pyphen", "get_lang_easy_words"}


def load_texts(limit: int) -> list[str]:
    """Articles, then quote-sized paragraphs of them: what the build scores."""
    articles: list[str] = []
    for path in SOURCES:
        if not path.exists():
            raise SystemExit(f"bench data missing: {path}")
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            if text.strip():
                articles.append(text)
            if len(articles) >= limit:
                break
    paragraphs = [p for a in articles for p in a.split("\n\n") if len(p.split()) >= 5]
    return articles + paragraphs


def clear_textstat_caches() -> None:
    """Empty textstat's per-text lru caches (not its dictionary loaders) for a cold repeat."""
    for sub in ("counts", "metrics", "selections", "transformations", "validations"):
        module = getattr(backend, sub)
        for name in dir(module):
            fn = getattr(module, name)
            if hasattr(fn, "cache_clear") and name not in RESOURCE_LOADERS:
                fn.cache_clear()


def raw_textstat(text: str) -> tuple[float, ...]:
    """The same outputs computed by textstat itself."""
    return (
        textstat.lexicon_count(text),
        textstat.sentence_count(text),
        textstat.flesch_reading_ease(text),
        textstat.flesch_kincaid_grade(text),
        textstat.gunning_fog(text),
        textstat.smog_index(text),
        textstat.coleman_liau_index(text),
        textstat.automated_readability_index(text),
        textstat.dale_chall_readability_score(text),
        textstat.reading_time(text),
    )


def project(texts: list[str]) -> None:
    readability.score_texts(texts)


def textstat_all(texts: list[str]) -> None:
    for text in texts:
        raw_textstat(text)


def timed(fn: Callable[[list[str]], None], texts: list[str]) -> float:
    readability_counts.clear_cache()  # cold per-word cache, as on a fresh build
    clear_textstat_caches()
    # CPU time of this process: wall time on a shared machine measures the neighbours too.
    start = time.process_time()
    fn(texts)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    texts = load_texts(args.articles)
    words = sum(textstat.lexicon_count(t) for t in texts)
    readability.score_text("Warm up the dictionaries. The cat sat on the mat.")
    raw_textstat("Warm up the dictionaries. The cat sat on the mat.")
    print(f"texts={len(texts)} words={words} repeats={args.repeats}")

    ours: list[float] = []
    theirs: list[float] = []
    for i in range(args.repeats):
        # Alternate the order so that neither side always runs on a warmer machine.
        pair = [(project, ours), (textstat_all, theirs)]
        for fn, sink in pair if i % 2 == 0 else reversed(pair):
            sink.append(timed(fn, texts))
        print(f"  run {i + 1}: project={ours[-1]:.2f}s textstat={theirs[-1]:.2f}s")

    project_wps = words / statistics.median(ours)
    textstat_wps = words / statistics.median(theirs)
    print(
        f"readability: project_wps={project_wps:.0f} textstat_wps={textstat_wps:.0f} "
        f"ratio={textstat_wps / project_wps:.2f}"
    )


if __name__ == "__main__":
    main()
