"""Per-article analysis: quotes and readability of each article, run in this process, on every
core, or as Dask partitions. Pure functions of the article text; corpus-level steps (speaker
merging, keywords) are `lib.build`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pandas as pd

from lib import quotes, readability

CONTEXT_CHARS = 300

Progress = Callable[[int, int], None]


def _context(text: str, start: int, end: int) -> str:
    """The sentence(s) around a quote: back to the previous paragraph or sentence end, capped."""
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", max(0, start - CONTEXT_CHARS), start))
    lo = max(lo + 1, start - CONTEXT_CHARS, 0)
    hi_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    hi = min(hi, end + CONTEXT_CHARS, len(text))
    return text[lo:hi].strip()


def analyse_partition(articles: pd.DataFrame) -> pd.DataFrame:
    """Quotes of a batch of articles (columns article_id, text): one row per quote.

    Pure and picklable, so it runs unchanged in a process pool or as a Dask `map_partitions`.
    """
    rows: list[dict[str, Any]] = []
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        for q in quotes.extract_quotes(text):
            rows.append(
                {
                    "quote_id": f"{article_id}:{q.start}",
                    "article_id": article_id,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "context": _context(text, q.start, q.end),
                    "kind": q.kind,
                    "speaker_local": q.speaker,
                    "speaker_mention": q.speaker_mention,
                    "speaker_start": q.speaker_start,
                    "speaker_end": q.speaker_end,
                    "speaker_role": q.speaker_role,
                    "speaker_kind": q.speaker_kind,
                    "cue": q.cue,
                }
            )
    return pd.DataFrame(rows, columns=QUOTE_LOCAL_COLUMNS)


QUOTE_LOCAL_COLUMNS = [
    "quote_id",
    "article_id",
    "start",
    "end",
    "text",
    "context",
    "kind",
    "speaker_local",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "speaker_role",
    "speaker_kind",
    "cue",
]


def score_partition(texts: pd.Series) -> pd.DataFrame:
    """Readability of each text, keeping the input's index."""
    scores = readability.score_texts(list(texts))
    scores.index = texts.index
    return scores


def _chunks(df: pd.DataFrame, size: int) -> Iterable[pd.DataFrame]:
    for lo in range(0, len(df), size):
        yield df.iloc[lo : lo + size]


def _analyse_chunk(chunk: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return analyse_partition(chunk), score_partition(chunk["text"])


def _run_local(
    articles: pd.DataFrame, workers: int, progress: Progress | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-article analysis in `workers` processes (1 = in this process), in input order."""
    size = max(50, min(2000, len(articles) // (workers * 8) + 1))
    chunks = list(_chunks(articles[["article_id", "text"]], size))
    quote_parts: list[pd.DataFrame] = []
    score_parts: list[pd.DataFrame] = []
    done = 0
    if workers <= 1 or len(chunks) <= 1:
        results: Iterable[tuple[pd.DataFrame, pd.DataFrame]] = map(_analyse_chunk, chunks)
        pool = None
    else:
        # Load the word dictionaries here, so forked workers share them instead of each
        # spending seconds loading its own copy.
        _analyse_chunk(chunks[0].iloc[:1])
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_analyse_chunk, chunks)
    try:
        for chunk, (q, s) in zip(chunks, results, strict=True):
            quote_parts.append(q)
            score_parts.append(s)
            done += len(chunk)
            if progress:
                progress(done, len(articles))
    finally:
        if pool is not None:
            pool.shutdown()
    scores = pd.concat(score_parts) if score_parts else pd.DataFrame()
    return _concat(quote_parts, QUOTE_LOCAL_COLUMNS), scores


def _run_dask(
    articles: pd.DataFrame, scheduler: str, progress: Progress | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same per-article function as `_run_local`, applied to Dask partitions."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    cluster = LocalCluster(processes=True, threads_per_worker=1) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        frame = articles[["article_id", "text"]].reset_index(drop=True)
        nparts = max(1, min(len(frame) // 200, sum(client.nthreads().values()) * 4))
        ddf = dd.from_pandas(frame, npartitions=nparts, sort=False)
        meta_q = pd.DataFrame({c: pd.Series(dtype="object") for c in QUOTE_LOCAL_COLUMNS})
        q = ddf.map_partitions(analyse_partition, meta=meta_q).compute()
        scores = ddf["text"].map_partitions(score_partition).compute()
        if progress:
            progress(len(frame), len(frame))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return _concat([q], QUOTE_LOCAL_COLUMNS), scores


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(parts, ignore_index=True)


def default_workers() -> int:
    return os.cpu_count() or 1
