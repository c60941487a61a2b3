"""Compare: two speakers, two sources or two periods (or one against all the others) side by
side on one scale: quotes over time, distinctive keywords (log-odds) and readability. The items
live in the URL (cmp_by, cmp_a, cmp_b); the sidebar filter still applies and each side is taken
from within it."""

from __future__ import annotations

import html
from functools import partial

import pandas as pd
import streamlit as st

from lib import charts, keywords, readability, ui
from lib import charts_compare as cc
from lib.filters import UNKNOWN_SPEAKER

KEY_BY, KEY_A, KEY_B, KEY_FORMULA = "cmp_by", "cmp_a", "cmp_b", "cmp_f"
# The options are the URL values themselves: a bound radio matches the URL against the text
# it shows, so a format_func would make ?cmp_by=speaker unreadable to it.
MODES = ("speaker", "source", "period")

v = ui.view()
st.title("Compare")
ui.describe_banner(v.sentence, v.articles, v.quotes)

# Every mode's choices are known before any widget, so switching mode can reset A and B to
# choices that exist in the new mode (the old speaker names mean nothing as periods).
# Kept with the filter's view (ui.per_view): clearing a filter returns to a kept view.
speakers = [str(s) for s in ui.per_view(v.quotes, ("top_speakers", 5_000), lambda: charts.count_by(
    v.quotes, "speaker", top=5_000, exclude=[UNKNOWN_SPEAKER]))["speaker"]]
sources = [str(s) for s in ui.per_view(v.articles, ("top_sources", 5_000), lambda: charts.count_by(
    v.articles, "source", top=5_000, exclude=[charts.NOT_GIVEN]))["source"]]
months = ui.per_view(v.quotes, ("months",), lambda: cc.month_options(
    v.quotes["date"] if not v.quotes.empty else v.articles["date"]))
OPTIONS = {"speaker": speakers, "source": sources, "period": months}


def defaults(by: str) -> tuple[str | None, str | None]:
    opts = OPTIONS.get(by, [])
    if by == "period":  # the latest month against the one before reads as "what changed"
        return (opts[-2] if len(opts) > 1 else (opts[0] if opts else None),
                opts[-1] if opts else None)
    return (opts[0] if opts else None, opts[1] if len(opts) > 1 else None)


def reset_items() -> None:
    st.session_state[KEY_A], st.session_state[KEY_B] = defaults(st.session_state[KEY_BY])


by = st.radio("Compare two of one kind", MODES, horizontal=True, key=KEY_BY,
              bind="query-params", on_change=reset_items)
opts = OPTIONS[by]
# B may also be everything else in the filter: one speaker, source or period against the rest.
opts_b = [*opts, cc.REST] if opts else opts
first, second = defaults(by)
hint = ("A month (YYYY-MM) or a range typed as 2024-01..2024-03" if by == "period"
        else f"Any {by} in the filter; a name can also be typed")
left, right = st.columns(2)
# New options are accepted so a from..to range can be typed, and so a link naming an item
# the current filter excludes still opens and says so, rather than silently switching.
item_a = left.selectbox("A", opts, index=opts.index(first) if first in opts else None,
                        key=KEY_A, bind="query-params", accept_new_options=True, help=hint,
                        placeholder=f"Choose a {by}")
item_b = right.selectbox("B", opts_b, index=opts_b.index(second) if second in opts_b else None,
                         key=KEY_B, bind="query-params", accept_new_options=True,
                         help=f"{hint}; or {cc.REST}: everything else in the filter",
                         placeholder=f"Choose a {by}")


def side_name(item: str | None) -> str:
    if item == cc.REST:
        return cc.rest_name(by, item_a)
    if by == "period" and item:
        span = cc.parse_period(item)
        return item if span is None else f"{item} ({cc.period_label(span)})"
    return item or "—"


if not opts:
    st.info(f"No {by} under these filters to compare: clear a filter.")
    st.stop()
if not item_a or not item_b:
    st.info(f"Choose two {by}s to compare.")
    st.stop()
if item_a == item_b:
    st.info(f"A and B are the same {by}: choose two different ones.")
if by == "period":
    for item in (item_a, item_b):
        if item != cc.REST and cc.parse_period(item) is None:
            st.warning(f"{ui.md_escape(item)} is not a period: write a month as YYYY-MM or "
                       "a range as 2024-01..2024-03.")

# What names a side in the kept results: "the rest" is the rest of A.
side_keys = (item_a, (item_b, item_a) if item_b == cc.REST else item_b)
quotes = (ui.per_view(v.quotes, ("side", by, side_keys[0]),
                      lambda: cc.side_rows(v.quotes, by, item_a)),
          ui.per_view(v.quotes, ("side", by, side_keys[1]),
                      lambda: cc.side_rows(v.quotes, by, item_b, rest_of=item_a)))
articles = ((quotes[0], quotes[1]) if by == "speaker"
            else (ui.per_view(v.articles, ("side", by, side_keys[0]),
                              lambda: cc.side_rows(v.articles, by, item_a)),
                  ui.per_view(v.articles, ("side", by, side_keys[1]),
                              lambda: cc.side_rows(v.articles, by, item_b, rest_of=item_a))))
