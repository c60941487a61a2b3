from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import chart, open_page, sample_tables, values, write_tables
from streamlit.testing.v1 import AppTest

from lib import stoplist
from lib.filters import Filters

REPO = Path(__file__).resolve().parents[1]
PAGES = ["pages/overview.py", "pages/quotes.py", "pages/keywords.py", "pages/readability.py",
         "pages/explore.py", "pages/profile.py", "pages/article.py", "pages/compare.py"]
URL = {"speaker": ["Mara Quill", "Ines Varga"], "from": "2024-02-01", "to": "2024-09-30"}


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


def sentence(at: AppTest) -> str:
    found = [m.value for m in at.markdown if "Showing" in m.value]
    assert found, "the filter sentence is missing"
    return found[0].replace("\\", "").strip("*")


def expected_sentence(filters: Filters) -> str:
    articles, quotes, _, _ = sample_tables()
    return filters.describe(*filters.apply(articles, quotes))


def test_every_page_runs_and_a_shared_link_shows_the_same_numbers_on_each() -> None:
    # One session walks every page: a page switch keeps the URL, as in the browser.
    want = expected_sentence(Filters.from_query(URL))
    assert want.startswith("Showing 7 quotes by 2 speakers in 5 articles")
    at = open_page(query=URL)
    for page in PAGES:
        if page != PAGES[0]:
            at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title[0].value == Path(page).stem.capitalize()
        if page.endswith("profile.py"):
            # the profile's sentence is about the one speaker it shows
            who = at.selectbox(key="who").value
            assert sentence(at) == expected_sentence(
                Filters.from_query({**URL, "speaker": [who]})), page
        else:
            assert sentence(at) == want, page
        assert at.multiselect(key="speaker").value == URL["speaker"], page


def test_the_profile_counts_the_articles_every_other_page_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "zeppelin" is in one of Ines Varga's quotes (a03) and, outside her quotes, in a04 that
    # quotes her too: every page counts both articles, as the profile must.
    articles, quotes, qterms, aterms = sample_tables()
    quotes.loc[quotes["quote_id"] == "a03:62", ["text", "context"]] = "Zeppelin costs will rise."
    for aid in ("a03", "a04"):
        articles.loc[articles["article_id"] == aid, "text"] += " A zeppelin flew over."
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(write_tables(
        tmp_path, (articles, quotes, qterms, aterms),
        {"files_seen": 11, "articles": 11, "duplicates": 0, "skipped": []})))
    query = {"speaker": ["Ines Varga"], "q": "zeppelin"}
    f = Filters.from_query(query)
    want = f.describe(*f.apply(articles, quotes))
    assert want.startswith("Showing 1 quote by 1 speaker in 2 articles")
    assert sentence(open_page("pages/profile.py", query)) == want
    assert sentence(open_page("pages/overview.py", query)) == want


def test_overview_shows_corpus_numbers_and_load_report() -> None:
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "10"  # a11 is a wire copy of a08: counted once
    assert metrics["Quotes"] == "18"
    assert metrics["Speakers"] == "4"
    assert "**Dates:** 10 Jan 2024 to 05 Oct 2024 · 1 undated" in [m.value for m in at.markdown]
    assert any("broken.csv" in str(df.value.to_dict()) for df in at.dataframe)


def _chart_title(at: AppTest, key: str) -> str:
    chart = next(c for c in at.get("plotly_chart") if c.key == key)
    return str(json.loads(chart.proto.spec)["layout"]["title"]["text"])


def test_overview_shows_attention_only_once_a_filter_narrows_the_articles() -> None:
    # Unfiltered, every period's share of all articles is 100%: the chart counts articles then.
    assert _chart_title(open_page(), "ov_articles_time") == "Articles over time"
    narrowed = open_page(query={"speaker": ["Mara Quill"]})
    assert _chart_title(narrowed, "ov_articles_time") == "Attention: share of all articles"


def test_speaker_choice_changes_the_numbers() -> None:
    at = open_page()
    before = {m.label: m.value for m in at.metric}
    at.multiselect(key="speaker").select("Olek Dunne").run()
    after = {m.label: m.value for m in at.metric}
    assert before["Quotes"] == "18" and after["Quotes"] == "3"
    assert sentence(at) == expected_sentence(Filters(speakers=("Olek Dunne",)))
    # Writing the URL on a widget change is the browser's job: test_browser checks it.


