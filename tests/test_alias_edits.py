"""The session's alias edits (lib.alias_edits): the edited table, its fingerprint, and the
quotes merged again with it."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import sample_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import alias_edits as ae

BASE = pd.DataFrame({"variant": ["Ingrid Šimonite", "Bob"], "canonical": ["Ingrida Šimonytė",
                                                                          "Robert Smith"]})


@pytest.mark.parametrize(("state", "rows"), [
    (None, [("Ingrid Šimonite", "Ingrida Šimonytė"), ("Bob", "Robert Smith")]),
    ({"edited_rows": {1: {"canonical": " Bobby Smith "}}},
     [("Ingrid Šimonite", "Ingrida Šimonytė"), ("Bob", "Bobby Smith")]),
    ({"deleted_rows": [0]}, [("Bob", "Robert Smith")]),
    ({"added_rows": [{"variant": "Trump", "canonical": "Donald Trump"}, {"variant": "x"}]},
     [("Ingrid Šimonite", "Ingrida Šimonytė"), ("Bob", "Robert Smith"),
      ("Trump", "Donald Trump")]),  # a half-filled row is not an alias yet
    ({"edited_rows": {"0": {"variant": None}, 9: {"variant": "gone"}}},
     [("Bob", "Robert Smith")]),
])
def test_apply_editor_state(state: dict | None, rows: list[tuple[str, str]]) -> None:
    out = ae.apply_editor_state(BASE, state)
    assert list(zip(out["variant"], out["canonical"], strict=True)) == rows


def test_aliases_hash_ignores_row_order_but_not_content() -> None:
    flipped = BASE.iloc[::-1]
    assert ae.aliases_hash(BASE) == ae.aliases_hash(flipped)
    changed = BASE.assign(canonical=["Ingrida Šimonytė", "Bobby"])
    assert ae.aliases_hash(BASE) != ae.aliases_hash(changed)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["edited_rows", "added_rows", "deleted_rows", "other"]),
    st.one_of(st.none(), st.lists(st.one_of(st.integers(-3, 5), st.dictionaries(
        st.sampled_from(["variant", "canonical", "zzz"]),
        st.one_of(st.none(), st.text(max_size=8), st.floats()))), max_size=4),
        st.dictionaries(st.integers(-3, 5), st.dictionaries(
            st.sampled_from(["variant", "canonical"]), st.one_of(st.none(), st.text())))),
))
def test_any_editor_state_gives_a_clean_table(state: dict) -> None:
    try:
        out = ae.apply_editor_state(BASE, state)
    except (TypeError, AttributeError, ValueError):
        # only a malformed container (a list where a dict belongs) may be refused
        return
    assert list(out.columns) == ["variant", "canonical"]
    assert (out["variant"] != "").all() and (out["canonical"] != "").all()


def test_remerge_keeps_the_columns_and_rescoring_only_what_changed() -> None:
    _, raw, _, _ = sample_tables()
    # a build's ids: what the merge gives these quotes without aliases
    quotes, speakers = ae.remerge(raw, raw.iloc[0:0], pd.DataFrame(columns=["variant",
                                                                          "canonical"]))
    sentinel = speakers.assign(words=999, sentences=99, flesch_reading_ease=1.0,
                               low_text=False)
    aliases = pd.DataFrame({"variant": ["Olek Dunne"], "canonical": ["Mara Quill"]})
    merged, table = ae.remerge(quotes, sentinel, aliases)
    assert list(merged.columns) == list(quotes.columns)
    assert merged["speaker_local"].equals(quotes["speaker_local"])
    counts = merged["speaker"].value_counts()
    assert counts["Mara Quill"] == 9 and "Olek Dunne" not in counts
    assert counts["Unknown speaker"] == 1
    assert merged.loc[merged["speaker"] == "Unknown speaker", "speaker_kind"].tolist() == [
        "unknown"]
    by_name = table.set_index("speaker")
    # Ines Varga kept exactly her quotes (same id): the build's scores are reused
    assert by_name.loc["Ines Varga", "words"] == 999
    # Mara Quill gained quotes: scored again over her 9 quotes together
    joined = " ".join(merged.loc[merged["speaker"] == "Mara Quill", "text"])
    assert by_name.loc["Mara Quill", "words"] == len(joined.split())
    assert not math.isnan(by_name.loc["Mara Quill", "flesch_reading_ease"])
