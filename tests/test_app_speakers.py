from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from lib.speaker_merge import load_aliases

REPO = Path(__file__).resolve().parents[1]
EDITOR = "alias_editor"


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


def counts(at: AppTest) -> dict[str, int]:
    table = at.dataframe[0].value
    return dict(zip(table["speaker"], table["n_quotes"], strict=True))


def edit(at: AppTest, added: list[dict[str, str]], edited: dict | None = None) -> AppTest:
    at.session_state[EDITOR] = {"edited_rows": edited or {}, "added_rows": added,
                                "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_speakers_table_shows_every_speaker_and_the_unknown_bucket() -> None:
    at = open_page("pages/speakers.py")
    assert at.title[0].value == "Speakers"
    assert counts(at) == {"Mara Quill": 6, "Ines Varga": 4, "Tomas Brenn": 4,
                          "Olek Dunne": 3, "Unknown speaker": 1}
    assert at.dataframe[0].value.set_index("speaker").loc["Unknown speaker", "kind"] == "unknown"
    # the metric counts named speakers only, and says so (the table adds the unknown bucket)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["People and organisations"] == "4"
    # the editor opens on the project's aliases file
    shown = at.data_editor[0].value
    from_file = load_aliases(REPO / "data" / "aliases.csv")
    assert shown["variant"].tolist() == from_file["variant"].tolist()
    assert at.button(key="sp_aliases_reset").disabled


def test_the_filter_changes_the_counts() -> None:
    at = open_page("pages/speakers.py", {"source": ["Harbour Post"]})
    assert counts(at)["Mara Quill"] == 4 and "Ines Varga" not in counts(at)


def test_editing_the_aliases_merges_speakers_on_every_page() -> None:
    at = open_page("pages/speakers.py")
    edit(at, [{"variant": "Olek Dunne", "canonical": "Mara Quill"}])
    assert counts(at) == {"Mara Quill": 9, "Ines Varga": 4, "Tomas Brenn": 4,
                          "Unknown speaker": 1}
    variants = at.dataframe[0].value.set_index("speaker").loc["Mara Quill", "variants"]
    assert "Olek Dunne (3)" in variants
    # the download offers the session's table: the file's rows plus the edit
    table = at.session_state["_alias_edited"]
    assert ("Olek Dunne", "Mara Quill") in list(zip(table["variant"], table["canonical"],
                                                    strict=True))
    assert len(table) == len(load_aliases(REPO / "data" / "aliases.csv")) + 1
    assert not at.button(key="sp_aliases_reset").disabled
    at.switch_page("pages/quotes.py").run()
    assert not at.exception
    quotes = at.dataframe[0].value
    assert (quotes["speaker"] == "Mara Quill").sum() == 9
    assert "Olek Dunne" not in set(quotes["speaker"])
    assert "Olek Dunne" not in at.multiselect(key="speaker").options
    # back on the Speakers page the editor reopens with the edit, and the merge holds
    at.switch_page("pages/speakers.py").run()
    assert counts(at)["Mara Quill"] == 9
    assert "Olek Dunne" in at.data_editor[0].value["variant"].tolist()
    # another visitor never sees this session's aliases
    assert counts(open_page("pages/speakers.py"))["Olek Dunne"] == 3
    at.button(key="sp_aliases_reset").click().run()
    assert counts(at)["Olek Dunne"] == 3


def test_renaming_a_speaker_through_an_alias() -> None:
    at = open_page("pages/speakers.py")
    edit(at, [{"variant": "Ines Varga", "canonical": "Inès Várga-Kovac"}])
    got = counts(at)
    assert got["Inès Várga-Kovac"] == 4 and "Ines Varga" not in got
    # a half-typed row is not an alias yet: nothing changes, nothing breaks
    at2 = open_page("pages/speakers.py")
    edit(at2, [{"variant": "Ines Varga"}])
    assert counts(at2)["Ines Varga"] == 4
