"""The build step: corpus in, Parquet out, the CLI, caching, and Dask giving the same answer."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib import build

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_e020959c31ef5263.txt"

ARTICLES = [
    (
        "2024-05-02-budget.txt",
        "Budget vote delayed\n\n"
        '"We will not rush this," Mayor Ana Lindqvist said on Tuesday. '
        "Lindqvist added that the council needs more time.\n\n"
        "“The numbers do not add up,” said council member Tomas Berg.\n",
    ),
    (
        "2024-06-11-port.txt",
        "Port expansion approved\n\n"
        "The harbour authority said the expansion would create 400 jobs.\n\n"
        '"This is a good day for the city," Berg told reporters.\n',
    ),
]


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES:
        (folder / name).write_text(text, "utf-8")
    shutil.copy(SEED, folder / "2024-09-02-simonyte.txt")
    return folder


def test_cli_writes_documented_tables(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build.main([str(corpus_dir), "--out", str(out), "--workers", "1"]) == 0
    articles = pd.read_parquet(out / "articles.parquet")
    quotes = pd.read_parquet(out / "quotes.parquet")
    for col in [
        "article_id",
        "title",
        "date",
        "source",
        "author",
        "url",
        "words",
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "n_quotes",
    ]:
        assert col in articles, col
    for col in [
        "quote_id",
        "article_id",
        "start",
        "end",
        "text",
        "kind",
        "speaker",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "date",
        "source",
    ]:
        assert col in quotes, col
    assert len(articles) == 3
    # quote offsets point into the article text
    texts = articles.set_index("article_id")["text"]
    for row in quotes.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["articles"] == 3 and manifest["quotes"] == len(quotes)


def test_seed_direct_quotes_on_one_speaker(corpus_dir: Path) -> None:
    from lib import corpus

    loaded = corpus.load_corpus(corpus_dir)
    built = build.build_corpus(loaded.articles, workers=1)
    seed_id = built.articles.loc[
        built.articles["text"].str.contains("Šimonite"), "article_id"
    ].item()
    q = built.quotes[(built.quotes["article_id"] == seed_id) & (built.quotes["kind"] == "direct")]
    assert len(q) >= 3
    assert q["speaker_id"].nunique() == 1
    assert not q["speaker"].str.contains("Macron|Putin").any()


def test_read_built_round_trip(corpus_dir: Path, tmp_path: Path) -> None:
    from lib import corpus

    loaded = corpus.load_corpus(corpus_dir)
    built = build.build_corpus(loaded.articles, report=loaded.report, workers=1)
    back = build.read_built(build.write_built(built, tmp_path / "o"))
    pd.testing.assert_frame_equal(back.articles, built.articles, check_dtype=False)
    pd.testing.assert_frame_equal(back.quotes, built.quotes, check_dtype=False)
    assert set(back.tables) == set(built.tables)
    assert back.manifest["load_report"]["articles_loaded"] == 3


def test_build_path_reuses_output(corpus_dir: Path, tmp_path: Path) -> None:
    first = build.build_path(corpus_dir, tmp_path / "cache", workers=1)
    stamp = (first / "articles.parquet").stat().st_mtime_ns
    again = build.build_path(corpus_dir, tmp_path / "cache", workers=1)
    assert again == first and (again / "articles.parquet").stat().st_mtime_ns == stamp
    # a built folder opens as is
    assert build.build_path(first) == first
    # a changed input builds anew
    (corpus_dir / "2024-07-01-new.txt").write_text('"Fine," Berg said.\n', "utf-8")
    assert build.build_path(corpus_dir, tmp_path / "cache", workers=1) != first


def test_a_build_by_another_analysis_version_is_removed(corpus_dir: Path, tmp_path: Path) -> None:
    """After an upgrade the input's old build opens again only if that code comes back (its
    folder's hash holds the analysis version): the new build replaces it instead of leaving it
    on disk. Builds of other inputs stay, and so does another process's build still being
    written ("<hash>.tmp<pid>")."""
    cache = tmp_path / "cache"
    names = ("0a0a0a0a0a0a0a0a", "0b0b0b0b0b0b0b0b", "0a0a0a0a0a0a0a0c.tmp999")
    for name, source in zip(names, (corpus_dir, tmp_path, corpus_dir), strict=True):
        (cache / name).mkdir(parents=True)
        (cache / name / "manifest.json").write_text(json.dumps(
            {"input": str(source.resolve()), "analysis_version": "an older one"}), "utf-8")
    out = build.build_path(corpus_dir, cache, workers=1)
    assert sorted(p.name for p in cache.iterdir()) == sorted([*names[1:], out.name])


def test_strict_fails_on_skipped_items(corpus_dir: Path, tmp_path: Path) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    out = tmp_path / "o"
    assert build.main([str(corpus_dir), "--out", str(out), "--workers", "1"]) == 0
    assert build.main([str(corpus_dir), "--out", str(out), "--workers", "1", "--strict"]) == 1


def test_parallel_and_dask_builds_match_single_process(corpus_dir: Path) -> None:
    from lib import corpus

    articles = corpus.load_corpus(corpus_dir).articles
    articles = pd.concat([articles] * 40, ignore_index=True)
    articles["article_id"] = [f"a{i}" for i in range(len(articles))]
    one = build.build_corpus(articles, workers=1)
    two = build.build_corpus(articles, workers=2)
    seen: list[tuple[int, int]] = []
    dask = build.build_corpus(articles, scheduler="local",
                              progress=lambda done, total: seen.append((done, total)))
    # The bar follows the cluster's partitions as they finish and ends on every article.
    assert seen and seen[-1] == (len(articles), len(articles))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    for other in (two, dask):
        pd.testing.assert_frame_equal(one.quotes, other.quotes, check_dtype=False)
        pd.testing.assert_frame_equal(one.articles, other.articles, check_dtype=False)
        pd.testing.assert_frame_equal(one.speakers, other.speakers, check_dtype=False)
        # Keyword candidates counted in other processes (Dask's workers are not forks of this one).
        assert set(one.tables) == set(other.tables)
        for name, table in one.tables.items():
            pd.testing.assert_frame_equal(table, other.tables[name], obj=name)


_WARM_PROBE = """
import json, os, sys
import pandas as pd
from distributed import Client
from lib import accel
from lib import readability_counts as rc
from lib.analyse import _local_cluster

