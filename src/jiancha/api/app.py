"""The FastAPI application: one per workspace, with its metadata store.

The interactive API pages (/docs, /redoc) are off: FastAPI loads them from a CDN, and the
product runs on an isolated intranet. The OpenAPI document is served at /openapi.json.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from jiancha import __version__
from jiancha.api import routes
from jiancha.errors import JianchaError, NotFound
from jiancha.store import Workspace, open_store

LANDING = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Jiancha 检察大数据法律监督平台</title></head><body>
<h1>Jiancha 检察大数据法律监督平台</h1>
<p>API 正在运行（版本 {version}）。接口说明：<a href="/openapi.json">/openapi.json</a>。</p>
<p>登录：<code>POST /api/login</code>，之后在请求头带 <code>Authorization: Bearer 令牌</code>。</p>
</body></html>"""


def create_app(workspace: Workspace) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_store(workspace)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="Jiancha 检察大数据法律监督平台 API",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )

    @app.exception_handler(JianchaError)
    async def refused(_request: Request, error: JianchaError) -> JSONResponse:
        status = 404 if isinstance(error, NotFound) else 400
        return JSONResponse({"error": error.message, "hint": error.hint}, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def landing() -> str:
        return LANDING.format(version=__version__)

    app.include_router(routes.public)
    app.include_router(routes.private)
    return app
