"""Response headers that keep personal data out of caches and stop content sniffing.

Every response carries ``X-Content-Type-Options: nosniff`` (a browser must not guess a type for
an attachment or a JSON body and run it as a page). Every response under ``/api`` — lead lists,
evidence, drafts, attachments, statistics: most carry personal data — and the OpenAPI document
carry ``Cache-Control: no-store``, so that neither the browser nor a proxy keeps a copy.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE_PREFIXES = ("/api/", "/openapi.json")


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
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
