"""Readability: how hard the filtered articles and each speaker's quotes are to read, by a
formula chosen from a list (each explained in one line, with its scale). Rankings flag scores
that rest on too little text; speakers get a bootstrap interval and face their reporters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, readability, ui
from lib import charts_readability as cr
from lib import readability_tables as rt

TOP_SPEAKERS = 15  # bootstrap intervals are computed for these only: it must stay fast

v = ui.view()
st.title("Readability")
ui.describe_banner(v.sentence, v.articles, v.quotes)

formulas = [key for key in readability.FORMULAS if key in v.articles.columns]
if not formulas:
    st.info("This corpus has no readability scores.")
    st.stop()
top_left, top_right = st.columns([2, 1])
# Options are the labels themselves: a bound widget writes its label into the link, and a
# format_func would leave the link's value unreadable to it.
by_label = {readability.FORMULAS[key].label: key for key in formulas}
with top_left:
    col = by_label[st.selectbox("Formula", list(by_label), key="rd_formula",
                                bind="query-params")]
with top_right:
    order = st.radio("Rank", ["Hardest first", "Plainest first"], key="rd_order",
                     horizontal=True, bind="query-params")
hardest = order == "Hardest first"
formula = readability.FORMULAS[col]
label = formula.label
st.caption(f"{formula.explanation} Scale: {formula.scale}.")
if formula.differs_from_textstat:
    st.caption(f"Computed with the published formula; textstat differs: "
               f"{formula.differs_from_textstat}")

scores = v.articles[col].dropna() if col in v.articles else v.articles.iloc[0:0]
words = v.articles["words"] if "words" in v.articles else None
m1, m2, m3 = st.columns(3)
m1.metric("Median score",
          rt.format_score(scores.median() if len(scores) else float("nan"), col))
if "reading_time_s" in v.articles and len(v.articles):
    m2.metric("Median reading time",
              rt.format_score(v.articles["reading_time_s"].median(), "reading_time_s"),
              help="Silent reading at 238 words a minute (Brysbaert 2019).")
if words is not None:
    m3.metric(f"Under {readability.LOW_TEXT_WORDS} words",
              f"{int((words < readability.LOW_TEXT_WORDS).sum()):,} articles",
              help="Scores on so little text move a lot with one sentence: read them with care.")
missing = len(v.articles) - len(scores)
if missing:
    st.caption(f"{missing:,} {'article is' if missing == 1 else 'articles are'} in a language "
               f"with no {label} formula: shown as "
               f"“{rt.NOT_AVAILABLE}”, not as a number.")

dist, ranks, versus = st.tabs(["Distributions", "Rankings", "Speaker vs reporter"], key="rd_tab",
                             bind="query-params")

with dist:
    left, right = st.columns(2)
    with left:
        hist = charts.histogram(v.articles[col])
        ui.plot(charts.histogram_figure(hist, f"{label}: articles", label), "rd_articles")
        if not scores.empty:
            st.caption(f"Median {scores.median():.1f} over {len(scores):,} scored articles.")
    with right:
        if col in v.built.quotes.columns:
            # the unknown bucket is many voices: not one speaker's spread
            def _box() -> pd.DataFrame:
                voiced = v.quotes[(v.quotes["speaker"] != rt.UNKNOWN).to_numpy(dtype=bool)]
                return charts.box_stats(ui.columns(voiced, [col]), "speaker", col)

            # Kept with the filter's view: clearing a filter returns to a kept view.
            stats = ui.per_view(v.quotes, ("box", col), _box)
            ui.plot(charts.box_figure(stats, "speaker", f"{label}: quotes per speaker", label),
                    "rd_speakers")
            st.caption("Each box is one speaker's quotes scored one by one: short quotes give "
                       "noisy scores, so the rankings score a speaker's quotes together.")

# Speakers are scored over their filtered quotes taken together, from the quotes' counts; an
# older build without them falls back to the speakers table, or the quotes' own scores.
# Taken only when a result below is not kept yet: at 1.9M quotes these columns are 107 MB.
_scored: list[pd.DataFrame] = []


def scored() -> pd.DataFrame:
    if not _scored:
        _scored.append(ui.columns(v.quotes, [*rt.QUOTE_COUNTS, "lang", "words", col]))
    return _scored[0]


speakers = ui.per_view(v.quotes, ("speaker_ranking", col, hardest, id(v.built.speakers)),
                       lambda: rt.speaker_ranking(scored(), v.built.speakers, col,
                                                  hardest_first=hardest))
with ranks:
    st.subheader("Articles")
    arts = ui.per_view(v.articles, ("article_ranking", col, hardest),
                       lambda: rt.article_ranking(v.articles, col, hardest_first=hardest))
    st.dataframe(
        arts.drop(columns=["value"]), key="rd_article_rank", hide_index=True, width="stretch",
        height="auto" if len(arts) <= 10 else 400,
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "source": st.column_config.TextColumn("Source", width="small"),
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "words": st.column_config.NumberColumn("Words", format="%d"),
            "reading_min": st.column_config.NumberColumn("Reading time (min)", format="%.1f"),
            "score": st.column_config.TextColumn(label, width="small"),
            "reliability": st.column_config.TextColumn("Read with care", width="medium"),
        },
    )
    st.subheader("Speakers")
    # Intervals for the speakers shown first only, over the same filtered quotes as their
    # score (resampling their quotes' counts: no text is read), each once per view.
    def _interval(sid: str) -> tuple[float, float]:
        rows = scored()
        theirs = rows.loc[(rows["speaker_id"] == sid).to_numpy(dtype=bool)]
        if all(c in theirs for c in rt.QUOTE_COUNTS):
            return rt.interval_from_counts(theirs, col)
        # an older build without the counts: the sentences of a sample of their quotes
        sample = (theirs[["speaker_id"]].sample(n=rt.INTERVAL_MAX_QUOTES, random_state=0)
                  if len(theirs) > rt.INTERVAL_MAX_QUOTES else theirs[["speaker_id"]])
        return rt.speaker_interval(ui.with_text(sample, cols=["text"]), sid, col,
                                   total=len(theirs))

    lo, hi = [], []
    for i, sid in enumerate(speakers["speaker_id"]):
        if i >= TOP_SPEAKERS:
            lo.append(float("nan"))
            hi.append(float("nan"))
            continue
        found = ui.per_view(v.quotes, ("interval", str(sid), col),
                            lambda sid=str(sid): _interval(sid))
        lo.append(found[0])
        hi.append(found[1])
    speakers = speakers.assign(lo=lo, hi=hi)
    speakers["interval"] = [
        "" if rt.format_score(a, col) == rt.NOT_AVAILABLE
        else f"{rt.format_score(a, col)} – {rt.format_score(b, col)}"
        for a, b in zip(speakers["lo"], speakers["hi"], strict=True)
    ]
    st.dataframe(
        speakers[["speaker", "n_quotes", "words", "sentences", "score", "interval",
                  "reliability"]],
        key="rd_speaker_rank", hide_index=True, width="stretch",
        height="auto" if len(speakers) <= 10 else 400,
        column_config={
            "speaker": st.column_config.TextColumn("Speaker", width="medium"),
            "n_quotes": st.column_config.NumberColumn("Quotes", format="%d"),
            "words": st.column_config.NumberColumn("Words", format="%d",
                                                   help="All their quotes together."),
            "sentences": st.column_config.NumberColumn("Sentences", format="%d"),
            "score": st.column_config.TextColumn(label, width="small"),
            "interval": st.column_config.TextColumn(
                "95% interval", help="Bootstrap over their quotes: the narrower, the more "
                                     "the score can be trusted."),
            "reliability": st.column_config.TextColumn("Read with care", width="medium"),
        },
    )
    st.caption(f"A speaker is scored over their quotes in this view taken together, with 95% "
               f"intervals for the first {TOP_SPEAKERS} rows. Quotes with no known speaker and "
               "ambiguous surnames are left out.")
    ui.plot(cr.interval_figure(speakers.head(TOP_SPEAKERS), f"{label}: speakers, with 95% "
                               "intervals", label), "rd_intervals")

with versus:
    pairs = ui.per_view(v.quotes, ("speaker_vs_articles", col, id(v.built.speakers)),
                        lambda: rt.speaker_vs_articles(scored(), v.articles, v.built.speakers,
                                                       col, top=TOP_SPEAKERS,
                                                       article_rows=ui.article_rows(scored())))
    ui.plot(cr.dumbbell_figure(pairs, f"Is the speaker plainer than the reporter? ({label})",
                               label), "rd_versus")
    direction = "higher" if formula.higher_is_easier else "lower"
    st.caption(f"Red: the speaker's quotes together; blue: the median article quoting them. "
               f"For {label}, {direction} is easier to read. Most quoted speakers first.")
    shown = pairs.assign(
        quotes_score=[rt.format_score(x, col) for x in pairs["speaker_value"]],
        articles_score=[rt.format_score(x, col) for x in pairs["article_value"]],
    )[["speaker", "n_quotes", "words", "quotes_score", "articles_score", "n_articles"]]
    st.dataframe(shown, key="rd_versus_table", hide_index=True, width="stretch",
                 column_config={
                     "speaker": st.column_config.TextColumn("Speaker"),
                     "n_quotes": st.column_config.NumberColumn("Quotes", format="%d"),
                     "words": st.column_config.NumberColumn("Words", format="%d"),
                     "quotes_score": st.column_config.TextColumn(
                         "Their quotes (together)",
                         help="All their quotes scored as one text: steadier than a median of "
                              "short quotes, so it can differ from the Profile's and "
                              "Compare's median quote."),
                     "articles_score": st.column_config.TextColumn("Articles (median)"),
                     "n_articles": st.column_config.NumberColumn("Articles", format="%d"),
                 })
