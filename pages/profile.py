"""Speaker profile: one speaker's quotes over time, outlets, roles and merged name variants,
distinctive keywords, readability against all quotes in the filter, and the quote list.
The speaker comes from ?who= (its own pick) or the first speaker of the shared filter."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from lib import charts, readability, ui
from lib.filters import UNKNOWN_SPEAKER

KEY_WHO = "who"

v = ui.view()
st.title("Profile")
banner = st.container()  # filled once the speaker is known: the sentence is about them

# The profile sets the speaker itself: the rest of the filter (dates, outlets, search) holds.
others = dataclasses.replace(v.filters, speakers=())
# Without a speaker in the filter the pool is this run's quotes: no second copy of them.
pool = v.quotes if others == v.filters else ui.filtered(v.built, others)[1]
# Kept with the filter's view: clearing a filter or picking another speaker reuses them.
ranked = ui.per_view(pool, ("top_speakers", 5_000), lambda: charts.count_by(
    pool, "speaker", top=5_000, exclude=[UNKNOWN_SPEAKER]))
names = [str(s) for s in ranked["speaker"]]
if not names:
    with banner:  # the sentence and the link still say what was asked
        ui.describe_banner(v.filters.describe(v.articles, v.quotes), v.articles, v.quotes)
    st.info("No named speaker under these filters.")
    st.stop()
first = next((names.index(s) for s in v.filters.speakers if s in names), 0)
linked = st.query_params.get(KEY_WHO)
if linked and linked not in names:
    st.warning(f"{ui.md_escape(linked)} is not among the speakers under these filters: "
               f"showing {ui.md_escape(names[first])}.")
# A speaker newly added in the sidebar is the one to profile; otherwise the page's own pick
# stands (removing a speaker from the filter does not move it).
_SEEN = "_pf_filter_speakers"
added = [s for s in v.filters.speakers
         if s not in st.session_state.get(_SEEN, v.filters.speakers) and s in names]
if added:
    st.session_state[KEY_WHO] = added[-1]
st.session_state[_SEEN] = v.filters.speakers
who = st.selectbox("Speaker", names, key=KEY_WHO, bind="query-params",
                   **({} if KEY_WHO in st.session_state else {"index": first}))
mine = ui.per_view(pool, ("mine", who),
                   lambda: pool[(pool["speaker"] == who).to_numpy(dtype=bool)])
their_filter = dataclasses.replace(v.filters, speakers=(who,))
with banner:
    # The articles every other page counts for this filter with this speaker (those matching
    # it that quote them), so the sentence agrees with theirs on a shared link.
    their_articles = (v.articles if their_filter == v.filters
                      else ui.filtered(v.built, their_filter)[0])
    ui.describe_banner(their_filter.describe(their_articles, mine), their_articles, mine)

sp = v.built.speakers
row = sp[sp["speaker"] == who].head(1) if "speaker" in sp else sp.iloc[0:0]


def _listed(value: object) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(x) for x in value if x is not None and str(x).strip()]
    return [value] if isinstance(value, str) and value.strip() else []


roles = _listed(row["roles"].iloc[0]) if "roles" in row and not row.empty else []
if not roles and "speaker_role" in v.built.quotes:
    # The filtered view leaves roles out: the built quotes have them for these rows.
    roles = sorted({str(r) for r in ui.column(mine, "speaker_role").dropna()})
variants = _listed(row["variants"].iloc[0]) if "variants" in row and not row.empty else []

cols = st.columns(3)
cols[0].metric("Quotes", f"{len(mine):,}")
cols[1].metric("Articles", f"{mine['article_id'].nunique():,}",
               help="Articles holding these quotes. The sentence above counts the articles "
                    "that match the filter and quote this speaker anywhere in them.")
cols[2].metric("Share of quotes", f"{len(mine) / max(len(pool), 1):.1%}")
st.markdown("**Roles seen:** " + (ui.md_escape("; ".join(roles)) if roles else "none recorded"))
st.markdown("**Name variants merged:** "
            + (ui.md_escape("; ".join(variants)) if variants else "one spelling only"))

left, right = st.columns(2)
with left:
    freq = ui.per_view(pool, ("freq",), lambda: charts.period_freq(pool["date"]))
    ui.plot(charts.timeline(charts.count_by_period(mine, freq=freq),
                            f"{who}: quotes over time"), "pf_time")
with right:
    outlets = charts.count_by(mine, "source", top=15)
    ui.plot(charts.bar_counts(outlets, "source", "Outlets quoting them",
                              as_share=not v.raw_counts), "pf_outlets")

left, right = st.columns(2)
with left:
    qt = v.built.tables.get("quote_terms")
    if qt is None or qt.empty:
        st.info("This corpus has no quote keyword table.")
    else:
        terms = ui.per_view(pool, ("speaker_terms", who, 15, v.stopwords),
                            lambda: ui.speaker_keywords(v.built, mine, 15, v.stopwords))
        ui.plot(charts.terms_bar(terms, "Used more than in all quotes", value="z"),
                "pf_terms")
        st.caption("Their quotes under these filters against every quote in the corpus "
                   "(log-odds z).")
        ui.left_out_note(v.stopwords, v.built)
with right:
    keys = [key for key in readability.FORMULAS if key in v.built.quotes.columns]
    theirs = ui.medians(mine, keys)
    # Kept with the filter's view: picking another speaker does not take them again.
    everyone = ui.medians(pool, keys)
    rows = [{"formula": readability.FORMULAS[key].label
             + (" (seconds)" if key == "reading_time_s" else ""), "this speaker": theirs[key],
             "all quotes": everyone[key]} for key in keys]
    st.markdown("**Readability of their quotes** (the median quote, against all quotes in "
                "the filter; the Readability page scores a speaker's quotes together)")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"this speaker": st.column_config.NumberColumn(format="%.1f"),
                                "all quotes": st.column_config.NumberColumn(format="%.1f")})

st.subheader(f"Their {len(mine):,} quotes", anchor=False)
ui.quote_table(ui.per_view(pool, ("newest", who, 1_000), lambda: ui.newest(mine, 1_000)),
               key="pf_quotes")
ui.export_buttons(mine, "quotes",
                  their_filter, key="pf_export")
