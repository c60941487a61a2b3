from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import sample_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import charts


def _dated(days: list[str | None], speakers: list[str | None] | None = None) -> pd.DataFrame:
    df = pd.DataFrame({"date": pd.to_datetime(pd.Series(days))})
    if speakers is not None:
        df["speaker"] = speakers
    return df


@pytest.mark.parametrize(
    ("lo", "hi", "freq"),
    [("2024-01-01", "2024-02-15", "D"), ("2024-01-01", "2024-12-31", "W-MON"),
     ("2023-01-01", "2024-12-31", "MS")],
)
def test_period_freq_follows_span(lo: str, hi: str, freq: str) -> None:
    assert charts.period_freq(pd.Series(pd.to_datetime([lo, hi]))) == freq


def test_count_by_period_months_and_undated_left_out() -> None:
    df = _dated(["2023-01-05", "2023-01-20", None, "2024-09-01"])
    out = charts.count_by_period(df)
    assert out["count"].sum() == 3
    assert out.iloc[0].tolist() == [pd.Timestamp("2023-01-01"), 2]


def test_count_by_period_keeps_top_groups() -> None:
    df = _dated(["2024-01-01"] * 6 + ["2024-03-01"] * 3,
                ["A", "A", "A", "B", "B", "C", "A", "B", None])
    out = charts.count_by_period(df, by="speaker", top=2)
    assert set(out["speaker"]) == {"A", "B"}
    assert out["count"].sum() == 7


def test_points_stay_few_for_a_long_corpus() -> None:
    days = pd.date_range("2010-01-01", "2024-12-31", freq="D")
    df = pd.DataFrame({"date": days})
    assert len(charts.count_by_period(df)) <= 15 * 12 + 1


@pytest.mark.parametrize("df", [pd.DataFrame(), _dated([None, None]), pd.DataFrame({"x": [1]})])
def test_count_by_period_empty_inputs(df: pd.DataFrame) -> None:
    assert charts.count_by_period(df).empty
    assert isinstance(charts.timeline(charts.count_by_period(df), "t"), go.Figure)


def test_count_by_shares_and_unknown_bucket() -> None:
    df = pd.DataFrame({"speaker": ["A", "A", "B", None]})
    out = charts.count_by(df, "speaker", top=2)
    assert out["speaker"].tolist() == ["A", "B"]
    assert out["share"].tolist() == [0.5, 0.25]  # share of all rows, not of the top ones


def test_a_missing_source_is_not_given_not_an_unknown_speaker() -> None:
    df = pd.DataFrame({"source": ["A", None, None]})
    out = charts.count_by(df, "source")
    assert out["source"].tolist() == [charts.NOT_GIVEN, "A"]
    assert charts.UNKNOWN_SPEAKER not in out["source"].tolist()


def test_count_by_exclude_keeps_the_total() -> None:
    df = pd.DataFrame({"speaker": ["A", "Unknown speaker", "Unknown speaker", "B"]})
    out = charts.count_by(df, "speaker", exclude=["Unknown speaker"])
    assert out["speaker"].tolist() == ["A", "B"]
    assert out["share"].tolist() == [0.25, 0.25]


def test_histogram_clips_outliers_and_counts_all() -> None:
    values = pd.Series([*np.linspace(0, 100, 200), 1e9, np.nan, np.inf])
    hist = charts.histogram(values, bins=20)
    assert len(hist) == 20
    assert hist["count"].sum() == 201
    assert hist["right"].max() < 1e6


def test_box_stats_quartiles() -> None:
    df = pd.DataFrame({"speaker": ["A"] * 5 + ["B"], "v": [1, 2, 3, 4, 100, 7]})
    stats = charts.box_stats(df, "speaker", "v").set_index("speaker")
    assert stats.loc["A", "median"] == 3
    assert stats.loc["A", "high"] == 4  # 100 is past the whisker
    assert stats.loc["B", "n"] == 1


