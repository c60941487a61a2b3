"""The dashboard's side of bench.speed: cold start on built output, then filter changes on every
page app.py registers, each page's own slowest change reported apart from the worst overall.

Runs in the caller's process (bench.speed gives it a fresh one), so peak memory is the app's.
Use it alone with `python -m bench.app_speed BUILT_DIR [--pages profile,quotes]` (default:
every page).
"""

from __future__ import annotations

import ast
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from lib.filters import UNKNOWN_SPEAKER

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def app_pages() -> list[str]:
    """The page files app.py registers, in its order: read from its source so a new page is
    measured without editing this bench."""
    tree = ast.parse((ROOT / "app.py").read_text("utf-8"))
    pages: list[str] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
                and node.args and isinstance(node.args[0], ast.Constant)):
            pages.append(str(node.args[0].value))
    return pages


def _accept_new_options_in_apptest() -> None:
    """AppTest cannot send a selectbox value that is not among its options, which the browser
    does for `accept_new_options` (Compare keeps a side a new filter no longer lists): send it
    as the browser would, as the value's own string."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1 import element_tree

    def widget_state(self: Any) -> WidgetState:
        ws = WidgetState()
        ws.id = self.id
        if self.value is None or not self.options:
            return ws
        shown = element_tree._format_value_for_widget(self.format_func, self.value)
        ws.string_value = shown if shown in self.options else str(self.value)
        return ws

    element_tree.Selectbox._widget_state = property(widget_state)  # type: ignore[assignment]


def _share_script_cache_in_apptest() -> None:
    """A server compiles app.py and each page once (its Runtime keeps one ScriptCache);
    AppTest makes a new cache for every run, so each measured rerun would also pay for
    compiling the scripts (30-50 ms). One cache for all runs, as on the server."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    for module in (app_test, local_script_runner):
        setattr(module, "ScriptCache", lambda: shared)  # noqa: B010 (keeps mypy quiet)


def _set(at: Any, kind: str, key: str, value: Any) -> Any:
    """The filter widget `key` set to `value`, ready to run. A page that stops early (Compare
    with one speaker: "Choose two speakers") leaves AppTest's tree without the sidebar, though
    the browser keeps it; the value then goes in through session state, as a widget's would."""
    found = [w for w in getattr(at, kind) if w.key == key]
    if found:
        return found[0].set_value(value)
    at.session_state[key] = value
    return at


def measure(out_dir: Path, only: list[str] | None = None) -> dict[str, Any]:
    """Cold start of the dashboard on built output, then on every page (or the pages named in
    `only`, by file stem): the speaker filter set, the date filter set, and both cleared again;
    each of those four reruns is a filter change."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    from streamlit.testing.v1 import AppTest

    os.environ["QUOTESCOPE_CORPUS"] = str(out_dir)
    _accept_new_options_in_apptest()
    _share_script_cache_in_apptest()
    # Only the two columns the bench needs, through Arrow, and handed back before the app
    # starts: Arrow's pool keeps freed memory (about 100 MB of speaker names at 1.9M quotes)
    # unless told to release it, and that would count as the app's.
    table = pq.read_table(out_dir / "quotes.parquet", columns=["speaker", "date"])
    counts = table.column("speaker").value_counts().to_pylist()
    # the most quoted person, as a user picks (the unknown bucket only if there is no other)
    named = [c for c in counts if c["values"] != UNKNOWN_SPEAKER] or counts
    top = max(named, key=lambda c: c["counts"])["values"]
    span = pc.min_max(table.column("date")).as_py()
    first, last = pd.Timestamp(span["min"]), pd.Timestamp(span["max"])
    mid = first + (last - first) / 2
    result: dict[str, Any] = {"quotes": table.num_rows}
    del table, counts, named
    pa.default_memory_pool().release_unused()
    t, c = time.perf_counter(), time.process_time()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    result["cold_start_s"] = time.perf_counter() - t
    result["cold_start_cpu_s"] = time.process_time() - c
    if at.exception:
        result["error"] = str(at.exception[0].message)
        return result
    worst = 0.0
    pages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for page in app_pages():
        if only and Path(page).stem not in only:
            continue
        at.switch_page(page).run()
        at.query_params.clear()
        steps = [("multiselect", "speaker", [top]), ("date_input", "from", mid.date()),
                 ("multiselect", "speaker", []), ("date_input", "from", None)]
        own = own_cpu = 0.0
        for kind, key, value in steps:
            widget = _set(at, kind, key, value)
            t, c = time.perf_counter(), time.process_time()
            widget.run()
            own = max(own, time.perf_counter() - t)
            # CPU of this process (the script runs in its thread): on a shared machine the
            # wall time also measures the neighbours.
            own_cpu = max(own_cpu, time.process_time() - c)
            if at.exception:
                result["error"] = f"{page}: {at.exception[0].message}"
                break
        pages[Path(page).stem] = round(own, 3)
        peaks[Path(page).stem] = round(_peak_mb())  # pages are visited in turn: a running peak
        cpu[Path(page).stem] = round(own_cpu, 3)
        worst = max(worst, own)
        if "error" in result:
            break
    result["pages"] = pages
    result["pages_cpu"] = cpu
    result["pages_peak_mb"] = peaks
    result["filter_change_max_cpu_s"] = max(cpu.values(), default=0.0)
    result["filter_change_max_s"] = worst
    result["slowest_page"] = max(pages, key=lambda k: pages[k]) if pages else ""
    result["peak_mb"] = _peak_mb()
    return result


def report(result: dict[str, Any]) -> str:
    """Human lines: one per page, then the summary bench.speed also prints."""
    cpu, peaks = result.get("pages_cpu", {}), result.get("pages_peak_mb", {})
    lines = [f"  page {name:<12} slowest filter change {secs:.3f}s (cpu {cpu.get(name, 0):.3f}s), "
             f"peak so far {peaks.get(name, 0):.0f} MB"
             for name, secs in result.get("pages", {}).items()]
    lines.append(
        f"app: cold start {result.get('cold_start_s', float('nan')):.2f}s "
        f"(cpu {result.get('cold_start_cpu_s', float('nan')):.2f}s), slowest filter "
        f"change {result.get('filter_change_max_s', float('nan')):.3f}s "
        f"(cpu {result.get('filter_change_max_cpu_s', float('nan')):.3f}s) "
        f"({result.get('slowest_page', '?')}) over {result['quotes']} quotes, "
        f"peak memory {result.get('peak_mb', float('nan')):.0f} MB")
    if "error" in result:
        lines.append(f"ERROR {result['error']}")
    return "\n".join(lines)


def _args(argv: list[str]) -> tuple[Path, list[str] | None]:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.app_speed")
    parser.add_argument("built", type=Path)
    parser.add_argument("--pages", help="comma-separated page stems (default: every page)")
    args = parser.parse_args(argv)
    only = [p.strip() for p in args.pages.split(",") if p.strip()] if args.pages else None
    return args.built, only


if __name__ == "__main__":
    measured = measure(*_args(sys.argv[1:]))
    print(report(measured))
    print(json.dumps(measured, default=float))
