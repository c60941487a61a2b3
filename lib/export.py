"""Export: file names that carry the filter, and CSV / Parquet bytes of any frame.

Pure functions: the pages put the bytes in download buttons. It does not filter (lib.filters)
nor decide which columns to export (the caller passes the frame it shows).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from unidecode import unidecode

from lib.names import parse_name

MAX_NAME = 100  # characters before the extension: well inside every file system's limit
LIST_SEP = "; "
_UNSAFE = re.compile(r"[^a-z0-9]+")
# Cells spreadsheets would run as formulas; corpus text is not trusted (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def slug(s: object, limit: int = 40) -> str:
    """ASCII lower-case words joined by "-": "Ingrida Šimonytė" -> "ingrida-simonyte"."""
    if not isinstance(s, str):
        s = "" if s is None else str(s)
    out = _UNSAFE.sub("-", unidecode(s).lower()).strip("-")
    return out[:limit].rstrip("-")


def _values(summary: Mapping[str, Any], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        v = summary.get(key)
        if v is None:
            continue
        items: Iterable[Any] = [v] if isinstance(v, str | date) or not isinstance(
            v, Iterable) else v
        out += [x for x in items if x is not None and str(x).strip()]
    return out


def _to_date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        ts = pd.Timestamp(str(v))
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(ts) else ts.date()


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def date_span(lo: date | None, hi: date | None) -> str:
    """"2024-05", "2023-01_2024-08", "2024-05-03_2024-05-20", "from-2024-05-03" or ""."""
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    if lo and hi:
        if lo.day == 1 and hi == _month_end(hi):  # whole months read better as months
            a, b = f"{lo:%Y-%m}", f"{hi:%Y-%m}"
            return a if a == b else f"{a}_{b}"
        return lo.isoformat() if lo == hi else f"{lo.isoformat()}_{hi.isoformat()}"
    if lo:
        return f"from-{lo.isoformat()}"
    if hi:
        return f"to-{hi.isoformat()}"
    return ""


def _speaker_slug(name: str) -> str:
    try:
        last = parse_name(name).last
    except Exception:  # a name the parser cannot read still names the file
        last = ""
    return slug(last or name, 24)


def export_filename(kind: str, filters_summary: Mapping[str, Any], ext: str) -> str:
    """`quotes_simonyte_2024-05.csv`: kind, speakers (surnames), sources, terms, search, dates.

    `filters_summary` takes Filters fields (speakers, sources, terms, text, date_from,
    date_to) or the URL keys of `Filters.to_query()` (speaker, source, term, q, from, to).
    Only [a-z0-9_-.] appear; the stem is capped at MAX_NAME characters.
    """
    summary: Mapping[str, Any] = filters_summary if isinstance(filters_summary, Mapping) else {}
    parts = [slug(kind, 20) or "export"]

    def some(items: list[str], limit: int = 2) -> None:
        items = list(dict.fromkeys(i for i in items if i))  # de-duplicated, order kept
        if items:
            extra = f"-and-{len(items) - limit}-more" if len(items) > limit else ""
            parts.append("-".join(items[:limit]) + extra)

    some([_speaker_slug(str(s)) for s in _values(summary, "speakers", "speaker")])
    some([slug(s, 24) for s in _values(summary, "sources", "source")])
    some([slug(s, 24) for s in _values(summary, "terms", "term")])
    some([slug(s, 24) for s in _values(summary, "text", "q")], 1)
    lo = next((d for d in map(_to_date, _values(summary, "date_from", "from")) if d), None)
    hi = next((d for d in map(_to_date, _values(summary, "date_to", "to")) if d), None)
    span = date_span(lo, hi)
    if span:
        parts.append(span)
    stem = "_".join(parts)
    if len(stem) > MAX_NAME:
        # The date span is the part people sort files by, so it survives the cut.
        tail = f"_{span}" if span else ""
        stem = stem[: MAX_NAME - len(tail)].rstrip("-_") + tail
    clean_ext = _UNSAFE.sub("", str(ext).lower())[:10] or "dat"
    return f"{stem}.{clean_ext}"


def _cell_to_text(v: Any) -> Any:
    if isinstance(v, list | tuple | set | frozenset | np.ndarray):
        return LIST_SEP.join("" if x is None else str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    return v


def _guard(v: Any) -> Any:
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def to_csv_bytes(df: pd.DataFrame, *, guard_formulas: bool = True) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets read accents) of every column, no index.

    List cells are joined with "; ", dicts written as JSON; text cells starting like a
    formula get a leading apostrophe unless `guard_formulas` is False.
    """
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            # the dashboard's tables keep repeated text (titles, sources) as categories, which
            # is_string_dtype does not count as text: written as plain text, they are guarded
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        if out[col].dtype == object or isinstance(out[col].dtype, pd.ArrowDtype):
            out[col] = out[col].map(_cell_to_text)
        if guard_formulas and (out[col].dtype == object or pd.api.types.is_string_dtype(
                out[col].dtype)):
            out[col] = out[col].map(_guard)
    # RFC 4180 line ends: the csv writer then quotes any cell holding a bare \r or \n, which
    # readers would otherwise take for a row break.
    text: str = out.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet of every column (lists stay lists), no index.

    A column Arrow cannot type (mixed objects) is written as text rather than failing.
    """
    out = df.reset_index(drop=True)
    for col in out.columns:
        if out[col].dtype == object:
            try:
                pa.array(out[col], from_pandas=True)
            except (pa.ArrowException, TypeError, ValueError):
                out[col] = out[col].map(lambda v: None if v is None else str(_cell_to_text(v)))
    buf = io.BytesIO()
    out.to_parquet(buf, index=False)
    return bytes(buf.getbuffer())
