"""Readers for each input format: bytes in, rows of raw article fields out.

Reads .txt/.md articles, CSV/TSV, JSONL, JSON and Parquet (text already decoded by
`lib.corpus_decode`). It does not parse dates, fold duplicates or assign ids:
`lib.corpus` does that once for all files. A whole file that cannot be read raises `FileSkip`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json

from lib.corpus_records import Skipped

FIELDS = ("id", "title", "text", "date", "source", "author", "url")
TEXT_EXTS = {".txt", ".md", ".markdown", ".text"}
TABLE_EXTS = {".csv", ".tsv", ".tab"}
JSONL_EXTS = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_EXTS | TABLE_EXTS | JSONL_EXTS | {".json", ".parquet", ".pq", ".zip"}
_DATA_FILE = Path(__file__).parent / "data" / "corpus_columns.txt"
# Big CSV cells are legitimate (a 10 MB article); the size limit is applied per article later.
csv.field_size_limit(2**31 - 1)


class FileSkip(Exception):
    """The whole file cannot be read; the message is the reason shown to the user."""


@dataclass(slots=True)
class Parsed:
    """Rows from one file: FIELDS plus `_loc` (":12", "[3]" or "") and `_line`."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sidecar: pd.DataFrame | None = None  # metadata keyed by file name, for .txt/.md neighbours


@lru_cache(maxsize=1)
def column_aliases() -> dict[str, tuple[str, ...]]:
    """field -> aliases in priority order, from `lib/data/corpus_columns.txt`."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _DATA_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, _, values = line.partition(":")
        out[key.strip()] = tuple(v.strip() for v in values.split(",") if v.strip())
    return out


def _norm_col(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def map_columns(columns: list[Any], fields: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    """field -> the original column that holds it (first alias in priority order)."""
    by_norm: dict[str, Any] = {}
    for col in columns:
        by_norm.setdefault(_norm_col(col), col)
    aliases = column_aliases()
    found: dict[str, Any] = {}
    taken: set[str] = set()
    for name in fields:
        for alias in aliases.get(name, ()):
            if alias in by_norm and alias not in taken:
                found[name] = by_norm[alias]
                taken.add(alias)
                break
    return found


def column_candidates(columns: list[Any]) -> dict[str, list[Any]]:
    """field -> every column that could hold it, best first (JSON objects vary line by line)."""
    by_norm: dict[str, Any] = {}
    for col in columns:
        by_norm.setdefault(_norm_col(col), col)
    return {
        name: found
        for name in FIELDS
        if (found := [by_norm[a] for a in column_aliases().get(name, ()) if a in by_norm])
    }


def _first_filled(obj: dict[str, Any], cols: list[Any]) -> Any:
    for col in cols:
        value = obj.get(col)
        if value is not None and value != "":
            return value
    return None


def no_text_reason(kind: str, columns: list[Any]) -> str:
    shown = ", ".join(str(c) for c in columns[:12]) or "none"
    more = f" and {len(columns) - 12} more" if len(columns) > 12 else ""
    expected = ", ".join(column_aliases()["text"][:5])
    return f"no text {kind} (has: {shown}{more}; expected one of {expected})"


# ---------------------------------------------------------------- .txt / .md

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SETEXT = re.compile(r"^(=+|-+)\s*$")


def read_text_article(name: str, text: str) -> Parsed:
    """One article per file; title from a heading-like first line, metadata from front matter."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text)
    row: dict[str, Any] = {k: meta.get(k) for k in FIELDS if k != "text"}
    row["text"] = body
    row["_explicit"] = tuple(k for k in FIELDS if meta.get(k))
    if not row.get("title"):
        row["title"] = heading_title(body)
    row["_loc"], row["_line"] = "", None
    return Parsed(rows=[row])


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """`---\\nkey: value\\n---` at the very top -> (fields by canonical name, the rest)."""
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    pairs: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip()
            if value.startswith("[") and value.endswith("]"):  # authors: [Ann Lee, Bo Li]
                value = ", ".join(v.strip().strip("\"'") for v in value[1:-1].split(","))
            pairs[key.strip()] = value.strip("\"'")
    if not pairs:
        return {}, text
    mapping = map_columns(list(pairs), tuple(f for f in FIELDS if f != "text"))
    return {f: pairs[col] for f, col in mapping.items()}, text[match.end() :]


