"""Drill-down and saved views: chart and table selections that set the shared filters (by
writing the bound widgets' session_state in a callback, so the URL follows), the chart image
settings, and the link of the current view. It never filters data itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import charts
from lib.export import export_filename

KEY_IMAGE = "img"  # chart download format, bound to the URL like every view setting
KEY_COUNTS = "counts"  # raw counts instead of shares


def _points(chart_key: str) -> list[Mapping[str, Any]]:
    state = st.session_state.get(chart_key)
    try:
        return list(state["selection"]["points"])  # type: ignore[index]
    except (KeyError, TypeError):
        return []


def set_from_bars(chart_key: str, widget_key: str, axis: str = "y",
                  ignore: tuple[str, ...] = ()) -> Callable[[], None]:
    """Callback: the clicked bars' labels become the value of the multiselect `widget_key`.
    A callback runs before the script, so the bound widget (and its URL key) take it up."""

    def callback() -> None:
        picked = [str(p[axis]) for p in _points(chart_key) if p.get(axis) is not None]
        picked = [p for p in dict.fromkeys(picked) if p not in ignore]
        if picked:
            st.session_state[widget_key] = picked

    return callback


def set_from_period(chart_key: str, freq: str, bounds: tuple[date, date] | None,
                    from_key: str = "from", to_key: str = "to") -> Callable[[], None]:
    """Callback: a clicked timeline point sets the date filter to that day, week or month
    (kept inside the corpus's dates, which the date widgets require)."""

    def callback() -> None:
        xs = [p.get("x") for p in _points(chart_key) if p.get("x") is not None]
        spans = [s for s in (charts.period_bounds(x, freq) for x in xs) if s]
        if not spans:
            return
        lo = min(s[0] for s in spans).date()
        hi = max(s[1] for s in spans).date()
        if bounds is not None:
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        if lo <= hi:
            st.session_state[from_key] = lo
            st.session_state[to_key] = hi

    return callback


def chart_config(name: str) -> dict[str, Any]:
    """Plotly's modebar camera saves PNG or SVG (no kaleido on the server), named after the
    chart and the filter."""
    fmt = st.session_state.get(KEY_IMAGE) or "png"
    fmt = fmt if fmt in ("png", "svg") else "png"
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    stem = export_filename(name, query, fmt).rsplit(".", 1)[0]
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": fmt, "filename": stem, "scale": 2}}


def plot(fig: go.Figure, key: str, on_select: Callable[[], None] | None = None,
         selection_mode: str = "points") -> None:
    """A chart with its download settings; clickable when `on_select` is given."""
    if on_select is None:
        st.plotly_chart(fig, width="stretch", key=key, config=chart_config(key))
        return
    fig.update_layout(clickmode="event+select", dragmode=False)
    st.plotly_chart(fig, width="stretch", key=key, config=chart_config(key),
                    on_select=on_select, selection_mode=selection_mode)  # type: ignore[arg-type]


def view_link(page_path: str = "") -> str:
    """The current view as a URL: this page plus every bound setting in the query string."""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    query = urlencode(pairs)
    base = ""
    try:
        base = (st.context.url or "").split("?", 1)[0]
    except Exception:  # no browser context (AppTest): a relative link is still shareable
        base = ""
    if not base:
        base = "/" + page_path.strip("/")
    return base + ("?" + query if query else "")


def copy_link() -> None:
    """A copyable link of the whole view (st.code has a copy button)."""
    with st.expander("Link to this view", expanded=False):
        st.code(view_link(), language=None, wrap_lines=True)
        st.caption("Opening it reproduces the filters, toggles and selections of this page.")


def capped(df: pd.DataFrame, cap: int) -> pd.DataFrame:
    """At most `cap` rows for the browser; the download buttons carry all of them."""
    return df if len(df) <= cap else df.head(cap)
