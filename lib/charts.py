"""Plotly figures for the pages, plus the small aggregations that feed them, so that a
chart only ever receives as many points as it can show. No Streamlit here and no text
analysis: inputs are the built (already filtered) frames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.filters import UNKNOWN_SPEAKER
from lib.row_links import codes_of

# Past this many bars a horizontal bar chart stops being readable at 800 px.
MAX_BARS = 25
MAX_LINES = 8
_FONT = dict(size=13)


# ---- aggregation --------------------------------------------------------------------------


def period_freq(dates: pd.Series) -> str:
    """Day, week or month buckets depending on the span, so a timeline has tens of
    points, not thousands."""
    if pd.api.types.is_datetime64_dtype(dates):  # naive dates: min and max in numpy
        raw = dates.to_numpy()
        raw = raw[~np.isnat(raw)]
        if not len(raw):
            return "MS"
        days = int((raw.max() - raw.min()) // np.timedelta64(1, "D"))
    else:
        d = pd.to_datetime(dates, errors="coerce").dropna()
        if d.empty:
            return "MS"
        days = (d.max() - d.min()).days
    if days <= 62:
        return "D"
    if days <= 540:
        return "W-MON"
    return "MS"


def count_by_period(
    df: pd.DataFrame, by: str | None = None, freq: str | None = None, top: int = MAX_LINES
) -> pd.DataFrame:
    """Rows counted per period (column `period`, `count`), optionally split by `by` and kept
    to its `top` most frequent values. Undated rows are left out (they have no period)."""
    cols = ["period", "count"] + ([by] if by else [])
    if df.empty or "date" not in df:
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(df["date"], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    keep = dates.notna()
    if not keep.any():
        return pd.DataFrame(columns=cols)
    freq = freq or period_freq(dates)
    if by and freq == "W-MON":
        freq = "MS"  # several weekly lines on one chart read as noise; months read as trends
    if not by:
        # Counted per day first, then only the distinct days get their period: a month's start
        # for a million timestamps, a frame and a groupby cost a quarter of a second more.
        days = dates[keep].to_numpy().astype("datetime64[D]").astype(np.int64)
        lo = int(days.min())
        if int(days.max()) - lo < 1_000_000:  # a bin per day of the span (centuries fit)
            per_day = np.bincount(days - lo)
            distinct = np.flatnonzero(per_day)
            day_counts, distinct = per_day[distinct], distinct + lo
        else:  # odd far-apart dates: sort them instead
            distinct, day_counts = np.unique(days, return_counts=True)
        starts = period_starts(pd.Series(distinct.astype("datetime64[D]")), freq)
        periods, where = np.unique(starts, return_inverse=True)
        counts = np.bincount(where.ravel(), weights=day_counts).astype(np.int64)
        out = pd.DataFrame({"period": periods, "count": counts})
        out.attrs["freq"] = freq
        return out
    values = df.loc[keep, by]
    ranked = value_counts(values, UNKNOWN_SPEAKER)
    leaders = ranked[ranked.index != UNKNOWN_SPEAKER].head(top).index
    chosen = values.isin(list(leaders)).to_numpy(dtype=bool)
    starts = _starts_by_day(dates[keep].to_numpy()[chosen], freq)
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Grouped on the leaders' codes, named after counting: a string per row of a million
        # rows was most of this chart's cost.
        codes = codes_of(values)[chosen]
        out = (pd.DataFrame({"period": starts, "code": codes})
               .groupby(["period", "code"]).size().reset_index(name="count"))
        names = values.cat.categories.astype(str)
        out[by] = pd.array(names[out["code"].to_numpy()], dtype="string")
    else:
        frame = pd.DataFrame({"period": starts, by: values[chosen].astype("string")})
        out = frame.groupby(["period", by], observed=True).size().reset_index(name="count")
    # the span's first and last periods, from the two extreme dates (not every row again)
    raw = dates[keep].to_numpy()
    ends = _starts_by_day(np.array([raw.min(), raw.max()]), freq)
    out = _zero_filled(out[cols], by, ends, freq)
    out.attrs["freq"] = freq
    return out


def _zero_filled(out: pd.DataFrame, by: str, ends: np.ndarray, freq: str) -> pd.DataFrame:
    """Every period from the first to the last (`ends`), for every line: a month without quotes
    is a zero, not a straight line drawn across it."""
    periods = _all_periods(ends, freq, np.unique(out["period"].to_numpy().astype(ends.dtype)))
    names = pd.unique(out[by])
    full = pd.MultiIndex.from_product([periods, names], names=["period", by])
    counts = (out.set_index(["period", by])["count"].reindex(full, fill_value=0)
              .astype("int64").reset_index())
    counts[by] = counts[by].astype("string")
    return counts[list(out.columns)].sort_values(["period", by]).reset_index(drop=True)


_MAX_PERIODS = 5_000  # far-apart odd dates: only the periods that have rows


def _all_periods(ends: np.ndarray, freq: str, seen: np.ndarray) -> np.ndarray:
    """The period starts from the first of `ends` to the last, in their unit; only `seen` (the
    periods with rows) when that would be thousands of periods."""
    lo, hi = ends.min(), ends.max()
    if lo == hi:
        return np.unique(ends)
    if freq == "D":
        step = np.timedelta64(1, "D")
    elif freq == "W-MON":
        step = np.timedelta64(7, "D")
    else:
        months = np.arange(lo.astype("datetime64[M]"), hi.astype("datetime64[M]") + 1)
        return months.astype(ends.dtype) if len(months) <= _MAX_PERIODS else seen
    if (hi - lo) // step >= _MAX_PERIODS:
        return seen
    return np.arange(lo, hi + step, step).astype(ends.dtype)


def _starts_by_day(raw: np.ndarray, freq: str) -> np.ndarray:
    """`period_starts` of many timestamps through a table of each day's start: converting a
    million timestamps to months is slow in numpy, a division and a lookup are not."""
    days = raw.astype("datetime64[D]").astype(np.int64)
    if not len(days) or int(days.max()) - int(days.min()) >= 1_000_000:
        return period_starts(pd.Series(raw), freq)
    lo = int(days.min())
    table = period_starts(pd.Series(np.arange(lo, int(days.max()) + 1).astype(
        "datetime64[D]")), freq)
    return table[days - lo]


def share_by_period(part: pd.DataFrame, whole: pd.DataFrame,
                    freq: str | None = None,
                    whole_counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attention: per period, the share of all `whole` rows (the corpus) that are in `part`
    (the filter), with both counts; columns period, count, total, share. `whole_counts`
    (count_by_period(whole, freq=freq)) saves counting a large whole once per part."""
    cols = ["period", "count", "total", "share"]
    if whole.empty or "date" not in whole:
        return pd.DataFrame(columns=cols)
    freq = freq or period_freq(whole["date"])
    mine = count_by_period(part, freq=freq)
    all_ = (whole_counts if whole_counts is not None
            else count_by_period(whole, freq=freq)).rename(columns={"count": "total"})
    out = all_.merge(mine, on="period", how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    out["share"] = out["count"] / out["total"].where(out["total"] > 0)
    out = out[cols]
    out.attrs["freq"] = freq
    return out


def period_bounds(start: object, freq: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of the period starting at `start` (a clicked timeline point)."""
    try:
        ts = pd.Timestamp(str(start)).normalize()
    except (ValueError, TypeError):
        return None
    if pd.isna(ts):
        return None
    period = ts.to_period(_period_alias(freq))
    return period.start_time.normalize(), period.end_time.normalize()


def period_starts(dates: pd.Series, freq: str) -> np.ndarray:
    """Each (naive, non-missing) timestamp's period start, as `dt.to_period(alias).dt.start_time`
    gives it (microseconds, whatever the input's unit), in numpy date units: to_period makes
    a Period per distinct value."""
    unit = np.dtype("datetime64[us]")
    raw: np.ndarray = dates.to_numpy()
    if freq not in ("D", "W-MON"):
        return raw.astype("datetime64[M]").astype(unit)
    days: np.ndarray = raw.astype("datetime64[D]")
    if freq == "D":
        return days.astype(unit)
    # Weeks start on Monday; 1970-01-05 (day 4 of the epoch) was one.
    n: np.ndarray = days.astype(np.int64)
    mondays: np.ndarray = (n - (n - 4) % 7).astype("datetime64[D]")
    return mondays.astype(unit)


def _period_alias(freq: str) -> str:
    return {"D": "D", "W-MON": "W-SUN", "MS": "M"}.get(freq, "M")


def value_counts(values: pd.Series, fill: str | None = None) -> pd.Series:
    """`values.astype("string").fillna(fill).value_counts()` (missing dropped without
    `fill`), counted on a categorical's codes: the same counts in the same order (ties in
    order of first appearance), without making a string per row."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        text = values.astype("string")
        text = text.fillna(fill) if fill is not None else text.dropna()
        return text.value_counts()
    codes = codes_of(values).astype(np.int64)
    labels = [str(c) for c in values.cat.categories]
    missing = len(labels)
    if fill is not None:
        # Missing rows join an existing category of that name, as fillna would.
        codes = np.where(codes < 0, labels.index(fill) if fill in labels else missing, codes)
        labels.append(fill)
    else:
        codes = codes[codes >= 0]
    if codes.size == 0:
        return pd.Series([], dtype="int64", index=pd.Index([], dtype="string"), name="count")
    order = pd.unique(codes)  # in order of first appearance, as a hash table counts them
    counts = np.bincount(codes, minlength=len(labels))[order]
    # Most first, ties in order of first appearance: how pandas sorts Arrow string counts.
    ranked = np.argsort(-counts, kind="stable")
    index = pd.Index([labels[i] for i in order[ranked]], dtype="string", name=values.name)
    return pd.Series(counts[ranked], index=index, name="count")


NOT_GIVEN = "(not given)"  # the label of a missing source, author or other value in a count


def count_by(df: pd.DataFrame, col: str, top: int = MAX_BARS,
             exclude: Sequence[str] = ()) -> pd.DataFrame:
    """Top values of `col` with their counts and share of all rows (`count`, `share`);
    `exclude` drops values from the ranking but not from the total the shares are of. A
    missing speaker counts as the unknown speaker, any other missing value as NOT_GIVEN."""
    if df.empty or col not in df:
        return pd.DataFrame(columns=[col, "count", "share"])
    counts = value_counts(df[col], UNKNOWN_SPEAKER if col == "speaker" else NOT_GIVEN)
    total = int(counts.sum())
    counts = counts[~counts.index.isin(list(exclude))]
    out = counts.head(top).rename_axis(col).reset_index(name="count")
    out["share"] = out["count"] / total if total else 0.0
    return out


def histogram(values: pd.Series, bins: int = 30) -> pd.DataFrame:
    """Binned counts (`left`, `right`, `mid`, `count`) of finite values: the browser gets
    `bins` bars whatever the corpus size."""
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return pd.DataFrame(columns=["left", "right", "mid", "count"])
    # Clip to the 1st–99th percentile so one garbage text does not flatten the chart.
    lo, hi = np.percentile(v, [1, 99]) if v.size > 50 else (v.min(), v.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
    return pd.DataFrame(
        {"left": edges[:-1], "right": edges[1:], "mid": (edges[:-1] + edges[1:]) / 2,
         "count": counts}
    )


def box_stats(df: pd.DataFrame, by: str, value: str, top: int = 15) -> pd.DataFrame:
    """Quartiles and 1.5-IQR whiskers of `value` per `by` (top groups by size), so box
    plots are drawn from six numbers per group rather than every point."""
    cols = [by, "n", "q1", "median", "q3", "low", "high", "mean"]
    if df.empty or by not in df or value not in df:
        return pd.DataFrame(columns=cols)
    v_all = pd.to_numeric(df[value], errors="coerce").to_numpy(dtype=float)
    groups = df[by]
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        groups = groups.astype("string").astype("category")
    codes_all = codes_of(groups)
    keep = np.isfinite(v_all) & (codes_all >= 0)
    if not keep.any():
        return pd.DataFrame(columns=cols)
    codes, v_kept = codes_all[keep], v_all[keep]
    # One stable sort of the codes (radix for small codes) splits every group, rows kept in
    # their order; the first row of a group is where it first appears.
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(groups.cat.categories))
    starts = np.concatenate([[0], np.cumsum(counts)])
    present = np.flatnonzero(counts)
    appear = present[np.argsort(order[starts[present]], kind="stable")]
    # value_counts' ranking: most rows first, ties in order of first appearance.
    leaders = appear[np.argsort(-counts[appear], kind="stable")][:top]
    names = groups.cat.categories
    rows = []
    for code in leaders:
        v = v_kept[order[starts[code]:starts[code + 1]]]
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        iqr = q3 - q1
        inside = v[(v >= q1 - 1.5 * iqr) & (v <= q3 + 1.5 * iqr)]
        rows.append({by: str(names[code]), "n": len(v), "q1": q1, "median": med, "q3": q3,
                     "low": inside.min(), "high": inside.max(),
                     "mean": pd.Series(v).mean()})
    return pd.DataFrame(rows, columns=cols)


# ---- figures ------------------------------------------------------------------------------
# Figures are written as plain specs and wrapped without plotly's check of each property:
# the checks (and update_* path parsing) cost 15-30 ms per figure, most of what a chart costs
# a rerun. tests/test_charts.py rebuilds every figure with the checks on and compares.

Spec = dict[str, Any]


def figure(traces: Sequence[Spec], layout: Spec) -> go.Figure:
    """A figure from trace specs (each with its "type") and a layout spec, unchecked. With no
    point to draw it says so, without axes (plotly's empty axes run over made-up ranges)."""
    if not any(_has_points(t) for t in traces):
        layout = {**layout, "annotations": [EMPTY_NOTE],
                  "xaxis": {**layout.get("xaxis", {}), "visible": False},
                  "yaxis": {**layout.get("yaxis", {}), "visible": False}}
    return go.Figure({"data": list(traces), "layout": layout}, _validate=False)


EMPTY_NOTE: Final[Spec] = {"text": "Nothing to show under these filters", "showarrow": False,
                           "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                           "font": {"color": "#6b6b6b"}}


def _has_points(trace: Spec) -> bool:
    if trace.get("type") in ("bar", "scatter"):
        # the value axis (x of a horizontal bar) all zero: zero-filled periods only (a search
        # nothing matches) draw no bar and no line
        size = trace.get("x" if trace.get("orientation") == "h" else "y")
        if size is not None and len(size) > 0 and pd.api.types.is_numeric_dtype(
            np.asarray(size)
        ) and not np.any(np.asarray(size)):
            return False
    for key in ("x", "y", "q1", "values"):
        v = trace.get(key)
        if v is not None and len(v) > 0:
            return True
    return False


def values(column: object) -> object:
    """What plotly's checks make of a column: its numpy values (dates stay datetime64)."""
    return column.to_numpy() if isinstance(column, pd.Series | pd.Index) else column


def clean(spec: Spec) -> Spec:
    """`spec` without None values (plotly's checks drop a property set to None)."""
    out: Spec = {}
    for key, value in spec.items():
        if isinstance(value, dict):
            value = clean(value)
        if value is not None:
            out[key] = value
    return out


def layout(title: str, height: int = 360, **extra: Any) -> Spec:
    """The common layout (left title, compact margins, legend below), merged with `extra`
    (one level deep: a margin given here replaces only the keys it names)."""
    base: Spec = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 48, "b": 10},
        "font": dict(_FONT),
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "hovermode": "closest",
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return clean(base)


def timeline(counts: pd.DataFrame, title: str, by: str | None = None,
             y_label: str = "quotes") -> go.Figure:
    """Counts over time from `count_by_period`; one line per `by` value when given."""
    traces: list[Spec] = []
    if by and by in counts:
        for name, grp in counts.groupby(by, sort=False):
            traces.append({"type": "scatter", "x": values(grp["period"]),
                           "y": values(grp["count"]), "mode": "lines+markers",
                           "name": str(name), "hovertemplate": "%{x|%b %d, %Y}: %{y}"})
    elif not counts.empty:
        y_fmt = "%{y:.1%}" if y_label.startswith("share") else "%{y}"
        traces.append(clean({"type": "bar", "x": values(counts["period"]),
                              "y": values(counts["count"]), "name": y_label,
                              "width": _bar_ms(counts["period"], counts.attrs.get("freq")),
                              "hovertemplate": "%{x|%b %d, %Y}: " + y_fmt + "<extra></extra>"}))
    peak = int(counts["count"].max()) if not counts.empty else 0
    if y_label.startswith("share"):
        peak = 99  # a share axis needs no whole-number ticks
    # Counts are whole numbers: no 0.5 ticks on a small chart.
    yaxis = {"title": {"text": y_label}, "rangemode": "tozero",
             "dtick": 1 if peak <= 5 else None,
             "tickformat": ".0%" if y_label.startswith("share") else None}
    extra: Spec = {"xaxis": _one_period_axis(counts)}
    if by:
        extra.update(LEGEND_ABOVE)
    return figure(traces, layout(title, yaxis=yaxis, **extra))


# A legend of several lines sits above the plot: below it, it covered the dates of the x axis.
LEGEND_ABOVE: Final[Spec] = {
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    "margin": {"t": 112},  # the title, then up to two rows of legend
}
_DAYS = {"MS": 30, "W-MON": 7, "D": 1}
_TICKS = {"MS": "%b %Y", "W-MON": "week of %b %d, %Y", "D": "%b %d, %Y"}


def _freq_days(periods: pd.Series, freq: str | None) -> int:
    if freq in _DAYS:
        return _DAYS[freq]
    p = pd.Series(sorted(pd.to_datetime(periods).dropna().unique()))
    step = p.diff().dropna().min() if len(p) > 1 else pd.Timedelta(days=28)
    if (p.dt.day == 1).all() and step >= pd.Timedelta(days=28):
        return 30
    if (p.dt.day_of_week == 0).all() and step >= pd.Timedelta(days=7):
        return 7
    return 1


def _one_period_axis(counts: pd.DataFrame) -> Spec | None:
    """A timeline of one period: an axis a few periods wide, one tick naming it (plotly's own
    range for a single date runs over milliseconds)."""
    if counts.empty or counts["period"].nunique() != 1:
        return None
    freq = counts.attrs.get("freq")
    at = pd.Timestamp(counts["period"].iloc[0])
    half = pd.Timedelta(days=1.5 * _freq_days(counts["period"], freq))
    return {"range": [(at - half).isoformat(), (at + half).isoformat()],
            "tickvals": [at.isoformat()], "ticktext": [at.strftime(_TICKS.get(freq, "%b %d, %Y"))]}


def _bar_ms(periods: pd.Series, freq: str | None = None) -> float | None:
    """Bar width of one period in milliseconds: sparse weeks otherwise draw as hairlines."""
    if pd.to_datetime(periods).dropna().empty:
        return None
    return _freq_days(periods, freq) * 86_400_000 * 0.8


def bar_counts(counts: pd.DataFrame, label: str, title: str, value: str = "count",
               x_label: str = "quotes", as_share: bool = False) -> go.Figure:
    """Horizontal bars, largest on top, from `count_by` (or any label/value frame)."""
    data = counts.head(MAX_BARS).iloc[::-1]
    col = "share" if as_share and "share" in data else value
    integral = col in data and pd.api.types.is_integer_dtype(data[col])
    bar = {"type": "bar", "x": values(data[col]) if not data.empty else [],
           "y": values(data[label]) if not data.empty else [], "orientation": "h",
           "texttemplate": "%{x:.0%}" if col == "share" else ("%{x:,}" if integral
                                                              else "%{x:,.1f}"),
           "textposition": "outside", "cliponaxis": False,
           "hovertemplate": "%{y}: %{x}<extra></extra>"}
    xaxis = {"title": {"text": "share of quotes" if col == "share" else x_label},
             "tickformat": ".0%" if col == "share" else None}
    # Room on the right for the value printed past the longest bar.
    return figure([bar], layout(title, height=130 + 24 * max(len(data), 1), xaxis=xaxis,
                                yaxis={"automargin": True}, margin={"r": 48}))


def histogram_figure(hist: pd.DataFrame, title: str, x_label: str) -> go.Figure:
    bar = clean({"type": "bar", "x": values(hist["mid"]) if not hist.empty else [],
                  "y": values(hist["count"]) if not hist.empty else [],
                  "width": values(hist["right"] - hist["left"]) if not hist.empty else None,
                  "hovertemplate": x_label + " ≈ %{x:.1f}: %{y}<extra></extra>"})
    return figure([bar], layout(title, xaxis={"title": {"text": x_label}},
                                yaxis={"title": {"text": "count"}}))


def box_figure(stats: pd.DataFrame, by: str, title: str, x_label: str) -> go.Figure:
    """Horizontal box plots from `box_stats` (precomputed quartiles)."""
    data = stats.iloc[::-1]
    traces: list[Spec] = []
    if not data.empty:
        traces.append({"type": "box", "y": values(data[by]), "q1": values(data["q1"]),
                       "median": values(data["median"]), "q3": values(data["q3"]),
                       "lowerfence": values(data["low"]), "upperfence": values(data["high"]),
                       "mean": values(data["mean"]), "orientation": "h", "boxpoints": False,
                       "name": x_label})
    return figure(traces, layout(title, height=max(260, 60 + 28 * len(data)),
                                 xaxis={"title": {"text": x_label}},
                                 yaxis={"automargin": True}, showlegend=False))


_VALUE_LABELS = {"z": "distinctiveness (log-odds z)", "score": "keyphrase weight"}


def terms_bar(terms: pd.DataFrame, title: str, term: str = "term",
              value: str = "weight") -> go.Figure:
    """Top terms as horizontal bars (the frame is already ranked and cut)."""
    return bar_counts(terms, label=term, title=title, value=value,
                      x_label=_VALUE_LABELS.get(value, value))


def share_lines(counts: pd.DataFrame, by: str, title: str,
                names: Sequence[object] | None = None, label: str | None = None) -> go.Figure:
    """Lines of share per period (e.g. topic shares); `counts` has period, `by`, share. One
    line per value of `by` (those in `names`, when given), named by its `label` column (else
    the value); the name is also its legend group, which a clicked point reports."""
    traces = [{"type": "scatter", "x": values(grp["period"]), "y": values(grp["share"]),
               "mode": "lines+markers",  # markers: one period shows too
               "name": name, "legendgroup": name}
              for key, grp in counts.groupby(by, sort=False)
              if names is None or key in names
              for name in (str(grp[label].iloc[0] if label else key),)]
    return figure(traces, layout(title, yaxis={"tickformat": ".0%", "rangemode": "tozero"},
                                 **LEGEND_ABOVE))


def compare_terms(scored: pd.DataFrame, name_a: str, name_b: str, title: str,
                  n: int = 12) -> go.Figure:
    """Log-odds z of terms (from lib.keywords.log_odds, positive = more `name_a`): the `n`
    most distinctive terms of each side as bars either side of zero."""
    a = scored[scored["z"] > 0].head(n)
    b = scored[scored["z"] < 0].sort_values("z").head(n)
    data = pd.concat([b.iloc[::-1], a.iloc[::-1]]) if len(scored) else scored
    traces = [{"type": "bar", "x": values(part["z"]), "y": values(part["term"]),
               "orientation": "h", "name": name, "marker": {"color": color},
               "hovertemplate": "%{y}: z = %{x:.1f}<extra>" + name + "</extra>"}
              # A first, as the page's selectors are: the bars' places come from the axis order
              for part, name, color in ((a, name_a, "#1f5fa8"), (b, name_b, "#c05621"))
              if not part.empty]
    yaxis = {"automargin": True, "categoryorder": "array",
             "categoryarray": list(data["term"]) if len(data) else []}
    xaxis = {"title": {"text": f"← more {name_b} · more {name_a} → (log-odds z)"}}
    return figure(traces, layout(title, height=130 + 22 * max(len(data), 1), xaxis=xaxis,
                                 yaxis=yaxis))
