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
KEY_STOP = "stop"  # the reader's words to leave out of keyword lists (lib.stoplist)


# Page-level settings bound to the URL, with their defaults (left out of links when default).
VIEW_KEYS: dict[str, object] = {KEY_COUNTS: False, KEY_IMAGE: "png", KEY_STOP: "", "who": None,
                                "kwic": "",
                                "cmp_by": "speaker", "cmp_a": None, "cmp_b": None,
                                "cmp_f": "Flesch reading ease", "rd_formula": "Flesch reading ease",
                                "rd_order": "Hardest first", "kw_n": 20, "kw_speaker": None,
                                "kw_a": None, "kw_b": None, "ex_tab": "Articles",
                                "qt_tab": "Per speaker", "rd_tab": "Distributions"}
UPLOAD_STATE = "_upload_built"  # lib.ui.data keeps an uploaded corpus's build under it
PLAIN_KEYS = ("quote",)  # set through st.query_params, not a widget


def view_query() -> list[tuple[str, str]]:
    """The whole view as URL pairs: the shared filters (from this run's Filters, which the
    backend's st.query_params may lag behind after a widget change) plus the page settings."""
    view_ = st.session_state.get("_view")
    filters = getattr(view_, "filters", None)
    pairs: list[tuple[str, str]] = []
    for key, value in (filters.to_query() if filters is not None else {}).items():
        pairs += [(key, v) for v in ([value] if isinstance(value, str) else value)]
    for key, default in VIEW_KEYS.items():
        # A page widget drawn below the link has no state yet on a link's first run.
        value = (st.session_state[key] if key in st.session_state
                 else st.query_params.get(key, default))
        if value is None or value == default or value == "":
            continue
        pairs.append((key, "true" if value is True else str(value)))
    for key in PLAIN_KEYS:
        pairs += [(key, v) for v in st.query_params.get_all(key)]
    return pairs


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
    (kept inside the corpus's dates, which the date widgets require, and inside the date
    filter already set: a click narrows the view, never widens it)."""

    def callback() -> None:
        xs = [p.get("x") for p in _points(chart_key) if p.get("x") is not None]
        spans = [s for s in (charts.period_bounds(x, freq) for x in xs) if s]
        if not spans:
            return
        lo = min(s[0] for s in spans).date()
        hi = max(s[1] for s in spans).date()
        if bounds is not None:
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        now_lo, now_hi = st.session_state.get(from_key), st.session_state.get(to_key)
        if isinstance(now_lo, date):
            lo = max(lo, now_lo)
        if isinstance(now_hi, date):
            hi = min(hi, now_hi)
        if lo <= hi:
            st.session_state[from_key] = lo
            st.session_state[to_key] = hi

    return callback


def chart_config(name: str) -> dict[str, Any]:
    """Plotly's modebar camera saves PNG or SVG (no kaleido on the server), named after the
    chart and the filter."""
    fmt = st.session_state.get(KEY_IMAGE) or "png"
    fmt = fmt if fmt in ("png", "svg") else "png"
    query: dict[str, list[str]] = {}
    for k, v in view_query():
        query.setdefault(k, []).append(v)
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
                    on_select=on_select, selection_mode=selection_mode)  # type: ignore[call-overload]


def view_link(page_path: str = "") -> str:
    """The current view as a URL: this page plus every bound setting in the query string."""
    query = urlencode(view_query())
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
        if st.session_state.get(UPLOAD_STATE) is not None:
            st.warning("This view shows your upload, which lives only in this browser "
                       "session: the link opens the server's corpus.")


def capped(df: pd.DataFrame, cap: int) -> pd.DataFrame:
    """At most `cap` rows for the browser; the download buttons carry all of them."""
    return df if len(df) <= cap else df.head(cap)
