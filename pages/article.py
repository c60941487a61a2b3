"""Article: one quote read in its article, the quote highlighted and the speaker mention
marked (lib.context; the only HTML is its escaped output), its wire-copy group, and
keyword-in-context lines for a searched word or phrase over the filtered articles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, context, ui
from lib.filters import KEY_TERM
from lib.ui.render import kwic_table

KEY_QUOTE = "quote"  # ?quote=<quote_id>: a plain query param, set from a table selection
KEY_KWIC = "kwic"
PICK_CAP = 500
_STYLE = ("<style>.qs-article{white-space:pre-wrap;line-height:1.6;max-width:48rem}"
          ".qs-article mark.q{background:#fde68a;padding:0 2px}"
          ".qs-article mark.s{background:#bfdbfe;font-weight:600;padding:0 2px}</style>")


def _pick_from_table(quotes: pd.DataFrame) -> None:
    shown = ui.per_view(quotes, ("newest", PICK_CAP), lambda: ui.newest(quotes, PICK_CAP))
    event = ui.quote_table(shown, key="art_pick", select=True, height=300)
    rows = event.selection.rows if event is not None else []
    if rows:
        st.query_params[KEY_QUOTE] = str(ui.column(shown, "quote_id").iloc[rows[0]])
        st.rerun()


v = ui.view()
st.title("Article")
ui.describe_banner(v.sentence, v.articles, v.quotes)

quotes = v.built.quotes
qid = st.query_params.get(KEY_QUOTE)
found = quotes[quotes["quote_id"].astype(str) == qid] if qid else quotes.iloc[0:0]
if found.empty:
    if qid:
        st.warning(f"No quote {ui.md_escape(qid)} in this corpus: pick one below.")
    st.markdown("Pick a quote to read it in its article:")
    _pick_from_table(v.quotes)
else:
    q = found.iloc[0]
    arts = v.built.articles
    art = ui.with_text(arts[arts["article_id"].astype(str) == str(q["article_id"])],
                       "articles")
    if art.empty:
        st.warning("The article of this quote is not in the corpus.")
    else:
        a = art.iloc[0]
        st.subheader(str(a.get("title") or "Untitled"), anchor=False)
        date = a.get("date")
        meta = [str(a.get("source") or "unknown outlet"),
                f"{date:%d %b %Y}" if pd.notna(date) else "undated"]
        if int(a.get("wire_size", 1) or 1) > 1:
            copies = arts.loc[arts["wire_group"] == a["wire_group"], "source"].dropna()
            meta.append(f"wire copy: {int(a['wire_size'])} versions "
                        f"({', '.join(sorted(set(map(str, copies))))})")
        st.caption(ui.md_escape(" · ".join(meta)))
        st.markdown(f"**{ui.md_escape(q['speaker'])}**"
                    + (f" — {ui.md_escape(q['speaker_role'])}"
                       if isinstance(q.get("speaker_role"), str) else ""))
        spans: list[tuple[int, int, str]] = [(int(q["start"]), int(q["end"]), "quote")]
        if pd.notna(q.get("speaker_start")) and pd.notna(q.get("speaker_end")):
            spans.append((int(q["speaker_start"]), int(q["speaker_end"]), "speaker"))
        body = context.segments_to_html(context.highlight_segments(str(a["text"]), spans))
        st.html(_STYLE + f'<div class="qs-article">{body}</div>')
        st.caption("Yellow: the quote. Blue: the mention it is attributed to.")
        if isinstance(a.get("url"), str) and a["url"].startswith(("http://", "https://")):
            st.link_button("Open the original", a["url"])
        # What the article is about, as the Keywords page scores it; a click filters by it.
        top = ui.top_keyphrases(v.built, art, 12, v.stopwords)
        if not top.empty:
            ui.plot_select(charts.terms_bar(top, "Keyphrases of this article", value="score"),
                           "art_terms", on_select=ui.set_from_bars("art_terms", KEY_TERM))
            st.caption("Click a keyphrase to filter by it; the sidebar and the link follow.")
            ui.left_out_note(v.stopwords, v.built)
    with st.expander("Pick another quote"):
        _pick_from_table(v.quotes)

st.subheader("Keyword in context", anchor=False)
phrase = st.text_input("Word or phrase", key=KEY_KWIC, bind="query-params",
                       placeholder="e.g. budget")
if phrase.strip():
    # The bodies of the filtered articles only, read from disk when a phrase is asked for.
    bodies = ui.with_text(v.articles[["article_id"]], "articles", ["text"])
    texts = bodies.set_index("article_id")["text"] if "text" in bodies else pd.Series()
    lines = context.kwic(texts, phrase, width=60, limit=200)
    if lines.empty:
        st.info("Not found in the filtered articles.")
    else:
        titles = v.articles.set_index("article_id")["title"]
        lines.insert(0, "article", lines["article_id"].map(titles))
        st.caption(f"{len(lines):,} lines" + (" (first 200)" if len(lines) >= 200 else ""))
        kwic_table(lines.drop(columns="article_id"), key="art_kwic")
