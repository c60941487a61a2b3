"""Tests for lib.context: segments rebuild the text, HTML stays escaped, KWIC finds words."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.context import KWIC_COLUMNS, highlight_segments, kwic, segments_to_html

TEXT = 'Mayor Quill said "We are open again." Then she left.'


@pytest.mark.parametrize(("spans", "expected"), [
    ([], [(TEXT, None)]),
    ([(18, 35, "quote"), (0, 11, "speaker")],
     [("Mayor Quill", "speaker"), (' said "', None), ("We are open again", "quote"),
      ('." Then she left.', None)]),
    ([(-5, 5, "speaker"), (40, 999, "quote")],           # clipped to the text
     [("Mayor", "speaker"), (TEXT[5:40], None), (TEXT[40:], "quote")]),
    ([(10, 5, "quote"), (3, 3, "quote"), ("x", 2, "quote"), (1,)],  # malformed: ignored
     [(TEXT, None)]),
    ([(0, 20, "quote"), (6, 11, "speaker")],              # speaker inside a quote wins
     [("Mayor ", "quote"), ("Quill", "speaker"), (TEXT[11:20], "quote"), (TEXT[20:], None)]),
])
def test_highlight_segments(spans: list, expected: list) -> None:
    assert highlight_segments(TEXT, spans) == expected


def test_segments_to_html_escapes_hostile_text() -> None:
    text = 'X said "<script>alert(1)</script>" & <b>left</b>'
    html = segments_to_html(highlight_segments(text, [(8, 34, "quote"), (0, 1, "speaker")]))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.startswith('<mark class="s">X</mark>')
    assert '<mark class="q">&lt;script&gt;' in html
    assert "&amp;" in html


def test_segments_to_html_label_cannot_inject() -> None:
    html = segments_to_html([("a", '"><img src=x onerror=alert(1)>')])
    assert "<img" not in html
    assert html == '<mark class="imgsrcxonerroralert1">a</mark>'  # letters only: no attribute


TEXTS = pd.Series({
    "a1": "The Prime\n  Minister said prices would fall. The prime minister's office agreed.",
    "a2": "Primeministers meet. A prime, minister? No. PRIME MINISTER again.",
    "a3": None,
})


@pytest.mark.parametrize(("query", "ids", "matches"), [
    ("prime minister", ["a1", "a1", "a2"],
     ["Prime Minister", "prime minister's", "PRIME MINISTER"]),  # a possessive is the same word
    ("prices", ["a1"], ["prices"]),
    ("price", ["a1"], ["prices"]),     # and a plural
    ("pric", [], []),                  # whole words only
    ("pric*", ["a1"], ["prices"]),     # unless asked for any ending
    ("   ", [], []),
    ("(", [], []),                     # regex characters are literal
])
def test_kwic_matches(query: str, ids: list[str], matches: list[str]) -> None:
    out = kwic(TEXTS, query, width=12)
    assert list(out.columns) == KWIC_COLUMNS
    assert out["article_id"].tolist() == ids
    assert out["match"].tolist() == matches


def test_kwic_phrase_across_whitespace_and_case() -> None:
    out = kwic(TEXTS, "PRIME minister", width=12)
    assert out["match"].tolist()[:2] == ["Prime Minister", "prime minister's"]
    assert "PRIME MINISTER" in out["match"].tolist()
    assert "Primeministers" not in out["match"].tolist()
    first = out.iloc[0]
    assert first["left"] == "The " and first["right"].startswith(" said prices")
    assert all(len(x) <= 12 for x in out["left"]) and all(len(x) <= 12 for x in out["right"])


def test_kwic_stops_at_limit() -> None:
    many = pd.Series(["the cat sat on the mat " * 50] * 100)
    out = kwic(many, "the", limit=30)
    assert len(out) == 30
    assert kwic(many, "the", limit=0).empty


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300),
       st.lists(st.tuples(st.integers(-50, 400), st.integers(-50, 400),
                          st.sampled_from(["quote", "speaker", "other"])), max_size=6))
def test_any_text_and_spans_never_raise_and_rebuild_the_text(text: str, spans: list) -> None:
    segs = highlight_segments(text, spans)
    assert "".join(s for s, _ in segs) == text
    assert all(s for s, _ in segs)
    html = segments_to_html(segs)
    assert "<" not in html.replace("<mark", "").replace("</mark", "")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=5), st.text(max_size=20))
def test_any_query_never_raises(texts: list[str], query: str) -> None:
    out = kwic(pd.Series(texts, dtype=object), query, width=10, limit=5)
    assert len(out) <= 5
    assert list(out.columns) == KWIC_COLUMNS


@pytest.mark.parametrize("query", ["caf*", "Schr*", "the mayor", "Ελλ*", "rain", "U.S.", "*",
                                   "(rain", "'", "storm's"])
def test_the_on_disk_search_pattern_finds_what_the_in_memory_one_finds(query: str) -> None:
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    from lib.context import word_regex, word_regex_re2

    texts = ["café au lait", "Schröder said", "the\u00a0mayor spoke", "Ελλάδα", "a train",
             "rains fell", "in the U.S. today", "the storm's eye", "(rain", "it's"]
    py, re2 = word_regex(query), word_regex_re2(query)
    assert (py is None) == (re2 is None)
    if py is None or re2 is None:
        return
    want = [bool(re.search(py, t, re.IGNORECASE)) for t in texts]
    got = pc.match_substring_regex(pa.array(texts), re2, ignore_case=True).to_pylist()
    assert got == want
