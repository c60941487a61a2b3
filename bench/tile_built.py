"""A large built folder for dashboard work, made by tiling a smaller build: each copy gets new
article and quote ids, dates shifted so the range widens, and its own outlet names, with every
table (keyword, topic, speaker counts) kept consistent. Not a build: no text is analysed.

`python -m bench.tile_built bench/.cache/built-10000 --times 10` writes bench/.cache/tiled-100000.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
# Each copy starts this much later, so ten copies widen a 20-month range to about three years.
SHIFT_DAYS = 61


def _suffix(k: int) -> str:
    return "" if k == 0 else f"~t{k}"


def _ids(col: pd.Series, k: int) -> pd.Series:
    return col if k == 0 else col.astype("string") + _suffix(k)


def _source(col: pd.Series, k: int) -> pd.Series:
    # Copy 0 keeps the outlets' names; others are regional editions of them.
    return col if k == 0 else col.astype("string") + f" (edition {k})"


def _tile(df: pd.DataFrame, times: int, fix: dict[str, object]) -> pd.DataFrame:
    parts = []
    for k in range(times):
        part = df.copy()
        for col, how in fix.items():
            if col in part:
                part[col] = how(part[col], k)  # type: ignore[operator]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _shift(col: pd.Series, k: int) -> pd.Series:
    return col + pd.Timedelta(days=SHIFT_DAYS * k)


def _quote_ids(col: pd.Series, k: int) -> pd.Series:
    # quote_id is article_id:start, so the copy's id follows its article's.
    if k == 0:
        return col
    parts = col.astype("string").str.rsplit(":", n=1)
    return parts.str[0] + _suffix(k) + ":" + parts.str[1]


def tile(src: Path, out: Path, times: int) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = json.loads((src / "manifest.json").read_text("utf-8"))
    ids = {"article_id": _ids, "wire_group": _ids, "quote_id": _quote_ids}
    dated = {**ids, "date": _shift, "source": _source,
             "url": lambda c, k: c if k == 0 else c.astype("string") + f"?copy={k}"}
    counts: dict[str, int] = {}
    for name, fix in (("articles", dated), ("quotes", dated), ("article_terms", ids),
                      ("quote_terms", ids), ("article_topics", ids)):
        path = src / f"{name}.parquet"
        if path.exists():
            tiled = _tile(pd.read_parquet(path), times, fix)
            tiled.to_parquet(out / f"{name}.parquet", index=False)
            counts[name] = len(tiled)
            del tiled
    speakers = pd.read_parquet(src / "speakers.parquet")
    for col in ("n_quotes", "n_articles", "words", "sentences"):
        if col in speakers:
            speakers[col] = speakers[col] * times
    speakers.to_parquet(out / "speakers.parquet", index=False)
    for name in ("topics",):
        if (src / f"{name}.parquet").exists():
            shutil.copy(src / f"{name}.parquet", out / f"{name}.parquet")
    totals = src / "quote_term_totals.parquet"
    if totals.exists():
        t = pd.read_parquet(totals)
        t["count"] = t["count"] * times
        t.to_parquet(out / "quote_term_totals.parquet", index=False)
    manifest["articles"] = counts.get("articles", 0)
    manifest["quotes"] = counts.get("quotes", 0)
    manifest["tiled_from"] = str(src)
    manifest["tiled_times"] = times
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # built-10000 (the size asked of the generator) x10 -> tiled-100000
    digits = "".join(ch for ch in args.src.name if ch.isdigit())
    n = int(digits) if digits else json.loads((args.src / "manifest.json").read_text())["articles"]
    out = args.out or CACHE / f"tiled-{n * args.times}"
    counts = tile(args.src, out, args.times)
    print(f"tiled {args.src} x{args.times} -> {out}: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
