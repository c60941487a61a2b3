"""Keywords: the top keyphrases of the filtered articles, what one speaker talks about, two
speakers compared (log-odds) and topics over time. Reads the built keyword tables only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, keywords, ui
from lib.filters import KEY_TERM, KEY_TOPIC, UNKNOWN_SPEAKER
from lib.topics import MIN_WEIGHT

v = ui.view()
st.title("Keywords")
ui.describe_banner(v.sentence, v.articles, v.quotes)

article_terms = v.built.tables.get("article_terms")
quote_terms = v.built.tables.get("quote_terms")
n = st.slider("Terms to show", 10, 40, 20, step=5, key="kw_n", bind="query-params")
stop = v.stopwords
ui.left_out_note(stop, v.built)

left, right = st.columns(2)
with left:
    if article_terms is None or article_terms.empty:
        st.info("This corpus has no keyword table (it was built without keywords).")
    else:
        # Kept with the filter's view: clearing a filter returns to a kept view.
        top = ui.per_view(v.articles, ("top_terms", n, stop),
                          lambda: ui.top_keyphrases(v.built, v.articles, n, stop))
        # Clicking a bar keeps the articles (and their quotes) that have that keyphrase.
        ui.plot_select(charts.terms_bar(top, "Top keyphrases in these articles", value="score"),
                       "kw_articles", on_select=ui.set_from_bars("kw_articles", KEY_TERM))
        st.caption("Click a keyphrase to filter by it; the sidebar and the link follow.")

with right:
    ranked = ui.per_view(v.quotes, ("top_speakers", 200), lambda: charts.count_by(
        v.quotes, "speaker", top=200, exclude=[UNKNOWN_SPEAKER]))
    speakers = ranked["speaker"].tolist()
    # Start on the first speaker picked in the sidebar, else the most quoted one.
    first = next((speakers.index(s) for s in v.filters.speakers if s in speakers), 0)
    who = st.selectbox("Speaker", speakers, key="kw_speaker", bind="query-params",
                       placeholder="Choose a speaker", index=first if speakers else None)
    if quote_terms is None or quote_terms.empty or not who:
        st.info("No quotes to take keywords from under these filters.")
    else:
        def _theirs() -> pd.DataFrame:
            theirs = v.quotes[(v.quotes["speaker"] == who).to_numpy(dtype=bool)]
            return ui.speaker_keywords(v.built, theirs, n, stop)

        mine = ui.per_view(v.quotes, ("speaker_terms", who, n, stop), _theirs)
        # Ranked by distinctiveness (z), so the bars show z; raw counts are one hover away.
        ui.plot(charts.terms_bar(mine, "Used more than in all quotes", value="z"),
                "kw_speaker_terms")
        st.caption(f"{ui.md_escape(who)}'s quotes under these filters against every quote "
                   "in the corpus (log-odds z).")

st.subheader("Two speakers compared")
if quote_terms is None or quote_terms.empty or len(speakers) < 2:
    st.info("Comparing needs two speakers with quotes under these filters.")
else:
    left, right = st.columns(2)
    name_a = left.selectbox("First speaker", speakers, index=0, key="kw_a",
                            bind="query-params")
    name_b = right.selectbox("Second speaker", speakers, index=1, key="kw_b",
                             bind="query-params")
    if name_a == name_b:
        st.info("Choose two different speakers.")
    else:
        def counts(name: str) -> pd.Series:
            theirs = v.quotes.index[(v.quotes["speaker"] == name).to_numpy(dtype=bool)]
            return ui.term_sums(v.built, "quote_terms", theirs, "count", stop)

        scored = ui.per_view(v.quotes, ("log_odds", name_a, name_b, stop),
                             lambda: keywords.compare(counts(name_a), counts(name_b)))
        ui.plot(charts.compare_terms(scored, name_a, name_b, "Words that set them apart"),
                "kw_compare")

article_topics = v.built.tables.get("article_topics")
if article_topics is not None and not article_topics.empty:
    st.subheader("Topics over time")
    # The filtered articles' topic rows only (by code), not every article's.
    shares = ui.per_view(v.articles, ("topic_shares",),
                         lambda: ui.topic_shares(v.built, v.articles))
    if shares.empty:
        st.info("No dated articles with a topic under these filters.")
    else:
        # Six lines are readable; the rest of the topics stay in the data, not on the chart:
        # the topics with most articles over the whole span, and any the sidebar keeps.
        weight = shares.groupby("topic")["share"].sum()
        names = shares.drop_duplicates("topic").set_index("topic")["label"].astype(str)
        chosen = [t for t in weight.index if names.get(t) in v.filters.topics]
        leaders = list(dict.fromkeys([*chosen, *weight.nlargest(6).index.tolist()]))
        leaders = leaders[:max(6, len(chosen))]
        # Clicking a point keeps that topic's articles: a line's legend group is its name,
        # which the Topic filter lists.
        ui.plot_select(charts.share_lines(shares, "topic", "Share of articles per month",
                                          names=leaders, label="label"),
                       "kw_topics",
                       on_select=ui.set_from_bars("kw_topics", KEY_TOPIC, axis="legendgroup"))
        shown = (f"The {len(leaders)} topics with most articles, of the {len(weight)} these "
                 "articles are on" if len(weight) > len(leaders)
                 else f"All {len(weight)} topics these articles are on")
        st.caption(f"{shown}. An article is on a topic that takes at least "
                   f"{MIN_WEIGHT:.0%} of it. Click a point to keep the articles on that topic; "
                   "the sidebar and the link follow.")
