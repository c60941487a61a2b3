"""Read any corpus input (folders, .txt/.md, CSV, JSONL, JSON, Parquet, .zip) into one frame.

Everything that cannot be read is skipped and reported with its file, reason and line; the rest
still loads. It does not analyse text: quotes, speakers and scores are `lib.build`'s job.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from lib.corpus_dates import date_from_name, parse_dates
from lib.corpus_formats import (
    FIELDS,
    JSONL_EXTS,
    SUPPORTED,
    TABLE_EXTS,
    TEXT_EXTS,
    FileSkip,
    Parsed,
    decode,
    map_columns,
    read_json,
    read_jsonl,
    read_parquet,
    read_table,
    read_text_article,
)
from lib.corpus_records import CorpusError, Limits, LoadReport, LoadResult, Skipped, human_size
from lib.corpus_zip import is_hidden, read_members

__all__ = [
    "ARTICLE_COLUMNS",
    "CorpusError",
    "Limits",
    "LoadReport",
    "LoadResult",
    "Skipped",
    "load_corpus",
    "load_uploads",
]

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
DEFAULT_LIMITS = Limits()
_META = ("title", "source", "author", "url")
_SPACES = re.compile(r"\s+")
_ITEM = re.compile(r"\[\d+\]$")  # "data.json[3]" is item 3 of data.json


def load_corpus(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Load a file or a folder (recursively, any mix of formats) in a stable order.

    Raises CorpusError only when the path does not exist; every other problem is a
    `Skipped` entry in the report. Local files have no size limit (the CLI is trusted);
    zip archives are still checked against `limits`.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"{path}: no such file or folder")
    loader = _Loader(limits)
    if root.is_file():
        loader.add_path(root.name, root)
    else:
        files = [p for p in root.rglob("*") if p.is_file() or not p.exists()]
        named = sorted((p.relative_to(root).as_posix(), p) for p in files)
        for name, file in named:
            if not is_hidden(name):
                loader.add_path(name, file)
    return loader.finish()


def load_uploads(
    files: Sequence[tuple[str, bytes]], *, limits: Limits = DEFAULT_LIMITS
) -> LoadResult:
    """Load files held in memory (the UI's uploader), in the order given.

    Raises CorpusError, naming the file and the limit, when one upload or all of them
    together exceed `limits.max_upload_bytes`; nothing is read in that case.
    """
    total = 0
    for name, data in files:
        total += len(data)
        if len(data) > limits.max_upload_bytes:
            raise CorpusError(
                f"{_upload_name(name)} is {human_size(len(data))}, over the upload limit of "
                f"{human_size(limits.max_upload_bytes)}"
            )
    if total > limits.max_upload_bytes:
        raise CorpusError(
            f"the {len(files)} uploads total {human_size(total)}, over the upload limit of "
            f"{human_size(limits.max_upload_bytes)}"
        )
    loader = _Loader(limits)
    for name, data in files:
        loader.add(_upload_name(name), bytes(data))
    return loader.finish()


class _Loader:
    """Collects rows and skips file by file, then builds the frame once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.files_seen = 0
        self.files_read = 0
        self.skipped: list[Skipped] = []
        self.rows: list[dict[str, Any]] = []
        self.sidecars: list[tuple[str, pd.DataFrame]] = []
        self.order: dict[str, int] = {}

    def add_path(self, name: str, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.files_seen += 1
            self.skipped.append(Skipped(name, f"unreadable file ({exc.strerror or exc})"))
            return
        self.add(name, data)

    def add(self, name: str, data: bytes, *, in_zip: bool = False) -> None:
        self.files_seen += 1
        self.order.setdefault(name, len(self.order))
        try:
            parsed = self._parse(name, data, in_zip)
        except FileSkip as exc:
            self.skipped.append(Skipped(name, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - odd input must never take the load down
            self.skipped.append(Skipped(name, f"could not be read ({type(exc).__name__})"))
            return
        self.files_read += 1
        if parsed is None:
            return
        if parsed.sidecar is not None:
            self.sidecars.append((_parent(name), parsed.sidecar))
        for row in parsed.rows:
            row["_file"] = name
        self.rows.extend(parsed.rows)
        self.skipped.extend(parsed.skipped)
        if not parsed.rows and not parsed.skipped and parsed.sidecar is None:
            self.files_read -= 1
            self.skipped.append(Skipped(name, "no articles in file"))

    def _parse(self, name: str, data: bytes, in_zip: bool) -> Parsed | None:
        ext = PurePosixPath(name.lower()).suffix
        if ext not in SUPPORTED:
            raise FileSkip(f"unsupported file type '{ext}'" if ext else "unsupported file type")
        if not data.strip():
            raise FileSkip("empty file")
        if ext == ".zip":
            if in_zip:
                raise FileSkip("zip inside a zip is not read")
            for member in read_members(data, self.limits):
                member_name = f"{name}/{member.name}"
                if member.data is None:
                    self.files_seen += 1
                    self.skipped.append(Skipped(member_name, member.reason or "not read"))
                else:
                    self.add(member_name, member.data, in_zip=True)
            return None
        if ext in (".parquet", ".pq"):
            return read_parquet(name, data)
        text = decode(data)
        if not text.strip():
            raise FileSkip("empty file")
        if ext in TEXT_EXTS:
            return read_text_article(name, text)
        if ext in TABLE_EXTS:
            return read_table(name, text)
        if ext in JSONL_EXTS:
            return read_jsonl(name, text)
        return read_json(name, text)

    def finish(self) -> LoadResult:
        _apply_sidecars(self.rows, self.sidecars)
        articles, row_skips, rows_seen = _assemble(self.rows, self.limits)
        # Report in reading order: file by file, rows by line.
        order = self.order
        skipped = sorted(
            self.skipped + row_skips,
            key=lambda s: (order.get(_ITEM.sub("", s.file), len(order)), s.line or 0),
        )
        report = LoadReport(
            files_seen=self.files_seen,
            articles_loaded=len(articles),
            duplicates_folded=int((articles["duplicates"] - 1).sum()),
            undated=int(articles["date"].isna().sum()),
            skipped=skipped,
            files_read=self.files_read,
            # Rows the readers already refused (bad JSON, wrong cell count) were seen too.
            rows_seen=rows_seen + sum(1 for s in self.skipped if s.scope == "row"),
        )
        return LoadResult(articles=articles, report=report)


def _assemble(
    rows: list[dict[str, Any]], limits: Limits
) -> tuple[pd.DataFrame, list[Skipped], int]:
    frame = pd.DataFrame(rows, columns=[*FIELDS, "_file", "_loc", "_line"], dtype=object)
    frame.index = pd.RangeIndex(len(frame))
    texts = frame["text"].map(_as_text)
    too_big = texts.map(len) > limits.max_article_bytes // 4  # cheap pre-filter, exact below
    sizes = texts[too_big].map(lambda t: len(t.encode("utf-8", "surrogatepass")))
    reasons = pd.Series(None, index=frame.index, dtype=object)
    reasons[texts == ""] = "no text"
    over = sizes[sizes > limits.max_article_bytes]
    for i, size in over.items():
        limit = human_size(limits.max_article_bytes)
        reasons[i] = f"article is {human_size(size)}, over the limit of {limit}"
    bad = reasons.notna()
    row_skips = [
        Skipped(f + (loc if line is None else ""), reason, line, "row")
        for f, loc, line, reason in zip(
            frame.loc[bad, "_file"],
            frame.loc[bad, "_loc"],
            frame.loc[bad, "_line"],
            reasons[bad],
            strict=True,
        )
    ]
    kept = frame[~bad].copy()
    kept["text"] = texts[~bad]
    for col in _META:
        kept[col] = kept[col].map(_as_meta)
    kept["id"] = kept["id"].map(_as_id)
    kept["date"] = parse_dates(kept["date"])
    kept["_digest"] = kept["text"].map(_digest)
    kept["file"] = kept["_file"] + kept["_loc"]
    return _fold(kept), row_skips, len(frame)


def _fold(kept: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct text, in first-seen order; later copies fill missing metadata."""
    cols = ["id", "title", "text", "date", "source", "author", "url", "file"]
    if kept.empty:
        out = pd.DataFrame({c: pd.Series(dtype="str") for c in ARTICLE_COLUMNS})
        out["date"] = pd.Series(dtype="datetime64[ns]")
        out["duplicates"] = pd.Series(dtype="int64")
        return out
    counts = kept.groupby("_digest", sort=False).size()
    if int(counts.max()) > 1:
        folded = kept.groupby("_digest", sort=False)[cols].first()
    else:
        folded = kept.set_index("_digest")[cols]
    folded["duplicates"] = counts.reindex(folded.index).astype("int64")
    ids = folded["id"].where(folded["id"].notna(), folded.index.str[:16])
    folded["article_id"] = _unique_ids(ids.tolist())
    out = folded.reset_index(drop=True)[ARTICLE_COLUMNS]
    for col in ("article_id", "title", "text", "source", "author", "url", "file"):
        out[col] = out[col].astype("str")
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


def _unique_ids(ids: list[str]) -> list[str]:
    # An input id reused for different texts would merge articles downstream: number the repeats.
    seen: dict[str, int] = {}
    out = []
    for value in ids:
        n = seen.get(value, 0) + 1
        seen[value] = n
        out.append(value if n == 1 else f"{value}-{n}")
    return out


def _apply_sidecars(rows: list[dict[str, Any]], sidecars: list[tuple[str, pd.DataFrame]]) -> None:
    """Metadata from a CSV keyed by file name overrides front matter and file-name guesses."""
    tables: list[tuple[str, dict[str, dict[str, Any]]]] = []
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
    for row in rows:
        name: str = row["_file"]
        if PurePosixPath(name.lower()).suffix not in TEXT_EXTS:
            continue
        for folder, table in tables:
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
        if _as_meta(row.get("date")) is None:
            row["date"] = date_from_name(name)


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if v is not None)
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _as_meta(value: Any) -> str | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    elif isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def _as_id(value: Any) -> str | None:
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))  # 12.0 from a CSV/Parquet number column means id "12"
    return _as_meta(value)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _parent(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _upload_name(name: str) -> str:
    base = str(name).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()
    return base or "upload"