def test_figures_from_sample_send_only_aggregates() -> None:
    articles, quotes, _, _ = sample_tables()
    bar = charts.bar_counts(charts.count_by(quotes, "speaker"), "speaker", "t", as_share=True)
    assert len(bar.data[0].y) == quotes["speaker"].nunique()
    assert bar.layout.xaxis.tickformat == ".0%"
    box = charts.box_figure(charts.box_stats(quotes, "speaker", "gunning_fog"), "speaker",
                            "t", "fog")
    assert len(box.data[0].q1) == quotes["speaker"].nunique()
    lines = charts.timeline(charts.count_by_period(quotes, by="speaker"), "t", by="speaker")
    named = set(quotes["speaker"]) - {charts.UNKNOWN_SPEAKER}
    assert {t.name for t in lines.data} == named  # the unknown bucket gets no line
    hist = charts.histogram_figure(charts.histogram(articles["smog"]), "t", "SMOG")
    assert len(hist.data[0].x) == 30


def test_bar_counts_caps_bars() -> None:
    many = pd.DataFrame({"speaker": [f"S{i}" for i in range(100)], "count": range(100)})
    fig = charts.bar_counts(many, "speaker", "t")
    assert len(fig.data[0].y) == charts.MAX_BARS


def test_empty_figures_do_not_raise() -> None:
    empty = pd.DataFrame()
    charts.bar_counts(charts.count_by(empty, "speaker"), "speaker", "t")
    charts.histogram_figure(charts.histogram(pd.Series(dtype=float)), "t", "x")
    charts.box_figure(charts.box_stats(empty, "speaker", "v"), "speaker", "t", "x")
    charts.terms_bar(pd.DataFrame({"term": [], "score": []}), "t", value="score")


@pytest.mark.parametrize(
    ("periods", "days"),
    [(["2024-01-01", "2024-03-01", "2024-04-01"], 30),
     (["2024-01-01", "2024-01-15"], 7),  # Mondays two weeks apart are still weekly bars
     (["2024-01-01", "2024-01-02"], 1)],
)
def test_timeline_bars_are_one_period_wide(periods: list[str], days: int) -> None:
    counts = pd.DataFrame({"period": pd.to_datetime(periods), "count": [1] * len(periods)})
    fig = charts.timeline(counts, "t")
    assert fig.data[0].width == pytest.approx(days * 86_400_000 * 0.8)
    assert fig.layout.yaxis.dtick == 1


def test_compare_terms_splits_sides() -> None:
    scored = pd.DataFrame({"term": ["port", "fish", "tax", "vote", "even"],
                           "z": [3.0, 1.5, -2.0, -0.5, 0.0]})
    fig = charts.compare_terms(scored, "A", "B", "t", n=1)
    sides = {t.name: list(t.y) for t in fig.data}
    assert sides == {"A": ["port"], "B": ["tax"]}
    assert [t.name for t in fig.data] == ["A", "B"]  # the legend reads as the selectors do
    assert not charts.compare_terms(scored.iloc[0:0], "A", "B", "t").data


@pytest.mark.parametrize("freq", ["D", "W-MON", "MS"])
@pytest.mark.parametrize("unit", ["ns", "us", "s"])
@pytest.mark.parametrize("start", ["1969-12-20", "2023-05-30"])
def test_count_by_period_equals_the_to_period_count(freq: str, unit: str, start: str) -> None:
    # The day-first count must equal pandas' own period starts, unit, order and all,
    # across the epoch, week and month edges; undated rows are left out.
    rng = np.random.default_rng(7)
    dates = pd.Series(pd.Timestamp(start) + pd.to_timedelta(
        rng.integers(0, 400 * 86_400, 600), unit="s") * 3).astype(f"datetime64[{unit}]")
    dates[::9] = pd.NaT
    df = pd.DataFrame({"date": dates})
    kept = dates.dropna()
    alias = {"D": "D", "W-MON": "W-SUN", "MS": "M"}[freq]
    expected = (pd.DataFrame({"period": kept.dt.to_period(alias).dt.start_time})
                .groupby("period").size().reset_index(name="count"))
    pd.testing.assert_frame_equal(charts.count_by_period(df, freq=freq), expected)


