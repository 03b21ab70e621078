"""The published description of the API: the OpenAPI document and an offline reference page.

The document at ``/openapi.json`` is FastAPI's, with the validation error (422) described as the
API really returns it (``{error, hint, fields}``) and default descriptions in Chinese. The page at
``/api/reference`` is plain HTML generated from that document on the server — every route, its
method, summary, parameters, body and responses — with no script, style sheet or font from
anywhere else, so it works on an isolated intranet (the interactive ``/docs`` pages do not).

Both need a signed-in user (the same 401 as every other route) unless the server was started
with ``--public-docs`` (``app.state.public_docs``): the document lists every route and field of
the platform, which an office may not want to show to whoever reaches the port.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from jiancha.api.deps import Credentials, StoreDep, current_user
from jiancha.api.errors import PRIVATE_ERRORS, ValidationErrorBody
from jiancha.api.reference_page import render

OPENAPI_PATH = "/openapi.json"
REFERENCE_PATH = "/api/reference"
_REF = "#/components/schemas/"
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"description": "成功", "content": {"text/html": {"schema": {"type": "string"}}}}
}
_DEFAULT_DESCRIPTIONS = {"Successful Response": "成功", "Validation Error": "请求参数有误"}


def docs_reader(request: Request, store: StoreDep, credentials: Credentials) -> None:
    """Let anyone read the API's description when it is public, else only a signed-in user."""
    if not request.app.state.public_docs:
        current_user(request, store, credentials)


def publish(app: FastAPI, *, public: bool = False) -> None:
    """Serve the localised OpenAPI document and the reference page for ``app`` (created with
    ``openapi_url=None``); to anyone when ``public``, else to signed-in users."""
    generate = app.openapi
    app.state.public_docs = public

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = localise(generate())
            page = schema["paths"][REFERENCE_PATH]["get"]["responses"]["200"]["content"]
            page.pop("application/json", None)  # FastAPI's default; the page is HTML only
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get(OPENAPI_PATH, include_in_schema=False, dependencies=[Depends(docs_reader)])
    def openapi_document() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get(
        REFERENCE_PATH,
        summary="接口说明（离线网页）",
        description="由 OpenAPI 文档生成的网页：每个接口的方法、路径、参数和返回。"
        "须登录（与 `/openapi.json` 相同），除非服务以 `jiancha serve --public-docs` 启动。",
        tags=["接口说明"],
        responses={**_HTML, **PRIVATE_ERRORS},  # the page in HTML, refusals in JSON
        dependencies=[Depends(docs_reader)],
    )
    def reference() -> HTMLResponse:
        return HTMLResponse(render(app.openapi()))


def localise(schema: dict[str, Any]) -> dict[str, Any]:
    """Point every 422 at ``ValidationErrorBody``; Chinese for FastAPI's default descriptions."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                described = response.get("description", "")
                response["description"] = _DEFAULT_DESCRIPTIONS.get(described, described)
                if status == "422":
                    json_body = {"schema": {"$ref": f"{_REF}ValidationErrorBody"}}
                    response["content"] = {"application/json": json_body}
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    body = ValidationErrorBody.model_json_schema(ref_template=_REF + "{model}")
    components["ValidationErrorBody"] = body
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's, now unreferenced
        if f'"{_REF}{unused}"' not in json.dumps(schema):
            components.pop(unused, None)
    return schema
