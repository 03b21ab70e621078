"""Console benchmark: how soon a newcomer sees the console, and how much it downloads.

Starts ``jiancha demo`` as its own process (what ``make demo`` runs, on a fresh workspace) and
times it from process start until ``/`` answers with the built console. Then, in Debian's
Chromium (Playwright), with an empty cache:

* loads the login page: every file it fetches, each with its gzip-compressed size (what the
  first load would transfer with compression), their sum, and the sum over every built asset;
* first contentful paint and DOMContentLoaded of the login page (the Performance API);
* signs in as the demo's prosecutor and loads the workbench (工作台) afresh: the same timings,
  and the time until its requests have settled.

Figures, not pass/fail (targets of issue 15: first load < 1.5 MB gzipped, first page rendered
under 1 s).

    python benchmarks/console_bench.py [--scale 20000] [--home DIR] [--port 8123]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Response, sync_playwright

from jiancha.web import DIST

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAINT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {fcp: fcp ? fcp.startTime : null, dcl: nav ? nav.domContentLoadedEventEnd : null};
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def console_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as answer:
            return answer.status == 200 and b'id="app"' in answer.read()
    except OSError:
        return False


def start_demo(home: Path, port: int, scale: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """``jiancha demo`` in its own process: it and the JSON it printed (accounts included)."""
    command = [sys.executable, "-m", "jiancha", "--home", str(home), "demo", "--json"]
    command += ["--scale", str(scale), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("JIANCHA_DATABASE_URL", None)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    printed, decoder = "", json.JSONDecoder()
    while True:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"jiancha demo stopped (status {process.wait()})")
        printed += line
        try:
            summary, _ = decoder.raw_decode(printed.lstrip())
            return process, summary
        except json.JSONDecodeError:
            continue


def wait_for_console(url: str, process: subprocess.Popen[str], limit: float = 900) -> None:
    deadline = time.monotonic() + limit
    while not console_answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the console was never served")
        time.sleep(0.05)


class Fetched:
    """Every same-origin file a page fetched. The handler only keeps each response: reading a
    body inside it raced the navigation's end on a busy machine (a file fetched but not yet
    measured when ``goto`` returned), so the bodies are read by ``sizes`` afterwards."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.responses: list[Response] = []

    def __call__(self, response: Response) -> None:
        path = response.url.removeprefix(self.origin)
        if response.url.startswith(self.origin) and not path.startswith("/api/"):
            self.responses.append(response)

    def sizes(self) -> dict[str, int]:
        """Each file's gzip size, read while the page that fetched them is still open."""
        return {r.url.removeprefix(self.origin): gz(r.body()) for r in self.responses}


def timings(page: Page) -> dict[str, float | None]:
    result: dict[str, float | None] = page.evaluate(PAINT)
    return result


def kib(size: int) -> str:
    return f"{size / 1024:,.1f} KiB"


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms"


def measure(base: str, account: dict[str, str]) -> dict[str, Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        fetched = Fetched(base)
        page.on("response", fetched)
        page.goto(f"{base}/login", wait_until="networkidle")
        login = {"files": fetched.sizes(), **timings(page)}
        page.remove_listener("response", fetched)
        field = 'input[data-test="{0}"], [data-test="{0}"] input'
        page.locator(field.format("login-username")).first.fill(account["username"])
        page.locator(field.format("login-password")).first.fill(account["password"])
        page.locator('[data-test="login-submit"]').click()
        page.wait_for_url(lambda url: "/login" not in url)
        page.wait_for_load_state("networkidle")
        started = time.perf_counter()
        page.goto(f"{base}/", wait_until="networkidle")
        settled = (time.perf_counter() - started) * 1000
        workbench = {**timings(page), "settled": settled}
        browser.close()
    return {"login": login, "workbench": workbench}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=20_000, help="demo county size (make demo)")
    parser.add_argument("--home", type=Path, help="workspace (default: a new temporary one)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    args = parser.parse_args(argv)
    if not (DIST / "index.html").is_file():
        raise SystemExit("the console is not built: run `make web` first")
    home = args.home or Path(tempfile.mkdtemp(prefix="jiancha-console-bench-")) / "home"
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process, summary = start_demo(home, port, args.scale)
    try:
        wait_for_console(f"{base}/", process)
        served = time.perf_counter() - started
        account = next(a for a in summary["accounts"] if a["role"] == "prosecutor")
        figures = measure(base, account)
    finally:
        process.terminate()
        process.wait(timeout=30)

    built = {p: gz(p.read_bytes()) for p in DIST.rglob("*") if p.is_file()}
    login, workbench = figures["login"], figures["workbench"]
    print(f"console benchmark (demo county of {args.scale:,} people)")
    print(f"process start → console served    {served:8.1f} s")
    print(f"  of which the demo build          {summary['seconds']['total']:8.1f} s")
    print(f"  models run by the demo build     {len(summary['runs']):8d}")
    print("login page, first load (gzip sizes):")
    for path, size in sorted(login["files"].items(), key=lambda item: -item[1]):
        print(f"  {path:<50} {kib(size):>12}")
    print(f"first load, gzipped                {kib(sum(login['files'].values())):>12}")
    total = kib(sum(built.values()))
    print(f"all built assets, gzipped          {total:>12}  ({len(built)} files)")
    print(f"login page: first contentful paint {ms(login['fcp']):>12}")
    print(f"login page: DOMContentLoaded       {ms(login['dcl']):>12}")
    print(f"workbench: first contentful paint  {ms(workbench['fcp']):>12}")
    print(f"workbench: DOMContentLoaded        {ms(workbench['dcl']):>12}")
    print(f"workbench: requests settled        {ms(workbench['settled']):>12}")


if __name__ == "__main__":
    main()