def test_dates_and_search_change_the_numbers() -> None:
    at = open_page("pages/quotes.py")
    at.date_input(key="from").set_value(date(2024, 5, 1)).run()
    at.date_input(key="to").set_value(date(2024, 8, 31)).run()
    at.text_input(key="q").input("budget").run()
    f = Filters(date_from=date(2024, 5, 1), date_to=date(2024, 8, 31), text="budget")
    assert sentence(at) == expected_sentence(f)
    assert at.subheader[0].value == "3 quotes"  # the title matches: all its quotes


def test_query_params_restore_the_widgets() -> None:
    at = open_page(query={**URL, "source": ["Valley Courier"], "q": "vote", "undated": "true"})
    assert at.multiselect(key="speaker").value == URL["speaker"]
    assert at.multiselect(key="source").value == ["Valley Courier"]
    assert at.date_input(key="from").value == date(2024, 2, 1)
    assert at.date_input(key="to").value == date(2024, 9, 30)
    assert at.text_input(key="q").value == "vote"
    assert at.checkbox(key="undated").value is True


def test_quote_kind_comes_from_a_link_and_changes_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, quotes, qterms, aterms = sample_tables()
    quotes.loc[quotes.index[::3], "kind"] = "indirect"  # a third of them reported speech
    tables = (articles, quotes, qterms, aterms)
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(write_tables(tmp_path, tables, {
        "files_seen": 11, "articles": 11, "duplicates": 0, "skipped": []})))

    def expected(filters: Filters) -> str:
        return filters.describe(*filters.apply(articles, quotes))

    at = open_page(query={"kind": "Reported"})
    assert at.radio(key="kind").value == "Reported"
    assert sentence(at) == expected(Filters(kind="indirect"))
    assert sentence(at).startswith(f"Showing {(quotes['kind'] == 'indirect').sum()} reported")
    at.radio(key="kind").set_value("Direct").run()
    assert sentence(at) == expected(Filters(kind="direct"))
    # typed by hand, or as the data writes it: still the reported quotes, not all of them
    for typed in ("reported", "indirect"):
        assert open_page(query={"kind": typed}).radio(key="kind").value == "Reported"


def test_the_quote_kind_choice_is_off_for_a_corpus_without_reported_speech() -> None:
    at = open_page(query={"kind": "Reported"})
    assert at.radio(key="kind").disabled
    assert sentence(at) == expected_sentence(Filters())


def test_a_link_naming_an_unknown_speaker_says_so() -> None:
    at = open_page(query={"speaker": ["Mara Quill", "Nobody Known"]})
    assert at.multiselect(key="speaker").value == ["Mara Quill"]
    assert any("speaker=Nobody Known" in w.value.replace("\\", "") for w in at.warning)
    at.multiselect(key="speaker").select("Olek Dunne").run()
    assert not any("Left out of the filter" in w.value for w in at.warning)


def test_a_linked_date_outside_the_corpus_is_still_a_bound() -> None:
    # a link asking for what follows 2030 shows nothing, not everything
    at = open_page(query={"from": "2030-01-01"})
    assert str(at.date_input(key="from").value) == "2030-01-01"
    assert not any("Left out of the filter" in w.value for w in at.warning)
    assert any("Nothing matches these filters" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"to": "garbage"}, "to=garbage (not a date"),
        ({"from": "1700-01-01"}, "from=1700-01-01 (outside 1800-2200"),
        ({"from": "2024-02-30"}, "from=2024-02-30 (not a date"),
    ],
    ids=["not-a-date", "too-early", "no-such-day"],
)
def test_a_link_with_a_date_the_filter_cannot_take_says_so(query: dict, said: str) -> None:
    at = open_page(query=query)
    assert any(said in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
    assert at.date_input(key="from").value is None and at.date_input(key="to").value is None


def test_hostile_text_is_never_markup() -> None:
    at = open_page("pages/explore.py", query={"q": "<script>"})
    assert "<script>" not in "".join(m.value for m in at.markdown).replace("\\<", "")
    shown = at.dataframe[1].value
    assert shown["text"].str.contains("<script>", regex=False).any()


def test_bad_corpus_path_is_an_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(missing))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("nowhere" in e.value for e in at.error)


