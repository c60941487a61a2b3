"""Quotescope's frame: page config, the corpus for this session, the sidebar filters shared by
every page (bound to the URL), then navigation. Pages only read `lib.ui.view()` and draw."""

from __future__ import annotations

import streamlit as st

from lib import stoplist, ui
from lib.ui import aliases

# No icons: Streamlit fetches page and material icons (the favicon) from a font CDN, and a
# dashboard on an offline server must not log a console error for it.
st.set_page_config(page_title="Quotescope", layout="wide")

PAGES = [
    # Served at the root. "/overview" is the path its file name suggests and links get typed
    # with, so a hidden page there runs the same script instead of Streamlit's "page not found";
    # the default page needs another (unused) path name for that.
    st.Page("pages/overview.py", title="Overview", default=True, url_path="home"),
    st.Page("pages/overview.py", title="Overview", url_path="overview", visibility="hidden"),
    st.Page("pages/quotes.py", title="Quotes"),
    st.Page("pages/keywords.py", title="Keywords"),
    st.Page("pages/speakers.py", title="Speakers"),
    st.Page("pages/profile.py", title="Profile"),
    st.Page("pages/compare.py", title="Compare"),
    st.Page("pages/readability.py", title="Readability"),
    st.Page("pages/article.py", title="Article"),
    st.Page("pages/explore.py", title="Explore"),
]
page = st.navigation(PAGES, position="top")

# The filters sit above the upload panel, but the upload decides which corpus they list.
filter_box = st.sidebar.container()
ui.upload_panel()
loaded = ui.current_built()
if loaded is None:
    st.stop()
built, label = loaded
built = aliases.apply_session_aliases(built)
with filter_box:
    filters = ui.sidebar_filters(built)
articles, quotes = ui.filtered(built, filters)
ui.set_view(
    ui.View(built=built, filters=filters, articles=articles, quotes=quotes,
            sentence=ui.per_view(quotes, ("sentence",),
                                 lambda: filters.describe(articles, quotes)),
            corpus_label=label,
            raw_counts=bool(st.session_state.get(ui.KEY_COUNTS)),
            stopwords=stoplist.parse_stoplist(st.session_state.get(ui.KEY_STOP)))
)
st.sidebar.caption(f"Corpus: {ui.md_escape(label)}")
try:
    page.run()
finally:
    ui.set_view(None)
    ui.release_memory()
