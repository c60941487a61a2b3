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


def measure(out_dir: Path, only: list[str] | None = None) -> dict[str, Any]:
    """Cold start of the dashboard on built output, then on every page (or the pages named in
    `only`, by file stem): the speaker filter set, the date filter set, and both cleared again;
    each of those four reruns is a filter change."""
    import pyarrow.parquet as pq
    from streamlit.testing.v1 import AppTest

    os.environ["QUOTESCOPE_CORPUS"] = str(out_dir)
    _accept_new_options_in_apptest()
    _share_script_cache_in_apptest()
    # Only the two columns the bench needs, through Arrow, so the bench adds little to the peak.
    table = pq.read_table(out_dir / "quotes.parquet", columns=["speaker", "date"])
    counts = table.column("speaker").value_counts().to_pylist()
    top = max(counts, key=lambda c: c["counts"])["values"]
    dates = table.column("date").to_pandas().dropna()
    mid = dates.min() + (dates.max() - dates.min()) / 2
    result: dict[str, Any] = {"quotes": table.num_rows}
    del table
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
    for page in app_pages():
        if only and Path(page).stem not in only:
            continue
        at.switch_page(page).run()
        at.query_params.clear()
        steps = [("speaker", lambda: at.multiselect(key="speaker").set_value([top])),
                 ("from", lambda: at.date_input(key="from").set_value(mid.date())),
                 ("speaker", lambda: at.multiselect(key="speaker").set_value([])),
                 ("from", lambda: at.date_input(key="from").set_value(None))]
        own = own_cpu = 0.0
        for _, change in steps:
            widget = change()
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
        cpu[Path(page).stem] = round(own_cpu, 3)
        worst = max(worst, own)
        if "error" in result:
            break
    result["pages"] = pages
    result["pages_cpu"] = cpu
    result["filter_change_max_cpu_s"] = max(cpu.values(), default=0.0)
    result["filter_change_max_s"] = worst
    result["slowest_page"] = max(pages, key=lambda k: pages[k]) if pages else ""
    result["peak_mb"] = _peak_mb()
    return result


def report(result: dict[str, Any]) -> str:
    """Human lines: one per page, then the summary bench.speed also prints."""
    cpu = result.get("pages_cpu", {})
    lines = [f"  page {name:<12} slowest filter change {secs:.3f}s (cpu {cpu.get(name, 0):.3f}s)"
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
