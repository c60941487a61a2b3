"""Plotly figures for the Readability page over already-ranked frames (lib.readability_tables):
speakers' scores with their bootstrap intervals, and each speaker's quotes against the
articles that quote them. Pure: no Streamlit, no scoring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

_FONT = dict(size=13)
_SPEAKER_COLOR = "#d62728"
_ARTICLE_COLOR = "#1f77b4"


def _layout(fig: go.Figure, title: str, rows: int) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=max(260, 90 + 28 * rows),
        margin=dict(l=10, r=10, t=48, b=10),
        font=_FONT,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
        hovermode="closest",
    )
    fig.update_yaxes(automargin=True, autorange="reversed")
    return fig


def _finite(df: pd.DataFrame, col: str) -> pd.DataFrame:
    v = pd.to_numeric(df[col], errors="coerce")
    return df[np.isfinite(v.astype(float))]


def interval_figure(ranked: pd.DataFrame, title: str, x_label: str) -> go.Figure:
    """Speakers' scores (`value`) as dots with 95% bootstrap intervals (`lo`, `hi`), the
    words each rests on in the hover. Speakers without a score are left out."""
    data = _finite(ranked, "value") if "value" in ranked else ranked.iloc[0:0]
    fig = go.Figure()
    if not data.empty:
        lo = pd.to_numeric(data.get("lo"), errors="coerce")
        hi = pd.to_numeric(data.get("hi"), errors="coerce")
        value = data["value"].astype(float)
        fig.add_trace(go.Scatter(
            x=value, y=data["speaker"], mode="markers", marker=dict(size=9),
            error_x=dict(type="data", symmetric=False,
                         array=(hi - value).clip(lower=0).fillna(0),
                         arrayminus=(value - lo).clip(lower=0).fillna(0), thickness=1.5),
            customdata=np.stack([data["words"].fillna(0).astype(float), lo, hi], axis=1),
            hovertemplate=("%{y}: %{x:.1f}<br>95% interval %{customdata[1]:.1f}–"
                           "%{customdata[2]:.1f}<br>%{customdata[0]:,.0f} words<extra></extra>"),
            name=x_label,
        ))
    fig.update_xaxes(title_text=x_label)
    fig.update_layout(showlegend=False)
    return _layout(fig, title, len(data))


def dumbbell_figure(pairs: pd.DataFrame, title: str, x_label: str) -> go.Figure:
    """Per speaker, a dot for their quotes and one for the median article quoting them,
    joined by a line: the gap shows who is plainer, speaker or reporter."""
    data = pairs.copy()
    if not data.empty:
        sv = pd.to_numeric(data["speaker_value"], errors="coerce")
        av = pd.to_numeric(data["article_value"], errors="coerce")
        data = data[np.isfinite(sv.astype(float)) & np.isfinite(av.astype(float))]
    fig = go.Figure()
    if not data.empty:
        xs: list[float | None] = []
        ys: list[str | None] = []
        for name, a, b in zip(data["speaker"], data["speaker_value"], data["article_value"],
                              strict=True):
            xs += [float(a), float(b), None]
            ys += [str(name), str(name), None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#bbbbbb", width=3),
                                 hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=data["article_value"].astype(float), y=data["speaker"], mode="markers",
            marker=dict(size=11, color=_ARTICLE_COLOR), name="articles quoting them (median)",
            customdata=data["n_articles"],
            hovertemplate="%{y}: articles %{x:.1f} (median of %{customdata})<extra></extra>",
        ))
        fig.add_trace(go.Scatter(
            x=data["speaker_value"].astype(float), y=data["speaker"], mode="markers",
            marker=dict(size=11, color=_SPEAKER_COLOR), name="their quotes",
            customdata=data["words"].fillna(0).astype(float),
            hovertemplate="%{y}: quotes %{x:.1f} (%{customdata:,.0f} words)<extra></extra>",
        ))
    fig.update_xaxes(title_text=x_label)
    return _layout(fig, title, len(data))
