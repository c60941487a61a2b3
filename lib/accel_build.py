"""`python -m lib.accel_build`: compile `lib.accel.MODULES` with mypyc (skipped when up to date).

Run by `make accel` (so by `make run` and `make test`). Without a C compiler `make run` keeps the
plain modules, with a message; `make test` passes `--strict` and stops there instead.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lib.accel import FORMAT, GROUP, MODULES, OUT, ROOT, load_state, source, wanted


def compile_modules(out: Path = OUT) -> str:
    """Compile `MODULES` into `out` (replaced whole, and only once the build has succeeded)."""
    from mypyc.build import mypycify  # build-time only: mypy comes from requirements-accel.txt
    from setuptools import Distribution

    (ROOT / "build").mkdir(exist_ok=True)
    before = wanted()  # hashed before compiling: a source edited meanwhile must not look current
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="accel-", dir=ROOT / "build") as tmp:
        work = Path(tmp)
        os.chdir(ROOT)  # mypyc names modules by their path from here ("lib/names.py" -> lib.names)
        try:
            paths = [str(source(m).relative_to(ROOT)) for m in MODULES]
            exts = mypycify(paths, opt_level="3", group_name=GROUP, target_dir=str(work / "c"))
            dist = Distribution({"name": "quotescope-accel", "ext_modules": exts})
            cmd = dist.get_command_obj("build_ext")
            cmd.build_lib = str(work / "lib")
            cmd.build_temp = str(work / "tmp")
            dist.run_command("build_ext")
        finally:
            os.chdir(cwd)
        built = work / "lib"
        files = {}
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        for so in built.rglob("*"):
            if so.is_file() and so.name.endswith(suffixes):
                rel = so.relative_to(built)
                files[".".join((*rel.parent.parts, so.name.split(".")[0]))] = str(rel)
        missing = [m for m in MODULES if m not in files]
        if missing:
            raise RuntimeError(f"mypyc built no file for {', '.join(missing)}")
        if wanted() != before:
            raise RuntimeError("a source changed while it was being compiled: run it again")
        meta = {"format": FORMAT, "python": sys.version, "sources": before, "files": files}
        (built / "manifest.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(out))
    return load_state(out)[0]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m lib.accel_build",
        description="Compile the quote finder's modules with mypyc (skipped when up to date).",
    )
    ap.add_argument("--check", action="store_true", help="only say whether they are up to date")
    ap.add_argument("--force", action="store_true", help="compile even when up to date")
    ap.add_argument("--strict", action="store_true", help="exit 1 unless they end up in use")
    args = ap.parse_args(argv)
    state = load_state()[0]
    if args.check or (state == "mypyc" and not args.force):
        print(f"lib.accel: {state}")
        return 0 if state == "mypyc" or not args.strict else 1
    try:
        state = compile_modules()
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - no compiler: plain modules still work
        print(f"lib.accel: compiling failed ({type(exc).__name__}: {exc}); "
              "the plain Python modules are used (same results; quote finding ~1.4x slower)",
              file=sys.stderr)
        return 1 if args.strict else 0
    print(f"lib.accel: {state}")
    return 0 if state == "mypyc" or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
