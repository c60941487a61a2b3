"""Overview: corpus size, date span and sources, quotes over time, top speakers, and the
load report (what was read and what was skipped, with reasons)."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui
from lib.filters import UNKNOWN_SPEAKER, count_speakers

v = ui.view()
st.title("Overview")
ui.describe_banner(v.sentence, v.articles, v.quotes)

dates = v.articles["date"].dropna() if "date" in v.articles else v.articles.iloc[0:0]
cols = st.columns(4)
cols[0].metric("Articles", f"{len(v.articles):,}")
cols[1].metric("Quotes", f"{len(v.quotes):,}")
cols[2].metric("Speakers", f"{count_speakers(v.quotes):,}")
cols[3].metric("Sources", f"{v.articles['source'].nunique() if 'source' in v.articles else 0:,}")
undated = len(v.articles) - len(dates)
# A metric box truncates a date range at narrow widths; a line of text wraps instead.
span = (f"{dates.min():%d %b %Y} to {dates.max():%d %b %Y}" if not dates.empty
        else "no dated articles")
st.markdown(f"**Dates:** {span}" + (f" · {undated:,} undated" if undated else ""))

left, right = st.columns(2)
with left:
    ui.plot(charts.timeline(charts.count_by_period(v.quotes), "Quotes over time"), "ov_time")
with right:
    top = charts.count_by(v.quotes, "speaker", top=15, exclude=[UNKNOWN_SPEAKER])
    ui.plot(charts.bar_counts(top, "speaker", "Most quoted speakers"), "ov_speakers")

left, right = st.columns(2)
with left:
    ui.plot(
        charts.timeline(charts.count_by_period(v.articles), "Articles over time",
                        y_label="articles"),
        "ov_articles_time",
    )
with right:
    by_source = charts.count_by(v.articles, "source", top=15)
    ui.plot(charts.bar_counts(by_source, "source", "Articles per source", x_label="articles"),
            "ov_sources")

if undated:
    st.caption(f"Undated articles are not on the timelines ({undated:,} here).")

report = v.built.manifest.get("load_report") or {}
skipped = report.get("skipped") if isinstance(report, dict) else None
with st.expander(f"Load report for {ui.md_escape(v.corpus_label)}", expanded=bool(skipped)):
    ui.load_report(report)
