"""AppTests of an upload's load report: unreadable dates listed with file, line and value,
the corpus named by the files that gave articles, and skip reasons readable in the sidebar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

GOOD = (
    b"title,date,source,text\n"
    b'Dock talks,2024-03-01,Gull Gazette,"""The cranes stay,"" said Wren Talbot."\n'
    b'Ferry fares,2024-02-30,Gull Gazette,"""Fares will not rise,"" said Odile Marsh."\n'
)
UNDATED = (
    b"title,date,text\n"
    b'Dock talks,yesterday-ish,"""The cranes stay,"" said Wren Talbot."\n'
    b'Ferry fares,,"""Fares will not rise,"" said Odile Marsh."\n'
)
BAD_ROWS = b"text,date,source\nonly one cell\n"


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


def _upload(files: list[tuple[str, bytes, str]]) -> AppTest:
    at = open_page()
    at.file_uploader(key="upload_files").set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tables(at: AppTest) -> list[dict]:
    return [df.value.to_dict("records") for df in at.dataframe]


def test_an_upload_is_named_by_the_files_that_gave_articles_and_lists_bad_dates() -> None:
    at = _upload([("good.csv", GOOD, "text/csv"), ("junk.bin", b"\x00\x01", "x/y"),
                  ("bad.csv", BAD_ROWS, "text/csv"), ("wrong.json", b"{not json", "x/y")])
    captions = [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert "Showing your upload (good.csv)." in captions, captions
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"  # the bad date still loads
    assert any("1 date(s) could not be read" in w.value for w in at.sidebar.warning)
    rows = [r for table in _tables(at) for r in table]
    assert {"file": "good.csv", "line": "3",
            "reason": 'date "2024-02-30" is not a date; loaded undated'} in rows
    assert any(r.get("file") == "junk.bin" for r in rows)  # skipped, and still named
    # The skip reasons get the widest column of the report's tables.
    skipped = next(df for df in at.dataframe if "scope" in df.value.columns)
    widths = {k: v.get("width") for k, v in json.loads(skipped.proto.columns).items()}
    assert widths["reason"] >= 600 and widths["line"] == "small", widths
    assert list(skipped.proto.column_order)[:3] == ["file", "line", "reason"]


def test_a_corpus_without_any_date_says_why_the_timelines_are_empty() -> None:
    at = _upload([("undated.csv", UNDATED, "text/csv")])
    assert any("No article has a date" in i.value for i in at.info)
    rows = [r for table in _tables(at) for r in table]
    assert {"file": "undated.csv", "line": "2",
            "reason": 'date "yesterday-ish" is not a date (it has no year); loaded undated'
            } in rows
    assert not any(r.get("line") == "3" and "undated.csv" == r.get("file") for r in rows)


def test_an_upload_with_no_article_lists_every_reason_in_full_in_the_sidebar() -> None:
    at = _upload([("bad.csv", BAD_ROWS, "text/csv"), ("wrong.json", b"{not json", "x/y")])
    text = " ".join(m.value for m in at.sidebar.markdown).replace("\\", "")
    assert "bad.csv, line 2: row has 1 cells, the header has 3" in text
    assert "wrong.json: invalid JSON" in text
    assert not [df for df in at.sidebar.dataframe if "reason" in df.value.columns]
