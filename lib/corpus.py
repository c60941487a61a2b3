"""Read any corpus input (folders, .txt/.md, CSV, JSONL, JSON, Parquet, .zip) into one frame.

Everything that cannot be read is skipped and reported with its file, reason and line; the rest
still loads. It does not analyse text: quotes, speakers and scores are `lib.build`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from lib.corpus_assemble import ARTICLE_COLUMNS, apply_sidecars, assemble
from lib.corpus_decode import decode
from lib.corpus_formats import (
    JSONL_EXTS,
    SUPPORTED,
    TABLE_EXTS,
    TEXT_EXTS,
    FileSkip,
    Parsed,
    no_text_reason,
    read_json,
    read_jsonl,
    read_jsonl_fast,
    read_parquet,
    read_table,
    read_table_fast,
    read_text_article,
)
from lib.corpus_records import (
    CorpusError,
    Limits,
    LoadReport,
    LoadResult,
    Note,
    Skipped,
    human_size,
    release_memory,
)
from lib.corpus_zip import is_hidden, read_members

__all__ = [
    "ARTICLE_COLUMNS",
    "CorpusError",
    "Limits",
    "LoadReport",
    "LoadResult",
    "Note",
    "Skipped",
    "load_corpus",
    "load_uploads",
    "uploads_with_articles",
]

DEFAULT_LIMITS = Limits()
_ITEM = re.compile(r"\[\d+\]$")  # "data.json[3]" is item 3 of data.json
_ROW = re.compile(r"(?::\d+|\[\d+\])$")  # "a.csv:12", "d.json[3]": a row of that file


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


def uploads_with_articles(result: LoadResult, names: Sequence[str]) -> list[str]:
    """The uploads among `names` (as given to `load_uploads`) that gave at least one article,
    in the order given and as the report names them: what a corpus made of them is called by.
    The others are in the report's skipped items."""
    found: set[str] = set()
    for where in result.articles["file"].dropna().unique().tolist():
        # An upload name holds no "/", so what comes before one is the zip it came from.
        top = str(where).split("/", 1)[0]
        found.add(top if top != where else _ROW.sub("", top))
    out: list[str] = []
    for name in names:
        shown = _upload_name(name)
        if shown in found and shown not in out:
            out.append(shown)
    return out


class _Loader:
    """Collects rows and skips file by file, then builds the frame once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.files_seen = 0
        self.files_read = 0
        self.skipped: list[Skipped] = []
        self.rows: list[dict[str, Any]] = []
        self.sidecars: list[tuple[str, pd.DataFrame]] = []
        self.sidecar_files: list[str] = []
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
            self.sidecar_files.append(name)
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
        if not data or data.isspace():
            raise FileSkip("empty file")
        if ext == ".zip":
            if in_zip:
                raise FileSkip("zip inside a zip is not read")
            for member in read_members(data, self.limits):
                member_name = f"{name}/{member.name}"
                if member.data is None:
                    self.files_seen += 1
                    self.order.setdefault(member_name, len(self.order))
                    self.skipped.append(Skipped(member_name, member.reason or "not read"))
                else:
                    self.add(member_name, member.data, in_zip=True)
            return None
        if ext in (".parquet", ".pq"):
            return read_parquet(name, data)
        if b"\x00" not in data[:4096]:  # NULs mean UTF-16 or binary: decode() decides
            fast = (
                read_jsonl_fast(name, data)
                if ext in JSONL_EXTS
                else read_table_fast(name, data)
                if ext in TABLE_EXTS
                else None
            )
            if fast is not None:
                return fast
        text = decode(data)
        if not text or text.isspace():
            raise FileSkip("empty file")
        if ext in TEXT_EXTS:
            return read_text_article(name, text)
        if ext in TABLE_EXTS:
            return read_table(name, text)
        if ext in JSONL_EXTS:
            return read_jsonl(name, text)
        return read_json(name, text)

    def finish(self) -> LoadResult:
        for k in apply_sidecars(self.rows, self.sidecars):
            # A table without a text column is read as metadata for .txt/.md files beside it;
            # one that describes none of them added nothing, and says so.
            frame = self.sidecars[k][1]
            self.files_read -= 1
            self.skipped.append(Skipped(
                self.sidecar_files[k],
                no_text_reason("column", list(frame.columns))
                + "; read as metadata for .txt/.md files, it names none found beside it"))
        articles, row_skips, rows_seen, date_notes = assemble(self.rows, self.limits)
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
            # Apart from `skipped`: the articles loaded (undated), so strict builds pass.
            unreadable_dates=date_notes,
        )
        self.rows.clear()
        release_memory()
        return LoadResult(articles=articles, report=report)


def _parent(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _upload_name(name: str) -> str:
    base = str(name).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()
    return base or "upload"
