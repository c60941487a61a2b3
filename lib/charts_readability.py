"""Plotly figures for the Readability page over already-ranked frames (lib.readability_tables):
speakers' scores with their bootstrap intervals, and each speaker's quotes against the
articles that quote them. Pure: no Streamlit, no scoring."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib import charts

_SPEAKER_COLOR = "#d62728"
_ARTICLE_COLOR = "#1f77b4"


def _layout(title: str, rows: int, **extra: Any) -> charts.Spec:
    return charts.layout(
        title, height=max(260, 90 + 28 * rows),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        yaxis={"automargin": True, "autorange": "reversed"}, **extra)


def _finite(df: pd.DataFrame, col: str) -> pd.DataFrame:
    v = pd.to_numeric(df[col], errors="coerce")
    return df[np.isfinite(v.astype(float))]


def interval_figure(ranked: pd.DataFrame, title: str, x_label: str) -> go.Figure:
    """Speakers' scores (`value`) as dots with 95% bootstrap intervals (`lo`, `hi`), the
    words each rests on in the hover. Speakers without a score are left out."""
    data = _finite(ranked, "value") if "value" in ranked else ranked.iloc[0:0]
    traces: list[charts.Spec] = []
    if not data.empty:
        lo = pd.to_numeric(data.get("lo"), errors="coerce")
        hi = pd.to_numeric(data.get("hi"), errors="coerce")
        value = data["value"].astype(float)
        traces.append({
            "type": "scatter", "x": charts.values(value), "y": charts.values(data["speaker"]),
            "mode": "markers", "marker": {"size": 9},
            "error_x": {"type": "data", "symmetric": False,
                        "array": charts.values((hi - value).clip(lower=0).fillna(0)),
                        "arrayminus": charts.values((value - lo).clip(lower=0).fillna(0)),
                        "thickness": 1.5},
            "customdata": np.stack([data["words"].fillna(0).astype(float), lo, hi], axis=1),
            "hovertemplate": ("%{y}: %{x:.1f}<br>95% interval %{customdata[1]:.1f}–"
                              "%{customdata[2]:.1f}<br>%{customdata[0]:,.0f} words"
                              "<extra></extra>"),
            "name": x_label,
        })
    return charts.figure(traces, _layout(title, len(data), showlegend=False,
                                         xaxis={"title": {"text": x_label}}))


def dumbbell_figure(pairs: pd.DataFrame, title: str, x_label: str) -> go.Figure:
    """Per speaker, a dot for their quotes and one for the median article quoting them,
    joined by a line: the gap shows who is plainer, speaker or reporter."""
    data = pairs.copy()
    if not data.empty:
        sv = pd.to_numeric(data["speaker_value"], errors="coerce")
        av = pd.to_numeric(data["article_value"], errors="coerce")
        data = data[np.isfinite(sv.astype(float)) & np.isfinite(av.astype(float))]
    traces: list[charts.Spec] = []
    if not data.empty:
        xs: list[float | None] = []
        ys: list[str | None] = []
        for name, a, b in zip(data["speaker"], data["speaker_value"], data["article_value"],
                              strict=True):
            xs += [float(a), float(b), None]
            ys += [str(name), str(name), None]
        traces.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines",
                       "line": {"color": "#bbbbbb", "width": 3}, "hoverinfo": "skip",
                       "showlegend": False})
        traces.append({
            "type": "scatter", "x": charts.values(data["article_value"].astype(float)),
            "y": charts.values(data["speaker"]), "mode": "markers",
            "marker": {"size": 11, "color": _ARTICLE_COLOR},
            "name": "articles quoting them (median)",
            "customdata": charts.values(data["n_articles"]),
            "hovertemplate": "%{y}: articles %{x:.1f} (median of %{customdata})<extra></extra>",
        })
        traces.append({
            "type": "scatter", "x": charts.values(data["speaker_value"].astype(float)),
            "y": charts.values(data["speaker"]), "mode": "markers",
            "marker": {"size": 11, "color": _SPEAKER_COLOR}, "name": "their quotes",
            "customdata": charts.values(data["words"].fillna(0).astype(float)),
            "hovertemplate": "%{y}: quotes %{x:.1f} (%{customdata:,.0f} words)<extra></extra>",
        })
    return charts.figure(traces, _layout(title, len(data), xaxis={"title": {"text": x_label}}))
