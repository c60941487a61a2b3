"""The build step: a corpus in, tidy Parquet tables out (articles, quotes, speakers, keywords).

Per-article analysis is one pure function (`analyse_partition`) so it can run in one process, on
every core, or on Dask; corpus-level steps (wire grouping, speaker merging, ranking the counted
keyword candidates, topics) run on the gathered results. Pages read the output and never
re-analyse. CLI: `python -m lib.build INPUT --out DIR`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lib import corpus, keywords, readability, speaker_merge, topics, wire
from lib.analyse import (
    QUOTE_COUNT_COLUMNS,
    QUOTE_LOCAL_COLUMNS,
    Analysed,
    Progress,
    _concat,
    _run_dask,
    _run_local,
    default_workers,
)
from lib.corpus_records import release_memory

_LIB = Path(__file__).resolve().parent
# Display-side modules: changing them never changes what a build writes.
_NOT_ANALYSIS = (
    "ui", "filters", "charts", "export", "context", "readability_tables", "sample", "store",
    "accel", "accel_build",  # how the analysis is loaded and run, not what it does
)


def _analysis_version() -> str:
    """A hash of the analysis code and word lists: cached builds are redone when either changes."""
    h = hashlib.sha1(b"quotescope-2")
    files = sorted(_LIB.glob("*.py")) + sorted((_LIB / "data").rglob("*"))
    for f in files:
        if f.is_file() and not f.stem.startswith(_NOT_ANALYSIS) and "sample" not in f.parts:
            h.update(f.relative_to(_LIB).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


ANALYSIS_VERSION = _analysis_version()

SCORE_COLUMNS = [*readability.SCORE_KEYS, "reading_time_s"]
TABLES = ("articles", "quotes", "speakers")
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / "data" / "built"
DEFAULT_ALIASES = Path(__file__).resolve().parent.parent / "data" / "aliases.csv"


@dataclass(frozen=True, slots=True)
class Built:
    """Everything the dashboard reads: the three main tables, keyword tables and a manifest."""

    articles: pd.DataFrame
    quotes: pd.DataFrame
    speakers: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


def _known_mask(articles: pd.DataFrame, reuse: Built | None) -> pd.Series:
    if reuse is None or reuse.articles.empty:
        return pd.Series(False, index=articles.index)
    before = reuse.articles.set_index("article_id")["text"]
    same = articles["article_id"].map(before) == articles["text"]
    return same.fillna(False).astype(bool)


def _with_reused(
    articles: pd.DataFrame, known: pd.Series, fresh: Analysed, reuse: Built
) -> Analysed:
    """Add the earlier build's per-article results for the `known` articles."""
    ids = articles.loc[known, "article_id"]
    old_scores = reuse.articles.set_index("article_id").loc[ids, list(readability.COLUMNS)]
    old_scores.index = ids.index
    old_quotes = reuse.quotes[reuse.quotes["article_id"].isin(set(ids))]
    old_quotes = old_quotes.assign(speaker_kind=old_quotes["speaker_kind_local"])
    old_quotes = old_quotes[QUOTE_LOCAL_COLUMNS]
    quotes_all = _concat([old_quotes, fresh.quotes], QUOTE_LOCAL_COLUMNS)
    order = articles["article_id"].reset_index().set_index("article_id")["index"]
    quotes_all = (
        quotes_all.assign(_o=quotes_all["article_id"].map(order))
        .sort_values(["_o", "start"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )
    scores = pd.concat([old_scores, fresh.scores]).sort_index()
    # MinHash rows are not stored: recomputing them is a numpy pass, far cheaper than analysis.
    sig = np.empty((len(articles), wire.BINS), dtype=np.uint64)
    sig[known.to_numpy()] = wire.signatures(articles.loc[known, "text"].tolist())
    sig[~known.to_numpy()] = fresh.signatures
    return Analysed(quotes_all, scores, sig)


# ---------------------------------------------------------------- corpus level


def build_corpus(
    articles: pd.DataFrame,
    *,
    report: corpus.LoadReport | None = None,
    aliases: pd.DataFrame | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
    reuse: Built | None = None,
) -> Built:
    """Analyse an articles frame (as `lib.corpus` returns it) into the dashboard's tables.

    `workers` defaults to every core; `scheduler` ("local" or "tcp://host:port") runs the
    per-article step on Dask instead. `timings`, if given, receives seconds per stage. With
    `reuse` (an earlier build), articles it already analysed with the same text are not
    analysed again; the corpus-level steps always run over everything.
    """
    t = timings if timings is not None else {}
    articles = articles.reset_index(drop=True)
    clock = time.perf_counter()
    known = _known_mask(articles, reuse)
    fresh = articles[~known]
    if scheduler:
        done = _run_dask(fresh, scheduler, progress, meanwhile=topics.preload)
    else:
        n = workers if workers is not None else default_workers()
        done = _run_local(fresh, n, progress, meanwhile=topics.preload)
    if reuse is not None and known.any():
        done = _with_reused(articles, known, done, reuse)
    release_memory()  # the workers' pickled results are garbage now
    t["analyse"] = time.perf_counter() - clock

    clock = time.perf_counter()
    articles = pd.concat([articles, done.scores.sort_index()], axis=1)
    # A Dask build's cluster is done by now: this machine's second core is free either way.
    parallel = scheduler is not None or (workers if workers is not None else default_workers()) > 1
    # Keywords need no speakers: with the per-article parts they start now, in a forked child
    # when there is a second core, while this process groups wire copies and merges speakers.
    job = _start_keywords(articles, done, parallel)
    done = replace(done, keyword_parts=None)  # the job holds them (or a forked child has them)
    # Syndicated copies across outlets: grouped over the whole corpus, so two copies that each
    # dropped a different paragraph still join through the original.
    articles["wire_group"] = wire.group_near_duplicates(articles, sig=done.signatures).to_numpy()
    articles["wire_size"] = wire.wire_sizes(articles["wire_group"]).to_numpy()
    t["wire"] = time.perf_counter() - clock

    clock = time.perf_counter()
    local_quotes = done.quotes
    del done
    counts = local_quotes.groupby("article_id").size()
    articles["n_quotes"] = articles["article_id"].map(counts).fillna(0).astype("int64")
    merged, speaker_table = speaker_merge.merge_speakers(local_quotes, aliases)
    # Kept so a later incremental build can reuse these rows without re-analysing.
    merged["speaker_kind_local"] = local_quotes["speaker_kind"].to_numpy()
    del local_quotes
    meta = articles.set_index("article_id")[["date", "source", "title", "url"]]
    merged = merged.join(meta, on="article_id")
    t["speakers"] = time.perf_counter() - clock

    clock = time.perf_counter()
    speaker_table = _speaker_readability(merged, speaker_table)
    t["readability_speakers"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if job is not None:
        tables = job()
    else:
        tables = _with_totals(keywords.build_keyword_tables(articles, merged))
    t["keywords"] = time.perf_counter() - clock

    manifest: dict[str, Any] = {
        "analysis_version": ANALYSIS_VERSION,
        "built_at": pd.Timestamp.now(tz="UTC").isoformat(),
        "articles": int(len(articles)),
        "quotes": int(len(merged)),
        "speakers": int(len(speaker_table)),
        "load_report": report.to_dict() if report is not None else None,
    }
    return Built(articles, merged, speaker_table, tables, manifest)


SPLIT_KEYWORDS_QUOTES = 2000  # below this a second process costs more than it saves
# What a forked child reads instead of receiving it pickled (set only around the fork).
_FORKED: tuple[list[str], list[str], tuple[keywords.KeywordParts, ...]] | None = None


def _with_totals(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    if "quote_terms" in tables:
        totals = keywords.term_totals(tables["quote_terms"])
        tables["quote_term_totals"] = totals.rename("count").reset_index()
    return tables


def _keywords_job() -> dict[str, pd.DataFrame]:
    assert _FORKED is not None
    return _with_totals(keywords.tables_from_parts(*_FORKED))


def _start_keywords(
    articles: pd.DataFrame, done: Analysed, parallel: bool
) -> Callable[[], dict[str, pd.DataFrame]] | None:
    """The keyword tables from the per-article parts, as a call that returns them.

    With `parallel` and enough quotes a forked child merges and ranks meanwhile (a test checks
    its tables equal the one-process build's). None when the parts are partial (an incremental
    build reused earlier results): then the tables come from the texts.
    """
    parts = done.keyword_parts
    if parts is None:
        return None
    ids = articles["article_id"].astype(str).tolist()
    qids = done.quotes["quote_id"].astype(str).tolist()
    if not parallel or len(qids) < SPLIT_KEYWORDS_QUOTES:
        return lambda: _with_totals(keywords.tables_from_parts(ids, qids, parts))
    global _FORKED
    _FORKED = (ids, qids, parts)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        future = pool.submit(_keywords_job)
    finally:
        _FORKED = None

    def result() -> dict[str, pd.DataFrame]:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return result


def _speaker_readability(quotes_df: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Scores over each speaker's quotes taken together (short quotes alone say little).

    Formulas see only totals, so summing the quotes' counts scores the joined quotes without
    tokenising them again; the language is the first quote's.
    """
    cols = ["words", "sentences", *SCORE_COLUMNS, "low_text"]
    if quotes_df.empty:
        return table.assign(**{c: pd.Series(dtype="float64") for c in cols})
    groups = quotes_df.groupby("speaker_id", sort=False)
    sums = groups[QUOTE_COUNT_COLUMNS].sum()
    langs = groups["lang"].first()
    scores = readability.scores_from_counts(sums, langs.reindex(sums.index).tolist())
    scores.insert(0, "sentences", sums["sentences"].astype("int64"))
    scores.insert(0, "words", sums["words"].astype("int64"))
    return table.join(scores[cols], on="speaker_id")


# ---------------------------------------------------------------- storage


def write_built(built: Built, out: Path | str) -> Path:
    """Write all tables as Parquet plus `manifest.json` into `out` (created if needed)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        getattr(built, name).to_parquet(out / f"{name}.parquet", index=False)
    for name, table in built.tables.items():
        table.to_parquet(out / f"{name}.parquet", index=False)
    manifest = dict(built.manifest, tables=sorted(built.tables))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str), "utf-8")
    return out


def is_built(path: Path | str) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "articles.parquet").is_file() and (p / "manifest.json").is_file()


def read_built(path: Path | str) -> Built:
    """Read a folder written by `write_built`."""
    p = Path(path)
    if not is_built(p):
        raise FileNotFoundError(
            f"{p}: not a built Quotescope output (no articles.parquet/manifest.json)"
        )
    manifest = json.loads((p / "manifest.json").read_text("utf-8"))
    main = {name: pd.read_parquet(p / f"{name}.parquet") for name in TABLES}
    tables = {name: pd.read_parquet(p / f"{name}.parquet") for name in manifest.get("tables", [])}
    return Built(main["articles"], main["quotes"], main["speakers"], tables, manifest)


def input_hash(path: Path | str) -> str:
    """Hash of an input's file names and contents, plus the analysis version.

    Contents, not modification times: a fresh clone or a touched file reuses its build.
    """
    p = Path(path)
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    h = hashlib.sha1(ANALYSIS_VERSION.encode())
    for f in files:
        name = f.relative_to(p) if p.is_dir() else f.name
        h.update(f"{name}\0".encode())
        with open(f, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha1").digest())
    return h.hexdigest()[:16]


_BUILD_NAME = re.compile(r"[0-9a-f]{16}")  # `input_hash`'s folder names


def _builds_of(root: Path, input_path: Path) -> Iterator[tuple[Path, str, float]]:
    """(folder, analysis version, manifest time) of every cached build of this input path."""
    wanted = str(input_path.resolve())
    for manifest in root.glob("*/manifest.json"):
        if not _BUILD_NAME.fullmatch(manifest.parent.name):
            continue  # another process's build still being written ("<hash>.tmp<pid>")
        try:
            m = json.loads(manifest.read_text("utf-8"))
            stamp = manifest.stat().st_mtime
        except (OSError, ValueError):
            continue
        if isinstance(m, dict) and m.get("input") == wanted:
            yield manifest.parent, str(m.get("analysis_version")), stamp


def _previous_build(root: Path, input_path: Path) -> Path | None:
    """The newest cached build of the same input path and analysis version, if any."""
    same = [(stamp, d) for d, version, stamp in _builds_of(root, input_path)
            if version == ANALYSIS_VERSION]
    return max(same)[1] if same else None


def default_aliases() -> pd.DataFrame | None:
    """The project's editable aliases file (`data/aliases.csv`), if present."""
    path = DEFAULT_ALIASES
    return speaker_merge.load_aliases(path) if path.is_file() else None


def build_path(
    input_path: Path | str,
    cache_root: Path | str | None = None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Path:
    """Build `input_path` once and reuse the output while the input and analysis are unchanged.

    A built output folder is returned as is. Output goes to `cache_root/<hash>/`.
    """
    p = Path(input_path)
    if is_built(p):
        return p
    root = Path(cache_root) if cache_root is not None else DEFAULT_CACHE
    out = root / input_hash(p)
    if is_built(out):
        return out
    loaded = corpus.load_corpus(p)
    previous = _previous_build(root, p)
    built = build_corpus(
        loaded.articles,
        report=loaded.report,
        progress=progress,
        workers=workers,
        aliases=default_aliases(),
        reuse=read_built(previous) if previous is not None else None,
    )
    built.manifest["input"] = str(p.resolve())
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    write_built(built, tmp)
    try:
        os.replace(tmp, out)
    except OSError:  # another process built the same input first: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
        if not is_built(out):
            raise
    # One build per input is kept: the new one carries everything a previous build of this
    # version had, and one by another analysis version (its folder's hash holds the version)
    # opens again only if that very code comes back, as when switching branches back and
    # forth, where it is rebuilt. After upgrades they had piled up.
    for old, _version, _stamp in list(_builds_of(root, p)):
        if old != out:
            shutil.rmtree(old, ignore_errors=True)
    return out


# ---------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.build",
        description="Analyse a corpus (folder, CSV, JSONL, JSON, Parquet, zip) into Parquet.",
    )
    parser.add_argument("input", help="corpus file or folder")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    parser.add_argument("--scheduler", default=None, help='run on Dask: "local" or tcp://HOST:8786')
    parser.add_argument("--aliases", default=None, help="aliases CSV (variant,canonical)")
    parser.add_argument("--strict", action="store_true", help="fail if any input item was skipped")
    args = parser.parse_args(argv)

    from tqdm import tqdm

    try:
        loaded = corpus.load_corpus(args.input)
    except corpus.CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = loaded.report
    for skip in report.skipped:
        where = f"{skip.file}:{skip.line}" if skip.line else skip.file
        print(f"skipped: {where}: {skip.reason}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    if args.strict and report.skipped:
        print(f"error: --strict and {len(report.skipped)} item(s) skipped", file=sys.stderr)
        return 1
    if loaded.articles.empty:
        print("error: nothing could be loaded", file=sys.stderr)
        return 1
    aliases = speaker_merge.load_aliases(args.aliases) if args.aliases else default_aliases()
    bar = tqdm(total=len(loaded.articles), unit="article", desc="analysing", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    timings: dict[str, float] = {}
    built = build_corpus(
        loaded.articles,
        report=report,
        aliases=aliases,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=progress,
        timings=timings,
    )
    bar.close()
    out = write_built(built, args.out)
    from lib import store

    clock = time.perf_counter()
    # The dashboard's memory-mapped copy, made now so that the first open does not pay for it.
    store.ensure_store(out)
    timings["app_copy"] = time.perf_counter() - clock
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
    print(
        f"wrote {out}: {len(built.articles)} articles, {len(built.quotes)} quotes, "
        f"{len(built.speakers)} speakers ({stages})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
