"""The API serves the built console (fast, no browser): the index page for every page address,
hashed assets cached for a year, the API's own JSON 404 under /api, a content security policy
that admits only the console's own origin, nothing fetched from the internet, and a wheel that
carries the build. Without a build (``make web``) these tests fail: CI builds it first."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jiancha import web
from jiancha.api import create_app
from jiancha.store import init_workspace
from jiancha.web.serving import ASSET_CACHE
from tests.web.conftest import REPO, require_console_build

URL = re.compile(r"""https?://[^\s"'`)<>\\]+""")
# URLs that appear in the built files but are never fetched: XML namespaces (Vue and ECharts
# create SVG elements with them; inline SVG images in the CSS name them) and documentation
# links in the libraries' warnings.
NOT_FETCHED = re.compile(
    r"^https?://(www\.w3\.org/|element-plus\.org/|vuejs\.org/|github\.com/vuejs/)"
)


@pytest.fixture(scope="module")
def dist() -> Path:
    return require_console_build()


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dist: Path) -> Iterator[TestClient]:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    workspace, _ = init_workspace(tmp_path / "home")
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def assets_of(index_html: str) -> list[str]:
    """The /assets/… files the index page loads (scripts, styles, preloads)."""
    return re.findall(r'(?:src|href)="(/assets/[^"]+)"', index_html)


def test_every_page_address_returns_the_index_page(client: TestClient, dist: Path) -> None:
    index = (dist / "index.html").read_text(encoding="utf-8")
    for path in ("/", "/leads/1", "/leads", "/data/datasets/刑事判决", "/admin/audit", "/x/y/z"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.text == index, path
        assert answer.headers["content-type"].startswith("text/html"), path
        assert answer.headers["cache-control"] == "no-cache", path
    assert 'lang="zh-CN"' in index or "lang='zh-CN'" in index


def test_assets_are_served_with_long_cache_lifetimes(client: TestClient, dist: Path) -> None:
    loaded = assets_of((dist / "index.html").read_text(encoding="utf-8"))
    assert any(a.endswith(".js") for a in loaded) and any(a.endswith(".css") for a in loaded)
    for asset in loaded:
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        assert answer.headers["cache-control"] == ASSET_CACHE, asset
        assert answer.content == (dist / asset.lstrip("/")).read_bytes(), asset
        if len(answer.content) > 4096:  # sent compressed (the client has unpacked it)
            assert answer.headers["content-encoding"] == "gzip", asset
    missing = client.get("/assets/no-such-file.js")
    assert missing.status_code == 404 and "error" in missing.json()


def test_unknown_api_paths_stay_json_404s(client: TestClient) -> None:
    for path in ("/api/nope", "/api", "/api/leads/1/nope"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/json"), path
        assert answer.json()["error"] == "没有这个接口", path
        assert answer.headers["cache-control"] == "no-store", path
    assert client.post("/leads/1").status_code == 404  # only reading a page falls back
    assert client.post("/api/health").status_code == 405  # the API's own answer, unchanged


def test_the_content_security_policy_admits_only_the_console_itself(client: TestClient) -> None:
    for path in ("/", "/leads/3", "/api/health"):
        policy = client.get(path).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"  # no inline script, no eval
        assert directives["style-src"] == "'self' 'unsafe-inline'"  # Element Plus's styles
        assert directives["frame-ancestors"] == "'none'"
        assert "http" not in policy and "*" not in policy


def test_no_built_file_loads_anything_from_the_internet(dist: Path) -> None:
    files = [f for f in dist.rglob("*") if f.is_file() and f.suffix in {".html", ".js", ".css"}]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fetched = [u for u in URL.findall(text) if not NOT_FETCHED.match(u)]
        assert fetched == [], f"{path.name}: {fetched}"
        assert "fonts.googleapis" not in text and "cdn." not in text.lower(), path.name


def test_a_missing_build_says_how_to_build_it(tmp_path: Path) -> None:
    from fastapi import FastAPI

    app = FastAPI()
    web.install(app, tmp_path / "no-dist")
    with TestClient(app) as client:
        for path in ("/", "/leads/1"):
            answer = client.get(path)
            assert answer.status_code == 503
            assert "make web" in answer.text and "控制台尚未构建" in answer.text
        assert client.get("/assets/index.js").status_code == 404


def test_package_data_covers_every_built_file(dist: Path) -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["jiancha"]
    package = REPO / "src" / "jiancha"
    covered = {p for pattern in globs for p in package.glob(pattern) if p.is_file()}
    built = {p for p in dist.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert built and built <= covered, sorted(str(p) for p in built - covered)[:5]


@pytest.mark.slow
def test_the_wheel_carries_the_console(dist: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO / "src", source / "src", ignore=ignore)
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = out.glob("jiancha-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "jiancha/web/dist/index.html" in names
    for asset in assets_of((dist / "index.html").read_text(encoding="utf-8")):
        assert f"jiancha/web/dist{asset}" in names
