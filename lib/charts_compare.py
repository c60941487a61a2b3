"""Compare page helpers: parse a period ("2024-05" or "2024-01..2024-03"), pick one side's rows,
and draw two sides on one scale (shared y axis). Plotly and pandas only; no Streamlit and no
text analysis: inputs are the already filtered frames."""

from __future__ import annotations

import copy
import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib import charts

COLORS = ("#1f5fa8", "#c05621")  # the same two colours as charts.compare_terms: A blue, B orange
# B's choice "everything else in the filter": one speaker, source or period against the rest.
REST = "(all the others)"
_PART = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def _bounds(part: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    m = _PART.match(part)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            ts = pd.Timestamp(int(year), int(month), int(day))
            return ts, ts
        if month:
            p = pd.Period(f"{year}-{int(month):02d}", freq="M")
        else:
            p = pd.Period(year, freq="Y")
    except (ValueError, OverflowError):
        return None
    return p.start_time.normalize(), p.end_time.normalize()


def parse_period(text: object) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of "YYYY", "YYYY-MM", "YYYY-MM-DD" or "from..to" of those (a link is
    hand-edited, so a bad value gives None, never an error; reversed bounds are swapped)."""
    if not isinstance(text, str) or not text.strip():
        return None
    pieces = text.split("..")
    if len(pieces) > 2:
        return None
    spans = [_bounds(p) for p in pieces]
    if any(s is None for s in spans):
        return None
    lo = min(s[0] for s in spans if s is not None)
    hi = max(s[1] for s in spans if s is not None)
    return lo, hi


def period_label(span: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    lo, hi = span
    return f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d}"


def month_options(dates: pd.Series) -> list[str]:
    """The months that have dated rows, oldest first, as "YYYY-MM"."""
    d = pd.to_datetime(dates, errors="coerce").dropna()
    if getattr(d.dt, "tz", None) is not None:
        d = d.dt.tz_localize(None)
    # Unique months first: formatting a million timestamps one by one took seconds.
    months = np.unique(d.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]"))
    return [str(m) for m in months]


def rest_name(by: str, rest_of: object) -> str:
    """What `REST` holds, said plainly: every other quote (unattributed ones too), every other
    article (those without an outlet too), or the dated rows outside a period."""
    if by == "speaker":
        return "All other quotes"
    if by == "source":
        return "All other articles"
    return f"Outside {rest_of}" if isinstance(rest_of, str) and rest_of else "Other dates"


def side_rows(df: pd.DataFrame, by: str, item: object, rest_of: object = None) -> pd.DataFrame:
    """The rows of one side: a speaker's quotes, a source's rows, or the rows of a period.
    `REST` is every row that is not `rest_of`'s (for a period: the dated rows outside it)."""
    if df.empty or not isinstance(item, str):
        return df.iloc[0:0]
    if item == REST:
        if not isinstance(rest_of, str) or rest_of == REST:
            return df.iloc[0:0]
        theirs = side_rows(df, by, rest_of)
        rest = df.drop(index=theirs.index)
        if by == "period" and "date" in rest:
            rest = rest[pd.to_datetime(rest["date"], errors="coerce").notna().to_numpy()]
        return rest
    if by == "period":
        span = parse_period(item)
        if span is None or "date" not in df:
            return df.iloc[0:0]
        dates = pd.to_datetime(df["date"], errors="coerce")
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        # Whole days without normalising every timestamp: before midnight after the last day.
        end = span[1].normalize() + pd.Timedelta(days=1)
        return df[((dates >= span[0].normalize()) & (dates < end)).to_numpy(dtype=bool)]
    col = "speaker" if by == "speaker" else "source"
    if col not in df:
        return df.iloc[0:0]
    values = df[col]
    # A categorical compares once per category; a string column as it is.
    same = values == item if isinstance(values.dtype, pd.CategoricalDtype) else \
        values.astype("string") == item
    return df[same.fillna(False).to_numpy(dtype=bool)]


def over_time(part: pd.DataFrame, whole: pd.DataFrame, freq: str,
              as_share: bool, whole_counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quotes of one side per period (`period`, `count`); with `as_share`, `count` holds the
    share of all quotes in the filter in that period, so both sides read on one scale.
    `whole_counts` is `whole` counted per period once for both sides."""
    if not as_share:
        return charts.count_by_period(part, freq=freq)
    shares = charts.share_by_period(part, whole, freq=freq, whole_counts=whole_counts)
    shares = shares[shares["count"] > 0] if not shares.empty else shares
    return pd.DataFrame({"period": shares["period"], "count": shares["share"]})


_PANELS: list[charts.Spec] = []


def _two_panels() -> charts.Spec:
    """Layout of one row of two panels sharing the y axis, as make_subplots lays it out:
    made once (make_subplots checks every property: 30 ms), copied for each figure."""
    if not _PANELS:
        grid = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.07,
                             subplot_titles=("A", "B"))
        _PANELS.append(grid.to_dict()["layout"])
    spec = copy.deepcopy(_PANELS[0])
    spec.pop("template", None)  # the default template is added when the figure is drawn
    return spec


def side_by_side(a: pd.DataFrame, b: pd.DataFrame, name_a: str, name_b: str, title: str,
                 y_label: str = "quotes", same_x: bool = True) -> go.Figure:
    """Two timelines (from `over_time`) next to each other on one shared y axis, and on one
    shared time axis unless `same_x` is off (two periods need not overlap)."""
    share = y_label.startswith("share")
    safe = (html.escape(name_a), html.escape(name_b))
    spec = _two_panels()
    y_fmt = "%{y:.1%}" if share else "%{y}"
    peak = 0.0
    traces: list[charts.Spec] = []
    for col, (counts, name, color) in enumerate(zip((a, b), safe, COLORS, strict=True), start=1):
        if counts.empty:
            continue
        peak = max(peak, float(counts["count"].max()))
        traces.append(charts.clean({
            "type": "bar", "x": charts.values(counts["period"]),
            "y": charts.values(counts["count"]), "name": name, "marker": {"color": color},
            "width": charts._bar_ms(counts["period"], counts.attrs.get("freq")),
            "hovertemplate": "%{x|%b %d, %Y}: " + y_fmt + "<extra>" + name + "</extra>",
            "xaxis": "x" if col == 1 else f"x{col}", "yaxis": "y" if col == 1 else f"y{col}"}))
    for axis in ("yaxis", "yaxis2"):
        spec[axis].update(charts.clean({"rangemode": "tozero",
                                        "tickformat": ".0%" if share else None,
                                        "dtick": 1 if (not share and peak <= 5) else None}))
    spec["yaxis"]["title"] = {"text": y_label}
    if same_x:  # shared_xaxes only links rows; two columns are linked by hand
        for axis in ("xaxis", "xaxis2"):
            spec[axis]["matches"] = "x"
    # Subplot titles are annotations: small and left-aligned like the figure title.
    for note, name in zip(spec["annotations"], safe, strict=True):
        note["text"] = name
        note["font"] = {"size": 13}
    return charts.figure(traces, charts.layout(title, showlegend=False, **spec))


def median_and_words(df: pd.DataFrame, formula: str) -> tuple[float, int, int]:
    """Median score of `formula` over the rows that have one, the words those rows hold, and
    how many rows were scored: a median resting on 40 words should read as weak."""
    if df.empty or formula not in df:
        return float("nan"), 0, 0
    scores = pd.to_numeric(df[formula], errors="coerce")
    scored = scores.notna() & np.isfinite(scores.fillna(0.0))
    words = pd.to_numeric(df.loc[scored, "words"], errors="coerce") if "words" in df else None
    n_words = int(words.fillna(0).sum()) if words is not None else 0
    if not scored.any():
        return float("nan"), n_words, 0
    return float(scores[scored].median()), n_words, int(scored.sum())


def readability_bars(values: tuple[float, float], names: tuple[str, str], label: str,
                     title: str) -> go.Figure:
    """The two medians as bars on one axis."""
    safe = [html.escape(n) for n in names]
    shown = [(n, v, c) for n, v, c in zip(safe, values, COLORS, strict=True) if np.isfinite(v)]
    bar = {"type": "bar", "x": [v for _, v, _ in shown], "y": [n for n, _, _ in shown],
           "orientation": "h", "marker": {"color": [c for _, _, c in shown]},
           "texttemplate": "%{x:.1f}", "textposition": "outside", "cliponaxis": False,
           "hovertemplate": "%{y}: %{x:.1f}<extra></extra>"}
    # Category axis: labels like "2024-05" would otherwise be read as dates.
    yaxis = {"automargin": True, "type": "category", "categoryorder": "array",
             "categoryarray": safe[::-1]}
    xaxis = {"title": {"text": html.escape(label)}, "rangemode": "tozero"}
    return charts.figure([bar], charts.layout(title, height=200, xaxis=xaxis, yaxis=yaxis,
                                              margin={"r": 48}))
