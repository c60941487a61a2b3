"""Compiled copies of the quote finder's hot modules, made by mypyc at install time.

Quote finding and speaker reading are plain typed Python (see `MODULES`). `make accel` runs
`python -m lib.accel_build`, which compiles them with mypyc (as black and mypy ship themselves)
into `build/accel/<python>/`, beside a manifest of the sources' hashes. On `import lib` the
compiled copies are used only when every source still hashes to what was compiled, for this
Python; otherwise, or with `QUOTESCOPE_PURE=1`, the plain modules load: same results, with quote
finding about 2.4 times slower. Nothing here is downloaded: mypyc comes with mypy from
`requirements-accel.txt`, and a machine without a C compiler keeps the plain modules (`status()`
says why).

The records these modules make by the thousand an article (runs, readings, name parts, spans)
are dataclasses that write their `__init__` out (`init=False`): mypyc compiles the methods
written in the source, while the ones `dataclass` generates stay interpreted, and those
constructors were a tenth of a first sight's instructions. A compiled `__init__` cannot set a
frozen field, so they are not frozen; `unsafe_hash=True` keeps them hashable by value as before.
`lib.quotes.Quote`, the public result, stays frozen: its `__init__` sets each field past the
frozen `__setattr__`, interpreted with `object.__setattr__` as the generated one does, compiled by
a plain assignment, which mypyc makes a store into the record's own struct (assignments from
outside still raise; tests/test_quotes.py checks both).

This module is never compiled itself and imports nothing else of `lib`.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# The per-article quote path, in import order; they call each other natively once compiled, so
# they are compiled, and used, together or not at all.
MODULES = (
    "lib.names",
    "lib.speaker_text",
    "lib.speaker_reading",
    "lib.speaker_article",
    "lib.speakers",
    "lib.mentions",
    "lib.attribution",
    "lib.quote_marks",
    "lib.reported",
    "lib.quotes",
)
PURE_ENV = "QUOTESCOPE_PURE"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "accel" / sys.implementation.cache_tag
GROUP = "quotescope_accel"  # the compiled group's shared runtime module is "<group>__mypyc"
FORMAT = 1


def source(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


_LIB_IMPORT = re.compile(r"^\s*(?:from lib(?:\.(\w+))? import ([\w, ()\n]+?)$|import lib\.(\w+))",
                         re.MULTILINE)


def _read_sources() -> dict[str, bytes]:
    """`MODULES` and every `lib` module they import, directly or not, with their bytes (each
    file read once: this runs on every `import lib`)."""
    read: dict[str, bytes] = {}
    todo = list(MODULES)
    while todo:
        module = todo.pop()
        if module in read or not source(module).is_file():
            continue
        data = read[module] = source(module).read_bytes()
        for sub, names, plain in _LIB_IMPORT.findall(data.decode("utf-8")):
            if plain or sub:
                todo.append(f"lib.{plain or sub}")
            else:  # "from lib import names, wordlists"
                todo.extend(f"lib.{n}" for n in re.findall(r"\w+", names))
    return read


def sources() -> tuple[str, ...]:
    """The modules whose change makes the compiled copies stale: `MODULES` and the plain `lib`
    modules they import, as mypyc compiles against their types too (a plain module's changed
    return type breaks compiled callers)."""
    return tuple(sorted(_read_sources()))


def wanted() -> dict[str, str]:
    """sha256 of each of `sources()`."""
    return {m: hashlib.sha256(data).hexdigest() for m, data in sorted(_read_sources().items())}


def load_state(out: Path = OUT) -> tuple[str, dict[str, Path]]:
    """("mypyc", module -> compiled file) if the compiled copies are usable, else (why not, {})."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return f"off ({PURE_ENV} is set)", {}
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return "off (not compiled: run `make accel`)", {}
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        files = {name: out / rel for name, rel in meta["files"].items()}
        hashes: dict[str, str] = meta["sources"]
        if meta.get("format") != FORMAT or meta.get("python") != sys.version:
            return "off (compiled for another Python: run `make accel`)", {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"off ({manifest} is unreadable: run `make accel`)", {}
    try:
        now = wanted()
    except OSError as exc:
        return f"off (a source cannot be read: {exc})", {}
    for module in now:
        if hashes.get(module) != now[module]:
            rel = source(module).relative_to(ROOT)
            return f"off ({rel} changed since it was compiled: run `make accel`)", {}
    if set(hashes) != set(now) or not all(f.is_file() for f in files.values()):
        return "off (the compiled set is incomplete: run `make accel`)", {}
    return "mypyc", files


class _Finder:
    """A `sys.meta_path` finder for the compiled file of each module in the set (and the
    group's runtime module); a plain class, as importing `importlib.abc` costs ~0.1 s."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        return importlib.util.spec_from_file_location(fullname, file)


_STATUS = "off (not installed)"


def install() -> str:
    """Use the compiled copies from now on if they match the sources; returns `status()`."""
    global _STATUS
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return _STATUS
    state, files = load_state()
    loaded = [m for m in MODULES if m in sys.modules]
    if files and loaded:
        state, files = f"off ({', '.join(loaded)} imported before lib.accel)", {}
    if files:
        sys.meta_path.insert(0, _Finder(files))
    _STATUS = state
    return state


def status() -> str:
    """"mypyc" when the quote modules run compiled, else "off (the reason)"."""
    return _STATUS
