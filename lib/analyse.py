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
from typing import Any

import numpy as np
import pandas as pd

from lib import keywords, quotes, readability, wire
from lib import readability_counts as rc
from lib.language import UNKNOWN, detect_language

CONTEXT_CHARS = 300
WARM_LANGS_ENV = "QUOTESCOPE_WARM_LANGS"  # languages a Dask LocalCluster's workers load first

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
    for key in QUOTE_SCORE_COLUMNS:
        frame[key] = scored[key].astype("float64")
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
        # Load the word dictionaries here, so forked workers share them instead of each
        # spending seconds loading its own copy: those of the languages a sample shows.
        analyse_partition(chunks[0].iloc[:1])
        rc.warm(sample_languages(articles))
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

    cluster = _local_cluster(sample_languages(articles)) if scheduler == "local" else None
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
            _stop_forkserver()
    return _gather(parts, articles.index)


def _local_cluster(langs: Iterable[str] = ()) -> Any:
    """A LocalCluster whose worker processes are forked from a forkserver that has imported and
    warmed the per-article analysis once (`lib.worker_warm`), with the word resources of
    `langs` loaded too, instead of each spawned worker importing pandas, distributed and this
    package and loading the word lists on its own."""
    import multiprocessing

    import dask
    from distributed import LocalCluster
    from distributed.utils import get_mp_context

    # The workers' statistical profiler takes the GIL from the analysis 100 times a second to
    # record its stack, for a dashboard nobody opens during a build.
    quiet = {"distributed.worker.profile.enabled": False}
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows: spawned workers
        with dask.config.set(quiet):
            return LocalCluster(processes=True, threads_per_worker=1)
    # the preload list and the languages reach a forkserver only as it starts: not one left
    # running by something else in this process
    _stop_forkserver()
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver", **quiet}):
        get_mp_context()  # distributed sets its preload list on first use: ours replaces it
        ctx = multiprocessing.get_context("forkserver")
        # distributed and pandas bring the rest of distributed's list (numpy, dask, tornado...);
        # a worker the nanny restarts later is spawned (cold) again, outside this config block
        ctx.set_forkserver_preload(["distributed", "pandas", "lib.analyse", "lib.worker_warm"])
        # the forkserver starts with this process's environment: how worker_warm learns them
        before = os.environ.get(WARM_LANGS_ENV)
        os.environ[WARM_LANGS_ENV] = ",".join(sorted(set(langs)))
        try:
            return LocalCluster(processes=True, threads_per_worker=1)
        finally:
            if before is None:
                os.environ.pop(WARM_LANGS_ENV, None)
            else:
                os.environ[WARM_LANGS_ENV] = before


def _stop_forkserver() -> None:
    """End the warmed forkserver once its workers are gone: it holds the loaded analysis (a few
    hundred MB) while the corpus-level steps run, and its CPU time (with its workers') is
    counted as this process's children only once it has exited. `_stop` is multiprocessing's
    own (private) way to do it, so it is looked up, not assumed."""
    import multiprocessing.forkserver as fs

    stop = getattr(getattr(fs, "_forkserver", None), "_stop", None)
    if callable(stop):
        stop()


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(parts, ignore_index=True)


def default_workers() -> int:
    return os.cpu_count() or 1
