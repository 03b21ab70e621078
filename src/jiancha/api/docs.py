"""The published description of the API: the OpenAPI document and an offline reference page.

The document at ``/openapi.json`` is FastAPI's, with the validation error (422) described as the
API really returns it (``{error, hint, fields}``) and default descriptions in Chinese. The page at
``/api/reference`` is plain HTML generated from that document on the server — every route, its
method, summary, parameters, body and responses — with no script, style sheet or font from
anywhere else, so it works on an isolated intranet (the interactive ``/docs`` pages do not).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from jiancha.api.errors import BAD_REQUEST, ValidationErrorBody
from jiancha.api.reference_page import render

_REF = "#/components/schemas/"
_DEFAULT_DESCRIPTIONS = {"Successful Response": "成功", "Validation Error": "请求参数有误"}


def publish(app: FastAPI) -> None:
    """Serve the localised OpenAPI document and the reference page for ``app``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = localise(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get(
        "/api/reference",
        response_class=HTMLResponse,
        summary="接口说明（离线网页）",
        description="由 OpenAPI 文档生成的网页：每个接口的方法、路径、参数和返回；不需要登录。",
        tags=["接口说明"],
        responses=BAD_REQUEST,
    )
    def reference() -> str:
        return render(app.openapi())


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
