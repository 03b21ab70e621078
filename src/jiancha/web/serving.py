"""Serving the built console: the index page, the hashed assets and the history-mode fallback.

``install(app)`` adds ``GET /`` (the console's ``index.html``, never cached), mounts
``/assets`` (immutable, cached for a year, gzip-compressed for browsers that accept it) and
makes every GET of an address no route answers — outside ``/api`` and ``/openapi.json`` —
return the index page, so that the console's own router shows the page. Without a build
(``dist/index.html`` missing) those addresses answer 503 with a Chinese page saying to run
``make web``. Must not touch: the API's routes or errors.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

DIST = Path(__file__).resolve().parent / "dist"
API_PREFIXES = ("/api/", "/openapi.json")
INDEX_CACHE = "no-cache"  # revalidate: a new build must reach the browser at once
ASSET_CACHE = "public, max-age=31536000, immutable"  # names carry a content hash

NOT_BUILT = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>控制台尚未构建 · Jiancha</title></head><body>
<h1>控制台尚未构建</h1>
<p>接口服务正在运行，但没有找到控制台的构建文件（{dist}）。</p>
<p>请在源码目录运行 <code>make web</code>（需要 Node.js 20 和 npm），然后刷新本页。
通过 pip 安装的版本已包含构建好的控制台。</p>
</body></html>"""


class Assets(StaticFiles):
    """The built assets, each with a year-long ``immutable`` cache lifetime; without a build,
    every asset is a 404 (not a 500 for the missing folder)."""

    async def check_config(self) -> None:
        if self.directory is not None and Path(self.directory).is_dir():
            await super().check_config()

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = ASSET_CACHE
        return response


def console_page(dist: Path = DIST) -> Response:
    """``index.html`` of the build, or the 503 page saying how to build it."""
    index = dist / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT.format(dist=dist), status_code=503)
    return FileResponse(index, media_type="text/html", headers={"Cache-Control": INDEX_CACHE})


def _top_file(dist: Path, path: str) -> Path | None:
    """A file at the top of the build (``/favicon.ico``), never outside it."""
    name = path.strip("/")
    if not name or "/" in name or name.startswith("."):
        return None
    candidate = dist / name
    return candidate if candidate.is_file() else None


class Fallback:
    """The router's answer when no route matches: the console for a page address (GET or HEAD
    outside the API), else the API's own 404."""

    def __init__(self, not_found: ASGIApp, dist: Path) -> None:
        self.not_found, self.dist = not_found, dist

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        page = scope["type"] == "http" and scope.get("method") in ("GET", "HEAD")
        if not page or path == "/api" or path.startswith(API_PREFIXES):
            await self.not_found(scope, receive, send)
            return
        top = _top_file(self.dist, path)
        if top is not None and top.name != "index.html":
            response: Response = FileResponse(top, headers={"Cache-Control": INDEX_CACHE})
        else:
            response = console_page(self.dist)
        await response(scope, receive, send)


def install(app: FastAPI, dist: Path = DIST) -> None:
    """Serve the console of ``dist`` from ``app`` (after, or before, the API's routers)."""

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return console_page(dist)

    assets = Assets(directory=dist / "assets", check_dir=False)
    app.mount("/assets", GZipMiddleware(assets, minimum_size=1024), name="assets")
    app.router.default = Fallback(app.router.default, dist)
