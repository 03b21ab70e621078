"""What the API publishes about itself (OpenAPI, the offline reference page) and how it says no:
one Chinese ``{error, hint}`` body for every error, 422 naming the fields."""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.store import Workspace
from tests.api.helpers import SLUG, login

PUBLIC = {"/api/health", "/api/login"}
METHODS = ("get", "post", "put", "patch", "delete")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    ]


def test_every_route_is_described_in_chinese_with_its_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json", headers=login(client)).json()
    found = operations(spec)
    assert len(found) >= 20
    for method, path, op in found:
        where = f"{method.upper()} {path}"
        assert CHINESE.search(op.get("summary", "")), f"{where}: no Chinese summary"
        responses = op["responses"]
        if path not in PUBLIC:
            for status in ("400", "401", "404"):
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, where
        if "422" in responses:
            schema = responses["422"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ValidationErrorBody"}, where
            assert responses["422"]["description"] == "请求参数有误"
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert set(schemas["ValidationErrorBody"]["required"]) == {"error", "fields"}
    assert spec["paths"]["/api/leads"]["get"]["responses"]["200"]["description"] == "成功"


def test_the_reference_page_lists_every_route_offline(client: TestClient) -> None:
    headers = login(client)  # signed in, like /openapi.json (unless `serve --public-docs`)
    page = client.get("/api/reference", headers=headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    spec = client.get("/openapi.json", headers=headers).json()
    for method, path, op in operations(spec):
        assert f'<span class="m">{method.upper()}</span> <code>{path}</code>' in html
        assert op["summary"] in html
    assert "page（查询）" in html and "issued_on（请求体 application/json）" in html
    assert "file（请求体 multipart/form-data）" in html
    assert "<td>lead_id（路径）</td><td>integer，1–2147483647</td><td>必填</td>" in html
    assert "<code>sort</code> 为字段名" in html
    for external in ("http://", "https://", "<script", "<link", "@import", "url("):
        assert external not in html


def test_validation_errors_in_chinese_name_the_fields(client: TestClient) -> None:
    headers = login(client)
    small = client.get("/api/leads", params={"size": 0}, headers=headers)
    assert small.status_code == 422
    assert small.json() == {
        "error": "请求参数有误：查询参数“size”不能小于 1",
        "hint": "请对照 /api/reference 改正后重试",
        "fields": ["query.size"],
    }
    body = {"kind": "suggestion", "issued_on": "2025-13-45", "receiver": "x" * 201}
    bad = client.post("/api/leads/1/actions", json=body, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["fields"] == ["body.document_no", "body.issued_on", "body.receiver"]
    error = bad.json()["error"]
    assert error.startswith("请求参数有误：缺少请求体“document_no”")
    assert "请求体“issued_on”应为日期（如 2025-07-01）" in error
    assert "请求体“receiver”最多 200 个字符" in error
    broken = client.post(
        "/api/leads/1/comments",
        content=b"{not json",
        headers={**headers, "content-type": "application/json"},
    )
    assert broken.status_code == 422 and "请求体不是有效的 JSON" in broken.json()["error"]


def test_http_errors_share_the_body(client: TestClient) -> None:
    headers = login(client)
    unknown = client.get("/api/nothing-here", headers=headers)
    assert unknown.status_code == 404 and unknown.json() == {"error": "没有这个接口", "hint": None}
    wrong_method = client.delete("/api/leads", headers=headers)
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"error": "该接口不支持这种请求方法", "hint": None}
    anonymous = client.get("/api/leads")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json() == {"error": "未登录或登录已过期，请先登录", "hint": None}
    refused = client.get(f"/api/models/{SLUG}/sql", params={"engine": "oracle"}, headers=headers)
    assert refused.status_code == 422 and refused.json()["fields"] == ["query.engine"]


def test_starlette_phrases_are_never_shown_in_english(workspace: Workspace) -> None:
    app = create_app(workspace)

    @app.get("/teapot")
    def teapot() -> None:
        raise HTTPException(status_code=418)

    with TestClient(app) as client:
        got = client.get("/teapot")
        assert got.status_code == 418
        assert got.json() == {"error": "请求未能完成（HTTP 418）", "hint": None}
