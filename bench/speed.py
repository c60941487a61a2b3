"""Speed and memory of the build and the dashboard at 1k, 10k and 100k generated articles.

`python -m bench.speed [--sizes 1000,10000,100000] [--skip-dask] [--skip-app] [--skip-stages]
[--builds 1,2]`. Corpora come from
`lib.sample` and are cached in bench/.cache (git-ignored). Every measurement runs in a fresh
subprocess so that peak memory (ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
TEXTSTAT_FORMULAS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the machine may be shared)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def corpus_file(n: int) -> Path:
    """The generated corpus of n articles (made once, then reused)."""
    path = CACHE / f"sample-{n}.jsonl"
    if not path.exists():
        from lib import sample

        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.jsonl")
        sample.write_articles(sample.generate_articles(n, seed=7), tmp)
        tmp.rename(path)
    return path


def built_dir(n: int) -> Path:
    out = CACHE / f"built-{n}"
    if not (out / "manifest.json").exists():
        from lib import build

        build.main([str(corpus_file(n)), "--out", str(out)])
    return out


# ---------------------------------------------------------------- measurements (one per process)


def m_stages(n: int) -> dict[str, Any]:
    """Single-process throughput of each stage, and raw textstat on the same article texts.

    CPU time of this process: on a shared machine wall time measures the neighbours too.
    """
    import textstat

    from lib import analyse, corpus, keywords, quotes, readability, speaker_merge

    out: dict[str, Any] = {}
    t = time.process_time()
    loaded = corpus.load_corpus(corpus_file(n))
    out["load_s"] = time.process_time() - t
    arts = loaded.articles
    texts = list(arts["text"])
    out["articles"] = len(arts)
    out["words"] = int(sum(len(x.split()) for x in texts))
    readability.score_texts(texts[:5])  # warm the syllable dictionaries, as textstat below is
    textstat.flesch_reading_ease(texts[0])
    t = time.process_time()
    local = analyse.analyse_partition(arts[["article_id", "text"]]).quotes
    out["analyse_s"] = time.process_time() - t
    # The per-article step tokenises each article once for quotes, readability and MinHash, and
    # counts its keyword candidates; stages below are timed alone so each reads against textstat
    # (the keywords stage counts and ranks from the texts, as an incremental build does).
    t = time.process_time()
    for text in texts:
        quotes.extract_quotes(text)
    out["quotes_s"] = time.process_time() - t
    t = time.process_time()
    merged, _ = speaker_merge.merge_speakers(local)
    out["speakers_s"] = time.process_time() - t
    t = time.process_time()
    keywords.build_keyword_tables(arts, merged)
    out["keywords_s"] = time.process_time() - t
    t = time.process_time()
    readability.score_texts(texts)
    out["readability_s"] = time.process_time() - t
    t = time.process_time()
    for text in texts:
        for name in TEXTSTAT_FORMULAS:
            getattr(textstat, name)(text)
    out["textstat_s"] = time.process_time() - t
    out["peak_mb"] = _peak_mb()
    return out


def m_build(n: int, workers: int | None, scheduler: str | None) -> dict[str, Any]:
    """End-to-end build (load + analysis + corpus steps), as the CLI runs it."""
    from lib import build, corpus

    t = time.perf_counter()
    loaded = corpus.load_corpus(corpus_file(n))
    timings: dict[str, float] = {"load": time.perf_counter() - t}
    built = build.build_corpus(
        loaded.articles, report=loaded.report, workers=workers, scheduler=scheduler, timings=timings
    )
    total = time.perf_counter() - t
    return {
        "total_s": total,
        "cpu_s": _cpu_s(),
        "articles": len(built.articles),
        "quotes": len(built.quotes),
        "peak_mb": _peak_mb(),
        **timings,
    }


def m_app(n: int) -> dict[str, Any]:
    """Cold start and filter changes of the dashboard on the n-article build (bench.app_speed)."""
    from bench import app_speed

    return app_speed.measure(built_dir(n))


MEASURES = {"stages": m_stages, "build": m_build, "app": m_app}


def _run(kind: str, n: int, **kw: Any) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "bench.speed",
        "--one",
        kind,
        "--n",
        str(n),
        "--kw",
        json.dumps(kw),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return dict(json.loads(lines[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-app", action="store_true")
    # At 100k the stage table alone (raw textstat included) takes half an hour.
    parser.add_argument("--skip-stages", action="store_true")
    parser.add_argument("--builds", default="1,2", help="which local builds: 1, 2 or both")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="rounds of builds, interleaved; more than one adds medians of the ratios",
    )
    parser.add_argument("--one", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--kw", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(MEASURES[args.one](args.n, **json.loads(args.kw)), default=float))
        return 0

    from lib import accel

    print(f"quote modules compiled: {accel.status()}")
    for n in (int(s) for s in args.sizes.split(",")):
        corpus_file(n)
        s = _run("stages", n) if not args.skip_stages else {"skipped": True}
        words = f" ({s['words'] / max(s['articles'], 1):.0f} words each)" if "words" in s else ""
        print(f"== {n} articles{words}")
        if "error" in s:
            print("  stages: error", s["error"])
        elif "skipped" not in s:
            ts = s["textstat_s"]
            print("  stage        CPU seconds  articles/s  x textstat")
            for stage in ("load", "quotes", "speakers", "keywords", "readability", "textstat"):
                sec = s[f"{stage}_s"]
                print(f"  {stage:<12} {sec:8.2f}  {n / sec:10.0f}  {sec / ts:9.2f}")
            analysis = sum(s[f"{k}_s"] for k in ("quotes", "speakers", "keywords", "readability"))
            print(f"  all analysis stages / textstat raw = {analysis / ts:.2f}")
        rounds = [_build_round(n, args) for _ in range(max(1, args.repeat))]
        if len(rounds) > 1:
            _print_medians(rounds, n)
        if not args.skip_app:
            # Built, with the app's Arrow copy, here first: made inside the measured process,
            # their peak would be reported as the app's.
            from lib import store

            store.ensure_store(built_dir(n))
            app = _run("app", n)
            if "error" in app:
                print("  app: error", app["error"])
            else:
                from bench import app_speed

                for line in app_speed.report(app).splitlines():
                    print(f"  {line}")
    return 0


def _build_round(n: int, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """One of each asked-for build, back to back, so a round's ratios share the machine's mood."""
    builds = args.builds.split(",")
    none: dict[str, Any] = {"error": "not run (--builds)"}
    one = _run("build", n, workers=1, scheduler=None) if "1" in builds else none
    two = _run("build", n, workers=2, scheduler=None) if "2" in builds else none
    print(f"  build 1 process : {_fmt_build(one, n)}")
    _print_steps(one)
    print(
        f"  build 2 processes: {_fmt_build(two, n)}"
        + (f"  speed-up {one['total_s'] / two['total_s']:.2f}x" if _ok(one, two) else "")
    )
    _print_steps(two)
    dsk = none
    if not args.skip_dask:
        dsk = _run("build", n, workers=None, scheduler="local")
        print(
            f"  build Dask local : {_fmt_build(dsk, n)}"
            + (f"  vs 2 processes {dsk['total_s'] / two['total_s']:.2f}x" if _ok(dsk, two) else "")
        )
    return {"one": one, "two": two, "dask": dsk}


def _print_medians(rounds: list[dict[str, dict[str, Any]]], n: int) -> None:
    """Medians over rounds (this machine's speed drifts by up to 2x between runs): per-CPU
    throughput of each build and the two ratios, each ratio taken within a round."""
    def med(values: list[float], unit: str = "x", digits: int = 2) -> str:
        if not values:
            return "n/a"
        values = sorted(values)
        m, lo, hi = statistics.median(values), values[0], values[-1]
        return f"{m:.{digits}f}{unit} (range {lo:.{digits}f}-{hi:.{digits}f})"

    per_cpu = {
        k: [n / r[k]["cpu_s"] for r in rounds if _ok(r[k])] for k in ("one", "two", "dask")
    }
    speedup = [r["one"]["total_s"] / r["two"]["total_s"] for r in rounds if _ok(r["one"], r["two"])]
    dask = [r["dask"]["total_s"] / r["two"]["total_s"] for r in rounds if _ok(r["dask"], r["two"])]
    print(f"  median of {len(rounds)} rounds:")
    print(f"    articles per CPU-second: 1 process {med(per_cpu['one'], '', 0)}, "
          f"2 processes {med(per_cpu['two'], '', 0)}, Dask {med(per_cpu['dask'], '', 0)}")
    print(f"    2 processes vs 1 (speed-up): {med(speedup)}")
    print(f"    Dask local vs 2 processes (wall): {med(dask)}")


def _print_steps(r: dict[str, Any]) -> None:
    """Wall seconds of each step of a build. Only analyse runs on every core; with two
    processes the keyword step runs in a child beside wire and speakers, and its line is the
    wait for it."""
    if "total_s" not in r:
        return
    keys = ("load", "analyse", "wire", "speakers", "readability_speakers", "keywords")
    steps = ", ".join(f"{k} {r[k]:.1f}s" for k in keys if k in r)
    print(f"    steps (wall): {steps}")


def _ok(*results: dict[str, Any]) -> bool:
    return all("total_s" in r for r in results)


def _fmt_build(r: dict[str, Any], n: int) -> str:
    if "total_s" not in r:
        return f"error {r.get('error')}"
    return (
        f"{r['total_s']:7.1f}s wall, {r['cpu_s']:6.1f}s CPU  {n / r['total_s']:6.0f} articles/s  "
        f"({n / r['cpu_s']:.0f} per CPU-second)  peak {r['peak_mb']:.0f} MB  ({r['quotes']} quotes)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
