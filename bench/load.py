"""Many visitors at once: one `streamlit run app.py` on loopback and N concurrent Playwright
contexts (one headless Chromium) that change the sidebar filters and switch pages for a fixed
time, each step waiting for its rerun to finish. Prints every error and the rerun times.

`python -m bench.load --sessions 20 --seconds 60 [--corpus PATH] [--max-actions 200]`. Without
--corpus it serves 1,000 generated articles built once into bench/.cache (bench.speed's), so runs
compare. The last line is `load: sessions=N errors=E slowest_rerun_s=X median_rerun_s=Y
reruns=R`. Not a test: on a shared machine times are noisy; the error count is what matters.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = ["Overview", "Quotes", "Keywords", "Readability", "Explore"]
SEARCHES = ["council", "water", "school", "said", "housing", "budget", "zzqx", ""]
# Streamlit probes <page>/_stcore/... to find its base path when a sub-page is opened directly.
BENIGN = re.compile(r"/_stcore/(health|host-config)")

# Counts finished script runs from the app root's state attribute, so a step can wait for
# exactly the rerun it caused (the attribute flips running -> notRunning once per run).
RUN_COUNTER_JS = """
window.__qs = {runs: 0, done: 0};
new MutationObserver(ms => { for (const m of ms) {
  const v = m.target.getAttribute('data-test-script-state');
  if (v === 'running' && m.oldValue !== 'running') window.__qs.runs++;
  if (v === 'notRunning' && m.oldValue !== 'notRunning') window.__qs.done++;
}}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                       attributeFilter: ['data-test-script-state']});
"""
# The rerun that followed `before` finished on the server (the script is not running).
RAN_JS = """before => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && !!window.__qs && window.__qs.done > before
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
# ...and the browser has drawn it: no spinner or placeholder left, every chart drawn.
DRAWN_JS = """() => !document.querySelector('[data-testid="stSpinner"],[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
       .every(p => p.querySelector('.main-svg'))"""
STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {conn: app && app.getAttribute('data-test-connection-state'),
          script: app && app.getAttribute('data-test-script-state'),
          runs: window.__qs ? window.__qs.runs : -1, done: window.__qs ? window.__qs.done : -1,
          placeholders: document.querySelectorAll(
            '[data-testid="stSpinner"],[data-testid="stSkeleton"]').length,
          undrawn_charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .filter(p => !p.querySelector('.main-svg')).length};
}"""
# Exception boxes, and error boxes that are not part of one (an exception box holds an alert).
BOXES_JS = """() => [
  ...[...document.querySelectorAll('[data-testid="stException"]')]
       .map(e => ['exception', e.innerText]),
  ...[...document.querySelectorAll('[data-testid="stAlertContentError"]')]
       .filter(e => !e.closest('[data-testid="stException"]'))
       .map(e => ['error-box', e.innerText]),
]"""


@dataclass(frozen=True, slots=True)
class Rerun:
    session: int
    action: str
    seconds: float  # from the widget change until the script run finished on the server
    drawn: float  # ...until the browser had drawn its result (charts included)


@dataclass(frozen=True, slots=True)
class Problem:
    session: int
    action: str
    kind: str  # exception | error-box | console | page-error | timeout | disconnected | driver
    detail: str


@dataclass(slots=True)
class Tally:
    reruns: list[Rerun] = field(default_factory=list)
    opens: list[tuple[float, float]] = field(default_factory=list)  # (ran, drawn) seconds
    problems: list[Problem] = field(default_factory=list)
    idle: int = 0  # steps whose widget change caused no rerun (same value chosen)


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(corpus: str | None, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ)
    if corpus:
        env["QUOTESCOPE_CORPUS"] = str(Path(corpus).resolve())
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(base + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"streamlit was not healthy in 120 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ---------------------------------------------------------------- one visitor


class Visitor:
    """One browser context: opens the app, then changes one thing at a time until its time
    or its step budget runs out, timing each rerun and recording whatever went wrong."""

    def __init__(self, n: int, browser: Any, base: str, tally: Tally, args: argparse.Namespace,
                 seconds: float) -> None:
        self.n, self.browser, self.base, self.tally, self.args = n, browser, base, tally, args
        self.seconds = seconds
        self.rng = random.Random(1000 + n)
        self.until = 0.0
        self.action = "open"
        self.page: Any = None
        self.query = ""

    def problem(self, kind: str, detail: str) -> None:
        self.tally.problems.append(Problem(self.n, self.action, kind, detail[:300]))

    async def run(self) -> None:
        context = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        # A click waits as long as a rerun may: on a saturated machine the widgets lag too.
        context.set_default_timeout(self.args.timeout * 1000)
        try:
            self.page = await context.new_page()
            self.page.on("console", self._console)
            self.page.on("pageerror", lambda e: self.problem("page-error", str(e)))
            await self.page.add_init_script(RUN_COUNTER_JS)
            if not await self._open():
                return
            # Each visitor drives for the full time once its page is up: on a busy machine
            # the first visitors would otherwise use up the time while the last still load.
            self.until = time.monotonic() + self.seconds
            steps = 0
            while steps < self.args.max_actions and time.monotonic() < self.until:
                steps += 1
                await asyncio.sleep(self.rng.uniform(0.5, self.args.think))
                if time.monotonic() >= self.until:
                    break
                if not await self._step():
                    break  # a dead session: recorded, and no point driving it further
        except Exception as exc:  # a driver failure is a finding, never a crash of the bench
            self.problem("driver", f"{type(exc).__name__}: {exc}")
        finally:
            self.page = None  # late console events of a closing page are not findings
            await context.close()

    def _console(self, msg: Any) -> None:
        where = (msg.location or {}).get("url", "")
        if self.page is not None and msg.type == "error" and not BENIGN.search(where):
            self.problem("console", f"{msg.text} [{where}]")

    async def _open(self) -> bool:
        started = time.monotonic()
        await self.page.goto(self.base, wait_until="domcontentloaded",
                             timeout=self.args.timeout * 1000)
        ran = await self._settle(0, started, timeout=self.args.open_timeout)
        if not isinstance(ran, tuple):
            return False
        self.tally.opens.append(ran)
        return await self._check()

    async def _step(self) -> bool:
        kind = self.rng.choices(["speaker", "source", "date", "search", "page"],
                                weights=[3, 2, 2, 2, 3])[0]
        self.action = kind
        before = await self.page.evaluate(STATE_JS)
        started = time.monotonic()
        changed = await getattr(self, f"_do_{kind}")()
        if not changed:
            self.tally.idle += 1
            return True
        ran = await self._settle(before["done"], started, before["runs"])
        if ran is None:
            return False
        if ran:
            self.tally.reruns.append(Rerun(self.n, kind, ran[0], ran[1]))
        return await self._check()

    async def _settle(self, before: int, started: float, runs_before: int | None = None,
                      timeout: float | None = None) -> tuple[float, float] | None | bool:
        """(rerun s, drawn s) once done; False if the step caused no rerun; None on failure."""
        timeout = (timeout or self.args.timeout) * 1000
        try:
            await self.page.wait_for_function(RAN_JS, arg=before, timeout=timeout, polling=100)
            ran = time.monotonic() - started
            # Drawing is the browser's work, on the same two cores as the server here.
            await self.page.wait_for_function(DRAWN_JS, timeout=self.args.draw_timeout * 1000,
                                              polling=250)
            return ran, time.monotonic() - started
        except Exception:
            state = await self.page.evaluate(STATE_JS)
            if state["conn"] != "CONNECTED":
                self.problem("disconnected", str(state))
                return None
            if runs_before is not None and state["runs"] == runs_before \
                    and state["script"] == "notRunning":
                self.tally.idle += 1  # the widget took the value without a rerun
                return False
            what = "drawn" if state["done"] > before else "finished"
            self.problem("timeout", f"rerun not {what} in time: {state}")
            return None

    async def _check(self) -> bool:
        for kind, text in await self.page.evaluate(BOXES_JS):
            self.problem(kind, text.strip().replace("\n", " | "))
        return True

    # -- the steps: each returns whether it changed a widget (and so should rerun)

    async def _pick(self, label: str) -> bool:
        box = self.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
        chips = box.locator('button[aria-label^="Remove "]')
        if await chips.count() >= 2 or (await chips.count() and self.rng.random() < 0.4):
            await chips.nth(self.rng.randrange(await chips.count())).click()
            return True
        await box.get_by_role("combobox").click()
        options = self.page.locator('[role="option"]')
        await options.first.wait_for()
        names = await options.all_inner_texts()
        picks = [i for i, t in enumerate(names[:15]) if t.strip() != "Select all"]
        if not picks:
            await self.page.keyboard.press("Escape")
            return False
        await options.nth(self.rng.choice(picks)).click()
        await self.page.keyboard.press("Escape")
        return True

    async def _do_speaker(self) -> bool:
        return await self._pick("Speaker")

    async def _do_source(self) -> bool:
        return await self._pick("Source")

    async def _do_date(self) -> bool:
        which = self.rng.choice(["From", "To"])
        group = self.page.get_by_role("group", name=which)
        if not await group.count():
            return False  # an undated corpus has no date inputs
        await group.locator('[role="spinbutton"]').first.click()
        calendar = self.page.locator('[data-testid="stDateInputCalendar"]')
        await calendar.wait_for()
        if self.rng.random() < 0.5:  # another month now and then
            await calendar.get_by_role("button", name="Previous month").click()
        days = calendar.locator('[role="gridcell"]:not([aria-disabled="true"])')
        count = await days.count()
        if not count:
            await self.page.keyboard.press("Escape")
            return False
        await days.nth(self.rng.randrange(count)).click()
        return True

    async def _do_search(self) -> bool:
        word = self.rng.choice([w for w in SEARCHES if w != self.query])
        box = self.page.get_by_role("textbox", name="Text search")
        await box.fill(word)
        await box.press("Enter")
        self.query = word
        return True

    async def _do_page(self) -> bool:
        current = (await self.page.locator("h1").first.inner_text()).strip()
        title = self.rng.choice([p for p in PAGES if p != current])
        self.action = f"page:{title}"
        await self.page.locator('a[data-testid="stTopNavLink"]', has_text=title).first.click()
        return True


# ---------------------------------------------------------------- the run


async def drive(base: str, args: argparse.Namespace) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                           args=CHROMIUM_ARGS)
        # One visitor first, so the server corpus is loaded before the crowd arrives.
        warm = Tally()
        await Visitor(-1, browser, base, warm, argparse.Namespace(**{**vars(args),
                      "max_actions": 0}), 0).run()
        tally.problems.extend(warm.problems)
        visitors = []
        for n in range(args.sessions):
            visitors.append(asyncio.create_task(
                Visitor(n, browser, base, tally, args, args.seconds).run()))
            await asyncio.sleep(args.ramp / max(args.sessions, 1))  # arrivals, not a stampede
        await asyncio.gather(*visitors)
        await browser.close()
    return tally


def report(tally: Tally, args: argparse.Namespace, wall: float) -> None:
    for p in tally.problems:
        print(f"error: session={p.session} action={p.action} kind={p.kind}: {p.detail}")
    times = sorted(r.seconds for r in tally.reruns)
    by_action: dict[str, list[float]] = {}
    for r in tally.reruns:
        by_action.setdefault(r.action.split(":")[0], []).append(r.seconds)
    for action, secs in sorted(by_action.items()):
        print(f"  {action:8s} n={len(secs):4d} rerun median={statistics.median(secs):6.2f}s "
              f"max={max(secs):6.2f}s")
    drawn = sorted(r.drawn for r in tally.reruns)
    if drawn:
        print(f"drawn (rerun + browser drawing): median_s={statistics.median(drawn):.2f} "
              f"slowest_s={max(drawn):.2f}")
    if tally.opens:
        ran, drawn_o = [o[0] for o in tally.opens], [o[1] for o in tally.opens]
        print(f"opens: n={len(ran)} first_run median_s={statistics.median(ran):.2f} "
              f"slowest_s={max(ran):.2f}; drawn median_s={statistics.median(drawn_o):.2f} "
              f"slowest_s={max(drawn_o):.2f}")
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
    print(f"wall_s={wall:.1f} idle_steps={tally.idle} p95_rerun_s={p95:.2f} "
          f"reruns_per_s={len(times) / max(wall, 1e-9):.2f}")
    slowest = max(times) if times else float("nan")
    median = statistics.median(times) if times else float("nan")
    print(f"load: sessions={args.sessions} errors={len(tally.problems)} "
          f"slowest_rerun_s={slowest:.2f} median_rerun_s={median:.2f} reruns={len(times)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="driving time after warm-up")
    parser.add_argument("--max-actions", type=int, default=200, help="steps per session, at most")
    parser.add_argument("--timeout", type=float, default=90, help="seconds one rerun may take")
    parser.add_argument("--open-timeout", type=float, default=180,
                        help="seconds a new session's first run may take")
    parser.add_argument("--draw-timeout", type=float, default=180,
                        help="seconds the browser may take to draw a finished rerun")
    parser.add_argument("--think", type=float, default=3, help="most seconds between steps")
    parser.add_argument("--ramp", type=float, default=60, help="seconds over which sessions join")
    parser.add_argument("--corpus", help="a corpus folder or build (default: generated)")
    parser.add_argument("--articles", type=int, default=1000, help="size of the generated one")
    args = parser.parse_args(argv)
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing"
    if not args.corpus:
        from bench.speed import built_dir

        args.corpus = str(built_dir(args.articles))
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"quotescope-load-{os.getpid()}.log"
    proc, base = start_server(args.corpus, log)
    started = time.monotonic()
    try:
        tally = asyncio.run(drive(base, args))
    finally:
        stop_server(proc)
    report(tally, args, time.monotonic() - started)
    return 0 if not tally.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
