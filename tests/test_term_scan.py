"""The vectorised scan finds the same candidates as the per-text walk, counted per text."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import term_scan as ts
from lib.phrases import candidates, load_stopwords

EN = load_stopwords("en")


def scan(texts: list[str], langs: list[str | None] | None = None,
         max_words: int = 3) -> tuple[ts.Vocab, ts.Tokens, ts.Pairs]:
    vocab = ts.Vocab()
    tokens = ts.tokenize(vocab, [ts.clean(t) for t in texts])
    masks = ts.guess_masks(vocab, tokens, langs or ["en"] * len(texts))
    return vocab, tokens, ts.pairs(ts.grams(vocab, tokens, masks, max_words))


def keys_per_doc(texts: list[str], max_words: int = 3) -> list[dict[str, tuple[int, int]]]:
    """Per text: key -> (tf, first word position)."""
    vocab, tokens, p = scan(texts, max_words=max_words)
    out: list[dict[str, tuple[int, int]]] = [{} for _ in texts]
    for d, t, n, tf, first in zip(p.doc, p.tok, p.n, p.tf, p.first, strict=True):
        out[int(d)][ts.key_of(vocab, tokens.codes, int(t), int(n))] = (int(tf), int(first))
    return out


@pytest.mark.parametrize(
    ("text", "key", "tf", "first"),
    [("Tax cuts. The tax cut passed; tax cuts again", "tax cut", 3, 0),
     ("Old news\nMaple syrup prices rose, syrup prices", "syrup price", 2, 3),
     ("The anti-inflammatory drug", "anti inflammatory drug", 1, 1)],
)
def test_counts_and_first_position(text: str, key: str, tf: int, first: int) -> None:
    assert keys_per_doc([text])[0][key] == (tf, first)


def test_line_breaks_and_text_boundaries_end_phrases() -> None:
    got = keys_per_doc(["Movie review\nHaunted house", "house prices", "x\x00y \x01 tale"])
    assert "review haunted" not in got[0] and "movie review" in got[0]
    # Texts scanned together never share a phrase, even with separator characters inside them.
    assert "haunted house price" not in got[0] and "house price" in got[1]
    assert set(got[2]) == {"tale"}


def test_sentence_starts_are_not_names() -> None:
    vocab, tokens, p = scan(["Prices rose. Prices fell in Quebec. prices"], max_words=1)
    caps = {ts.key_of(vocab, tokens.codes, int(t), 1): (int(c), int(low))
            for t, c, low in zip(p.tok, p.cap, p.lower, strict=True)}
    assert caps["prices"] == (0, 0) and caps["quebec"] == (1, 0) and caps["price"] == (0, 1)


def test_a_name_after_a_title_or_an_initial_is_a_name() -> None:
    # NYT style writes "Mr. Putin" throughout: that full stop ends no sentence.
    text = "Mr. Putin met Vladimir V. Putin. Putin left. Sen. Ann Holt. U.S. Officials"
    vocab, tokens, p = scan([text], max_words=1)
    caps = {ts.key_of(vocab, tokens.codes, int(t), 1): int(c)
            for t, c in zip(p.tok, p.cap, strict=True)}
    assert caps["putin"] == 2 and caps["ann"] == 1 and caps["officials"] == 1
    walk: dict[str, int] = {}
    for key, _surface, _position, _n, capital in candidates(text, EN, 1):
        walk[key] = walk.get(key, 0) + int(capital)
    assert walk == caps


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Mr.", "Mr", "V.", "Putin", "putin", "rose.", "Rose", "said",
                                 "\n", "the", "A.", "U.S.", "Sen.", "far-right", "Far-Right"]),
                max_size=14))
def test_capitals_counted_as_the_per_text_walk_counts_them(words: list[str]) -> None:
    text = " ".join(words)
    vocab, tokens, p = scan([text])
    got = {ts.key_of(vocab, tokens.codes, int(t), int(n)): int(c)
           for t, n, c in zip(p.tok, p.n, p.cap, strict=True)}
    walk: dict[str, int] = {}
    for key, _surface, _position, _n, capital in candidates(text, EN):
        walk[key] = walk.get(key, 0) + int(capital)
    assert got == walk


def test_language_guess_applies_its_stopwords() -> None:
    texts = ["Die Regierung und die Opposition streiten über die Rente und die Steuer.",
             "The car industry sold a car."]
    vocab, tokens, p = scan(texts, langs=[None, None], max_words=1)
    keys = [{ts.key_of(vocab, tokens.codes, int(t), 1) for t, d in zip(p.tok, p.doc,
                                                                        strict=True) if d == i}
            for i in range(2)]
    assert "und" not in keys[0] and "regierung" in keys[0]
    assert "car" in keys[1]          # a French stopword, an English noun


def test_empty_batch_and_empty_texts() -> None:
    assert keys_per_doc(["", "   ", "\n"]) == [{}, {}, {}]
    _vocab, _tokens, p = scan(["only the and of"])
    assert len(p.h) == 0 and p.tf.dtype == np.int64


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab Cd's-,.\n9é’\x00\x01\x02")),
                        max_size=60),
                min_size=1, max_size=4),
       st.integers(1, 3))
def test_same_candidates_as_the_per_text_walk(texts: list[str], max_words: int) -> None:
    got = keys_per_doc(texts, max_words)
    for text, keys in zip(texts, got, strict=True):
        walk: dict[str, tuple[int, int]] = {}
        for key, _surface, position, _n, _cap in candidates(text, EN, max_words):
            tf, first = walk.get(key, (0, position))
            walk[key] = (tf + 1, min(first, position))
        assert keys == walk


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=3))
def test_any_text_never_raises_and_rows_point_inside(texts: list[str]) -> None:
    vocab, tokens, p = scan(texts, langs=[None] * len(texts))
    assert ((p.doc >= 0) & (p.doc < len(texts))).all()
    assert ((p.tok >= 0) & (p.tok + p.n <= len(tokens.codes))).all()
    assert (p.tf >= 1).all() and (p.cap <= p.tf).all() and (p.first >= 0).all()


def test_phrases_keep_their_hyphens_and_compound_edges_as_the_walk_does() -> None:
    text = "New short-term holiday lets. Far-right voters"
    vocab, tokens, p = scan([text])
    written = {ts.key_of(vocab, tokens.codes, int(t), int(n)):
               ts.surface_of(vocab, tokens.codes, int(t), int(n))
               for t, n in zip(p.tok, p.n, strict=True)}
    walk = {key: surface for key, surface, *_ in candidates(text, EN)}
    assert written == walk
    assert written["short term holiday"] == "short-term holiday"
    assert written["far right voter"] == "Far-right voters"
    assert "term holiday let" not in written and "new short" not in written
    assert {"short", "term", "right"} <= set(written)  # the parts, alone