def heading_title(body: str) -> str | None:
    """A first line that looks like a headline: `# ...`, underlined, or short and unpunctuated."""
    lines = body.lstrip("\n").split("\n", 3)
    first = lines[0].strip() if lines else ""
    if not first:
        return None
    if first.startswith("#"):
        return first.lstrip("#").strip() or None
    following = lines[1].strip() if len(lines) > 1 else ""
    if _SETEXT.match(following) and len(lines) > 1:
        return first
    looks_like_headline = len(first) <= 150 and not first.endswith((".", ",", ";", ":"))
    if looks_like_headline and following == "" and len(lines) > 2:
        return first
    return None


# ---------------------------------------------------------------- CSV

_DELIMS = (",", ";", "\t", "|")


def read_table(name: str, text: str) -> Parsed:
    """CSV/TSV with a header; rows with the wrong number of cells are skipped by line.

    A quote mark that opens a cell and never closes makes the csv module read every later line
    into that cell (a row with too few cells over several lines): such a row is skipped alone
    and reading starts again on its next line.
    """
    delimiter = "\t" if name.lower().endswith((".tsv", ".tab")) else _sniff_delimiter(text)
    parsed = Parsed()
    header: list[str] | None = None
    index: dict[str, int] = {}
    # Physical lines as the csv module counts them (\n, \r\n, \r): a resync starts its reader
    # on a later line of the same list, without copying the rest of the text.
    lines = io.StringIO(text, newline="").readlines()
    offset = 0  # lines before the current reader's first
    while True:
        reader = csv.reader(map(lines.__getitem__, range(offset, len(lines))),
                            delimiter=delimiter)
        resume: int | None = None
        last_line = 0
        try:
            for cells in reader:
                start, last_line = last_line + 1, reader.line_num
                if not cells or all(not c.strip() for c in cells):
                    continue
                if header is None:
                    header = [c.strip().lstrip("\ufeff") for c in cells]
                    mapping = map_columns(header)
                    if "text" not in mapping:
                        return _sidecar_or_skip(header, reader, text, name)
                    index = {f: header.index(col) for f, col in mapping.items()}
                    continue
                if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
                    cells = cells[: len(header)]  # a trailing delimiter after the last cell
                if len(cells) != len(header):
                    reason = f"row has {len(cells)} cells, the header has {len(header)}"
                    if len(cells) < len(header) and last_line > start \
                            and lines[offset + start - 1].count('"') % 2:
                        reason += (f" (a quote mark on this line is never closed: lines "
                                   f"{offset + start}-{offset + last_line} were read as one "
                                   f"row; reading again from line {offset + start + 1})")
                        resume = offset + start
                    parsed.skipped.append(Skipped(name, reason, offset + start, "row"))
                    if resume is not None:
                        break
                    continue
                row: dict[str, Any] = {f: cells[i] for f, i in index.items()}
                row["_loc"], row["_line"] = f":{offset + start}", offset + start
                parsed.rows.append(row)
        except csv.Error as exc:
            # The csv module cannot resync after a broken quote: report where reading stopped.
            reason = f"unreadable CSV from here on ({exc})"
            parsed.skipped.append(Skipped(name, reason, offset + last_line + 1, "row"))
        if resume is None:
            break
        offset = resume
    if header is None:
        raise FileSkip("no header row")
    return parsed


