"""Readability: how hard the filtered articles and each speaker's quotes are to read, by a
formula chosen from a list (each explained in one line). Scores come from the build."""

from __future__ import annotations

import streamlit as st

from lib import charts, readability, ui

v = ui.view()
st.title("Readability")
ui.describe_banner(v.sentence, v.articles, v.quotes)

formulas = [key for key in readability.FORMULAS if key in v.articles.columns]
if not formulas:
    st.info("This corpus has no readability scores.")
    st.stop()
col = st.selectbox("Formula", formulas, key="rd_formula",
                   format_func=lambda key: readability.FORMULAS[key].label)
formula = readability.FORMULAS[col]
st.caption(f"{formula.explanation} Scale: {formula.scale}.")
label = formula.label

left, right = st.columns(2)
with left:
    hist = charts.histogram(v.articles[col])
    ui.plot(charts.histogram_figure(hist, f"{label}: articles", label), "rd_articles")
    scores = v.articles[col].dropna()
    if not scores.empty:
        st.caption(f"Median {scores.median():.1f} over {len(scores):,} scored articles.")
with right:
    if col in v.quotes.columns:
        stats = charts.box_stats(v.quotes, "speaker", col)
        ui.plot(charts.box_figure(stats, "speaker", f"{label}: quotes per speaker", label),
                "rd_speakers")
        st.caption("Short quotes give noisy scores: boxes with few quotes say little.")
