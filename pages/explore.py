"""Explore: the filtered articles and quotes as searchable, sortable tables, each with a CSV
download of exactly the rows and columns shown."""

from __future__ import annotations

import streamlit as st

from lib import ui

v = ui.view()
st.title("Explore")
ui.describe_banner(v.sentence, v.articles, v.quotes)

tab_articles, tab_quotes = st.tabs([f"Articles ({len(v.articles):,})",
                                    f"Quotes ({len(v.quotes):,})"])
with tab_articles:
    shown = ui.article_table(ui.newest_first(v.articles), key="ex_articles")
    ui.csv_button(shown, "Download these articles (CSV)", "articles.csv", key="ex_articles_csv")
with tab_quotes:
    shown_q = ui.quote_table(ui.newest_first(v.quotes), key="ex_quotes")
    ui.csv_button(shown_q, "Download these quotes (CSV)", "quotes.csv", key="ex_quotes_csv")