names = (side_name(item_a), side_name(item_b))
# chart labels: a period's spelled-out days do not fit at 800 px
short = (item_a, side_name(item_b) if item_b == cc.REST else item_b)
for item, name, q, a in zip((item_a, item_b), names, quotes, articles, strict=True):
    if q.empty and a.empty and item == cc.REST:
        st.warning(f"Everything under these filters is **{ui.md_escape(names[0])}**: there "
                   "is nothing else to compare with (clear a sidebar filter).")
    elif q.empty and a.empty:
        st.warning(f"**{ui.md_escape(name)}** matches nothing under these filters "
                   "(check the sidebar filter, or the spelling).")

total = max(len(v.quotes), 1)
cols = st.columns(2)
for col, name, q, a in zip(cols, names, quotes, articles, strict=True):
    with col:
        st.markdown(f"**{ui.md_escape(name)}**")
        m1, m2 = st.columns(2)
        m1.metric("Quotes", f"{len(q):,}")
        m2.metric("Articles", f"{a['article_id'].nunique():,}")
        # A caption, not a third metric: three metrics in half a page truncate at 800 px.
        st.caption(f"{len(q) / total:.1%} of all quotes in the filter")
if by == "period" and "date" in v.quotes and (no_date := int(v.quotes["date"].isna().sum())):
    st.caption(f"{no_date:,} undated quotes in the filter are in neither period.")

# One bucketing for both sides, so a week on the left is a week on the right.
both = pd.concat(quotes) if by == "period" else v.quotes
freq = (ui.per_view(v.quotes, ("freq", by, *side_keys),
                   lambda: charts.period_freq(both["date"])) if not both.empty else "MS")
# Within a period every quote of the filter is in it, so a share would read 100%: periods
# are compared in counts.
as_share = not v.raw_counts and by != "period"
# The filter's quotes counted per period once, for both sides' shares.
whole_counts = (ui.per_view(v.quotes, ("per_period", freq),
                            lambda: charts.count_by_period(v.quotes, freq=freq))
                if as_share else None)
series = [ui.per_view(v.quotes, ("over_time", by, item, freq, as_share),
                      partial(cc.over_time, q, v.quotes, freq, as_share, whole_counts))
          for q, item in zip(quotes, side_keys, strict=True)]
undated = sum(int(q["date"].isna().sum()) for q in quotes if "date" in q)
ui.plot(cc.side_by_side(series[0], series[1], short[0], short[1],
                        "Quotes over time" + (" (share of all quotes)" if as_share else ""),
                        y_label="share of quotes" if as_share else "quotes",
                        same_x=by != "period"), "cmp_time")
if undated:
    st.caption(f"{undated:,} undated quotes are counted above but have no place on the "
               "timeline.")

st.subheader("Distinctive keywords", anchor=False)
name, value, sides = (("quote_terms", "count", quotes) if by == "speaker"
                      else ("article_terms", "weight", articles))
table = v.built.tables.get(name)
# Each side's rows keep the built frame's labels: the term rows are found by code, not by id.
counts = [ui.per_view(v.quotes, ("term_sums", by, item, name, v.stopwords),
                      partial(ui.term_sums, v.built, name, side.index, value, v.stopwords))
          for side, item in zip(sides, side_keys, strict=True)]
if table is None or table.empty:
    st.info("This corpus has no keyword table (it was built without keywords).")
elif counts[0].empty or counts[1].empty:
    st.info("One side has no keywords under these filters: nothing to set them apart.")
else:
    scored = keywords.compare(counts[0], counts[1])
    # Plotly reads tags in trace names: a name stays text.
    fig = charts.compare_terms(scored, html.escape(short[0]), html.escape(short[1]),
                               "Words that set A and B apart")
    # The legend names the sides; an axis title with both names is cut off at 800 px.
    fig.update_xaxes(title_text="← more B · more A → (log-odds z)")
    ui.plot(fig, "cmp_terms")
    st.caption(("From the quotes' terms" if by == "speaker" else "From the articles' "
                "keyphrases") + ": log-odds z with the two sides pooled as the prior.")
    ui.left_out_note(v.stopwords, v.built)

st.subheader("Readability", anchor=False)
by_label = {f.label: k for k, f in readability.FORMULAS.items()}  # labels: see cmp_by above
formula = by_label[st.columns(2)[0].selectbox("Formula", list(by_label), key=KEY_FORMULA,
                                              bind="query-params")]
info = readability.FORMULAS[formula]
# A side's scores and words for its own rows only (the filtered view leaves them out).
rows = articles if by != "speaker" else tuple(ui.columns(q, [formula, "words"]) for q in quotes)
what = "quotes" if by == "speaker" else "articles"
stats = [cc.median_and_words(df, formula) for df in rows]
cols = st.columns(2)
for col, name, (median, words, n) in zip(cols, names, stats, strict=True):
    unit = " s" if formula == "reading_time_s" else ""  # seconds, not a score
    col.metric(f"Median {info.label}", "not available" if n == 0 else f"{median:.1f}{unit}",
               help=info.scale)
    of_them = what if n != 1 else what[:-1]  # "1 quote", "2 quotes"
    col.caption(f"{ui.md_escape(name)}: from {n:,} {of_them} holding {words:,} words"
                + (" (too few words for a stable score)" if 0 < words < 300 else "")
                + (" (a text too short to score is left out)" if by == "speaker" else ""))
ui.plot(cc.readability_bars((stats[0][0], stats[1][0]), short, info.label,
                            f"Median {info.label} of their {what}"), "cmp_read")
st.caption(("Higher is easier. " if info.higher_is_easier else "Lower is easier. ")
           + info.scale + ".")
