"""What one visitor uploads is seen by that session only: a second AppTest session and a second
browser context on the same server find no trace of it on any page, and no process-wide
Streamlit cache holds it. Browser tests never skip: no Chromium is a failure."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_browser as harness
from streamlit.runtime.caching import cache_data_api, cache_resource_api
from streamlit.testing.v1 import AppTest
from test_browser import Visit

REPO = Path(__file__).resolve().parents[1]
PAGES = ["pages/overview.py", "pages/quotes.py", "pages/keywords.py", "pages/readability.py",
         "pages/explore.py"]
TITLES = ["Overview", "Quotes", "Keywords", "Readability", "Explore"]

# Names and words no corpus of ours contains, so any sighting is the upload leaking.
SPEAKER = "Zephyrine Quaxley"
SOURCE = "Kelpwater Bugle"
WORD = "glimmerquartz"
UPLOAD = (
    "title,date,source,text\n"
    f'Harbour {WORD} plan,2024-03-01,{SOURCE},"""The {WORD} stays in the bay,"" said '
    f'{SPEAKER}, the harbour master. ""We sign the {WORD} deal on Friday,"" Quaxley added."\n'
    f'Quay lights,2024-04-02,{SOURCE},"""Every {WORD} lamp will be lit,"" said {SPEAKER}."\n'
).encode()
TRACES = [SPEAKER, SOURCE, WORD]

# The server fixtures of the main browser test, reused: one copy of the harness.
server = harness.server
browser = harness.browser


@pytest.fixture(autouse=True)
def _corpus(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(built_dir))


# ---------------------------------------------------------------- AppTest sessions


