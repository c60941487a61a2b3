"""Publication dates from whatever people put in a date column or a file name.

Turns ISO strings, "May 31, 2024", "31/05/2024", epoch seconds or milliseconds and
datetimes into naive `datetime64[ns]`; anything missing or impossible becomes NaT.
It never raises and never guesses a date from text that holds no year.

A date keeps the clock time it was published at, wherever that was: "2024-11-03T23:30-05:00"
and "Nov 3, 2024 11:30 PM EST" are both 3 November, 23:30. Converting to UTC would move a New
York evening story to the next day, and only the spellings with a numeric offset.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import Any

import pandas as pd
from dateutil import parser as du_parser

# Years outside this window are typos or sentinel values (0001-01-01, 9999-12-31).
MIN_YEAR = 1800
MAX_YEAR = 2200

_EPOCH_S = (1e8, 1e10)  # 1973 .. 2286 in seconds
_EPOCH_MS = (1e11, 1e13)  # the same window in milliseconds
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_NUMERIC_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b")
_DIGITS = re.compile(r"^\s*\d+(\.\d+)?\s*$")
_YEAR_ALONE = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")  # "2024", or 2024.0 from a number column
_ANY_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# The zone of an ISO time ("Z", "+02:00", "-0500"), dropped to keep the published clock time.
_ISO_OFFSET = re.compile(
    r"^(\d{4}-?\d\d-?\d\d[T ]\d\d(?::?\d\d(?::?\d\d(?:[.,]\d+)?)?)?)\s*(?:Z|[+-]\d\d(?::?\d\d)?)$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)")
_NAME_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
# dateutil fills missing parts from this, so "May 2024" means the 1st of May.
_DEFAULT = datetime(2000, 1, 1)


def date_from_name(name: str) -> str | None:
    """The `2024-05-31` (or `20240531`) embedded in a file name, as an ISO string; None when
    the digits are no real day ("scan-2024-13-45.txt")."""
    stem = name.rsplit("/", 1)[-1]
    match = _NAME_DATE.search(stem) or _NAME_COMPACT.search(stem)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    # A guess from a name that fails is no date the user gave: it must not be reported as
    # an unreadable one (see `date_problem`), so it is not made at all.
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        datetime(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_problem(raw: Any) -> str | None:
    """Why a date value that `parse_dates` left undated is no date, for the load report:
    'date "2024-02-30" is not a date'. None when there was nothing to read (a missing or
    blank value is not an error). Meant for values already known to be unreadable."""
    try:
        return _date_problem(raw)
    except Exception:  # noqa: BLE001 - the report must never fail a load
        return f'date "{_shown(raw)}" is not a date'


def _date_problem(raw: Any) -> str | None:
    if raw is None or raw is pd.NaT or isinstance(raw, str) and not raw.strip():
        return None
    if isinstance(raw, float) and raw != raw:  # NaN: an empty cell of a number column
        return None
    shown = _shown(raw)
    year = _YEAR_ALONE.match(shown)
    if year and MIN_YEAR <= int(year.group(1)) <= MAX_YEAR:
        # Documented choice (NOTES.md): a year is not made into 1 January.
        return f'date "{shown}" is a year alone, not a day'
    if isinstance(raw, (int, float)) or _DIGITS.match(shown):
        return f'date "{shown}" is a number but not a time stamp in seconds or milliseconds'
    when: datetime | None = raw if isinstance(raw, datetime) else None
    if when is None and _ANY_YEAR.search(shown) is None and _NUMERIC_DMY.match(shown) is None:
        return f'date "{shown}" is not a date (it has no year)'
    if when is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                when = du_parser.parse(shown, default=_DEFAULT)
            except (ValueError, OverflowError):
                pass
    if when is not None and not MIN_YEAR <= when.year <= MAX_YEAR:
        return f'date "{shown}" is outside the years {MIN_YEAR}-{MAX_YEAR}'
    return f'date "{shown}" is not a date'


def _shown(raw: Any) -> str:
    # One line and short: a whole article pasted into a date cell must not flood the report.
    text = " ".join(str(raw).split())
    return text if len(text) <= 40 else text[:39] + "…"


def parse_dates(values: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    """Parse a column of raw date values; the result is `datetime64[ns]`, same index.

    `groups` (same index: the file each value came from) decides "01/02/2024" day- or
    month-first per file, as each file follows its own convention."""
    try:
        return _parse_dates(values, groups)
    except Exception:  # noqa: BLE001 - a date column must never fail a load: all undated
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")


def _parse_dates(values: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    if len(values) == 0:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _in_range(values.dt.tz_localize(None))  # the wall time in the column's zone
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _in_range(values)
    # ISO 8601 is by far the common case: one vectorised pass, then only leftovers by hand.
    # Every part goes through _in_range so all share one unit (ns) before being combined.
    as_text = pd.Series([_as_date_text(v) for v in values], index=values.index, dtype=object)
    try:
        iso = pd.to_datetime(as_text.str.replace(_ISO_OFFSET, r"\1", regex=True),
                             format="ISO8601", errors="coerce")
    except (ValueError, TypeError):
        # a zone the pattern did not strip ("20241103T233000Z") mixed with naive values:
        # every value goes the per-value way below, which keeps its clock time
        iso = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out = _in_range(iso)
    stamps = pd.Series([isinstance(v, datetime) for v in values], index=values.index, dtype=bool)
    if stamps.any():  # Arrow and Parquet readers hand over datetime objects
        try:
            wall = pd.to_datetime([v.replace(tzinfo=None) for v in values[stamps]])
            fixed_stamps = _in_range(pd.Series(wall, index=out.index[stamps]))
        except (ValueError, OverflowError, TypeError):  # out of range for pandas: one by one
            each = [parse_one(v) for v in values[stamps]]
            fixed_stamps = _in_range(pd.Series(each, index=out.index[stamps], dtype=object))
        out.loc[stamps] = fixed_stamps
    todo = out.isna() & values.notna() & ~stamps
    if todo.any():
        raws = values[todo].tolist()
        texts = as_text[todo].tolist()
        keys = [0] * len(raws) if groups is None else groups[todo].tolist()
        # one convention per group (file), decided in plain Python: a pandas pass per group
        # cost milliseconds, minutes for a folder of 100k one-article files
        seen: dict[Any, tuple[bool, bool]] = {}
        for key, text in zip(keys, texts, strict=True):
            found = _numeric_order(text)
            if found is not None:
                d, m = seen.get(key, (False, False))
                seen[key] = (d or found[0], m or found[1])
        cache: dict[tuple[Any, bool], Any] = {}
        fixed = []
        for raw, key in zip(raws, keys, strict=True):
            d, m = seen.get(key, (False, False))
            dayfirst = not (m and not d)
            memo = (raw if isinstance(raw, (str, int, float)) else repr(raw), dayfirst)
            if memo not in cache:
                cache[memo] = parse_one(raw, dayfirst=dayfirst)
            fixed.append(cache[memo])
        out.loc[todo] = _in_range(pd.Series(fixed, index=out.index[todo], dtype=object))
    return out


def _numeric_order(text: Any) -> tuple[bool, bool] | None:
    """(proves day-first, proves month-first) of one "05/31/2024"-like value; None if neither
    part can tell (both 12 or under) or the value is not numeric."""
    match = _NUMERIC_DMY.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return (first > 12, second > 12) if first > 12 or second > 12 else None


def parse_one(raw: Any, *, dayfirst: bool = True) -> pd.Timestamp | None:
    """One value to a naive timestamp (the clock time as published), or None if not a date."""
    try:
        return _parse_one(raw, dayfirst)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None


def _parse_one(raw: Any, dayfirst: bool) -> pd.Timestamp | None:
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, datetime):
        return _naive(pd.Timestamp(raw))
    if isinstance(raw, (int, float)):
        return _from_number(float(raw))
    text = str(raw).strip()
    if not text or len(text) > 64:
        return None
    compact = _COMPACT.match(text)
    if compact:
        year, month, day = (int(g) for g in compact.groups())
        return _naive(pd.Timestamp(datetime(year, month, day)))
    if _DIGITS.match(text):
        return _from_number(float(text))
    numeric = _NUMERIC_DMY.match(text)
    if numeric is None and not _YEAR.search(text):
        return None  # "Tuesday", "13": no year, so any date would be invented
    with warnings.catch_warnings():  # "EDT" and friends: parsed as local time, no warning spam
        warnings.simplefilter("ignore")
        ts = du_parser.parse(text, dayfirst=dayfirst, default=_DEFAULT)
    return _naive(pd.Timestamp(ts))


def _from_number(x: float) -> pd.Timestamp | None:
    if _EPOCH_S[0] <= x < _EPOCH_S[1]:
        return _naive(pd.Timestamp(x, unit="s"))
    if _EPOCH_MS[0] <= x < _EPOCH_MS[1]:
        return _naive(pd.Timestamp(x, unit="ms"))
    return None


def _naive(ts: pd.Timestamp) -> pd.Timestamp | None:
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)  # the clock time as published, not UTC
    return ts if MIN_YEAR <= ts.year <= MAX_YEAR else None


def _as_date_text(raw: Any) -> str | None:
    # Only strings go to the vectorised ISO pass; numbers are epochs, handled per value.
    if isinstance(raw, str):
        text = raw.strip()
        return text if text and not _DIGITS.match(text) else None
    return None


def _ns(value: Any) -> pd.Timestamp:
    try:
        return pd.NaT if value is None else pd.Timestamp(value).as_unit("ns")
    except (ValueError, OverflowError, TypeError):
        return pd.NaT


def _in_range(out: pd.Series) -> pd.Series:
    if out.dtype == object:  # Timestamps of mixed units, None: one unit before anything else
        out = pd.Series(
            [_ns(v) for v in out],
            index=out.index,
            dtype="datetime64[ns]",
        )
    out = pd.to_datetime(out, errors="coerce")
    years = out.dt.year
    # Filter before the cast: year 9999 does not fit in nanoseconds.
    return out.where((years >= MIN_YEAR) & (years <= MAX_YEAR)).astype("datetime64[ns]")
