"""The records of a corpus load: limits, what was skipped and why, and the load report.

Pure data; the reading itself lives in `lib.corpus` and its format modules.
"""

from __future__ import annotations

import ctypes
import gc
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

MB = 1024 * 1024


class CorpusError(ValueError):
    """Nothing at all could be attempted: a missing path, or an upload over the size limit."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards for input from strangers; zip sizes are checked from headers before inflating."""

    max_upload_bytes: int = 200 * MB  # per upload and for all uploads of one load together
    max_zip_members: int = 10_000
    max_zip_total_bytes: int = 1024 * MB  # declared uncompressed size of one archive
    max_zip_ratio: float = 200.0  # per member, only checked above `zip_ratio_floor_bytes`
    zip_ratio_floor_bytes: int = 1 * MB  # small members of repeated text compress well honestly
    max_article_bytes: int = 32 * MB  # one article's text; a 10 MB article must load


@dataclass(frozen=True, slots=True)
class Skipped:
    """One item not loaded. `scope` is "file" (a whole file or zip member) or "row"."""

    file: str
    reason: str
    line: int | None = None  # 1-based line for JSONL/CSV rows, None otherwise
    scope: str = "file"


@dataclass(frozen=True, slots=True)
class Note:
    """One value that could not be read in an item that still loaded, e.g. an unreadable date
    (the article loads undated). Shaped like `Skipped` so both read alike in a report, but kept
    apart from it: nothing was skipped, so `--strict` builds do not fail on a note."""

    file: str
    reason: str
    line: int | None = None  # 1-based line for JSONL/CSV rows, None otherwise


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did. The numbers always add up:

    - ``files_seen == files_read + (skipped items with scope "file")``
    - ``rows_seen == articles_loaded + duplicates_folded + (skipped items with scope "row")``
    - ``articles_loaded == len(articles)``, ``undated == articles.date.isna().sum()``,
      ``duplicates_folded == (articles.duplicates - 1).sum()``
    - ``len(unreadable_dates) <= undated``: each note is an undated article whose date value
      could not be read; the other undated articles had no date value at all

    A zip archive counts as a file and so does each of its members; a sidecar metadata
    CSV is a file read that holds no rows. Hidden files (``.DS_Store``, ``__MACOSX/``)
    are not counted at all.
    """

    files_seen: int
    articles_loaded: int
    duplicates_folded: int
    undated: int
    skipped: list[Skipped] = field(default_factory=list)
    files_read: int = 0
    rows_seen: int = 0
    unreadable_dates: list[Note] = field(default_factory=list)

    @property
    def files_skipped(self) -> int:
        return sum(1 for s in self.skipped if s.scope == "file")

    @property
    def rows_skipped(self) -> int:
        return sum(1 for s in self.skipped if s.scope == "row")

    def summary(self) -> str:
        """One human sentence, e.g. for the sidebar or the CLI."""
        files = _n(self.files_seen, "file")
        if self.files_skipped and self.files_read < self.files_seen:
            files = f"{self.files_read:,} of {files}"  # "from 2 of 4 files; skipped 2 files"
        parts = [f"Loaded {_n(self.articles_loaded, 'article')} from {files}"]
        if self.duplicates_folded:
            parts.append(f"{_n(self.duplicates_folded, 'duplicate')} folded")
        if self.undated:
            unreadable = len(self.unreadable_dates)
            parts.append(f"{self.undated} undated"
                         + (f" ({_n(unreadable, 'unreadable date')})" if unreadable else ""))
        if self.skipped:
            bits = []
            if self.files_skipped:
                bits.append(_n(self.files_skipped, "file"))
            if self.rows_skipped:
                bits.append(_n(self.rows_skipped, "row"))
            parts.append(f"skipped {' and '.join(bits)}")
        return "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["files_skipped"] = self.files_skipped
        out["rows_skipped"] = self.rows_skipped
        out["summary"] = self.summary()
        return out


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The articles frame (columns in `lib.corpus.ARTICLE_COLUMNS`) and its report."""

    articles: pd.DataFrame
    report: LoadReport


def human_size(n: int) -> str:
    """Bytes as people read them in a message: "512 bytes", "3.2 KB", "200.0 MB"."""
    if n < 1024:
        return f"{n:,} bytes"
    if n < MB:
        return f"{n / 1024:,.1f} KB"
    return f"{n / MB:,.1f} MB"


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def release_memory() -> None:
    """Hand freed heap back to the operating system (glibc only; elsewhere a no-op).

    Parsing a corpus makes Python objects several times its size; once they are garbage, glibc
    keeps their pages, while pandas' Arrow strings allocate from a pool of their own. At 100k
    articles that was ~1.4 GB held for nothing, and inherited by every forked worker.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
