"""Hostile corpus text in the real app: quote text, titles, speaker names, sources, terms and the
corpus folder name carry <script>, <img onerror>, Markdown links, bold and LaTeX. In headless
Chromium on every page nothing runs, no element or link is made from them, and where they are
shown they read literally. Never skipped: no Chromium is a failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest
import test_browser as harness
from conftest import sample_tables, write_tables
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest
from test_browser import Visit

from lib.ui.render import md_escape

# The app server and browser fixtures of the main browser test: one copy of the harness.
# `server` starts on whatever `built_dir` is in scope, so this module overrides it below.
server = harness.server
browser = harness.browser

REPO = Path(__file__).resolve().parents[1]

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = "[click](http://127.0.0.1:9/x)"
BOLD = "**bold**"
LATEX = "$x^2$"
HOSTILE = [SCRIPT, IMG, LINK, BOLD, LATEX]
# A folder name becomes the corpus label in the sidebar and the load report: no "/" allowed.
FOLDER = "<img src=x onerror=window.__pwned=2> $y^2$ **label**"

SPEAKERS = {"Mara Quill": f"Mara {SCRIPT}", "Tomas Brenn": f"Tomas {IMG}",
            "Ines Varga": f"Ines {LINK}", "Olek Dunne": f"Olek {BOLD} {LATEX}"}
SOURCES = {"Harbour Post": f"Post {SCRIPT}", "Valley Courier": f"Courier {LINK}",
           "Northern Ledger": f"Ledger {IMG} {LATEX}"}
PAGES = ["Overview", "Quotes", "Keywords", "Speakers", "Profile", "Compare", "Readability",
         "Article", "Explore"]
PAGE_FILES = [f"pages/{p.lower()}.py" for p in PAGES]


def hostile_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """The app tests' hand-made corpus with every shown string made hostile."""
    articles, quotes, speakers, tables = sample_tables()
    for i, row in articles.iterrows():
        articles.loc[i, "title"] = f"{HOSTILE[i % 5]} {row['title']} {HOSTILE[(i + 2) % 5]}"
        articles.loc[i, "author"] = HOSTILE[(i + 1) % 5]
    articles["source"] = articles["source"].map(SOURCES)
    titles = articles.set_index("article_id")["title"]
    for i, row in quotes.iterrows():
        quotes.loc[i, "text"] = f"{row['text']} {HOSTILE[i % 5]}"
        quotes.loc[i, "context"] = f"{HOSTILE[(i + 1) % 5]} {row['context']}"
        quotes.loc[i, "speaker_role"] = HOSTILE[(i + 3) % 5]
        quotes.loc[i, "cue"] = HOSTILE[(i + 4) % 5]
    quotes["title"] = quotes["article_id"].map(titles)
    quotes["source"] = quotes["source"].map(SOURCES)
    quotes["speaker"] = quotes["speaker"].map(lambda s: SPEAKERS.get(s, s))
    quotes["speaker_local"] = quotes["speaker"]
    speakers["speaker"] = speakers["speaker"].map(lambda s: SPEAKERS.get(s, s))
    # Keyphrases are drawn as chart labels: make the top ones hostile too.
    terms = tables["article_terms"]
    terms["term"] = [HOSTILE[i % 5] if i % 2 == 0 else t for i, t in enumerate(terms["term"])]
    terms["weight"] = [w + 10 if i % 2 == 0 else w for i, w in enumerate(terms["weight"])]
    qterms = tables["quote_terms"]
    qterms["term"] = [HOSTILE[i % 5] if i % 2 == 0 else t for i, t in enumerate(qterms["term"])]
    return articles, quotes, speakers, tables


def write_hostile_built(out: Path) -> Path:
    skipped = [{"file": f"{h}.csv", "line": n, "reason": h} for n, h in enumerate(HOSTILE)]
    return write_tables(out, hostile_tables(), {
        "files_seen": 16, "articles": 11, "duplicates": 0, "skipped": skipped,
        # No bare URL here: test_a_bare_url_is_not_made_a_link has that case.
        "summary": f"Read 11 articles {SCRIPT} {IMG} {BOLD} {LATEX} [a](#x)"})


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_built(tmp_path_factory.mktemp("hostile") / FOLDER)


# ---------------------------------------------------------------- without a browser


def test_the_analysis_keeps_hostile_text_verbatim() -> None:
    # The pipeline must neither strip nor escape: showing text safely is the UI's job, and a
    # stripped <script> would hide what the article really said.
    from lib import build, corpus

    rows = [
        f'"{SCRIPT} is what we found," said Mara Quill on {LATEX} day.',
        f'"Nobody clicked {LINK} or saw {IMG}," Tomas Brenn said. "{BOLD} was all."',
    ]
    csv = pd.DataFrame({"title": [f"{SCRIPT} t0", f"{IMG} t1"], "source": [IMG, LINK],
                        "date": ["2024-01-01", "2024-02-01"], "text": rows}).to_csv(index=False)
    loaded = corpus.load_uploads([("hostile.csv", csv.encode())])
    built = build.build_corpus(loaded.articles, report=loaded.report, workers=1)
    assert set(built.articles["title"]) == {f"{SCRIPT} t0", f"{IMG} t1"}
    assert set(built.articles["source"]) == {IMG, LINK}
    quoted = " ".join(built.quotes["text"])
    for literal in (SCRIPT, LINK, IMG, BOLD):
        assert literal in quoted, (literal, quoted)
    assert {"Mara Quill", "Tomas Brenn"} <= set(built.quotes["speaker"])