def test_count_by_period_with_dates_centuries_apart() -> None:
    df = pd.DataFrame({"date": pd.Series(["1700-01-03", "2200-06-09", "2200-06-30"],
                                         dtype="datetime64[s]")})
    got = charts.count_by_period(df, freq="MS")
    assert got["count"].tolist() == [1, 2]
    assert got["period"].dt.strftime("%Y-%m-%d").tolist() == ["1700-01-01", "2200-06-01"]


@pytest.mark.parametrize("categorical", [True, False])
@pytest.mark.parametrize("freq", ["D", "MS"])
def test_count_by_period_split_by_speaker_equals_the_string_grouping(categorical: bool,
                                                                      freq: str) -> None:
    # Grouping the leaders' codes must give the table grouping their strings gives: the same
    # leaders, names, periods, counts and order; the unknown bucket is never a line.
    rng = np.random.default_rng(3)
    names = np.array(["Ann Lee", "Bo Chan", "Unknown speaker", "Cy Dee", "Al Ray"])
    speaker = pd.Series(names[rng.integers(0, 5, 800)])
    speaker[::11] = None
    if categorical:
        speaker = speaker.astype("category")
    dates = pd.Series(pd.Timestamp("2023-11-20") + pd.to_timedelta(
        rng.integers(0, 90 * 86_400, 800), unit="s"))
    dates[::13] = pd.NaT
    df = pd.DataFrame({"date": dates, "speaker": speaker})
    kept = df[dates.notna()]
    leaders = (kept["speaker"].astype("string").dropna().value_counts()
               .drop("Unknown speaker").head(3).index)
    rows = kept[kept["speaker"].astype("string").isin(list(leaders)).fillna(False)]
    alias = {"D": "D", "MS": "M"}[freq]
    expected = (pd.DataFrame({"period": rows["date"].dt.to_period(alias).dt.start_time,
                              "speaker": rows["speaker"].astype("string")})
                .groupby(["period", "speaker"]).size().reset_index(name="count")
                [["period", "count", "speaker"]].sort_values(["period", "speaker"])
                .reset_index(drop=True))
    got = charts.count_by_period(df, by="speaker", freq=freq, top=3)
    pd.testing.assert_frame_equal(got[got["count"] > 0].reset_index(drop=True), expected)
    # and a zero for every leader in every period from the first to the last
    starts = kept["date"].dt.to_period(alias).dt.start_time
    periods = len(pd.date_range(starts.min(), starts.max(), freq=freq))
    assert len(got) == periods * 3


def test_a_line_over_time_is_zero_in_a_period_without_its_rows() -> None:
    df = pd.DataFrame({"date": pd.to_datetime(["2023-08-03", "2023-08-09", "2023-09-05",
                                               "2023-12-01"]),
                       "speaker": ["Ann Lee", "Ann Lee", "Bo Chan", "Ann Lee"]})
    got = charts.count_by_period(df, by="speaker", freq="MS")
    ann = got[got["speaker"] == "Ann Lee"].set_index("period")["count"]
    # every month from the first to the last, October and November (no quote at all) too
    assert ann.to_dict() == {pd.Timestamp("2023-08-01"): 2, pd.Timestamp("2023-09-01"): 0,
                             pd.Timestamp("2023-10-01"): 0, pd.Timestamp("2023-11-01"): 0,
                             pd.Timestamp("2023-12-01"): 1}
    daily = charts.count_by_period(df.iloc[:2], by="speaker", freq="D")
    assert len(daily) == 7  # Aug 3 to Aug 9, one speaker


