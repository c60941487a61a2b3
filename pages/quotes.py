"""Quotes: who is quoted how often (share of the filter's quotes by default, counts on the
"counts" toggle), top speakers over time, and the quote table. Clicking a bar filters by that
speaker; picking a row opens the quote in its article."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui
from lib.filters import KEY_SPEAKER, UNKNOWN_SPEAKER

TABLE_CAP = 2_000  # rows sent to the browser; the download carries the rest

v = ui.view()
st.title("Quotes")
ui.describe_banner(v.sentence, v.articles, v.quotes)

# Tabs rather than columns: each chart gets the full width, which a long speaker list and a
# legend of eight names need at 800 px.
per_speaker, over_time = st.tabs(["Per speaker", "Over time"], key="qt_tab", bind="query-params")
with per_speaker:
    # Kept with the filter's view: clearing a filter returns to a kept view.
    top = ui.per_view(v.quotes, ("top_speakers", charts.MAX_BARS), lambda: charts.count_by(
        v.quotes, "speaker", exclude=[UNKNOWN_SPEAKER]))
    ui.plot_select(charts.bar_counts(top, "speaker", "Quotes per speaker",
                                     as_share=not v.raw_counts), "q_speakers",
                   on_select=ui.set_from_bars("q_speakers", KEY_SPEAKER))
    st.caption("Click a bar to filter by that speaker.")
with over_time:
    lines = ui.per_view(v.quotes, ("speaker_lines",),
                        lambda: charts.count_by_period(v.quotes, by="speaker"))
    ui.plot(charts.timeline(lines, "Most quoted speakers over time", by="speaker"), "q_time")

unknown = int((v.quotes["speaker"] == UNKNOWN_SPEAKER).sum()) if "speaker" in v.quotes else 0
if unknown:
    st.caption(f"{unknown:,} quotes have no attributable speaker: they count in the shares "
               "but get no bar or line.")

st.subheader(f"{len(v.quotes):,} quotes")
shown_frame = ui.per_view(v.quotes, ("newest", TABLE_CAP),
                          lambda: ui.newest(v.quotes, TABLE_CAP))
if len(shown_frame) < len(v.quotes):
    st.caption(f"The newest {TABLE_CAP:,} are listed; the download has all {len(v.quotes):,}.")
event = ui.quote_table(shown_frame, key="q_table", select=True)
rows = event.selection.rows if event is not None else []
if rows:
    qid = str(ui.column(shown_frame, "quote_id").iloc[rows[0]])
    # Only the quote: the sidebar's bound filters put themselves in the next page's URL, so
    # passing them again repeated every value with each round trip.
    st.page_link("pages/article.py", label="Read this quote in its article →",
                 query_params={"quote": qid})
elif len(shown_frame):
    st.caption("Select a row to read the quote in its article.")
ui.export_buttons(v.quotes, "quotes", v.filters, key="q_export")
