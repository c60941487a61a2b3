"""Members of a .zip read in memory, with zip-bomb and path checks made before inflating.

Never writes anything to disk. It does not parse members: `lib.corpus` dispatches them by
kind like files in a folder.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lib.corpus_formats import FileSkip
from lib.corpus_records import Limits, human_size


@dataclass(frozen=True, slots=True)
class Member:
    """One zip member: either its bytes or the reason it was not read."""

    name: str
    data: bytes | None
    reason: str | None = None


def is_hidden(path: str) -> bool:
    """macOS resource forks and dotfiles are not articles and not worth reporting."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    return any(p.startswith(".") and p not in (".", "..") for p in parts) or "__MACOSX" in parts


def is_unsafe(path: str) -> bool:
    """Absolute paths, drive letters and `..` would point outside the archive."""
    norm = path.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return ".." in norm.split("/")


def read_members(data: bytes, limits: Limits) -> Iterator[Member]:
    """Yield the archive's file members in archive order; FileSkip if the archive is refused."""
    declared = _declared_entries(data)
    if declared is not None and declared > 2 * limits.max_zip_members:
        # Refuse before zipfile builds an object per entry: millions of tiny entries cost memory.
        raise FileSkip(
            f"zip declares {declared:,} entries, over the limit of "
            f"{limits.max_zip_members:,} members"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileSkip(f"not a readable zip archive ({str(exc)[:60]})") from exc
    infos = [i for i in infos if not is_hidden(i.filename)]
    if len(infos) > limits.max_zip_members:
        raise FileSkip(
            f"zip has {len(infos):,} members, over the limit of {limits.max_zip_members:,}"
        )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_zip_total_bytes:
        raise FileSkip(
            f"zip would unpack to {human_size(unpacked)}, over the limit of "
            f"{human_size(limits.max_zip_total_bytes)} (possible zip bomb)"
        )
    return _members(archive, infos, limits)


def _declared_entries(data: bytes) -> int | None:
    """The entry count in the end-of-central-directory record, None if absent or Zip64."""
    tail = data[-(65535 + 22) :]  # the record is 22 bytes plus a comment of up to 64 KB
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    return None if count == 0xFFFF else count


def _members(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> Iterator[Member]:
    budget = limits.max_zip_total_bytes
    for info in infos:
        name = info.filename
        if is_unsafe(name):
            yield Member(name, None, "unsafe path in zip (points outside the archive)")
            continue
        if info.flag_bits & 0x1:
            yield Member(name, None, "encrypted zip member")
            continue
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > limits.zip_ratio_floor_bytes and ratio > limits.max_zip_ratio:
            reason = (
                f"compression ratio {ratio:,.0f}:1 is over the limit of "
                f"{limits.max_zip_ratio:,.0f}:1 (possible zip bomb)"
            )
            yield Member(name, None, reason)
            continue
        try:
            # Headers can lie: never inflate more than declared, nor past the archive budget.
            cap = min(info.file_size, budget)
            with archive.open(info) as handle:
                content = handle.read(cap + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            zlib.error,
            RuntimeError,
        ) as exc:  # RuntimeError: "password required"
            yield Member(name, None, f"unreadable zip member ({str(exc)[:60]})")
            continue
        if len(content) > cap:
            reason = "zip member is larger than its header says (possible zip bomb)"
            yield Member(name, None, reason)
            continue
        budget -= len(content)
        yield Member(name, content)