def test_a_timeline_of_one_period_names_it_on_a_readable_axis() -> None:
    df = pd.DataFrame({"date": pd.to_datetime(["2023-04-03", "2023-04-19"])})
    fig = charts.timeline(charts.count_by_period(df, freq="MS"), "Quotes over time")
    axis = fig.layout.xaxis
    assert list(axis.ticktext) == ["Apr 2023"]
    lo, hi = (pd.Timestamp(x) for x in axis.range)
    assert hi - lo == pd.Timedelta(days=90)
    assert fig.data[0].width == 30 * 86_400_000 * 0.8


@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D", None]),
                          st.one_of(st.floats(-50, 150), st.just(float("nan")))),
                min_size=1, max_size=40), st.integers(1, 4))
@settings(max_examples=80, deadline=None)
def test_box_stats_on_codes_equal_the_string_groups(rows: list, top: int) -> None:
    # Groups split by one sort of their codes; the ranking (most rows first, ties in order of
    # first appearance) and every number must be those of a plain per-group reading.
    df = pd.DataFrame({"speaker": [r[0] for r in rows], "v": [r[1] for r in rows]})
    got = charts.box_stats(df.astype({"speaker": "category"}), "speaker", "v", top=top)
    kept = df[np.isfinite(df["v"]) & df["speaker"].notna()]
    leaders = kept["speaker"].astype("string").value_counts().head(top).index
    assert got["speaker"].tolist() == list(leaders)
    for _, row in got.iterrows():
        v = kept.loc[kept["speaker"] == row["speaker"], "v"].to_numpy()
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        inside = v[(v >= q1 - 1.5 * (q3 - q1)) & (v <= q3 + 1.5 * (q3 - q1))]
        assert (row["n"], row["q1"], row["median"], row["q3"]) == (len(v), q1, med, q3)
        assert (row["low"], row["high"], row["mean"]) == (inside.min(), inside.max(),
                                                          pd.Series(v).mean())
    plain = charts.box_stats(df.astype({"speaker": "string"}), "speaker", "v", top=top)
    pd.testing.assert_frame_equal(got, plain)


def _figures() -> dict[str, go.Figure]:
    """Every figure builder of lib.charts, charts_compare and charts_readability, on the
    sample corpus, including empty and one-sided inputs."""
    from lib import charts_compare as cc
    from lib import charts_readability as cr

    articles, quotes, _, _ = sample_tables()
    top = charts.count_by(quotes, "speaker")
    months = charts.count_by_period(quotes, freq="MS")
    shares = charts.share_by_period(quotes.head(6), quotes, freq="MS")
    lines = charts.count_by_period(quotes, by="speaker")
    box = charts.box_stats(quotes, "speaker", "smog")
    terms = pd.DataFrame({"term": ["port", "storm", "fleet", "quota"], "z": [2.5, 1.0, -0.5, -3.0]})
    ranked = pd.DataFrame({"speaker": ["A", "B <b>"], "value": [61.0, np.nan], "lo": [55.0, 1.0],
                           "hi": [66.0, 2.0], "words": [400, 20]})
    pairs = pd.DataFrame({"speaker": ["A", "B"], "speaker_value": [60.0, 70.0],
                          "article_value": [55.0, np.nan], "n_articles": [3, 1],
                          "words": [100.0, np.nan]})
    return {
        "bar share": charts.bar_counts(top, "speaker", "t", as_share=True),
        "bar counts": charts.bar_counts(top, "speaker", "t", x_label="articles"),
        "bar empty": charts.bar_counts(top.iloc[0:0], "speaker", "t"),
        "timeline": charts.timeline(months, "t"),
        "timeline few": charts.timeline(months.head(2), "t", y_label="articles"),
        "timeline share": charts.timeline(shares.assign(count=shares["share"]), "t",
                                          y_label="share of articles"),
        "timeline lines": charts.timeline(lines, "t", by="speaker"),
        "timeline empty": charts.timeline(months.iloc[0:0], "t"),
        "histogram": charts.histogram_figure(charts.histogram(articles["smog"]), "t", "SMOG"),
        "histogram empty": charts.histogram_figure(charts.histogram(pd.Series([])), "t", "x"),
        "box": charts.box_figure(box, "speaker", "t", "SMOG"),
        "box empty": charts.box_figure(box.iloc[0:0], "speaker", "t", "SMOG"),
        "terms": charts.terms_bar(terms.assign(weight=terms["z"].abs()), "t"),
        "share lines": charts.share_lines(lines.assign(share=0.5), "speaker", "t",
                                          names=["Mara Quill"]),
        "compare terms": charts.compare_terms(terms, "A", "B", "t"),
        "compare terms empty": charts.compare_terms(terms.iloc[0:0], "A", "B", "t"),
        "side by side": cc.side_by_side(months, months.head(2), "A", "B <i>", "t",
                                        y_label="share of quotes"),
        "side by side apart": cc.side_by_side(months.head(1), months.iloc[0:0], "A", "B", "t",
                                              same_x=False),
        "readability bars": cc.readability_bars((61.2, float("nan")), ("A", "B"), "Ease", "t"),
        "intervals": cr.interval_figure(ranked, "t", "x"),
        "intervals empty": cr.interval_figure(ranked.iloc[0:0], "t", "x"),
        "dumbbell": cr.dumbbell_figure(pairs, "t", "x"),
    }