def test_readability_formula_is_explained() -> None:
    at = open_page("pages/readability.py")
    box = at.selectbox(key="rd_formula")
    assert box.value == "Flesch reading ease"
    first = [c.value for c in at.caption]
    box.set_value("Gunning fog").run()
    assert [c.value for c in at.caption] != first
    assert not at.exception


def test_keywords_speaker_terms_comparison_and_topics() -> None:
    at = open_page("pages/keywords.py")
    charts = [c.key for c in at.get("plotly_chart")]
    assert charts == ["kw_articles", "kw_speaker_terms", "kw_compare", "kw_topics"]
    assert at.selectbox(key="kw_a").value != at.selectbox(key="kw_b").value
    at.selectbox(key="kw_b").set_value(at.selectbox(key="kw_a").value).run()
    assert any("two different" in i.value for i in at.info)
    at = open_page("pages/keywords.py", query={"speaker": ["Olek Dunne"]})
    assert at.selectbox(key="kw_speaker").value == "Olek Dunne"
    assert any("needs two speakers" in i.value for i in at.info)


def _bar_terms(at: AppTest, key: str) -> list[str]:
    """A bar chart's terms, top bar first (Plotly lists a horizontal bar chart's y from the
    bottom)."""
    return [str(y) for trace in chart(at, key)["data"] for y in trace.get("y", [])][::-1]


def test_words_left_out_leave_every_keyword_list_and_come_back_from_the_link() -> None:
    at = open_page("pages/keywords.py")
    before = _bar_terms(at, "kw_articles")
    topics_before = [t["name"] for t in chart(at, "kw_topics")["data"]]
    first, other = before[0], before[1].split()[-1]
    assert not any("Left out" in c.value for c in at.caption)
    # typed in the sidebar, as a reader would: any case, stray spaces, two kinds of separator
    typed = f" {first.upper()} ;{other},  "
    at.text_input(key="stop").set_value(typed).run()
    assert not at.exception, [e.value for e in at.exception]
    gone = stoplist.parse_stoplist(typed)
    assert len(gone) == 2
    after = _bar_terms(at, "kw_articles")
    assert not any(stoplist.hidden(after, gone)), after
    # the other terms keep their order, and the next ones move up into the list
    kept = [t for t in before if not stoplist.hidden([t], gone)[0]]
    assert len(kept) < len(before) and after[:len(kept)] == kept and len(after) == len(before)
    for key in ("kw_speaker_terms", "kw_compare"):
        assert not any(stoplist.hidden(_bar_terms(at, key), gone)), key
    # topics stay as fitted, under the names the Topic filter knows them by
    assert [t["name"] for t in chart(at, "kw_topics")["data"]] == topics_before
    assert any("Left out of keyword lists" in c.value and first.lower() in c.value
               for c in at.caption)
    assert not any("No keyphrase of this corpus contains" in c.value for c in at.caption)
    # the list is part of the view's link (the browser test sees the URL follow), and a link
    # brings it back on this page and the others that list keywords
    (link,) = [c.value for c in at.code]
    assert "stop=" in link and first.upper().replace(" ", "+") in link
    again = open_page("pages/keywords.py", query={"stop": typed})
    assert _bar_terms(again, "kw_articles") == after
    for page, key in (("pages/profile.py", "pf_terms"), ("pages/compare.py", "cmp_terms")):
        shown = open_page(page, query={"stop": typed})
        assert not any(stoplist.hidden(_bar_terms(shown, key), gone)), page
        assert any("Left out of keyword lists" in c.value for c in shown.caption), page
    # an entry that leaves nothing out is named: two words typed without a comma are one phrase
    idle = open_page("pages/keywords.py", query={"stop": f"{first}, zzqx {other}"})
    assert any(f"No keyphrase of this corpus contains zzqx {other}" in c.value
               for c in idle.caption)


