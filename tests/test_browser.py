"""The real app in headless Chromium: `streamlit run` on a free loopback port over the hand-made
corpus; every page must render without an exception box, an error box or a console error, and a
shared link must show the same filtered numbers on every page. Never skipped: no Chromium is a
failure."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import sample_tables

from lib.filters import Filters

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERY = {"speaker": ["Mara Quill", "Ines Varga"], "from": "2024-02-01", "to": "2024-09-30"}
# Streamlit probes <page>/_stcore/... to find its base path when a sub-page is opened directly.
BENIGN = re.compile(r"/_stcore/(health|host-config)")

STATE_JS = r"""() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const q = s => document.querySelectorAll(s).length;
  return {
    conn: app ? app.getAttribute('data-test-connection-state') : null,
    script: app ? app.getAttribute('data-test-script-state') : null,
    busy: q('[data-testid="stSkeleton"],[data-testid="stAppSkeleton"],'
            + '[data-testid="stSpinner"],[data-testid="stStatusWidget"]'),
    plots: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
             .filter(p => !p.querySelector('.main-svg')).length,
    nodes: document.getElementsByTagName('*').length,
  };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, QUOTESCOPE_CORPUS=str(built_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                log = proc.stdout.read() if proc.stdout else ""
                raise AssertionError(f"streamlit exited: {log}")
            try:
                with urllib.request.urlopen(base + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "streamlit did not become healthy in 90 s"
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page in its own tab, recording console errors, page errors and dialogs."""

    def __init__(self, browser: object, url: str, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"),
                                          d.dismiss()))
        self.page.goto(url, wait_until="domcontentloaded", timeout=60_000)
        self.settle()

    def _console(self, msg: object) -> None:
        where = (msg.location or {}).get("url", "")  # type: ignore[attr-defined]
        if msg.type == "error" and not BENIGN.search(where):  # type: ignore[attr-defined]
            self.problems.append(f"console: {msg.text} [{where}]")  # type: ignore[attr-defined]

    def settle(self, timeout: float = 60, quiet_ms: int = 600) -> None:
        """Wait until the script has finished, charts are drawn and the DOM stops changing."""
        start, last, since = time.monotonic(), None, time.monotonic()
        self.page.wait_for_timeout(300)
        while time.monotonic() - start < timeout:
            st = self.page.evaluate(STATE_JS)
            ready = (st["conn"] == "CONNECTED" and st["script"] == "notRunning"
                     and st["busy"] == 0 and st["plots"] == 0)
            if ready and st["nodes"] == last:
                if (time.monotonic() - since) * 1000 >= quiet_ms:
                    return
            else:
                last, since = (st["nodes"] if ready else None), time.monotonic()
            self.page.wait_for_timeout(150)
        raise AssertionError(f"{self.page.url} did not settle in {timeout} s: {st}")

    def sentence(self) -> str:
        texts = self.page.locator('[data-testid="stMarkdown"]').all_inner_texts()
        found = [t.strip() for t in texts if t.strip().startswith("Showing")]
        assert found, f"no filter sentence on {self.page.url}"
        return found[0]

    def assert_clean(self) -> None:
        boxes = self.page.locator('[data-testid="stException"]').all_inner_texts()
        errors = self.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        assert not boxes and not errors and not self.problems, (self.page.url, boxes, errors,
                                                               self.problems)

    def click_for(self, target: object, key: str) -> list[str]:
        """Click the middle of a chart mark (centred first: at the top of the scroll area the
        sticky page header covers it) and return the URL's values of `key` once it has them."""
        target.evaluate("e => e.scrollIntoView({block: 'center'})")  # type: ignore[attr-defined]
        box = target.bounding_box()  # type: ignore[attr-defined]
        assert box is not None
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        self.settle()
        self.page.wait_for_function(f"() => location.search.includes('{key}=')",
                                    timeout=30_000)
        return parse_qs(urlsplit(self.page.url).query)[key]

    def close(self) -> None:
        self.page.close()


def _expected(query: dict) -> str:
    articles, quotes, _, _ = sample_tables()
    f = Filters.from_query(query)
    return f.describe(*f.apply(articles, quotes))


def test_every_page_is_clean_a_shared_link_shows_the_same_numbers_and_widgets_write_it(
        server: str, browser: object) -> None:
    # First a fresh server is opened straight on a sub-page with the shared link (the hard
    # case: no session has run app.py yet), then every other page is reached by its nav link.
    want = _expected(QUERY)
    assert want.startswith("Showing 7 quotes by 2 speakers in 5 articles")
    visit = Visit(browser, server + "quotes?" + urlencode(QUERY, doseq=True))
    order = ["Quotes", "Overview", "Keywords", "Readability", "Explore"]
    for title in order:
        if title != order[0]:
            visit.page.locator('a[data-testid="stTopNavLink"]', has_text=title).first.click()
            visit.settle()
        visit.assert_clean()
        assert visit.page.locator("h1").first.inner_text().strip() == title
        assert visit.sentence() == want, title
        for key in ("speaker=Mara+Quill", "speaker=Ines+Varga", "from=2024-02-01",
                    "to=2024-09-30"):
            assert key in visit.page.url, (title, visit.page.url)

    # A widget writes the URL, and the narrower filter follows to another page.
    box = visit.page.get_by_role("textbox", name="Text search")
    box.fill("budget")
    box.press("Enter")
    visit.settle()
    assert "q=budget" in visit.page.url
    narrower = _expected({**QUERY, "q": "budget"})
    assert narrower != want and visit.sentence() == narrower
    visit.page.locator('a[data-testid="stTopNavLink"]', has_text="Quotes").first.click()
    visit.settle()
    assert "/quotes" in visit.page.url and "q=budget" in visit.page.url
    assert visit.sentence() == narrower
    visit.assert_clean()
    visit.close()


def test_the_overview_opens_at_its_own_path_too(server: str, browser: object) -> None:
    # "/overview" (the page's file name) is where a typed or edited link goes; it must show the
    # Overview with the link's filters, not Streamlit's "page not found".
    visit = Visit(browser, server + "overview?" + urlencode(QUERY, doseq=True))
    visit.assert_clean()
    assert visit.page.locator("h1").first.inner_text().strip() == "Overview"
    assert visit.sentence() == _expected(QUERY)
    assert "/overview" in visit.page.url and "speaker=Mara+Quill" in visit.page.url
    visit.close()


def test_hostile_text_stays_text_at_800_px(server: str, browser: object) -> None:
    visit = Visit(browser, server + "explore?" + urlencode({"q": "<script>"}), width=800)
    visit.assert_clean()  # an executed alert() would show up as a dialog
    assert visit.sentence().endswith('matching "<script>"')
    assert visit.page.locator("[data-testid=stMain] script").count() == 0
    visit.close()


def test_a_saved_view_reopens_on_a_fresh_server_with_the_same_numbers(
        built_dir: Path, browser: object) -> None:
    # A view saved from one server (filters, toggles, the profile's speaker) opened on a server
    # started just now, which no session has touched.
    saved = {**QUERY, "who": "Ines Varga", "counts": "true", "dedupe": "false"}
    want = _expected({**saved, "speaker": ["Ines Varga"]})  # the profile's sentence: its speaker
    fresh = server.__wrapped__(built_dir)  # type: ignore[attr-defined]
    base = next(fresh)
    try:
        visit = Visit(browser, base + "profile?" + urlencode(saved, doseq=True))
        # The first run on a fresh server leaves legacy page mode and reruns: wait for it.
        visit.page.get_by_text("Showing", exact=False).first.wait_for(timeout=60_000)
        visit.settle()
        visit.assert_clean()
        assert visit.sentence() == want
        metrics = visit.page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics[:2] == ["3", "3"], metrics  # Ines Varga, Feb–Sep: 3 quotes, 3 articles
        link = visit.page.locator('[data-testid="stCode"]').first.text_content() or ""
        for part in ("who=Ines+Varga", "counts=true", "dedupe=false", "speaker=Mara+Quill"):
            assert part in link, link
        visit.close()
    finally:
        next(fresh, None)


def test_clicking_a_speaker_bar_filters_by_that_speaker(server: str, browser: object) -> None:
    # A real click on a Plotly bar: the sidebar filter, the sentence and the URL all follow.
    visit = Visit(browser, server + "quotes")
    visit.settle()
    bar = visit.page.locator('[data-testid="stPlotlyChart"] .bars .point path').first
    picked = visit.click_for(bar, "speaker")
    assert len(picked) == 1
    assert visit.sentence().startswith(_expected({"speaker": picked})[:40])
    visit.assert_clean()
    visit.close()


def test_words_typed_to_leave_out_leave_the_chart_and_enter_the_url(server: str,
                                                                     browser: object) -> None:
    visit = Visit(browser, server + "keywords")

    def labels() -> list[str]:
        chart = visit.page.locator('[data-testid="stPlotlyChart"]').first
        return [t.strip() for t in (chart.locator(".ytick text").all_text_contents())]

    before = labels()
    assert len(before) >= 5, before
    top = before[-1]  # Plotly draws the top bar's label last
    box = visit.page.get_by_role("textbox", name="Leave out of keywords")
    box.fill(top.upper())
    box.press("Enter")
    visit.settle()
    visit.page.wait_for_function("() => location.search.includes('stop=')", timeout=30_000)
    assert parse_qs(urlsplit(visit.page.url).query)["stop"] == [top.upper()]
    after = labels()
    assert top not in after and len(after) == len(before), (top, after)
    assert visit.page.get_by_text("Left out of keyword lists", exact=False).count() >= 1
    visit.assert_clean()
    visit.close()


def test_clicking_a_topic_point_filters_by_that_topic(server: str, browser: object) -> None:
    # A real click on a marker of the Topics over time chart: the Topic filter, the sentence
    # and the URL follow.
    visit = Visit(browser, server + "keywords")
    chart = visit.page.locator('[data-testid="stPlotlyChart"]').last
    picked = visit.click_for(chart.locator(".scatterlayer .trace .points path").first, "topic")
    assert len(picked) == 1
    assert visit.sentence().endswith(f'on the topic "{picked[0]}"')
    visit.assert_clean()
    visit.close()
