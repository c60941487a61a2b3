"""Quotes: who is quoted how often (bar, as a share or a count), each top speaker over time,
and the quote table with the sentence around each quote."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui
from lib.filters import UNKNOWN_SPEAKER

v = ui.view()
st.title("Quotes")
ui.describe_banner(v.sentence, v.articles, v.quotes)

as_share = st.toggle("Show shares of all quotes", value=False, key="quotes_share")
# Tabs rather than columns: each chart gets the full width, which a long speaker list and a
# legend of eight names need at 800 px.
per_speaker, over_time = st.tabs(["Per speaker", "Over time"])
with per_speaker:
    top = charts.count_by(v.quotes, "speaker", exclude=[UNKNOWN_SPEAKER])
    ui.plot(charts.bar_counts(top, "speaker", "Quotes per speaker", as_share=as_share),
            "q_speakers")
with over_time:
    lines = charts.count_by_period(v.quotes, by="speaker")
    ui.plot(charts.timeline(lines, "Most quoted speakers over time", by="speaker"), "q_time")

unknown = int((v.quotes["speaker"] == UNKNOWN_SPEAKER).sum()) if "speaker" in v.quotes else 0
if unknown:
    st.caption(f"{unknown:,} quotes have no attributable speaker: they count in the shares "
               "but get no bar or line.")

st.subheader(f"{len(v.quotes):,} quotes")
shown = ui.quote_table(ui.newest_first(v.quotes), key="q_table")
ui.csv_button(shown, "Download these quotes (CSV)", "quotes.csv", key="q_csv")
