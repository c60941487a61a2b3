from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import chart, open_page, sample_tables, values
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from lib import charts_compare as cc

COMPARE = "pages/compare.py"


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


def metrics(at: AppTest) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m.value)
    return out


def hand_count(col: str, value: str) -> tuple[int, int]:
    """Quotes and articles of one speaker or source in the fixture, with a11 folded into a08
    (the wire copy deduped by default)."""
    _, quotes, _, _ = sample_tables()
    mine = quotes[quotes[col] == value]
    return len(mine), mine["article_id"].nunique()


@pytest.mark.parametrize("by", ["speaker", "source", "period"])
def test_each_mode_runs_and_draws_all_three_parts(by: str) -> None:
    at = open_page(COMPARE, {"cmp_by": by})
    assert at.radio(key="cmp_by").value == by
    keys = {c.proto.id for c in at.get("plotly_chart")}
    for key in ("cmp_time", "cmp_terms", "cmp_read"):
        assert any(key in k for k in keys), (by, key)
    assert len(metrics(at)["Quotes"]) == 2
    # one scale: the two timelines share their y axis
    spec = chart(at, "cmp_time")
    assert spec["layout"]["yaxis2"]["matches"] == "y"
    # one time axis for two speakers or sources; two periods each keep their own
    assert (spec["layout"]["xaxis2"].get("matches") == "x") == (by != "period")


@pytest.mark.parametrize(("by", "item"), [("speaker", "Ines Varga"),
                                          ("source", "Harbour Post"), ("period", "2024-05")])
def test_one_against_all_the_others(by: str, item: str) -> None:
    from lib.charts_compare import REST

    at = open_page(COMPARE, {"cmp_by": by, "cmp_a": item, "cmp_b": REST})
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cmp_b").value == REST
    _, quotes, _, _ = sample_tables()
    quotes = quotes[quotes["article_id"] != "a11"]  # the wire copy, counted once
    dates = pd.to_datetime(quotes["date"])
    if by == "period":
        mine = dates.dt.strftime("%Y-%m") == item
        rest = dates.notna() & ~mine
    else:
        mine = quotes[by] == item
        rest = ~mine
    assert metrics(at)["Quotes"] == [str(int(mine.sum())), str(int(rest.sum()))]
    assert 0 < mine.sum() and 0 < rest.sum()
    rest_name = {"speaker": "All other quotes", "source": "All other articles",
                 "period": f"Outside {item}"}[by]
    assert rest_name in [m.value.strip("*").replace("\\", "") for m in at.markdown]
    undated = int(dates.isna().sum())
    assert (f"{undated:,} undated quotes in the filter are in neither period."
            in [c.value for c in at.caption]) == (by == "period" and undated > 0)
    spec = chart(at, "cmp_terms")  # what sets the one apart from the rest
    assert {t["name"] for t in spec["data"]} <= {item, rest_name} | {
        f"{item} ({t})" for t in ("2024-05-01 to 2024-05-31",)}


def test_one_against_the_rest_when_the_filter_holds_only_that_one() -> None:
    from lib.charts_compare import REST

    at = open_page(COMPARE, {"speaker": ["Ines Varga"], "cmp_by": "speaker",
                             "cmp_a": "Ines Varga", "cmp_b": REST})
    warnings = [w.value for w in at.warning]
    assert any("Everything under these filters is **Ines Varga**" in w for w in warnings)
    assert not any("spelling" in w for w in warnings)


def test_link_restores_two_speakers_with_hand_counted_numbers() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": "Ines Varga", "cmp_b": "Olek Dunne"})
    assert at.selectbox(key="cmp_a").value == "Ines Varga"
    assert at.selectbox(key="cmp_b").value == "Olek Dunne"
    ines, olek = hand_count("speaker", "Ines Varga"), hand_count("speaker", "Olek Dunne")
    assert (ines, olek) == ((4, 4), (3, 3))
    m = metrics(at)
    assert m["Quotes"] == ["4", "3"] and m["Articles"] == ["4", "3"]
    captions = [c.value for c in at.caption]
    assert f"{4 / 18:.1%} of all quotes in the filter" in captions
    assert f"{3 / 18:.1%} of all quotes in the filter" in captions
    # shares by default: each bar is the side's share of all quotes that month
    spec = chart(at, "cmp_time")
    assert spec["layout"]["yaxis"]["tickformat"] == ".0%"
    ys = [y for trace in spec["data"] for y in values(trace["y"])]
    assert all(0 < y <= 1 for y in ys)


def test_changing_b_changes_the_numbers() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": "Mara Quill", "cmp_b": "Tomas Brenn"})
    assert metrics(at)["Quotes"] == ["6", "4"]
    before = chart(at, "cmp_terms")
    at.selectbox(key="cmp_b").set_value("Olek Dunne").run()
    assert not at.exception
    assert metrics(at)["Quotes"] == ["6", "3"]
    assert chart(at, "cmp_terms") != before


