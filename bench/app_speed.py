"""The dashboard's side of bench.speed: cold start on built output, then filter changes per page.

Runs in the caller's process (bench.speed gives it a fresh one), so peak memory is the app's.
Use it alone with `python -m bench.app_speed BUILT_DIR`.
"""

from __future__ import annotations

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


def measure(out_dir: Path) -> dict[str, Any]:
    """Cold start of the dashboard on built output, then a filter change on every page."""
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    os.environ["QUOTESCOPE_CORPUS"] = str(out_dir)
    quotes = pd.read_parquet(out_dir / "quotes.parquet", columns=["speaker", "date"])
    top = quotes["speaker"].value_counts().index[0]
    dates = quotes["date"].dropna()
    mid = dates.min() + (dates.max() - dates.min()) / 2
    result: dict[str, Any] = {"quotes": len(quotes)}
    t = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    result["cold_start_s"] = time.perf_counter() - t
    if at.exception:
        result["error"] = str(at.exception[0].message)
        return result
    pages = [
        "pages/overview.py",
        "pages/quotes.py",
        "pages/keywords.py",
        "pages/readability.py",
        "pages/explore.py",
    ]
    worst = 0.0
    for page in pages:
        at.switch_page(page).run()
        at.query_params.clear()
        t = time.perf_counter()
        at.multiselect(key="speaker").set_value([top]).run()
        worst = max(worst, time.perf_counter() - t)
        t = time.perf_counter()
        at.date_input(key="from").set_value(mid.date()).run()
        worst = max(worst, time.perf_counter() - t)
        at.multiselect(key="speaker").set_value([]).run()
        at.date_input(key="from").set_value(dates.min().date()).run()
        result[f"filter_{Path(page).stem}_s"] = round(worst, 3)
        if at.exception:
            result["error"] = f"{page}: {at.exception[0].message}"
            break
    result["filter_change_max_s"] = worst
    result["peak_mb"] = _peak_mb()
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), default=float))
