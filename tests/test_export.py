"""Tests for lib.export: file names carry the filter safely; CSV and Parquet keep every column."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.export import MAX_NAME, export_filename, to_csv_bytes, to_parquet_bytes

SAFE = re.compile(r"^[a-z0-9_-]+\.[a-z0-9]+$")


@pytest.mark.parametrize(("kind", "summary", "ext", "expected"), [
    ("quotes", {"speakers": ["Ingrida Šimonytė"], "date_from": "2024-05-01",
                "date_to": "2024-05-31"}, "csv", "quotes_simonyte_2024-05.csv"),
    ("articles", {"from": "2023-01-01", "to": "2024-08-31"}, ".parquet",
     "articles_2023-01_2024-08.parquet"),
    ("articles", {"date_from": date(2024, 5, 3), "date_to": date(2024, 5, 20)}, "CSV",
     "articles_2024-05-03_2024-05-20.csv"),
    ("quotes", {"date_from": "2024-05-03"}, "csv", "quotes_from-2024-05-03.csv"),
    ("quotes", {"to": "2024-05-03"}, "csv", "quotes_to-2024-05-03.csv"),
    ("quotes", {}, "csv", "quotes.csv"),
    ("quotes", {"speaker": ["Bill de Blasio", "Mara Quill", "Olek Dunne"],
                "source": "Harbour Post"}, "csv",
     "quotes_de-blasio-quill-and-1-more_harbour-post.csv"),
    ("quotes", {"term": ["rent cap"], "q": "Ferry / Strike!"}, "csv",
     "quotes_rent-cap_ferry-strike.csv"),
    ("../../etc/passwd", {"source": "<script>"}, "c/s;v", "etc-passwd_script.csv"),
    ("articles", {"from": "not a date", "to": None}, "parquet", "articles.parquet"),
])
def test_export_filename(kind: str, summary: dict, ext: str, expected: str) -> None:
    assert export_filename(kind, summary, ext) == expected


def test_long_names_are_capped_and_keep_the_dates() -> None:
    name = export_filename("quotes", {"speakers": ["A" * 300, "B" * 300], "q": "x " * 200,
                                      "from": "2024-01-01", "to": "2024-03-31"}, "csv")
    assert len(name) <= MAX_NAME + 4
    assert name.endswith("_2024-01_2024-03.csv")
    assert SAFE.match(name)


FRAME = pd.DataFrame({
    "speaker": ["Šimonytė", "Quill"],
    "variants": [["Simonyte (3)", "Šimonytė (5)"], []],
    "text": ["=HYPERLINK(\"x\")", "plain, with comma"],
    "n": [1, 2],
    "date": pd.to_datetime(["2024-05-01", None]),
})


def test_csv_joins_lists_guards_formulas_and_keeps_accents() -> None:
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == list(FRAME.columns)
    assert back["variants"].tolist() == ["Simonyte (3); Šimonytė (5)", ""]
    assert back["speaker"].tolist() == ["Šimonytė", "Quill"]
    assert back["text"].tolist() == ["'=HYPERLINK(\"x\")", "plain, with comma"]
    raw = to_csv_bytes(FRAME, guard_formulas=False).decode("utf-8-sig")
    assert '"=HYPERLINK(""x"")"' in raw


def test_csv_guards_formulas_in_categorical_columns() -> None:
    # the dashboard stores titles, sources and speakers as categories
    frame = pd.DataFrame({"title": pd.Categorical(['=HYPERLINK("http://x","c")', None, "ok"])})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig",
                       keep_default_na=False)
    assert back["title"].tolist() == ["'=HYPERLINK(\"http://x\",\"c\")", "", "ok"]


def test_parquet_round_trips_every_column_and_lists() -> None:
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(FRAME)))
    assert list(back.columns) == list(FRAME.columns)
    assert [list(v) for v in back["variants"]] == [["Simonyte (3)", "Šimonytė (5)"], []]
    assert back["n"].tolist() == [1, 2]


def test_parquet_degrades_mixed_objects_to_text() -> None:
    df = pd.DataFrame({"odd": pd.Series([1, "two", ["x"]], dtype=object)})
    back = pd.read_parquet(io.BytesIO(to_parquet_bytes(df)))
    assert back["odd"].tolist() == ["1", "two", "x"]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60),
       st.dictionaries(st.sampled_from(["speakers", "speaker", "sources", "q", "from", "to",
                                        "date_from", "terms"]),
                       st.text(max_size=40) | st.lists(st.text(max_size=30), max_size=4)
                       | st.dates().map(str) | st.none()),
       st.text(max_size=12))
def test_any_summary_gives_a_safe_name(kind: str, summary: dict, ext: str) -> None:
    name = export_filename(kind, summary, ext)
    assert SAFE.match(name), name
    assert len(name) <= MAX_NAME + 11


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=30) | st.none() | st.lists(st.text(max_size=5), max_size=3),
                min_size=1, max_size=5))
def test_any_cells_export(cells: list) -> None:
    df = pd.DataFrame({"c": pd.Series(cells, dtype=object), "n": range(len(cells))})
    assert pd.read_csv(io.BytesIO(to_csv_bytes(df)), encoding="utf-8-sig").shape[0] == len(cells)
    assert len(pd.read_parquet(io.BytesIO(to_parquet_bytes(df)))) == len(cells)
