"""lib.quotes and the garbage collector: finding quotes makes no reference cycle (so pausing the
collector for an article loses nothing), and the collector is left as the caller had it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.quotes import clear_caches, extract_quotes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "corpus"


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLE.rglob("*.txt"))]
    for line in (SAMPLE / "sample" / "articles.jsonl").read_text("utf-8").splitlines()[:150]:
        texts.append(str(json.loads(line)["text"]))
    # pronouns, titles, interrupted and reported quotes, on a name the caches have not seen
    texts.append(
        'Prime Minister Olwen Tarrasque said on Monday that talks would resume. "We are close," '
        'she said. "But not there." Her deputy, Bram Oyelaran, told reporters the plan was sound.'
        ' According to Tarrasque, the deal "may be needed ," Tarrasque said.'
    )
    return texts


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_sample_corpus_has_quotes_to_find() -> None:
    assert sum(len(extract_quotes(t)) for t in _texts()) > 20


def test_finding_quotes_makes_no_reference_cycle(collector_on: None) -> None:
    # A first sight (caches cleared): the cycle this guards against was a compiled closure in
    # the article scan holding its own environment, one per article, freed only by a full pass
    # of the collector.
    texts = _texts()
    for t in texts:
        extract_quotes(t)
    clear_caches()
    gc.collect()
    gc.disable()
    try:
        found = [extract_quotes(t) for t in texts]
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert any(found)
    assert unreachable == 0


def test_the_collector_is_left_on_when_it_was_on(collector_on: None) -> None:
    extract_quotes('"We will go," she said.')
    assert gc.isenabled()
    extract_quotes("")  # no text: the early return
    assert gc.isenabled()


def test_the_collector_is_left_off_when_the_caller_turned_it_off(collector_on: None) -> None:
    gc.disable()
    try:
        assert extract_quotes('"We will go," Ana Lopes said.')
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_finding_quotes_imports_no_data_frame_library() -> None:
    # Corpus-wide speaker merging (pandas) lives apart from the quote path: a notebook or a
    # process that only finds quotes loads neither pandas nor numpy, nor keeps their objects for
    # the collector to walk.
    code = "import sys, lib.quotes; print(sorted({'pandas', 'numpy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
