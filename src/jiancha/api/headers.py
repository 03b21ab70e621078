"""Response headers that keep personal data out of caches and stop content sniffing.

Every response carries ``X-Content-Type-Options: nosniff`` (a browser must not guess a type for
an attachment or a JSON body and run it as a page). Every response under ``/api`` — lead lists,
evidence, drafts, attachments, statistics: most carry personal data — and the OpenAPI document
carry ``Cache-Control: no-store``, so that neither the browser nor a proxy keeps a copy.
Every response carries a ``Content-Security-Policy`` that lets the console (``jiancha.web``) load
its own scripts, styles, images and fonts and talk to its own origin, and nothing else: no
external origin, no inline script (Element Plus sets inline styles, so those are allowed).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE_PREFIXES = ("/api/", "/openapi.json")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """ASGI middleware adding ``nosniff`` to every response and ``no-store`` under /api."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        private = path == "/api" or path.startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers.setdefault("Content-Security-Policy", CSP)
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