german = ("Die Stadt hat am Montag beschlossen, dass die neue Brücke gebaut wird. "
          "Der Bürgermeister sagte, die Kosten seien höher als erwartet.") * 4
english = ("The council said on Monday that the new bridge would be built, and the mayor "
           "told reporters the cost was higher than expected.")
articles = pd.DataFrame({"article_id": ["a", "b"], "text": [german, english]})
cluster = _local_cluster(articles)
client = Client(cluster)
try:
    out = {
        "pid": os.getpid(),
        "status": accel.status(),
        "parents": list(client.run(eval, "__import__('os').getppid()").values()),
        "statuses": list(client.run(eval, "__import__('lib.accel').accel.status()").values()),
        "tables": list(client.run(eval, "sorted(__import__('lib.readability_counts')"
                                        ".readability_counts._tables)").values()),
        "profiling": list(client.run(eval, "__import__('dask').config.get("
                                           "'distributed.worker.profile.enabled')").values()),
        "limits": [w["memory_limit"] for w in client.scheduler_info()["workers"].values()],
    }
finally:
    client.close()
    cluster.close()
print(json.dumps(out))
"""


def test_local_cluster_workers_start_warm() -> None:
    """Dask's local workers are forked from the building process once it has loaded the
    analysis, with the word resources of the languages the corpus shows, and run the same quote
    modules (compiled or plain) as that process; their memory limit allows for the pages they
    share with it. Run in a fresh interpreter, as the CLI builds: a process with other threads
    spawns its workers instead (a fork there can inherit a held lock)."""
    import json
    import subprocess
    import sys

    from distributed.system import MEMORY_LIMIT

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", _WARM_PROBE], cwd=root, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(got["parents"]) == {got["pid"]}  # started from there, not from a server
    assert set(got["statuses"]) == {got["status"]}
    assert got["tables"] and all("de" in t and "en" in t for t in got["tables"])
    assert set(got["profiling"]) == {False}  # no stack sampling competing for the GIL
    limits = got["limits"]
    # the machine's share and that process's size, capped at the machine's memory (one worker)
    assert limits and all(
        min(MEMORY_LIMIT, MEMORY_LIMIT // len(limits) + 1) <= m <= MEMORY_LIMIT for m in limits
    )


def test_a_process_with_other_threads_spawns_its_dask_workers() -> None:
    import threading

    from distributed import Client

    from lib.analyse import _local_cluster

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    cluster = _local_cluster(pd.DataFrame({"article_id": ["a"], "text": ["Short text."]}))
    client = Client(cluster)
    try:
        methods = client.run(eval, "__import__('multiprocessing').get_start_method()")
    finally:
        client.close()
        cluster.close()
        stop.set()
    assert set(methods.values()) == {"spawn"}


def test_two_local_dask_builds_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second LocalCluster build in the same process (a notebook, a service) once hung: its
    workers, forked from here, inherited distributed's message thread pool without its thread,
    after the first build had used it. Every message is made large enough to use it here."""
    import threading

    import distributed.comm.utils as comm_utils

    from lib.analyse import _run_dask

    monkeypatch.setattr(comm_utils, "OFFLOAD_THRESHOLD", 1)  # read at import: children inherit it
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c"],
        "text": ['"We will build the bridge this year," the mayor said.'] * 3,
    })
    results: list[int] = []

    def builds() -> None:
        for _ in range(2):
            results.append(len(_run_dask(articles, "local", None).quotes))

    worker = threading.Thread(target=builds, daemon=True)
    worker.start()
    worker.join(timeout=180)
    assert not worker.is_alive(), "the second local Dask build hung"
    assert results == [3, 3]