def read_table_fast(name: str, data: bytes) -> Parsed | None:
    """A well-formed UTF-8 CSV through Arrow's C++ reader; None means "use read_table"."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        first = data[: data.find(b"\n")].decode("utf-8").rstrip("\r")
        if name.lower().endswith((".tsv", ".tab")):
            delimiter = "\t"
        else:
            delimiter = _sniff_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter))
        mapping = map_columns(header)
        if "text" not in mapping or len(set(header)) != len(header):
            return None  # sidecars, refusals and odd headers are the per-row reader's job
        table = pa_csv.read_csv(
            io.BytesIO(data),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={col: pa.string() for col in header}, strings_can_be_null=False
            ),
        )
        # Each row starts one line after the previous row's quoted line breaks end.
        breaks = [0] * table.num_rows
        for column in table.columns:
            counts = pc.count_substring(column, "\n").to_pylist()
            breaks = [b + (c or 0) for b, c in zip(breaks, counts, strict=True)]
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if table.num_rows + 1 + sum(breaks) != lines:
            return None  # blank lines were skipped: only the per-row reader knows the lines
        columns = {f: table.column(col).to_pylist() for f, col in mapping.items()}
    except Exception:  # noqa: BLE001 - a bad row or an odd quote: read row by row instead
        return None
    rows = []
    line = 2
    for i in range(table.num_rows):
        row: dict[str, Any] = {f: values[i] for f, values in columns.items()}
        row["_loc"], row["_line"] = f":{line}", line
        rows.append(row)
        line += 1 + breaks[i]
    return Parsed(rows=rows)


def _sniff_delimiter(text: str) -> str:
    # Header lines rarely hold quoted delimiters, so counting them there is robust and fast.
    first = next((line for line in text[:65536].split("\n") if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMS}
    best = max(_DELIMS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _sidecar_or_skip(header: list[str], reader: Any, text: str, name: str) -> Parsed:
    """A CSV without a text column: metadata for .txt/.md files (a `file` column of names),
    or articles after all when that column holds prose ("document" in XSum-style tables)."""
    found = map_columns(header, ("file",))
    if "file" not in found:
        raise FileSkip(no_text_reason("column", header))
    rows: list[list[str]] = []
    lines: list[int] = []
    bad: list[tuple[int, int]] = []
    last = reader.line_num
    for r in reader:
        start, last = last + 1, reader.line_num
        if r and len(r) == len(header):
            rows.append(r)
            lines.append(start)
        elif r and any(c.strip() for c in r):
            bad.append((start, len(r)))
    col = header.index(found["file"])
    if _prose([r[col] for r in rows]):
        index = {f: header.index(c) for f, c in map_columns(header).items() if f != "file"}
        parsed = Parsed()
        for r, line in zip(rows, lines, strict=True):
            row: dict[str, Any] = {f: r[i] for f, i in index.items()}
            row["text"], row["_loc"], row["_line"] = r[col], f":{line}", line
            parsed.rows.append(row)
        for line, n in bad:
            reason = f"row has {n} cells, the header has {len(header)}"
            parsed.skipped.append(Skipped(name, reason, line, "row"))
        return parsed
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return Parsed(sidecar=frame)


def _prose(values: list[str]) -> bool:
    """Cells that read as text, not file names: most run to 20 words or more and none ends in
    a file extension."""
    sample = [v.strip() for v in values[:200] if v and v.strip()]
    if not sample or any(PurePosixPath(v.lower()).suffix in TEXT_EXTS for v in sample):
        return False
    wordy = sum(1 for v in sample if len(v.split()) >= 20)
    return wordy * 2 > len(sample)


# ---------------------------------------------------------------- JSON, JSONL, Parquet


def read_jsonl(name: str, text: str) -> Parsed:
    """One JSON object per line; a broken line is skipped with its line number."""
    parsed = Parsed()
    keys: dict[str, None] = {}
    loads = json.loads
    for number, line in enumerate(_lines(text), start=1):
        if not line or line.isspace():
            continue
        try:
            obj = loads(line)
        except (ValueError, RecursionError) as exc:
            parsed.skipped.append(Skipped(name, _json_problem(exc, line=False), number, "row"))
            continue
        if not isinstance(obj, dict):
            reason = f"line is a JSON {type(obj).__name__}, not an object"
            parsed.skipped.append(Skipped(name, reason, number, "row"))
            continue
        obj["_loc"], obj["_line"] = f":{number}", number
        parsed.rows.append(obj)
        keys.update(dict.fromkeys(obj))
    return _canonical_objects(parsed, keys, "field")


def _lines(text: str) -> Iterator[str]:
    """`text.split("\\n")` one line at a time: a 500 MB file is not held twice."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def read_jsonl_fast(name: str, data: bytes) -> Parsed | None:
    """Well-formed UTF-8 JSON Lines through Arrow's C++ reader; None means "use read_jsonl"."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\n\n" in data:
        return None  # BOMs and blank lines would shift the line numbers
    try:
        table = pa_json.read_json(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a broken line or mixed types: read line by line instead
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if table.num_rows != lines:
        return None
    candidates = column_candidates(table.column_names)
    if "text" not in candidates:
        raise FileSkip(no_text_reason("field", table.column_names))
    try:
        columns = {f: _coalesce(table, cols) for f, cols in candidates.items()}
    except Exception:  # noqa: BLE001 - Arrow trips over some nested values; the slow path copes
        return None
    rows = []
    for i in range(table.num_rows):
        row: dict[str, Any] = {f: values[i] for f, values in columns.items()}
        row["_loc"], row["_line"] = f":{i + 1}", i + 1
        rows.append(row)
    return Parsed(rows=rows)


def _coalesce(table: pa.Table, cols: list[Any]) -> list[Any]:
    values: list[Any] = table.column(cols[0]).to_pylist()
    for col in cols[1:]:  # rare: "text" on some lines, "body" on others
        other = table.column(col).to_pylist()
        values = [v if v is not None and v != "" else o for v, o in zip(values, other, strict=True)]
    return values


def _json_problem(exc: Exception, *, line: bool) -> str:
    """'invalid JSON (Expecting ',' delimiter at column 17)': the line is reported separately."""
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
        return f"invalid JSON ({exc.msg} at {where})"
    if isinstance(exc, RecursionError):
        return "invalid JSON (nested too deeply)"
    return f"invalid JSON ({str(exc)[:80]})"


def read_json(name: str, text: str) -> Parsed:
    """A JSON array of objects, `{"articles": [...]}`, or one article object."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise FileSkip("JSON nested too deeply") from exc
    except ValueError as exc:
        if "Extra data" in str(exc):  # several values: it is really JSON Lines
            return read_jsonl(name, text)
        raise FileSkip(_json_problem(exc, line=True)) from exc
    if isinstance(data, dict):
        # {"status": "ok", "articles": [...]}: the list whose objects carry a text field.
        lists = [
            v
            for v in data.values()
            if isinstance(v, list)
            and v
            and isinstance(v[0], dict)
            and "text" in map_columns(list(v[0]))
        ]
        data = lists[0] if "text" not in map_columns(list(data)) and lists else [data]
    if not isinstance(data, list):
        raise FileSkip(f"JSON is a {type(data).__name__}, not a list of objects")
    if not data:
        raise FileSkip("JSON list is empty")
    if not any(isinstance(item, dict) for item in data):
        kind = type(data[0]).__name__
        raise FileSkip(f"JSON is not a list of objects (item 1 is a {kind})")
    parsed = Parsed()
    keys: dict[str, None] = {}
    for i, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            # one odd item costs that item only, as a bad JSONL line does
            reason = f"item {i} is a JSON {type(obj).__name__}, not an object"
            parsed.skipped.append(Skipped(f"{name}[{i}]", reason, None, "row"))
            continue
        obj["_loc"], obj["_line"] = (f"[{i}]" if len(data) > 1 else ""), None
        parsed.rows.append(obj)
        keys.update(dict.fromkeys(obj))
    return _canonical_objects(parsed, keys, "field")


def _canonical_objects(parsed: Parsed, keys: dict[str, None], kind: str) -> Parsed:
    columns = [k for k in keys if k not in ("_loc", "_line")]
    candidates = column_candidates(columns)
    if parsed.rows and "text" not in candidates:
        raise FileSkip(no_text_reason(kind, columns))
    out = []
    for obj in parsed.rows:
        row = {f: _first_filled(obj, cols) for f, cols in candidates.items()}
        row["_loc"], row["_line"] = obj["_loc"], obj["_line"]
        out.append(row)
    parsed.rows = out
    return parsed


def read_parquet(name: str, data: bytes) -> Parsed:
    """A Parquet table with the usual column names."""
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise FileSkip(f"not a readable Parquet file ({type(exc).__name__})") from exc
    columns = list(frame.columns)
    mapping = map_columns(columns)
    if "text" not in mapping:
        raise FileSkip(no_text_reason("column", columns))
    out = pd.DataFrame({f: frame[col].astype(object) for f, col in mapping.items()})
    out["_loc"] = [f"[{i}]" for i in range(1, len(out) + 1)]
    out["_line"] = None
    return Parsed(rows=out.to_dict("records"))