def open_app(query: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything(at: AppTest) -> str:
    """All an AppTest session draws, as one string: elements with their protos (labels,
    options, chart specs) and every dataframe's cells."""
    frames = [df.value.to_csv() for df in at.dataframe]
    charts = [str(el.proto.spec) for el in at.get("plotly_chart")]
    return "\n".join([str(at._tree), *frames, *charts])


def global_cache_blobs() -> Iterator[tuple[str, bytes]]:
    """Each entry of every process-wide (global-scope) cache_resource and cache_data cache,
    pickled. Session-scoped caches belong to one session by construction."""
    for api in (cache_resource_api._resource_caches, cache_data_api._data_caches):
        for key, cache in api._function_caches.get(None, {}).items():
            mem = getattr(cache, "_mem_cache", None) or {}
            for entry in list(mem.values()):
                value = getattr(entry, "value", entry)
                try:
                    yield key, pickle.dumps(value)
                except Exception:  # unpicklable: its repr still shows any text it holds
                    yield key, repr(value).encode()


def upload(at: AppTest) -> AppTest:
    # Files are analysed as soon as they are dropped, as in the browser.
    at.file_uploader(key="upload_files").set_value([("mine.csv", UPLOAD, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def uploaded(built_dir: Path) -> Iterator[AppTest]:
    mp = pytest.MonkeyPatch()
    mp.setenv("QUOTESCOPE_CORPUS", str(built_dir))
    at = upload(open_app())
    yield at
    mp.undo()


def test_the_uploader_sees_their_upload_on_every_page(uploaded: AppTest) -> None:
    assert SPEAKER in uploaded.multiselect(key="speaker").options
    assert uploaded.multiselect(key="source").options == [SOURCE]
    assert {m.label: m.value for m in uploaded.metric}["Articles"] == "2"
    for page in PAGES:
        uploaded.switch_page(page).run()
        assert not uploaded.exception, (page, [e.value for e in uploaded.exception])
        # The probe used on the other session finds the upload here, so it can fail. The
        # word is in quote texts, which not every page shows.
        drawn = everything(uploaded)
        assert SPEAKER in drawn and SOURCE in drawn, page
        assert WORD in drawn or page in ("pages/overview.py", "pages/readability.py"), page


@pytest.mark.parametrize("page", PAGES)
def test_another_session_never_sees_the_upload(uploaded: AppTest, page: str) -> None:
    other = open_app(query={"q": WORD})
    if page != PAGES[0]:
        other.switch_page(page).run()
    assert not other.exception, [e.value for e in other.exception]
    drawn = everything(other)
    assert not [t for t in TRACES if t in drawn], page
    assert SPEAKER not in other.multiselect(key="speaker").options
    assert SOURCE not in other.multiselect(key="source").options
    # Its own search for the upload's word finds nothing in the server corpus.
    sentence = next(m.value for m in other.markdown if "Showing" in m.value)
    assert sentence.replace("\\", "").startswith("**Showing 0 quotes"), sentence


def test_no_process_wide_cache_holds_the_upload(uploaded: AppTest) -> None:
    blobs = list(global_cache_blobs())
    assert blobs, "the server corpus should be in the resource cache"
    leaked = [key for key, blob in blobs if any(t.encode() in blob for t in TRACES)]
    assert not leaked, leaked
    # The same probe does find the upload where it belongs: in the uploader's session state.
    mine = pickle.dumps(uploaded.session_state["_upload_built"])
    assert all(t.encode() in mine for t in TRACES)


def test_leaving_the_upload_drops_it_from_the_session(built_dir: Path) -> None:
    at = upload(open_app())
    assert SPEAKER in at.multiselect(key="speaker").options
    at.button(key="upload_clear").click().run()
    assert SPEAKER not in at.multiselect(key="speaker").options
    assert "_upload_built" not in at.session_state
    assert not [t for t in TRACES if t in everything(at)]


# ---------------------------------------------------------------- browser contexts

TRACE_JS = r"""() => [
  document.body.innerText,
  ...[...document.querySelectorAll('[data-testid="stPlotlyChart"] text')].map(t => t.textContent),
  ...[...document.querySelectorAll('table[role="grid"] td')].map(t => t.textContent),
  document.documentElement.outerHTML,
].join('\n')"""


def main_sentence(visit: Visit) -> str:
    # The sidebar also says "Showing your upload (...)": the filter sentence is the main one.
    texts = visit.page.locator('[data-testid="stMain"] [data-testid="stMarkdown"]')
    found = [t.strip() for t in texts.all_inner_texts() if t.strip().startswith("Showing")]
    assert found, f"no filter sentence on {visit.page.url}"
    return found[0]


def page_text(visit: Visit) -> str:
    return str(visit.page.evaluate(TRACE_JS))


def visit_pages(visit: Visit) -> Iterator[str]:
    for title in TITLES:
        if visit.page.locator("h1").first.inner_text().strip() != title:
            visit.page.locator('a[data-testid="stTopNavLink"]', has_text=title).first.click()
            visit.settle()
        visit.assert_clean()
        yield title


@pytest.mark.browser
def test_a_browser_upload_is_invisible_to_another_context(server: str, browser: Any) -> None:
    # Visit opens each page in a new browser context: its own cookies, storage and session.
    mine = Visit(browser, server)
    mine.page.get_by_text("Your own corpus").click()
    mine.page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(
        [{"name": "mine.csv", "mimeType": "text/csv", "buffer": UPLOAD}])
    mine.settle(timeout=120)
    mine.assert_clean()
    assert "in 2 articles" in main_sentence(mine), main_sentence(mine)
    assert all(t in page_text(mine) for t in (SPEAKER, SOURCE)), "the probe must see the upload"

    other = Visit(browser, server)
    for title in visit_pages(other):
        found = [t for t in TRACES if t in page_text(other)]
        assert not found, (title, found)
    # Searching the upload's own word in the other session finds nothing.
    box = other.page.get_by_role("textbox", name="Text search")
    box.fill(WORD)
    box.press("Enter")
    other.settle()
    assert main_sentence(other).startswith("Showing 0 quotes"), main_sentence(other)
    # The uploader still has theirs after the other session ran (a reload would be a new
    # session, which rightly starts on the server corpus).
    mine.page.locator('a[data-testid="stTopNavLink"]', has_text="Quotes").first.click()
    mine.settle()
    assert SPEAKER in page_text(mine) and WORD in page_text(mine)
    mine.close()
    other.close()
