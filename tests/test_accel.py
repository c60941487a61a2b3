"""The mypyc-compiled quote modules: used only when they match the sources, and they give exactly
what the plain modules give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import SHARED_DATA

from lib import accel, names, speakers
from lib.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[1]
DEV = SHARED_DATA / "quotes" / "polnear-dev.jsonl"
SEED = SHARED_DATA.parent / "seed" / "000_e020959c31ef5263.txt"

# Runs in a child process: the quotes of every text read from stdin (a JSON list), as JSON.
_CHILD = """
import json, sys
from dataclasses import asdict
from lib import accel
from lib.quotes import extract_quotes
texts = json.load(sys.stdin)
print(json.dumps({"status": accel.status(),
                  "quotes": [[asdict(q) for q in extract_quotes(t)] for t in texts]}))
"""


def _texts() -> list[object]:
    texts: list[object] = [SEED.read_text(encoding="utf-8")]
    with DEV.open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for _, line in zip(range(80), fh, strict=False)]
    from lib.sample import generate_articles

    texts += list(generate_articles(40, seed=7)["text"])
    # odd input the finder must survive the same way in both builds
    texts += ["", '"', '“unclosed', "He said: “", "\u00a0” Smith said.", "'90s '' `` «»"]
    texts += [None, 3.5, ["not", "text"]]  # what a damaged table cell can hold
    return texts


def _child(texts: list[object], pure: bool) -> dict[str, object]:
    env = dict(os.environ)
    env.pop(accel.PURE_ENV, None)
    if pure:
        env[accel.PURE_ENV] = "1"
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], input=json.dumps(texts), capture_output=True,
        text=True, cwd=ROOT, env=env, check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_compiled_modules_are_in_use() -> None:
    """`make test` compiles them first (`make accel`); a failed or stale build shows here."""
    if os.environ.get(accel.PURE_ENV):
        assert accel.status().startswith("off")
        return
    assert accel.status() == "mypyc", accel.status()
    import lib.quotes

    assert Path(lib.quotes.__file__).suffix != ".py"


def test_compiled_and_plain_give_identical_quotes() -> None:
    texts = _texts()
    plain = _child(texts, pure=True)
    assert str(plain["status"]).startswith("off")
    here = [[asdict(q) for q in extract_quotes(t)] for t in texts]
    assert here == plain["quotes"]
    assert sum(map(len, here)) > 500  # the texts do hold quotes


def test_entry_points_take_anything_in_both_builds() -> None:
    """Compiled code checks declared argument types before the body's own guard runs, so the
    entry points that promise never to raise declare `object`: this fails if one goes back."""
    for odd in (None, float("nan"), b"said", 7):
        assert extract_quotes(odd) == []
        assert names.fold(odd) == ""
        assert names.parse_name(odd).last == ""
        assert speakers.resolve_in_article(odd, [(0, 1)]) == [speakers.UNKNOWN]


def test_a_change_in_a_plain_module_they_import_makes_them_stale() -> None:
    # mypyc compiles against the types of the lib modules it imports but does not compile
    assert "lib.wordlists" in accel.sources()
    assert set(accel.MODULES) <= set(accel.sources())
    # not imported by the quote path (corpus-wide merging needs pandas; the quote path does not)
    assert "lib.speaker_merge" not in accel.sources()
    assert "lib.build" not in accel.sources()


def test_a_changed_source_turns_the_compiled_copies_off(tmp_path: Path) -> None:
    out = tmp_path / "accel"
    out.mkdir()
    files = {}
    for m in accel.MODULES:
        f = out / (m.replace(".", "_") + ".so")
        f.write_bytes(b"")
        files[m] = f.name
    sources = accel.wanted()
    meta = {"format": accel.FORMAT, "python": sys.version, "sources": sources, "files": files}
    (out / "manifest.json").write_text(json.dumps(meta), encoding="utf-8")
    env_pure = os.environ.pop(accel.PURE_ENV, None)
    try:
        assert accel.load_state(out)[0] == "mypyc"
        stale = dict(meta, sources=dict(sources, **{"lib.wordlists": "0" * 64}))
        (out / "manifest.json").write_text(json.dumps(stale), encoding="utf-8")
        state, found = accel.load_state(out)
        assert found == {} and "lib/wordlists.py changed" in state
        other = dict(meta, python="2.7.18")
        (out / "manifest.json").write_text(json.dumps(other), encoding="utf-8")
        assert "another Python" in accel.load_state(out)[0]
        (out / "manifest.json").write_text("{not json", encoding="utf-8")
        assert "unreadable" in accel.load_state(out)[0]
        (out / "manifest.json").unlink()
        assert "not compiled" in accel.load_state(out)[0]
    finally:
        if env_pure is not None:
            os.environ[accel.PURE_ENV] = env_pure


def test_the_pure_switch_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(accel.PURE_ENV, "1")
    state, files = accel.load_state()
    assert files == {} and accel.PURE_ENV in state
    monkeypatch.setenv(accel.PURE_ENV, "0")  # "0" means not set
    assert accel.PURE_ENV not in accel.load_state(tmp_path)[0]
