"""Keywords: the top keyphrases of the filtered articles, and what one speaker talks about
(terms from that speaker's quotes). Reads the built keyword tables; never re-analyses."""

from __future__ import annotations

import streamlit as st

from lib import charts, keywords, ui
from lib.filters import UNKNOWN_SPEAKER

v = ui.view()
st.title("Keywords")
ui.describe_banner(v.filters, v.articles, v.quotes)

article_terms = v.built.tables.get("article_terms")
quote_terms = v.built.tables.get("quote_terms")
n = st.slider("Terms to show", 10, 40, 20, step=5, key="kw_n")

left, right = st.columns(2)
with left:
    if article_terms is None or article_terms.empty:
        st.info("This corpus has no keyword table (it was built without keywords).")
    else:
        top = keywords.top_terms(article_terms, v.articles["article_id"], n=n)
        ui.plot(charts.terms_bar(top, "Top keyphrases in these articles", value="score"),
                "kw_articles")

with right:
    ranked = charts.count_by(v.quotes, "speaker", top=200, exclude=[UNKNOWN_SPEAKER])
    speakers = ranked["speaker"].tolist()
    # Start on the first speaker picked in the sidebar, else the most quoted one.
    first = next((speakers.index(s) for s in v.filters.speakers if s in speakers), 0)
    who = st.selectbox("Speaker", speakers, key="kw_speaker",
                       placeholder="Choose a speaker", index=first if speakers else None)
    if quote_terms is None or quote_terms.empty or not who:
        st.info("No quotes to take keywords from under these filters.")
    else:
        ids = v.quotes.loc[v.quotes["speaker"] == who, "quote_id"]
        mine = keywords.speaker_terms(quote_terms, ids, n=n)
        ui.plot(charts.terms_bar(mine, f"What {who} says more than others", value="count"),
                "kw_speaker_terms")
