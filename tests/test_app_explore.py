"""AppTests of the analyst features (issue 9) on the hand-made corpus: shares vs counts,
drill-down writing the filter and the URL, read in context, the speaker profile, wire copy,
export names and the saved-view link."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import chart, open_page, sample_tables, values

from lib.ui import drill


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


def test_speaker_bars_are_shares_by_default_and_counts_on_the_url_toggle() -> None:
    at = open_page("pages/quotes.py")
    xs = values(chart(at, "q_speakers")["data"][0]["x"])
    assert max(xs) < 1 and abs(max(xs) - 6 / 18) < 1e-9  # Mara Quill: 6 of 18 quotes
    at = open_page("pages/quotes.py", {"counts": "true"})
    assert at.toggle(key="counts").value is True
    assert max(values(chart(at, "q_speakers")["data"][0]["x"])) == 6


def test_attention_is_a_share_of_all_articles_per_period() -> None:
    at = open_page("pages/overview.py", {"source": ["Northern Ledger"]})
    fig = chart(at, "ov_articles_time")
    ys = [y for y in values(fig["data"][0]["y"]) if y]
    assert ys and all(0 < y <= 1 for y in ys)
    assert fig["layout"]["yaxis"]["tickformat"] == ".0%"


def test_a_clicked_bar_or_period_sets_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    state: dict = {"bars": {"selection": {"points": [{"y": "Ines Varga"}]}},
                   "line": {"selection": {"points": [{"x": "2024-05-01"}]}}}
    monkeypatch.setattr(drill, "st", SimpleNamespace(session_state=state))
    drill.set_from_bars("bars", "speaker")()
    assert state["speaker"] == ["Ines Varga"]
    drill.set_from_period("line", "MS", None)()
    assert (str(state["from"]), str(state["to"])) == ("2024-05-01", "2024-05-31")
    state["line"] = {"selection": {"points": []}}  # a cleared selection leaves the filter
    drill.set_from_period("line", "MS", None)()
    assert str(state["from"]) == "2024-05-01"


def test_a_filter_set_by_drill_down_reaches_the_url_and_the_numbers() -> None:
    at = open_page("pages/overview.py")
    at.session_state["speaker"] = ["Olek Dunne"]  # what the bar callback writes
    at.run()
    assert at.multiselect(key="speaker").value == ["Olek Dunne"]
    assert "speaker=Olek+Dunne" in at.code[0].value  # the view's link follows
    assert {m.label: m.value for m in at.metric}["Quotes"] == "3"


def test_a_quote_opens_with_its_articles_keyphrases_best_first() -> None:
    _, _, _, tables = sample_tables()
    rows = tables["article_terms"]
    mine = rows[rows["article_id"] == "a02"].sort_values(["weight", "term"],
                                                          ascending=[False, True])
    at = open_page("pages/article.py", {"quote": "a02:25"})
    shown = [str(y) for y in chart(at, "art_terms")["data"][0]["y"]][::-1]  # top bar first
    assert shown == mine["term"].astype(str).head(12).tolist()
    left_out = open_page("pages/article.py", {"quote": "a02:25", "stop": shown[0]})
    assert shown[0] not in [str(y) for y in chart(left_out, "art_terms")["data"][0]["y"]]


def test_a_quote_opens_in_its_article_marked_and_hostile_text_escaped() -> None:
    at = open_page("pages/article.py", {"quote": "a02:25"})
    body = at.get("html")[0].proto.body
    assert '<mark class="q">Quotas must fall.</mark>' in body
    assert '<mark class="s">Mara Quill</mark>' in body
    hostile = open_page("pages/article.py", {"quote": "a10:" + _hostile_start()})
    html = hostile.get("html")[0].proto.body
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;bold" in html


def _hostile_start() -> str:
    from conftest import sample_tables

    quotes = sample_tables()[1]
    return str(quotes.loc[quotes["article_id"] == "a10", "start"].iloc[0])


def test_unknown_quote_says_so_and_kwic_lists_lines() -> None:
    at = open_page("pages/article.py", {"quote": "nope:1", "kwic": "vote"})
    assert any("No quote nope" in w.value.replace("\\", "") for w in at.warning)
    lines = at.dataframe[-1].value
    assert len(lines) == 2 and set(lines["match"]) == {"vote"}
    assert set(lines["article"]) == {"Budget vote looms"}


def test_profile_of_a_speaker_from_the_url() -> None:
    at = open_page("pages/profile.py", {"who": "Ines Varga", "from": "2024-04-01"})
    assert at.selectbox(key="who").value == "Ines Varga"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Quotes"] == "3" and metrics["Articles"] == "3"
    assert set(at.dataframe[-1].value["speaker"]) == {"Ines Varga"}
    assert "pf_terms" in [c.key for c in at.get("plotly_chart")]


def test_profile_follows_the_shared_speaker_filter() -> None:
    at = open_page("pages/profile.py", {"speaker": "Olek Dunne"})
    assert at.selectbox(key="who").value == "Olek Dunne"
    assert {m.label: m.value for m in at.metric}["Quotes"] == "3"


def test_profile_follows_a_speaker_newly_picked_in_the_sidebar() -> None:
    at = open_page("pages/profile.py")
    shown = at.selectbox(key="who").value
    other = next(o for o in at.selectbox(key="who").options if o != shown)
    at.multiselect(key="speaker").set_value([other]).run()
    assert at.selectbox(key="who").value == other
    # adding a second one follows the new one; removing one keeps the page's pick
    third = next(o for o in at.selectbox(key="who").options if o not in (shown, other))
    at.multiselect(key="speaker").set_value([other, third]).run()
    assert at.selectbox(key="who").value == third
    at.selectbox(key="who").set_value(shown).run()
    at.multiselect(key="speaker").set_value([third]).run()
    assert at.selectbox(key="who").value == shown
    assert not at.exception


def test_profile_of_an_unknown_speaker_in_a_link_says_so() -> None:
    at = open_page("pages/profile.py", {"who": "Nobody Here"})
    assert any("Nobody Here" in w.value for w in at.warning)


def test_wire_copies_count_once_unless_the_toggle_is_off() -> None:
    at = open_page("pages/overview.py")
    assert {m.label: m.value for m in at.metric}["Articles"] == "10"
    off = open_page("pages/overview.py", {"dedupe": "false"})
    assert {m.label: m.value for m in off.metric}["Articles"] == "11"
    assert any("wire copies counted each time" in m.value for m in off.markdown)
    ex = open_page("pages/explore.py", {"dedupe": "false", "source": "Valley Courier"})
    assert ex.dataframe[0].value["wire_size"].max() == 2


def test_exports_are_named_after_the_filter_and_charts_too() -> None:
    at = open_page("pages/explore.py", {"speaker": "Mara Quill", "from": "2024-05-01",
                                        "to": "2024-05-31", "img": "svg"})
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Articles as CSV", "Articles as Parquet", "Quotes as CSV",
                      "Quotes as Parquet"]
    from lib.export import export_filename

    assert export_filename("quotes", {"speaker": ["Mara Quill"], "from": "2024-05-01",
                                      "to": "2024-05-31"}, "csv") == "quotes_quill_2024-05.csv"
    ov = open_page("pages/overview.py", {"speaker": "Mara Quill", "img": "svg"})
    config = json.loads([c for c in ov.get("plotly_chart")][0].proto.config)
    assert config["toImageButtonOptions"]["format"] == "svg"
    assert "quill" in config["toImageButtonOptions"]["filename"]


def test_the_view_link_carries_every_setting() -> None:
    query = {"speaker": ["Mara Quill", "Ines Varga"], "counts": "true", "dedupe": "false",
             "who": "Ines Varga"}
    at = open_page("pages/profile.py", query)
    link = at.code[0].value
    for part in ("speaker=Mara+Quill", "speaker=Ines+Varga", "counts=true", "dedupe=false",
                 "who=Ines+Varga"):
        assert part in link, link


@pytest.mark.parametrize("query", [{"who": "Ines Varga"},
                                   {"who": "Mara Quill", "from": "2024-05-01"},
                                   {"speaker": "Olek Dunne", "to": "2024-05-31"}])
def test_profile_readability_medians_are_pandas_medians_over_the_filter(
        built_dir: Path, query: dict[str, str]) -> None:
    # The medians come from value ranks counted over the filter's rows: the table must show
    # Series.median() of the built scores, for the speaker and for every quote in the filter.
    import dataclasses

    import pandas as pd

    from lib import readability
    from lib.filters import Filters

    at = open_page("pages/profile.py", query)
    who = at.selectbox(key="who").value
    table = at.dataframe[0].value
    articles = pd.read_parquet(built_dir / "articles.parquet")
    quotes = pd.read_parquet(built_dir / "quotes.parquet")
    # The pool is the shared filter without its speakers, applied the slow way (ids, pandas).
    others = dataclasses.replace(Filters.from_query(query), speakers=())
    pool = others.apply(articles, quotes)[1]
    assert 0 < len(pool) < len(quotes) or "from" not in query
    keys = [k for k in readability.FORMULAS if k in quotes.columns]
    assert list(table["formula"]) == [readability.FORMULAS[k].label for k in keys]
    for key, theirs, everyone in zip(keys, table["this speaker"], table["all quotes"],
                                     strict=True):
        expected = pool.loc[pool["speaker"] == who, key].median()
        assert theirs == expected or (pd.isna(theirs) and pd.isna(expected)), key
        overall = pool[key].median()
        assert everyone == overall or (pd.isna(everyone) and pd.isna(overall)), key


def test_kwic_reads_like_a_concordance_with_the_words_next_to_the_match_shown() -> None:
    from lib.ui.render import KWIC_LEFT_CHARS

    at = open_page("pages/article.py", {"kwic": "nobody asked us"})
    table = at.dataframe[-1]
    line = table.value.iloc[0]
    # The left context keeps its end (the words just before the match), cut at its start.
    assert line["left"].startswith("…") and line["left"].endswith('said Mara Quill. "')
    assert len(line["left"]) <= KWIC_LEFT_CHARS
    config = json.loads(table.proto.columns)
    assert config["left"]["alignment"] == "right"
    # Wide enough for the match (~7 px a character plus padding), not the 75 px "small".
    assert config["match"]["width"] >= 7 * len(line["match"]) + 16
    assert list(table.proto.column_order) == ["left", "match", "right", "article"]
    assert config["article"]["width"] in ("small", "medium")  # the title does not dominate
