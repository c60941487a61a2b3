"""Per-article analysis: quotes, readability (of articles and of quotes), MinHash rows and keyword
candidates, run in this process, on every core, or on Dask partitions. Pure functions of the
article text; corpus-level steps (speaker merging, wire grouping, keyword ranking) are
`lib.build`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from lib import keywords, quotes, readability, wire
from lib import readability_counts as rc
from lib.language import UNKNOWN, detect_language

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


@dataclass(frozen=True, slots=True)
class Analysed:
    """What the per-article step gives for a batch: everything but the corpus-level steps."""

    quotes: pd.DataFrame  # QUOTE_LOCAL_COLUMNS, one row per quote, counts and scores included
    scores: pd.DataFrame  # readability.COLUMNS, one row per article, the input's index
    signatures: np.ndarray  # (articles, wire.BINS) MinHash rows for near-duplicate grouping
    # Keyword candidates and quote word counts, one part per batch in article order; None when
    # some articles' results came from elsewhere (an earlier build) and the parts are partial.
    keyword_parts: tuple[keywords.KeywordParts, ...] | None = None


def _article_counts(text: str) -> rc.TextCounts | None:
    try:
        return rc.text_counts(text)
    except Exception:  # analysis degrades: an unscorable article still yields its quotes
        return None


def _counts_alone(text: str, lang: str) -> list[int]:
    """A quote scored as a text of its own: the fallback when offsets cannot be aligned."""
    try:
        counted = rc.text_counts(text, lang)
        return [*(int(x) for x in counted.totals), counted.n_sentences]
    except Exception:
        return [0] * 6


def analyse_partition(articles: pd.DataFrame) -> Analysed:
    """Quotes, readability, MinHash rows and keyword candidates of a batch of articles
    (columns article_id, text, optional title).

    Each article is tokenised once for readability: its quotes' readability counts are
    differences of the article's prefix sums. Pure and picklable, so it runs unchanged in a
    process pool or on Dask partitions.
    """
    cols: dict[str, list[Any]] = {c: [] for c in _QUOTE_FIELDS}
    counts: list[np.ndarray] = []
    score_rows: list[dict[str, Any]] = []
    langs: list[str] = []
    quote_rows: list[int] = []   # each quote's article, by position in the batch
    texts = articles["text"].tolist()
    for row, (article_id, text) in enumerate(zip(articles["article_id"], texts, strict=True)):
        counted = _article_counts(text)
        lang = counted.lang if counted is not None else UNKNOWN
        langs.append(lang)
        if counted is None or counted.n_sentences == 0:
            score_rows.append(readability.row_from_totals([0] * 5, 0, lang))
        else:
            score_rows.append(
                readability.row_from_totals(counted.totals, counted.n_sentences, lang)
            )
        found = quotes.extract_quotes(text)
        if not found:
            continue
        spans = None
        if counted is not None:
            starts = np.fromiter((q.start for q in found), dtype=np.int64, count=len(found))
            ends = np.fromiter((q.end for q in found), dtype=np.int64, count=len(found))
            try:
                spans = rc.span_counts(counted, text, starts, ends)
            except Exception:
                spans = None
        if spans is None:
            spans = np.array([_counts_alone(q.text, lang) for q in found], dtype=np.int64)
        counts.append(spans)
        quote_rows.extend([row] * len(found))
        for q in found:
            cols["quote_id"].append(f"{article_id}:{q.start}")
            cols["article_id"].append(article_id)
            cols["start"].append(q.start)
            cols["end"].append(q.end)
            cols["text"].append(q.text)
            cols["context"].append(_context(text, q.start, q.end))
            cols["kind"].append(q.kind)
            cols["speaker_local"].append(q.speaker)
            cols["speaker_mention"].append(q.speaker_mention)
            cols["speaker_start"].append(q.speaker_start)
            cols["speaker_end"].append(q.speaker_end)
            cols["speaker_role"].append(q.speaker_role)
            cols["speaker_kind"].append(q.speaker_kind)
            cols["cue"].append(q.cue)
            cols["lang"].append(lang)
    scores = pd.DataFrame(score_rows, columns=list(readability.COLUMNS), index=articles.index)
    # Keyword candidates are counted here, beside the text, so the corpus step only merges.
    with_lang = articles.assign(lang=langs)
    parts = keywords.keyword_parts(with_lang, cols["text"], quote_rows)
    return Analysed(_quote_frame(cols, counts), _typed_scores(scores), wire.signatures(texts),
                    (parts,))


def _quote_frame(cols: dict[str, list[Any]], counts: list[np.ndarray]) -> pd.DataFrame:
    frame = pd.DataFrame(cols, columns=_QUOTE_FIELDS)
    matrix = np.concatenate(counts) if counts else np.zeros((0, 6), dtype=np.int64)
    for i, key in enumerate([*rc.COUNT_KEYS, "sentences"]):
        frame[key] = matrix[:, i].astype("int64")
    scored = readability.scores_from_counts(frame, frame["lang"])
    # "Yes," scores 121 reading ease and grade -3: a formula says nothing about a word or two.
    # Such quotes get no score of their own (they still count in their speaker's total).
    short = (frame["words"] < readability.QUOTE_MIN_WORDS).to_numpy()
    for key in QUOTE_SCORE_COLUMNS:
        values = scored[key].to_numpy(dtype="float64", copy=True)
        if key != "reading_time_s":
            values[short] = np.nan
        frame[key] = values
    return frame[QUOTE_LOCAL_COLUMNS]


def _typed_scores(scores: pd.DataFrame) -> pd.DataFrame:
    return scores.astype(
        {
            "words": "int64",
            "sentences": "int64",
            "lang": "object",
            **dict.fromkeys(readability.SCORE_KEYS, "float64"),
            "reading_time_s": "float64",
            "low_text": "bool",
            "smog_reliable": "bool",
        }
    )


_QUOTE_FIELDS = [
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
    "lang",
]
# Per-quote readability: counts (summed per speaker at corpus level) and the scores on them.
QUOTE_COUNT_COLUMNS = [*rc.COUNT_KEYS, "sentences"]
QUOTE_SCORE_COLUMNS = [*readability.SCORE_KEYS, "reading_time_s"]
QUOTE_LOCAL_COLUMNS = [*_QUOTE_FIELDS, *QUOTE_COUNT_COLUMNS, *QUOTE_SCORE_COLUMNS]


# What the per-article step reads (the title leads the text for keywords).
_INPUT_COLUMNS = pd.Index(["article_id", "text", "title"])


def _chunks(df: pd.DataFrame, size: int) -> Iterable[pd.DataFrame]:
    for lo in range(0, len(df), size):
        yield df.iloc[lo : lo + size]


def _analyse_chunk(chunk: pd.DataFrame) -> Analysed:
    # Looked up at call time, so a test can count which articles get analysed.
    return analyse_partition(chunk)


def _gather(parts: list[Analysed], index: pd.Index) -> Analysed:
    scores = pd.concat([p.scores for p in parts]) if parts else _typed_scores(
        pd.DataFrame(columns=list(readability.COLUMNS))
    )
    scores.index = index
    sigs = (
        np.concatenate([p.signatures for p in parts])
        if parts
        else np.zeros((0, wire.BINS), dtype=np.uint64)
    )
    kw = tuple(k for p in parts for k in (p.keyword_parts or ()))
    return Analysed(_concat([p.quotes for p in parts], QUOTE_LOCAL_COLUMNS), scores, sigs, kw)


def _run_local(
    articles: pd.DataFrame,
    workers: int,
    progress: Progress | None,
    meanwhile: Callable[[], None] | None = None,
) -> Analysed:
    """Per-article analysis in `workers` processes (1 = in this process), in input order.

    `meanwhile` runs in this process once the workers are busy (only when there are workers).
    """
    # Chunks of a few hundred: big enough that pickling a chunk costs little next to analysing
    # it, small enough that both cores stay busy to the end and the bar moves.
    size = max(50, min(500, len(articles) // (workers * 8) + 1))
    chunks = list(_chunks(articles[_INPUT_COLUMNS.intersection(articles.columns)], size))
    parts: list[Analysed] = []
    done = 0
    if workers <= 1 or len(chunks) <= 1:
        results: Iterable[Analysed] = map(_analyse_chunk, chunks)
        pool = None
    else:
        warm(articles)
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_analyse_chunk, chunks)
        if meanwhile is not None:
            meanwhile()  # the workers are forked already: nothing it loads slows their start
    try:
        for chunk, part in zip(chunks, results, strict=True):
            parts.append(part)
            done += len(chunk)
            if progress:
                progress(done, len(articles))
    finally:
        if pool is not None:
            pool.shutdown()
    return _gather(parts, articles.index)


def warm(articles: pd.DataFrame) -> None:
    """Load what the per-article step reads (the quote finder's lists, CMU and hyphenation
    tables, textstat's easy words) in this process, for the languages a sample of `articles`
    shows, so workers forked from it share them instead of each spending seconds loading its
    own copy."""
    analyse_partition(articles[_INPUT_COLUMNS.intersection(articles.columns)].iloc[:1])
    rc.warm(sample_languages(articles))


def sample_languages(articles: pd.DataFrame, n: int = 200) -> set[str]:
    """The languages of about `n` articles spread over the frame: whose word resources a build
    loads once before its workers start."""
    step = max(1, len(articles) // n)
    sample = articles["text"].iloc[::step].tolist()
    return {detect_language(t[:3000]) for t in sample if isinstance(t, str)}


# 8 partitions a thread, what the local pool aims for (`_run_local`: 8 chunks a worker, of 50 to
# 500 articles), so the last one leaves a core idle about as briefly in both; at 10k the
# difference is below this machine's run-to-run noise (4 and 16 a thread measured alike).
_DASK_PARTS_PER_THREAD = 8


def _run_dask(
    articles: pd.DataFrame,
    scheduler: str,
    progress: Progress | None,
    meanwhile: Callable[[], None] | None = None,
) -> Analysed:
    """The same per-article function as `_run_local`, applied to Dask partitions.

    One task per partition returns quotes, scores and MinHash rows together, so each article
    is tokenised once (two `map_partitions` would analyse it twice). The partitions are
    scattered to the workers rather than written into the task graph, which would keep a copy
    of the corpus in the scheduler's graph (48 MB of text at 10k articles, gigabytes at
    millions; Dask warns about it). A local cluster's workers receive them directly; a remote
    cluster's go through its scheduler unless `distributed.client.direct-to-workers` says
    otherwise, since its workers may not be reachable from here. `meanwhile` runs in this
    process once the partitions are submitted.
    """
    from distributed import Client, as_completed

    cluster = _local_cluster(articles) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        frame = articles[_INPUT_COLUMNS.intersection(articles.columns)].reset_index(drop=True)
        client.wait_for_workers(1)  # a cluster that scales up from none: scatter needs one
        threads = sum(client.nthreads().values())
        nparts = max(1, min(len(frame) // 200, threads * _DASK_PARTS_PER_THREAD))
        size = max(1, -(-len(frame) // nparts))
        chunks = [frame.iloc[i : i + size] for i in range(0, len(frame), size)] or [frame]
        data = client.scatter(chunks, direct=True if cluster is not None else None)
        futures = client.map(analyse_partition, data)
        if meanwhile is not None:
            meanwhile()  # this process only waits for the cluster from here on
        # Collected as they finish, so the CLI's bar moves with the cluster instead of at the end;
        # a partition's article count is its scores' length (one row per article).
        finished: dict[object, Analysed] = {}
        done = 0
        for future in as_completed(futures):
            part = finished[future.key] = future.result()
            done += len(part.scores)
            if progress:
                progress(done, len(frame))
        parts = [finished[f.key] for f in futures]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return _gather(parts, articles.index)


def _local_cluster(articles: pd.DataFrame) -> Any:
    """A LocalCluster of one single-threaded worker per core, forked from this process once it
    has loaded the analysis and the word resources of the languages `articles` shows (`warm`),
    as the local pool's workers are. A forkserver that imported and warmed everything again
    took 1.8-3.5 s before the first partition could start; a fork takes about 0.2 s.

    A forked worker's resident memory counts the pages it still shares with this process (the
    loaded corpus among them), which Dask's memory monitor would read as the worker's own: its
    limit is raised by this process's size, within the machine's memory. Where fork is not the
    platform's way (Windows, macOS), or other threads run in this process, the workers are
    spawned and load everything themselves.
    """
    import sys
    import threading

    import dask
    import psutil
    from dask.system import CPU_COUNT  # the cores LocalCluster counts (affinity, cgroups)
    from distributed import LocalCluster
    from distributed.system import MEMORY_LIMIT

    # The workers' statistical profiler takes the GIL from the analysis 100 times a second to
    # record its stack, for a dashboard nobody opens during a build.
    quiet = {"distributed.worker.profile.enabled": False}
    # A fork copies every lock of this process but only the forking thread: with other
    # threads alive (an earlier build's Dask client, a notebook's or a web server's), a lock
    # one of them held stays held in the worker forever. A full test run hung that way once
    # in a second build. The workers are then spawned and load everything themselves.
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        with dask.config.set(quiet):
            return LocalCluster(processes=True, threads_per_worker=1)
    warm(articles)
    shared = psutil.Process().memory_info().rss
    limit = min(MEMORY_LIMIT, MEMORY_LIMIT // max(CPU_COUNT, 1) + shared)
    _fresh_offload_after_fork()
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork", **quiet}):
        return LocalCluster(
            n_workers=CPU_COUNT, processes=True, threads_per_worker=1, memory_limit=limit
        )


@cache
def _fresh_offload_after_fork() -> None:
    """Give every process forked from this one a new copy of distributed's thread pool for
    (de)serialising large messages. A fork copies the pool without its thread, and the copy
    believes its thread is idle: once this process has used it (a message over 10 MiB, such as
    a scattered partition), a forked worker's first large message waits forever. Registered
    once; `_offload_executor` is distributed's own name for the pool, so a version without it
    is left as it is (`test_two_local_dask_builds_in_one_process` would then hang and fail)."""

    def renew() -> None:
        from concurrent.futures import ThreadPoolExecutor

        import distributed.utils as du

        if isinstance(getattr(du, "_offload_executor", None), ThreadPoolExecutor):
            du._offload_executor = ThreadPoolExecutor(1, thread_name_prefix="Dask-Offload")

    os.register_at_fork(after_in_child=renew)


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(parts, ignore_index=True)


def default_workers() -> int:
    return os.cpu_count() or 1