@pytest.mark.parametrize("page", PAGE_FILES)
def test_no_markdown_element_carries_raw_hostile_text(
        page: str, built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Everything Streamlit renders as Markdown (text, captions, labels) must hold the hostile
    # strings escaped, never verbatim; tables and charts show them as data.
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["speaker"] = list(SPEAKERS.values())[:2]
    at.query_params["q"] = SCRIPT
    at.run()
    if page != PAGE_FILES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = [m.value for m in (*at.markdown, *at.caption, *at.title, *at.subheader,
                                *at.info, *at.warning, *at.error)]
    bodies += [e.label for e in at.expander] + [t.label for t in at.tabs]
    assert any(md_escape(SCRIPT) in b for b in bodies), "the search sentence shows the text"
    for literal in [*HOSTILE, FOLDER]:
        raw = [b for b in bodies if literal in b]
        assert not raw, (page, literal, raw)


MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:=")


@settings(max_examples=300, deadline=None)
@given(hs.text())
def test_md_escape_leaves_no_markdown_character_bare(text: str) -> None:
    out = md_escape(text)
    i, plain = 0, []
    while i < len(out):  # undo the escapes: every special character must have had one
        if out[i] == "\\" and i + 1 < len(out) and out[i + 1] in MD_SPECIAL:
            plain.append(out[i + 1])
            i += 2
        else:
            assert out[i] not in MD_SPECIAL, (text, out, i)
            plain.append(out[i])
            i += 1
    # the only other change: word joiners that stop bare URLs and e-mails becoming links
    # (compared without any, since the text itself may hold one)
    assert "".join(plain).replace("\u2060", "") == text.replace("\u2060", "")


# Everything one page must not contain, read in one evaluation: a set global, an element made
# from the text, a link to the hostile address (HTML or SVG), a script element carrying it.
PROBE_JS = r"""() => {
  const href = a => a.getAttribute('href') || a.getAttribute('xlink:href') || '';
  return {
    pwned: typeof window.__pwned,
    imgs: [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x')
            .map(i => i.outerHTML),
    links: [...document.querySelectorAll('a')].filter(a => href(a).includes('127.0.0.1:9'))
             .map(a => a.outerHTML),
    scripts: [...document.querySelectorAll('script')].filter(s => s.text.includes('__pwned'))
               .length,
    svg: [...document.querySelectorAll('[data-testid="stPlotlyChart"] text')]
           .map(t => t.textContent),
    cells: [...document.querySelectorAll('table[role="grid"] td')].map(t => t.textContent),
    body: document.body.innerText,
  };
}"""


def walk(visit: Visit, pages: list[str] = PAGES) -> Iterator[tuple[str, dict]]:
    """The given pages by their nav links, each checked clean and probed once settled."""
    for title in pages:
        if visit.page.locator("h1").first.inner_text().strip() != title:
            visit.page.locator('a[data-testid="stTopNavLink"]', has_text=title).first.click()
            visit.settle()
        assert visit.page.locator("h1").first.inner_text().strip() == title
        visit.assert_clean()  # exception boxes, error boxes, console errors, dialogs
        found = visit.page.evaluate(PROBE_JS)
        assert found["pwned"] == "undefined", title
        assert not found["imgs"] and not found["links"] and not found["scripts"], (title, found)
        yield title, found


def test_hostile_corpus_never_runs_and_reads_literally_on_every_page(
        server: str, browser: object) -> None:
    visit = Visit(browser, server)
    names = list(SPEAKERS.values())
    seen: dict[str, dict] = {}
    for title, found in walk(visit):
        seen[title] = found
        assert f"Corpus: {FOLDER}" in found["body"], title
    # Charts name speakers on three pages, the load report and the tables show every field.
    for title in ("Overview", "Quotes", "Readability"):
        assert set(names) <= set(seen[title]["svg"]), (title, seen[title]["svg"])
    assert set(SOURCES.values()) <= set(seen["Overview"]["svg"])
    assert set(HOSTILE) <= set(seen["Keywords"]["svg"])
    assert f"Load report for {FOLDER}" in seen["Overview"]["body"]
    assert {f"{h}.csv" for h in HOSTILE} <= set(seen["Overview"]["cells"])
    titles = set(hostile_tables()[0]["title"])
    assert titles & set(seen["Explore"]["cells"]), seen["Explore"]["cells"][:20]
    visit.close()


def test_hostile_filters_from_a_link_stay_text(server: str, browser: object) -> None:
    # A shared link can carry hostile values itself: the chips and the sentence show them.
    speaker, source = SPEAKERS["Mara Quill"], SOURCES["Harbour Post"]
    query = {"speaker": [speaker, SPEAKERS["Tomas Brenn"]], "source": source, "q": SCRIPT}
    # The sidebar is the same code on every page: two pages (charts, tables) are enough.
    visit = Visit(browser, server + "quotes?" + urlencode(query, doseq=True))
    for title, found in walk(visit, ["Quotes", "Explore"]):
        assert f'matching "{SCRIPT}"' in visit.sentence(), title
        if title == "Quotes":
            assert {speaker, SPEAKERS["Tomas Brenn"]} <= set(found["svg"]), found["svg"]
        chips = visit.page.locator('[data-testid="stSidebar"] [data-tag] span[title]')
        shown = {t.strip() for t in chips.all_inner_texts()}
        assert {speaker, SPEAKERS["Tomas Brenn"], source} <= shown, (title, shown)
    visit.close()


def test_a_bare_url_is_not_made_a_link(server: str, browser: object) -> None:
    visit = Visit(browser, server + "explore?" + urlencode({"q": LINK}))
    found = visit.page.evaluate(PROBE_JS)
    assert f'matching "{LINK}"' in visit.sentence().replace("\u2060", "")
    visit.close()
    assert not found["links"], found["links"]
