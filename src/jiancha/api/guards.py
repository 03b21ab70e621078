"""Requests refused before routing, with the API's ``{error, hint}`` body.

- NUL (``\\x00``) in the path or the query string (400): no field has a use for it, and
  PostgreSQL cannot store it in text.
- A body whose declared length (``Content-Length``) is over the upload limit, plus room for the
  multipart framing (413), before it is read; the upload route counts the file's bytes itself.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

FORM_SLACK = 64 * 1024  # multipart boundaries and headers around the uploaded file


def size_text(size: int) -> str:
    """``52428800`` → ``50 MiB``; small sizes in bytes."""
    return f"{size / 2**20:g} MiB" if size >= 2**20 else f"{size} 字节"


def too_large(limit: int) -> dict[str, str]:
    return {"error": f"上传的内容超过上限（{size_text(limit)}）", "hint": "请压缩或拆分后再上传"}


class Guard:
    """ASGI middleware: refuse NUL in the path or query, and over-long bodies."""

    def __init__(self, app: ASGIApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = _refusal(scope, self.limit())
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _refusal(scope: Scope, limit: int) -> JSONResponse | None:
    query: bytes = scope.get("query_string", b"")
    if "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query:
        body = {
            "error": "请求的路径或参数中含有空字符（\\x00），已拒绝",
            "hint": "请去掉其中的空字符后重试",
        }
        return JSONResponse(body, status_code=400)
    declared = Headers(scope=scope).get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_SLACK:
        return JSONResponse(too_large(limit), status_code=413)
    return None