@pytest.mark.parametrize("name", list(_figures()))
def test_figures_built_unchecked_are_what_plotly_checks_would_make(name: str) -> None:
    # Builders skip plotly's per-property checks (speed): rebuilding with the checks on must
    # raise nothing and send the browser the same JSON, so a misspelt property cannot hide.
    import json

    import plotly.io as pio

    fig = _figures()[name]
    checked = go.Figure(fig.to_dict())
    sent = json.loads(pio.to_json(fig.to_dict(), validate=False))
    assert sent == json.loads(pio.to_json(checked.to_dict(), validate=False))
    assert "template" in sent["layout"]


@pytest.mark.parametrize("days", [0, 1, 62, 63, 540, 541, 3000])
@pytest.mark.parametrize("kind", ["datetime64[ns]", "datetime64[us]", "object"])
def test_period_freq_reads_naive_dates_as_the_string_form_does(days: int, kind: str) -> None:
    # Naive date columns take a numpy path; its span in whole days must pick the same bucket
    # as pandas' Timedelta.days over the same dates, NaT and missing values left out.
    lo = pd.Timestamp("2024-03-01 15:30")
    dates = pd.Series([lo, pd.NaT, lo + pd.Timedelta(days=days, hours=3), None])
    expected = {True: "D", False: "W-MON" if days <= 540 else "MS"}[days <= 62]
    assert charts.period_freq(dates.astype(kind)) == expected
    assert charts.period_freq(pd.Series([pd.NaT, None]).astype(kind)) == "MS"


def test_an_empty_chart_says_so_without_made_up_axes() -> None:
    empty = charts.count_by(pd.DataFrame({"speaker": pd.Series([], dtype="string")}), "speaker")
    fig = charts.bar_counts(empty, "speaker", "Most quoted", as_share=True)
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert [a.text for a in fig.layout.annotations] == ["Nothing to show under these filters"]
    full = charts.bar_counts(pd.DataFrame({"speaker": ["A"], "count": [2]}), "speaker", "t")
    assert not full.layout.annotations


def test_a_timeline_of_zero_filled_periods_only_says_there_is_nothing() -> None:
    # A search nothing matches leaves every period of the span at 0 (or 0%): no empty axes.
    whole = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-03-09"])})
    shares = charts.share_by_period(whole.iloc[0:0], whole)
    fig = charts.timeline(shares.assign(count=shares["share"]), "Attention",
                          y_label="share of articles")
    assert [a.text for a in fig.layout.annotations] == ["Nothing to show under these filters"]
    some = charts.timeline(charts.count_by_period(whole), "Articles", y_label="articles")
    assert not some.layout.annotations