def test_raw_counts_toggle_puts_counts_on_the_shared_axis() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": "Mara Quill", "cmp_b": "Tomas Brenn",
                       "counts": "true"})
    spec = chart(at, "cmp_time")
    a, b = spec["data"]
    # Tomas's a10 is undated: counted, but off the timeline
    assert sum(values(a["y"])) == 6 and sum(values(b["y"])) == 3
    assert any("undated" in c.value for c in at.caption)


def test_sources_hand_count_and_readability_words() -> None:
    at = open_page(COMPARE, {"cmp_by": "source", "cmp_a": "Harbour Post",
                       "cmp_b": "Northern Ledger"})
    quotes, arts = hand_count("source", "Harbour Post")
    assert metrics(at)["Quotes"][0] == str(quotes)
    assert metrics(at)["Articles"][0] == str(arts)
    articles, *_ = sample_tables()
    ledger = articles[articles["source"] == "Northern Ledger"]
    median = ledger["flesch_reading_ease"].median()
    assert metrics(at)["Median Flesch reading ease"][1] == f"{median:.1f}"
    assert any(f"holding {ledger['words'].sum():,} words" in c.value for c in at.caption)


def test_periods_as_month_and_range() -> None:
    at = open_page(COMPARE, {"cmp_by": "period", "cmp_a": "2024-05", "cmp_b": "2024-01..2024-03"})
    # May: a04 (3 quotes) + a05 (2); Jan-Mar: a01, a02, a03 (2 each)
    assert metrics(at)["Quotes"] == ["5", "6"]
    assert metrics(at)["Articles"] == ["2", "3"]
    # periods are compared in counts (a share of its own period would read 100%)
    spec = chart(at, "cmp_time")
    assert sum(values(spec["data"][0]["y"])) == 5 and sum(values(spec["data"][1]["y"])) == 6
    # the readability bars are named by the periods, not read as dates
    read = chart(at, "cmp_read")
    assert read["layout"]["yaxis"]["type"] == "category"
    assert list(read["data"][0]["y"]) == ["2024-05", "2024-01..2024-03"]


def test_an_item_matching_nothing_says_so() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": "Mara Quill", "cmp_b": "Nobody Here"})
    assert any("Nobody Here" in w.value and "matches nothing" in w.value for w in at.warning)
    assert metrics(at)["Quotes"] == ["6", "0"]
    at = open_page(COMPARE, {"cmp_by": "period", "cmp_a": "2024-05", "cmp_b": "soon"})
    assert any("not a period" in w.value for w in at.warning)


def test_sidebar_filter_still_applies() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": "Mara Quill", "cmp_b": "Tomas Brenn",
                       "source": "Harbour Post"})
    # Harbour Post only: Mara in a01, a02 (x2), a07; Tomas in a01, a10
    assert metrics(at)["Quotes"] == ["4", "2"]


def test_switching_mode_resets_the_items() -> None:
    at = open_page(COMPARE, {"cmp_by": "speaker"})
    at.radio(key="cmp_by").set_value("source").run()
    assert not at.exception
    assert at.selectbox(key="cmp_a").value == "Harbour Post"
    assert not at.warning


def test_hostile_names_stay_text() -> None:
    evil = "<script>alert(1)</script> **x** [l](http://x.test)"
    at = open_page(COMPARE, {"cmp_by": "speaker", "cmp_a": evil, "cmp_b": "Mara Quill"})
    shown = " ".join(m.value for m in at.markdown) + " ".join(w.value for w in at.warning)
    assert "<script>" not in shown and "](http" not in shown
    spec = chart(at, "cmp_time")
    assert "<script>" not in json.dumps(spec["layout"])


@pytest.mark.parametrize("text,expected", [
    ("2024-05", ("2024-05-01", "2024-05-31")),
    ("2024-01..2024-03", ("2024-01-01", "2024-03-31")),
    ("2024-03..2024-01", ("2024-01-01", "2024-03-31")),
    ("2024-02-10..2024-02-12", ("2024-02-10", "2024-02-12")),
    ("2024", ("2024-01-01", "2024-12-31")),
    ("2024-13", None), ("may", None), ("", None), ("2024..2025..2026", None),
])
def test_parse_period(text: str, expected: tuple[str, str] | None) -> None:
    got = cc.parse_period(text)
    assert got == (None if expected is None
                   else (pd.Timestamp(expected[0]), pd.Timestamp(expected[1])))


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_as_an_item_never_raises(text: str) -> None:
    _, quotes, _, _ = sample_tables()
    for by in ("speaker", "source", "period"):
        rows = cc.side_rows(quotes, by, text)
        assert len(rows) <= len(quotes)
    span = cc.parse_period(text)
    assert span is None or span[0] <= span[1]
