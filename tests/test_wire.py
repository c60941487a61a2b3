"""Tests for lib.wire: syndicated copies group, same-topic stories do not, any text is safe."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.sample import WIRE, generate_articles
from lib.wire import group_near_duplicates, near_duplicate_pairs, signatures, wire_sizes

_WORDS = ("harbour council budget vote ferry bridge school teachers strike union wages river "
          "flood barrier mayor minister housing rent tenants energy prices winter grid storm "
          "coast erosion planning permit clinic nurses doctors train station bus route").split()


def _story(seed: int, n: int = 400) -> str:
    rng = np.random.default_rng(seed)
    sents = []
    for _ in range(n // 10):
        sents.append(" ".join(rng.choice(_WORDS, 10)).capitalize() + ".")
    paras = [" ".join(sents[i : i + 5]) for i in range(0, len(sents), 5)]
    return "\n\n".join(paras)


BASE = _story(1)
PARAS = BASE.split("\n\n")


@pytest.mark.parametrize("copy", [
    "VALEMOUTH (CWS) — " + BASE,                               # outlet dateline
    BASE + "\n\nRead more local news at the Harbour Post.",    # outlet boilerplate
    "\n\n".join(PARAS[:3] + PARAS[4:]),                         # a paragraph dropped
    BASE.replace(".", " today.", 1),                            # a sentence edited
    BASE.upper(),                                               # case and spacing do not matter
    "  ".join(BASE.split()),
])
def test_light_edits_group_with_the_original(copy: str) -> None:
    df = pd.DataFrame({"article_id": ["a", "b"], "text": [BASE, copy]})
    assert group_near_duplicates(df).tolist() == ["a", "a"]


def test_different_story_on_the_same_topic_stays_apart() -> None:
    df = pd.DataFrame({"article_id": ["a", "b", "c"], "text": [BASE, _story(2), _story(3)]})
    assert group_near_duplicates(df).tolist() == ["a", "b", "c"]


def test_group_id_is_the_earliest_copy_and_index_is_kept() -> None:
    df = pd.DataFrame({"id": ["late", "early", "other"],
                       "date": ["2024-05-02", "2024-05-01", "2024-05-01"],
                       "text": [BASE + " Extra line.", BASE, _story(9)]},
                      index=[10, 20, 30])
    groups = group_near_duplicates(df)
    assert groups.index.tolist() == [10, 20, 30]
    assert groups.tolist() == ["early", "early", "other"]
    assert wire_sizes(groups).tolist() == [2, 2, 1]


@pytest.mark.parametrize("texts", [[], [""], ["", ""], [None, "x"], ["one two", "one two"]])
def test_degenerate_inputs(texts: list[str | None]) -> None:
    df = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts},
                      dtype=object)
    groups = group_near_duplicates(df)
    assert len(groups) == len(texts)
    if texts == ["one two", "one two"]:  # identical short texts are copies
        assert groups.tolist() == ["a0", "a0"]
    elif texts:
        assert groups.nunique() == len(texts)  # empty texts never group


def test_threshold_is_checked() -> None:
    with pytest.raises(ValueError):
        near_duplicate_pairs(["a"], threshold=0)


def _truth(df: pd.DataFrame) -> set[tuple[int, int]]:
    """Copy pairs as lib.sample writes them: the wire story, then up to 3 copies with its
    headline (or "<headline>: what we know") dated the same day or the next; plus re-runs."""
    parent = list(range(len(df)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    dates = pd.to_datetime(df["date"])
    for i in np.flatnonzero(df["source"].to_numpy() == WIRE):
        title = df["title"].iat[i]
        ok = {title, title.split(" in ")[0] + ": what we know"}
        for j in range(i + 1, min(i + 4, len(df))):
            gap = (dates.iat[j] - dates.iat[i]).days if pd.notna(dates.iat[j]) else -1
            if df["source"].iat[j] == WIRE or df["title"].iat[j] not in ok or gap not in (0, 1):
                break
            parent[find(j)] = find(i)
    first: dict[str, int] = {}
    for i, t in enumerate(df["text"]):
        parent[find(i)] = find(first.setdefault(t, i))
    return _pairs([find(i) for i in range(len(df))])


def _pairs(labels: list[object]) -> set[tuple[int, int]]:
    by: dict[object, list[int]] = {}
    for i, g in enumerate(labels):
        by.setdefault(g, []).append(i)
    return {p for idx in by.values() for p in itertools.combinations(idx, 2)}


@pytest.mark.parametrize("seed", [1, 7])
def test_precision_and_recall_on_the_generated_corpus(seed: int) -> None:
    df = generate_articles(300, seed=seed)
    truth = _truth(df)
    found = _pairs(group_near_duplicates(df).tolist())
    assert len(truth) > 20  # the sample really has wire copies to find
    tp = len(truth & found)
    assert tp / len(found) >= 0.98
    assert tp / len(truth) >= 0.98


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=200) | st.none(), max_size=6))
def test_any_text_never_raises(texts: list[str | None]) -> None:
    df = pd.DataFrame({"text": pd.Series(texts, dtype=object)})
    groups = group_near_duplicates(df)
    assert len(groups) == len(texts)
    assert set(groups) <= {str(i) for i in df.index}


def test_signatures_computed_in_batches_group_like_the_whole() -> None:
    # The build computes MinHash rows per article batch, in workers: rows must not depend on
    # which batch a text was hashed in.
    texts = [BASE, _story(2), "VALEMOUTH (CWS) — " + BASE, _story(3), BASE.upper()]
    df = pd.DataFrame({"article_id": list("abcde"), "text": texts})
    batched = np.concatenate([signatures(texts[:2]), signatures(texts[2:3]), signatures(texts[3:])])
    assert (batched == signatures(texts)).all()
    assert group_near_duplicates(df, sig=batched).tolist() == ["a", "b", "a", "d", "a"]
    with pytest.raises(ValueError, match="signatures of shape"):
        near_duplicate_pairs(texts, sig=batched[:3])
