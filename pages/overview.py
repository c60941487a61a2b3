"""Overview: corpus size, date span and sources, quotes over time, top speakers (as shares of
the filter by default), attention over time, and the load report. Clicking a bar or a period
sets that filter."""

from __future__ import annotations

import streamlit as st

from lib import charts, ui
from lib.filters import KEY_SOURCE, KEY_SPEAKER, UNKNOWN_SPEAKER, Filters, count_speakers

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
bounds = ((v.built.articles["date"].min().date(), v.built.articles["date"].max().date())
          if "date" in v.built.articles and v.built.articles["date"].notna().any() else None)

# Aggregates are kept with the filter's view: clearing a filter returns to a kept view.
left, right = st.columns(2)
with left:
    freq = (ui.per_view(v.quotes, ("freq",), lambda: charts.period_freq(v.quotes["date"]))
            if "date" in v.quotes else "MS")
    per_period = ui.per_view(v.quotes, ("per_period", freq),
                             lambda: charts.count_by_period(v.quotes, freq=freq))
    ui.plot_select(charts.timeline(per_period, "Quotes over time"), "ov_time",
                   on_select=ui.set_from_period("ov_time", freq, bounds))
with right:
    top = ui.per_view(v.quotes, ("top_speakers", 15), lambda: charts.count_by(
        v.quotes, "speaker", top=15, exclude=[UNKNOWN_SPEAKER]))
    ui.plot_select(charts.bar_counts(top, "speaker", "Most quoted speakers",
                                     as_share=not v.raw_counts), "ov_speakers",
                   on_select=ui.set_from_bars("ov_speakers", KEY_SPEAKER))

left, right = st.columns(2)
with left:
    # Everything published: the unfiltered view (wire copies once, as the filter counts them).
    whole = ui.filtered(v.built, Filters())[0] if v.filters.dedupe else v.built.articles
    freq_a = (ui.per_view(whole, ("freq",), lambda: charts.period_freq(whole["date"]))
              if "date" in whole else "MS")
    # With nothing narrowing the articles every period's share is 100%: counts say more then.
    shares_shown = not v.raw_counts and len(v.articles) < len(whole)
    if shares_shown:
        # Attention: the filter's share of everything published in each period, so a busy
        # month does not pass for more interest.
        totals = ui.per_view(whole, ("per_period", freq_a),
                             lambda: charts.count_by_period(whole, freq=freq_a))
        shares = ui.per_view(v.articles, ("shares", freq_a), lambda: charts.share_by_period(
            v.articles, whole, freq=freq_a, whole_counts=totals))
        fig = charts.timeline(shares.assign(count=shares["share"]),
                              "Attention: share of all articles", y_label="share of articles")
    else:
        fig = charts.timeline(charts.count_by_period(v.articles, freq=freq_a),
                              "Articles over time", y_label="articles")
    ui.plot_select(fig, "ov_articles_time",
                   on_select=ui.set_from_period("ov_articles_time", freq_a, bounds))
with right:
    by_source = ui.per_view(v.articles, ("top_sources", 15),
                            lambda: charts.count_by(v.articles, "source", top=15))
    ui.plot_select(charts.bar_counts(by_source, "source", "Articles per source",
                                     x_label="articles", as_share=not v.raw_counts)
                   .update_xaxes(title_text="articles" if v.raw_counts
                                 else "share of articles"),
                   "ov_sources", on_select=ui.set_from_bars("ov_sources", KEY_SOURCE,
                                                            ignore=(charts.NOT_GIVEN,)))
st.caption("Click a bar or a period to filter by it; the sidebar and the link follow."
           + ("" if shares_shown or v.raw_counts else
              " Once a filter narrows the articles, the articles chart shows their share of"
              " everything published in each period."))

if undated:
    st.caption(f"Undated articles are not on the timelines ({undated:,} here).")

report = v.built.manifest.get("load_report") or {}
skipped = report.get("skipped") if isinstance(report, dict) else None
with st.expander(f"Load report for {ui.md_escape(v.corpus_label)}", expanded=bool(skipped)):
    ui.load_report(report)
