"""Every error the API returns has one shape, ``{"error", "hint"}``, in Chinese.

Refusals by a capability (``JianchaError``) are 400, 403 for what the user may not do
(``Forbidden``), 404 for something that does not exist, or 409 for a request that no longer fits
the current state (``Conflict``: someone else moved the lead first; the message names its state);
HTTP errors (401, 404 for an unknown path, 405, 413) keep their status; request validation is 422
and names the offending fields; a value the store cannot hold is 400. (Requests refused before
routing: see ``guards``.)
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from jiancha.api.schemas import MAX_ID
from jiancha.api.validation import describe
from jiancha.errors import Conflict, Forbidden, JianchaError, NotFound

_log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    error: str = Field(description="出错原因（中文）")
    hint: str | None = Field(default=None, description="怎样改正（可能为空）")


class ValidationErrorBody(ErrorBody):
    fields: list[str] = Field(description="有误的参数，如 body.issued_on、query.size")


Responses = dict[int | str, dict[str, Any]]


def _doc(status: int, description: str) -> Responses:
    return {status: {"model": ErrorBody, "description": description}}


BAD_REQUEST = _doc(400, "请求被拒绝（原因见 error，改正方法见 hint）")
SIGNED_IN = _doc(401, "未登录或登录已过期")
FORBIDDEN = _doc(403, "无权进行此操作，或须先修改初始密码")
NOT_FOUND = _doc(404, "要找的对象不存在")
TOO_LARGE = _doc(413, "上传的内容超过上限")
CONFLICT = _doc(409, "与线索的当前状态冲突：该操作已由他人完成或不再适用（error 写明当前状态）")
PRIVATE_ERRORS: Responses = {**BAD_REQUEST, **SIGNED_IN, **FORBIDDEN, **NOT_FOUND}

_PHRASES = {
    404: "没有这个接口",
    405: "该接口不支持这种请求方法",
}


def _body(error: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": error, "hint": hint}


class Refusal(JianchaError):
    """A refusal with its own HTTP status (e.g. 413 for an upload over the limit)."""

    def __init__(self, status: int, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


async def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, JianchaError)
    status = 404 if isinstance(error, NotFound) else 403 if isinstance(error, Forbidden) else 400
    if isinstance(error, Conflict):
        status = 409
    if isinstance(error, Refusal):
        status = error.status
    return JSONResponse(_body(error.message, error.hint), status_code=status)


async def _http(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    message = str(error.detail)
    if message == _default(error):  # Starlette's English phrase: say it in Chinese
        message = _PHRASES.get(error.status_code, f"请求未能完成（HTTP {error.status_code}）")
    return JSONResponse(_body(message), status_code=error.status_code, headers=error.headers)


def _default(error: HTTPException) -> str:
    return HTTPException(error.status_code).detail


async def _invalid(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields, message = describe(error.errors())
    body = {
        **_body(f"请求参数有误：{message}", "请对照 /api/reference 改正后重试"),
        "fields": fields,
    }
    return JSONResponse(body, status_code=422)


async def _out_of_range(request: Request, error: Exception) -> JSONResponse:
    """A value the store cannot hold (an id past ``INTEGER``, text too long, NUL): 400.

    Routes bound their parameters (``schemas``) so that this answers only what slipped past.
    """
    # Only the kind of error: its text carries the statement's parameters (personal data).
    kind = type(error).__name__
    _log.warning("%s %s: refused by the store (%s)", request.method, request.url.path, kind)
    body = _body(
        "请求中的数值或文字超出了允许的范围",
        f"编号须在 1 到 {MAX_ID} 之间，文字不能过长，也不能含有空字符（\\x00）",
    )
    return JSONResponse(body, status_code=400)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error its Chinese ``{error, hint}`` body."""
    app.add_exception_handler(JianchaError, _refused)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(DataError, _out_of_range)  # PostgreSQL
    app.add_exception_handler(OverflowError, _out_of_range)  # SQLite: beyond 64 bits
