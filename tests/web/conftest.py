"""Browser tests of the console: one demo workspace, one served app, one Chromium per session.

The fixtures:

* ``demo_workspace`` — ``jiancha demo --no-serve`` at the smallest scale (every template still
  finds leads), built once; its home, its generated files and the demo accounts it printed;
* ``base_url`` — the real app (``create_app``) with its job worker, served by uvicorn in a thread
  on a free port, as ``jiancha serve`` serves it;
* ``accounts`` — role (the province's account) or username → ``Account`` of the demo;
* ``chromium`` — Debian's Chromium (``/usr/bin/chromium``) driven by Playwright, locale zh-CN;
* ``page_as(role)`` — a fresh browser context signed in through the console's login form;
* ``shot(page, name)`` — a PNG of the window (of the whole page with
  ``JIANCHA_TEST_SCREENSHOTS=full``) under ``$JIANCHA_TEST_OUTPUT/screenshots/`` (default
  ``<repo>/test-output/``).

Each xdist worker serves its own copy of the session's one demo build (``tests.demo_home``)
with its own Chromium, so the browser tests spread over both workers. Nothing here skips:
without a built console (``make web``) or without Chromium the tests error, saying what to do.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect, sync_playwright

from jiancha import web
from jiancha.store import Workspace, open_workspace
from tests.demo_home import copy_demo
from tests.web.identifiers_shown import raw_identifiers

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
NAVIGATION_MS = 60_000
"""Loading a page (its scripts parsed and run) on a CI machine running four test workers, Spark
and PostgreSQL on two cores: the login page once took more than 15 s there. Page speed is
measured by ``benchmarks/console_bench.py``, not here."""
QUIET_MS = 150
"""How long a page must have had no request in flight to count as loaded (``quiet``)."""
POLL_MS = 25
_IN_FLIGHT: weakref.WeakKeyDictionary[BrowserContext, set[Request]] = weakref.WeakKeyDictionary()
# Playwright's assertions wait as long as its actions (their own default is 5 s, which a page
# answering a loaded CI machine's first request can take: the data-admin journey failed so once)
expect.set_options(timeout=TIMEOUT_MS)


def output_dir() -> Path:
    """Where the test run's artefacts go: ``$JIANCHA_TEST_OUTPUT``, else ``<repo>/test-output``."""
    return Path(os.environ.get("JIANCHA_TEST_OUTPUT") or REPO / "test-output")


@dataclass(frozen=True)
class Account:
    role: str
    username: str
    password: str
    name: str


@dataclass(frozen=True)
class DemoWorkspace:
    home: Path
    files: Path  # the generated source files (CSV, Excel, JSON Lines) of the county
    accounts: dict[str, Account]
    summary: dict[str, Any]  # ``jiancha demo --json``'s output

    @property
    def workspace(self) -> Workspace:
        return open_workspace(self.home)


def require_console_build() -> Path:
    """The built console's folder; fails (never skips) when it was not built."""
    index = web.DIST / "index.html"
    if not index.is_file():
        pytest.fail(
            f"控制台未构建：没有 {index}。请先运行 `make web`（make test 会自动构建）",
            pytrace=False,
        )
    return web.DIST


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> DemoWorkspace:
    """The demo county as ``jiancha demo --no-serve`` builds it: this worker's copy of the
    session's one build (``tests.demo_home``)."""
    copied = copy_demo(tmp_path_factory, tmp_path_factory.mktemp("console-demo") / "home")
    home, summary = copied.home, copied.summary
    accounts: dict[str, Account] = {}
    for a in summary["accounts"]:  # the province's account of each role (listed first), then
        # the adopting districts' prosecutors and leaders, by username
        account = Account(a["role"], a["username"], a["password"], a["name"])
        accounts.setdefault(a["role"], account)
        accounts[a["username"]] = account
    return DemoWorkspace(home, Path(summary["files"]), accounts, summary)


@pytest.fixture(scope="session")
def accounts(demo_workspace: DemoWorkspace) -> dict[str, Account]:
    return demo_workspace.accounts


class _Server:
    """uvicorn serving ``app`` on a socket already bound, in a daemon thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("测试服务未能启动")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="session")
def served(demo_workspace: DemoWorkspace) -> Iterator[str]:
    """The demo's app and job worker, served on a free port of 127.0.0.1: its base URL."""
    from jiancha.api import create_app
    from jiancha.jobs import start_worker

    require_console_build()
    saved = os.environ.pop("JIANCHA_DATABASE_URL", None)  # the workspace's own SQLite store
    try:
        workspace = demo_workspace.workspace
        worker = start_worker(workspace)  # first, as ``jiancha serve`` does
        server = _Server(create_app(workspace))
        try:
            server.start()
        except BaseException:
            worker.stop()
            raise
    finally:
        if saved is not None:
            os.environ["JIANCHA_DATABASE_URL"] = saved
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()
        worker.stop()


