"""Explore: the filtered articles and quotes as searchable, sortable tables (capped for the
browser), each exported whole (every column, CSV or Parquet, named after the filter), with
each article's wire-copy group."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import ui

TABLE_CAP = 2_000

v = ui.view()
st.title("Explore")
ui.describe_banner(v.sentence, v.articles, v.quotes)


def _with_variants(quotes: pd.DataFrame) -> pd.DataFrame:
    # The export names every spelling the speaker was merged from, not just the canonical one.
    sp = v.built.speakers if hasattr(v.built, "speakers") else None
    if sp is None or "variants" not in sp or "speaker_id" not in quotes:
        return quotes
    extra = sp[["speaker_id", "variants"]].rename(columns={"variants": "speaker_variants"})
    return quotes.merge(extra, on="speaker_id", how="left")


def _capped_note(n_shown: int, n_all: int) -> None:
    if n_shown < n_all:
        st.caption(f"The newest {n_shown:,} are listed; the downloads have all {n_all:,}.")


# Fixed labels: the open tab is part of the view's link, and a count would change it.
tab_articles, tab_quotes = st.tabs(["Articles", "Quotes"], key="ex_tab", bind="query-params")
with tab_articles:
    st.caption(f"{len(v.articles):,} articles")
    # Kept with the filter's view: clearing a filter returns to a kept view.
    shown = ui.per_view(v.articles, ("newest", TABLE_CAP),
                        lambda: ui.newest(v.articles, TABLE_CAP))
    if "wire_size" in shown and (shown["wire_size"] > 1).any():
        st.caption("Wire copies: the 'Copies' column counts the versions of each story "
                   + ("(shown once)." if v.filters.dedupe else "(each shown)."))
    _capped_note(len(shown), len(v.articles))
    ui.article_table(shown, key="ex_articles")
    ui.export_buttons(v.articles, "articles", v.filters, key="ex_articles_export")
with tab_quotes:
    st.caption(f"{len(v.quotes):,} quotes")
    shown_q = ui.per_view(v.quotes, ("newest", TABLE_CAP),
                          lambda: ui.newest(v.quotes, TABLE_CAP))
    _capped_note(len(shown_q), len(v.quotes))
    ui.quote_table(shown_q, key="ex_quotes")
    ui.export_buttons(v.quotes, "quotes", v.filters, key="ex_quotes_export",
                      prepare=_with_variants)
