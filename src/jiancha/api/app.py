"""The FastAPI application: one per workspace, with its metadata store.

The interactive API pages (/docs, /redoc) are off: FastAPI loads them from a CDN, and the
product runs on an isolated intranet. The OpenAPI document is served at /openapi.json, and an
offline reference page generated from it at /api/reference (``docs``), both to signed-in users
unless ``public_docs``. Every response says ``nosniff`` and every /api response ``no-store``
(``headers``). The console (``jiancha.web``) is served at / and at its page addresses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from jiancha import __version__, web
from jiancha.api import (
    access_routes,
    admin_routes,
    attachments,
    builder_routes,
    campaign_routes,
    data_routes,
    docs,
    document_routes,
    drafts,
    errors,
    job_routes,
    lead_routes,
    market_routes,
    marketplace_routes,
    routes,
    routing,
    schedule_routes,
    stats,
    workbench_routes,
)
from jiancha.api.audit_trail import AuditTrail
from jiancha.api.guards import Guard
from jiancha.api.headers import SecurityHeaders
from jiancha.store import Workspace, open_store


def create_app(workspace: Workspace, *, public_docs: bool = False) -> FastAPI:
    """The API of ``workspace``; ``public_docs``: serve /openapi.json and /api/reference to
    anyone (``jiancha serve --public-docs``), not only to signed-in users."""

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
        openapi_url=None,  # served by ``docs``, behind sign-in unless public_docs
        lifespan=lifespan,
    )

    errors.install(app)
    app.add_middleware(Guard, limit=lambda: attachments.MAX_UPLOAD)
    app.add_middleware(AuditTrail)
    app.add_middleware(SecurityHeaders)  # outermost: every refusal gets the headers too
    docs.publish(app, public=public_docs)

    app.include_router(routes.public)
    app.include_router(routes.private)
    app.include_router(data_routes.router)
    app.include_router(lead_routes.router)
    app.include_router(attachments.router)
    app.include_router(routing.router, responses=errors.PRIVATE_ERRORS)
    app.include_router(drafts.router, responses=errors.PRIVATE_ERRORS)
    app.include_router(stats.router, responses=errors.PRIVATE_ERRORS)
    app.include_router(access_routes.router)
    app.include_router(job_routes.router)
    app.include_router(schedule_routes.router)
    app.include_router(document_routes.router)
    app.include_router(workbench_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(marketplace_routes.router)
    app.include_router(campaign_routes.router)
    app.include_router(market_routes.router)
    app.include_router(builder_routes.router)
    web.install(app)  # the console at / (its fallback answers only what no route does)
    return app
