"""The only Streamlit importer: loading the corpus for a session, the shared sidebar filters
bound to the URL, and small render helpers the pages use. Pages call these and lib.charts;
nothing here analyses text."""

from __future__ import annotations

from lib.ui.data import (
    View,
    corpus_argument,
    current_built,
    set_view,
    speaker_keywords,
    term_sums,
    text_search,
    top_keyphrases,
    topic_shares,
    upload_panel,
    view,
    with_text,
)
from lib.ui.drill import (
    KEY_COUNTS,
    KEY_STOP,
    capped,
    copy_link,
    set_from_bars,
    set_from_period,
    view_link,
)
from lib.ui.drill import plot as plot_select
from lib.ui.render import (
    article_table,
    csv_button,
    describe_banner,
    export_buttons,
    left_out_note,
    load_report,
    md_escape,
    newest,
    newest_first,
    plot,
    quote_table,
)
from lib.ui.sidebar import sidebar_filters
from lib.ui.views import (
    article_rows,
    column,
    columns,
    filtered,
    medians,
    per_view,
    release_memory,
)

__all__ = [
    "KEY_COUNTS",
    "KEY_STOP",
    "left_out_note",
    "View",
    "article_rows",
    "column",
    "columns",
    "capped",
    "copy_link",
    "plot_select",
    "set_from_bars",
    "set_from_period",
    "view_link",
    "article_table",
    "corpus_argument",
    "csv_button",
    "current_built",
    "filtered",
    "medians",
    "per_view",
    "release_memory",
    "describe_banner",
    "export_buttons",
    "load_report",
    "md_escape",
    "newest",
    "newest_first",
    "plot",
    "quote_table",
    "set_view",
    "speaker_keywords",
    "sidebar_filters",
    "upload_panel",
    "view",
    "text_search",
    "top_keyphrases",
    "topic_shares",
    "term_sums",
    "with_text",
]
