"""Rows read from any format -> the articles frame: clean values, fold duplicates, assign ids.

Also applies sidecar metadata to .txt/.md rows. It reads no files; `lib.corpus` does.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from lib.corpus_dates import date_from_name, date_problem, parse_dates
from lib.corpus_formats import FIELDS, TEXT_EXTS, map_columns
from lib.corpus_records import Limits, Note, Skipped, human_size

ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "text",
    "date",
    "source",
    "author",
    "url",
    "file",
    "duplicates",
]
_META = ("title", "source", "author", "url")
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas calls "str"
_SPACES = re.compile(r"\s+")
_LOCATION = re.compile(r"(?::\d+|\[\d+\])$")


def assemble(rows: list[dict[str, Any]], limits: Limits
             ) -> tuple[pd.DataFrame, list[Skipped], int, list[Note]]:
    """Clean, size-check and fold rows into the articles frame; plain Python until the end
    because per-row pandas calls cost more than the work at 100k articles.

    Returns the frame, the rows skipped, the rows seen, and a note for each article whose
    date value could not be read (it loads undated)."""
    limit = limits.max_article_bytes
    row_skips: list[Skipped] = []
    position: dict[str, dict[str | None, int]] = {}  # digest -> source -> kept copy
    # "line": the kept row's line; "date_at": where its date came from when a folded copy
    # gave it (None: the row itself), so a date note names the row that holds the value.
    cols: dict[str, list[Any]] = {c: [] for c in ("id", "date", *_META, "text", "file", "digest",
                                                 "line", "date_at")}
    counts: list[int] = []
    for row in rows:
        text = _as_text(row.get("text"))
        data = _utf8(text)
        reason = None
        if not text:
            reason = "no text"
        elif len(data) > limit:
            reason = f"article is {human_size(len(data))}, over the limit of {human_size(limit)}"
        if reason is not None:
            line = row.get("_line")
            where = row["_file"] + (row["_loc"] if line is None else "")
            row_skips.append(Skipped(where, reason, line, "row"))
            continue
        digest = hashlib.sha1(data).hexdigest()
        # One article per text and outlet: a copy from another outlet is a syndicated copy and
        # stays an article (wire grouping counts it as one story); the same text again from
        # the same or an unnamed outlet (a feed delivering twice, a paywall stub) folds.
        copies = position.get(digest)
        source = _as_meta(row.get("source"))
        if copies is not None:
            pos = copies.get(source) if source is not None else next(iter(copies.values()))
            if pos is None and None in copies:
                pos = copies.pop(None)  # the unnamed copy learns its outlet from this one
                copies[source] = pos
            if pos is not None:
                counts[pos] += 1
                _fill_missing(cols, pos, row)
                continue
        else:
            copies = position[digest] = {}
        copies[source] = len(counts)
        counts.append(1)
        cols["id"].append(_as_id(row.get("id")))
        cols["date"].append(row.get("date"))
        for col in _META:
            cols[col].append(_as_meta(row.get(col)))
        cols["text"].append(data)  # UTF-8 already: Arrow takes it without encoding again
        cols["file"].append(row["_file"] + row["_loc"])
        cols["digest"].append(digest)
        cols["line"].append(row.get("_line"))
        cols["date_at"].append(None)
    ids = [i if i is not None else d[:16] for i, d in zip(cols["id"], cols["digest"], strict=True)]
    dates = parse_dates(pd.Series(cols["date"], dtype=object),
                        groups=pd.Series([_source_file(f) for f in cols["file"]]))
    frame = pd.DataFrame(
        {
            "article_id": _str_series(_unique_ids(ids)),
            "title": _str_series(cols["title"]),
            "text": pd.Series(
                pa.array(cols["text"], type=pa.large_binary()).cast(pa.large_string()), dtype=_STR
            ),
            "date": dates,
            "source": _str_series(cols["source"]),
            "author": _str_series(cols["author"]),
            "url": _str_series(cols["url"]),
            "file": _str_series(cols["file"]),
            "duplicates": pd.Series(counts, dtype="int64"),
        }
    )
    return frame, row_skips, len(rows), _date_notes(cols, dates)


def _date_notes(cols: dict[str, list[Any]], dates: pd.Series) -> list[Note]:
    """A note per undated article that had a date value: nothing is lost silently. Only the
    undated rows are looked at, and each distinct value is explained once."""
    notes: list[Note] = []
    reasons: dict[Any, str | None] = {}
    for i in np.flatnonzero(dates.isna().to_numpy()).tolist():
        raw = cols["date"][i]
        key = raw if isinstance(raw, (str, int, float)) else repr(raw)
        if key not in reasons:
            reasons[key] = date_problem(raw)
        reason = reasons[key]
        if reason is None:  # no value at all: undated, not unreadable
            continue
        place = cols["date_at"][i]
        if place is None:
            line = cols["line"][i]
            file = cols["file"][i]
            place = (_LOCATION.sub("", file) if line is not None else file, line)
        notes.append(Note(place[0], f"{reason}; loaded undated", place[1]))
    return notes


def _source_file(where: str) -> str:
    """Where a row's date convention comes from: its file ("a.csv:12" -> "a.csv", "d.json[3]"
    -> "d.json"), or for a one-article file (.txt, .md, a JSON object) its folder, as one date
    alone cannot tell 01/02 from 02/01."""
    name = _LOCATION.sub("", where)
    if name == where:  # no row number: the file holds one article
        return str(PurePosixPath(name).parent)
    return name


def _fill_missing(cols: dict[str, list[Any]], pos: int, row: dict[str, Any]) -> None:
    # A later copy of the same text may carry the date or byline the first one lacked.
    if cols["id"][pos] is None:
        cols["id"][pos] = _as_id(row.get("id"))
    if _as_meta(cols["date"][pos]) is None and _as_meta(row.get("date")) is not None:
        cols["date"][pos] = row.get("date")
        line = row.get("_line")
        cols["date_at"][pos] = (row["_file"] + (row["_loc"] if line is None else ""), line)
    for col in _META:
        if cols[col][pos] is None:
            cols[col][pos] = _as_meta(row.get(col))


def _unique_ids(ids: list[str]) -> list[str]:
    # An input id reused for different texts would merge articles downstream: number the repeats,
    # skipping numbers another article already has as its own id ("story", "story", "story-2").
    taken = set(ids)
    seen: set[str] = set()
    last: dict[str, int] = {}
    out = []
    for value in ids:
        if value not in seen:
            seen.add(value)
            out.append(value)
            continue
        n = last.get(value, 1)
        while True:
            n += 1
            new = f"{value}-{n}"
            if new not in taken:
                break
        last[value] = n
        taken.add(new)
        out.append(new)
    return out


def apply_sidecars(rows: list[dict[str, Any]],
                   sidecars: list[tuple[str, pd.DataFrame]]) -> list[int]:
    """Metadata from a CSV keyed by file name overrides front matter and file-name guesses.

    Returns the positions in `sidecars` of the tables that matched no .txt/.md article."""
    tables: list[tuple[str, dict[str, dict[str, Any]]]] = []
    used: set[int] = set()
    for folder, frame in sidecars:
        mapping = map_columns(list(frame.columns), ("file", *(f for f in FIELDS if f != "text")))
        key_col = mapping.pop("file")
        table: dict[str, dict[str, Any]] = {}
        for record in frame.to_dict("records"):
            key = str(record.get(key_col) or "").strip().replace("\\", "/").lower()
            fields = {f: record[c] for f, c in mapping.items() if _as_meta(record[c]) is not None}
            if key:
                table.setdefault(key, fields)
                table.setdefault(PurePosixPath(key).stem, fields)
        tables.append((folder, table))
    is_text: dict[str, bool] = {}  # thousands of rows share one CSV/JSONL file name
    for row in rows:
        name: str = row["_file"]
        if name not in is_text:
            is_text[name] = PurePosixPath(name.lower()).suffix in TEXT_EXTS
        if not is_text[name]:
            continue
        for k, (folder, table) in enumerate(tables):
            if folder and not name.startswith(folder + "/"):
                continue
            rel = name[len(folder) + 1 :] if folder else name
            rel_path = PurePosixPath(rel.lower())
            meta: dict[str, Any] | None = (
                table.get(rel_path.as_posix())
                or table.get(rel_path.name)
                or table.get(rel_path.stem)
            )
            if meta:
                row.update(meta)
                used.add(k)
        if _as_meta(row.get("date")) is None:
            row["date"] = date_from_name(name)
    return [k for k in range(len(tables)) if k not in used]


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, (bool, dict)):
        return ""  # true/false or an object is not an article's words
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):  # paragraphs; Parquet lists are arrays
        value = "\n\n".join(str(v) for v in value if v is not None)
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text[:1].isspace() or text[-1:].isspace():  # strip copies: only when needed
        text = text.strip()
    return text


def _as_meta(value: Any) -> str | None:
    if isinstance(value, str):
        text = value.strip()
        if "\n" in text or "\t" in text or "  " in text or "\r" in text:
            text = _SPACES.sub(" ", text)
        return text or None
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        value = ", ".join(str(v) for v in value if v is not None)
    elif isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def _as_id(value: Any) -> str | None:
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))  # 12.0 from a CSV/Parquet number column means id "12"
    return _as_meta(value)


def _utf8(text: str) -> bytes:
    """The text as UTF-8; JSON may hold lone surrogates, which become "?"."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _str_series(values: Sequence[str | None]) -> pd.Series:
    """pandas' "str" dtype, built through Arrow directly: 10x faster than the generic path."""
    try:
        array = pa.array(values, type=pa.large_string())
    except (pa.ArrowException, UnicodeEncodeError):
        array = pa.array([v if v is None else _encodable(v) for v in values], pa.large_string())
    return pd.Series(array, dtype=_STR)