def test_keyword_tables_counted_in_two_processes_match_one(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib import corpus

    articles = corpus.load_corpus(corpus_dir).articles
    # Enough articles for several chunks, so two workers each count keyword candidates, and
    # words each worker meets in its own order.
    articles = pd.concat([articles] * 40, ignore_index=True)
    articles["article_id"] = [f"a{i}" for i in range(len(articles))]
    articles["text"] = [
        f"{text}\n\nFiled from Town{i} by the {i % 7}th desk."
        for i, text in enumerate(articles["text"])
    ]
    monkeypatch.setattr(build, "SPLIT_KEYWORDS_QUOTES", 0)
    # Two first: a one-process build would teach this process (and so the forked workers)
    # every word beforehand.
    two = build.build_corpus(articles, workers=2)
    one = build.build_corpus(articles, workers=1)
    assert set(one.tables) == set(two.tables)
    assert len(one.tables["quote_terms"]) > 0
    for name, table in one.tables.items():
        pd.testing.assert_frame_equal(table, two.tables[name], obj=name)


def test_adding_files_analyses_only_the_new_ones(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    from lib import analyse

    real = analyse.analyse_partition

    def counting(articles: pd.DataFrame) -> pd.DataFrame:
        seen.extend(articles["article_id"])
        return real(articles)

    monkeypatch.setattr(analyse, "analyse_partition", counting)
    first = build.read_built(build.build_path(corpus_dir, tmp_path / "cache", workers=1))
    assert len(seen) == 3
    seen.clear()
    (corpus_dir / "2024-07-01-new.txt").write_text('"Fine," Berg said.\n', "utf-8")
    second = build.read_built(build.build_path(corpus_dir, tmp_path / "cache", workers=1))
    assert len(seen) == 1 and len(second.articles) == 4
    old = second.quotes[second.quotes["article_id"].isin(first.articles["article_id"])]
    cols = ["quote_id", "start", "end", "text", "kind", "speaker_local", "speaker_mention"]
    pd.testing.assert_frame_equal(
        old[cols].reset_index(drop=True), first.quotes[cols].reset_index(drop=True)
    )
    score_cols = ["article_id", "words", "flesch_kincaid_grade"]
    merged = second.articles[score_cols].merge(first.articles[score_cols], on="article_id")
    assert len(merged) == 3
    assert (merged["words_x"] == merged["words_y"]).all()
    # one build per input is kept: the superseded one is removed
    assert len(list((tmp_path / "cache").glob("*/manifest.json"))) == 1


def test_a_quote_of_a_word_or_two_gets_no_score_of_its_own() -> None:
    from lib import analyse
    from lib.readability import QUOTE_MIN_WORDS, SCORE_KEYS

    text = ('"Never," said Ann Lee on Monday. "We will build the new bridge before the winter '
            'comes, whatever the council decides," she added.')
    q = analyse.analyse_partition(pd.DataFrame({"article_id": ["a"], "text": [text]})).quotes
    short = q[q["words"] < QUOTE_MIN_WORDS]
    long = q[q["words"] >= QUOTE_MIN_WORDS]
    assert len(short) == 1 and len(long) == 1
    assert short[list(SCORE_KEYS)].isna().all(axis=None)
    assert short["reading_time_s"].iloc[0] > 0 and short["words"].iloc[0] == 1
    assert long[["flesch_reading_ease", "flesch_kincaid_grade"]].notna().all(axis=None)


def test_a_corpus_with_no_quote_builds_and_every_page_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Minutes or a press release without a quote are a corpus too: the app copy of the
    # build once failed on its quote ids (all null, so untyped).
    from conftest import open_page

    src = tmp_path / "notes.csv"
    src.write_text("title,date,text\nCouncil minutes,2024-01-02,The council met on Monday "
                   "and approved the budget for next year.\n", encoding="utf-8")
    out = tmp_path / "built"
    assert build.main([str(src), "--out", str(out)]) == 0
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(out))
    for page in ["pages/overview.py", "pages/quotes.py", "pages/speakers.py",
                 "pages/keywords.py", "pages/readability.py", "pages/explore.py",
                 "pages/profile.py", "pages/compare.py", "pages/article.py"]:
        at = open_page(page)
        assert not at.exception, page