def test_a_clicked_topic_keeps_its_articles_in_the_sidebar_sentence_and_link(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace
    from urllib.parse import quote_plus

    from lib.ui import drill

    at = open_page("pages/keywords.py")
    lines = chart(at, "kw_topics")["data"]
    name = lines[0]["legendgroup"]  # the topic's name, which the Topic filter lists
    assert name in at.multiselect(key="topic").options
    # A click reports the line's legend group: the callback makes it the sidebar's topic.
    state: dict = {"kw_topics": {"selection": {"points": [
        {"legendgroup": name, "x": "2024-05-01", "y": 0.5, "curve_number": 0}]}}}
    with monkeypatch.context() as patched:
        patched.setattr(drill, "st", SimpleNamespace(session_state=state))
        drill.set_from_bars("kw_topics", "topic", axis="legendgroup")()
    assert state["topic"] == [name]
    at.session_state["topic"] = state["topic"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="topic").value == [name]
    articles, quotes, _, tables = sample_tables()
    f = Filters(topics=(name,))
    kept = f.apply(articles, quotes, article_topics=tables["article_topics"],
                   topic_table=tables["topics"])
    assert 0 < len(kept[0]) < len(articles)
    want = f.describe(*kept)
    assert sentence(at) == want and want.endswith(f', on the topic "{name}"')
    (link,) = [c.value for c in at.code]
    assert f"topic={quote_plus(name)}" in link
    # the chosen topic keeps its line on the chart: every article shown is on it, every month
    (line,) = [t for t in chart(at, "kw_topics")["data"] if t["legendgroup"] == name]
    assert values(line["y"]) and set(values(line["y"])) == {1.0}
    # and a link opens on it, on this page and on another
    for page in ("pages/keywords.py", "pages/quotes.py"):
        linked = open_page(page, query={"topic": name})
        assert linked.multiselect(key="topic").value == [name], page
        assert sentence(linked) == want, page


def test_explore_downloads_exactly_what_is_shown() -> None:
    at = open_page("pages/explore.py", query={"source": ["Harbour Post"]})
    tabs = [t.label for t in at.tabs]
    assert tabs == ["Articles", "Quotes"]  # fixed labels: the open tab is in the link
    assert {"4 articles", "7 quotes"} <= {c.value for c in at.caption}
    articles = at.dataframe[0].value
    assert set(articles["source"]) == {"Harbour Post"} and len(articles) == 4
    assert re.match(r"Articles as CSV", at.get("download_button")[0].label)


UPLOAD_CSV = (
    b"title,date,source,text\n"
    b'Dock talks,2024-03-01,Gull Gazette,"""The cranes stay,"" said Wren Talbot. '
    b'Talbot added: ""We sign on Friday."""\n'
    b'Ferry fares,2024-04-02,Gull Gazette,"""Fares will not rise,"" said Odile Marsh."\n'
)


def test_an_upload_is_analysed_for_that_session_only() -> None:
    at = open_page()
    at.file_uploader(key="upload_files").set_value(
        [("mine.csv", UPLOAD_CSV, "text/csv"), ("junk.json", b"{not json", "application/json")]
    ).run()  # analysed as soon as the files are dropped
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "2"
    assert int(metrics["Quotes"]) >= 2
    assert "Gull Gazette" in at.multiselect(key="source").options
    assert any("junk.json" in str(df.value.to_dict()) for df in at.dataframe)  # skipped, named
    other = open_page()  # another visitor: still the server's corpus
    assert {m.label: m.value for m in other.metric}["Articles"] == "10"
    assert "Gull Gazette" not in other.multiselect(key="source").options
    at.button(key="upload_clear").click().run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "10"


def test_seed_article_alone_lists_its_speaker_with_the_gold_direct_quotes(
        shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold = json.loads((shared_data / "seed" / "000_e020959c31ef5263.gold.json").read_text("utf-8"))
    direct = [q["text"] for q in gold["quotes"] if q["kind"] == "direct"]
    assert len(direct) >= 3
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(REPO / "data" / "corpus" / "seed"))
    at = open_page("pages/quotes.py")
    table = at.dataframe[0].value
    top = table["speaker"].value_counts().index[0]
    theirs = " ".join(table.loc[table["speaker"] == top, "text"])
    # Compare on the opening words: attribution may trim a quote's end differently.
    found = [q for q in direct if " ".join(q.split()[:6]) in theirs]
    assert len(found) >= 3, (top, found)
    person = next(name for name, info in gold["speakers"].items()
                  if "Prime Minister" in str(info.get("role")))
    assert top in {person, *gold["speakers"][person]["variants_in_text"]}


def test_corpus_argument_wins_over_env_and_ignores_other_flags(
        tmp_path: Path, built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lib.ui.data import DEFAULT_CORPUS, corpus_argument

    assert corpus_argument(["-q", "--corpus", str(tmp_path), "-x"]) == tmp_path.resolve()
    assert corpus_argument(["-q"]) == built_dir.resolve()  # from QUOTESCOPE_CORPUS
    monkeypatch.delenv("QUOTESCOPE_CORPUS")
    assert corpus_argument(["-q"]) == DEFAULT_CORPUS


@pytest.mark.parametrize(
    ("page", "query", "widgets"),
    [
        ("pages/readability.py", {"rd_formula": "SMOG grade", "rd_order": "Plainest first"},
         {"rd_formula": "SMOG grade", "rd_order": "Plainest first"}),
        ("pages/keywords.py", {"kw_n": "30", "kw_a": "Olek Dunne"},
         {"kw_n": 30, "kw_a": "Olek Dunne"}),
        ("pages/compare.py", {"cmp_f": "SMOG grade"}, {"cmp_f": "SMOG grade"}),
    ],
    ids=["readability", "keywords", "compare"],
)
def test_page_settings_come_back_from_a_link(page: str, query: dict, widgets: dict) -> None:
    from urllib.parse import quote_plus

    at = open_page(page, query=query)
    for key, value in widgets.items():
        widget = next(w for w in [*at.selectbox, *at.radio, *at.slider] if w.key == key)
        assert widget.value == value, key
    # and the page's own "Link to this view" writes them as the widgets read them
    (link,) = [c.value for c in at.code]
    for key, value in query.items():
        assert f"{key}={quote_plus(value)}" in link, (key, link)


@pytest.mark.parametrize(
    ("page", "key", "tab"),
    [("pages/readability.py", "rd_tab", "Speaker vs reporter"),
     ("pages/explore.py", "ex_tab", "Quotes"),
     ("pages/quotes.py", "qt_tab", "Over time")],
)
def test_the_open_tab_comes_back_from_a_link(page: str, key: str, tab: str) -> None:
    from urllib.parse import quote_plus

    at = open_page(page, query={key: tab})
    assert not at.exception
    assert at.session_state[key] == tab
    (link,) = [c.value for c in at.code]
    assert f"{key}={quote_plus(tab)}" in link, link


def test_switching_corpus_starts_a_fresh_view_the_address_bar_agrees_with() -> None:
    at = open_page(query={"speaker": ["Mara Quill"]})
    assert at.multiselect(key="speaker").value == ["Mara Quill"]
    at.file_uploader(key="upload_files").set_value([("mine.csv", UPLOAD_CSV, "text/csv")]).run()
    assert not at.exception
    # the server corpus's speaker is neither in the upload's filter nor in its URL
    assert at.multiselect(key="speaker").value == []
    assert "speaker" not in at.query_params
    assert not any("Left out of the filter" in w.value for w in at.warning)
    at.button(key="upload_clear").click().run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "10"
    assert at.multiselect(key="speaker").value == [] and "speaker" not in at.query_params
    assert not any("Left out of the filter" in w.value for w in at.warning)


def test_a_filter_nothing_matches_says_so_on_every_page_with_its_sentence() -> None:
    query = {"q": "zzqxj"}
    for page in PAGES:
        at = open_page(page, query)
        assert not at.exception, page
        assert sentence(at).startswith("Showing 0 quotes in 0 articles"), page
    compare = open_page("pages/compare.py", query)
    assert any("No speaker under these filters" in i.value for i in compare.info)
    quotes = open_page("pages/quotes.py", query)
    assert not any("Select a row" in c.value for c in quotes.caption)