@pytest.fixture(scope="session")
def base_url(served: str) -> str:
    return served


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright (its own browser download is not reachable here)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"没有找到 Chromium（{CHROMIUM}）。请运行 ./scripts/ensure-browser.sh "
            "（安装 Debian 的 chromium 与 fonts-wqy-zenhei）",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def field(page: Page, name: str) -> Any:
    """The text box marked ``data-test=name`` (Element Plus may put the mark on its wrapper)."""
    return page.locator(f'input[data-test="{name}"], [data-test="{name}"] input').first


def sign_in(page: Page, base_url: str, account: Account) -> None:
    """Sign in through the console's login form and wait until it has left the login page."""
    page.goto(f"{base_url}/login")
    field(page, "login-username").fill(account.username)
    field(page, "login-password").fill(account.password)
    page.locator('[data-test="login-submit"]').click()
    page.wait_for_url(lambda url: "/login" not in url)
    quiet(page)


def quiet(page: Page) -> None:
    """Wait until the page's context has had no request in flight for ``QUIET_MS``: Playwright's
    ``networkidle`` waits 500 ms of silence after every page; the console asks for its data
    within a few milliseconds of a route's script arriving, so a shorter silence is as sure and
    the browser tests spend a quarter less time waiting."""
    page.wait_for_load_state("load")
    pending = _IN_FLIGHT[page.context]
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    quiet_since: float | None = None
    while True:
        page.wait_for_timeout(POLL_MS)  # Playwright delivers the request events meanwhile
        now = time.monotonic()
        if pending:
            quiet_since = None
            if now > deadline:
                still = sorted(f"{r.method} {r.url}" for r in pending)
                raise AssertionError(f"{page.url}: requests still open: {still}")
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= QUIET_MS / 1000:
            return


SETTLE_MS = 45_000
"""How long ``settle`` waits for a page's loading masks to go (a page may ask for more data
after drawing the first answer, which on a loaded CI machine can take longer than ``QUIET_MS``)."""
_MASKS = """() => [...document.querySelectorAll('.el-loading-mask')].map((mask) => ({
  shown: getComputedStyle(mask).display !== 'none' && mask.getClientRects().length > 0,
  over: (mask.parentElement && (mask.parentElement.getAttribute('data-test')
    || mask.parentElement.className || mask.parentElement.tagName)) || '?',
}))"""


def settle(page: Page) -> None:
    """Wait until the page has had no request in flight for ``QUIET_MS`` and shows no loading
    mask (a mask already hidden and waiting for Element Plus to remove it does not count). A
    page still loading after ``SETTLE_MS`` fails, naming its masks and its open requests."""
    deadline = time.monotonic() + SETTLE_MS / 1000
    while True:
        quiet(page)
        masks: list[dict[str, Any]] = page.evaluate(_MASKS)
        if not any(mask["shown"] for mask in masks):
            return
        if time.monotonic() > deadline:
            still = sorted(f"{r.method} {r.url}" for r in _IN_FLIGHT[page.context])
            raise AssertionError(
                f"{page.url}: still loading after {SETTLE_MS // 1000} s: masks {masks}, "
                f"requests open {still}"
            )
        page.wait_for_timeout(POLL_MS)


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1440, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_MS)
    pending: set[Request] = set()  # one object per request: two may share a URL
    _IN_FLIGHT[context] = pending
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    return context


@pytest.fixture
def page_as(
    chromium: Browser, base_url: str, accounts: dict[str, Account]
) -> Iterator[Callable[[str], Page]]:
    """``page_as(role)``: a page of a fresh browser context, signed in as the demo's user of
    ``role`` (prosecutor, leader, data_admin, modeller, auditor, admin)."""
    contexts: list[BrowserContext] = []

    def open_as(role: str) -> Page:
        context = new_context(chromium)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, base_url, accounts[role])
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def anonymous_page(chromium: Browser) -> Iterator[Page]:
    """A page of a fresh context, signed in as nobody."""
    context = new_context(chromium)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def secrets(demo_workspace: DemoWorkspace) -> set[str]:
    """Every ID number, phone number and full name of the demo's files, raw and standard."""
    found = raw_identifiers(demo_workspace.files)
    assert len(found) > 500, "the demo files should carry many identifiers"
    assert any(len(s) == 18 and s[:17].isdigit() for s in found)  # ID numbers are among them
    return found


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = output_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shot(screenshots: Path) -> Callable[[Page, str], Path]:
    """``shot(page, name)``: save a screenshot ``<name>.png`` of the window, or of the whole
    page with ``JIANCHA_TEST_SCREENSHOTS=full`` (a quarter of the page-by-page tests' time);
    its path."""
    full = os.environ.get("JIANCHA_TEST_SCREENSHOTS") == "full"

    def take(page: Page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        return path

    return take
