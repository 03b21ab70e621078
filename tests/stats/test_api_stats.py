"""``/api/stats``, ``/api/stats/ledgers`` and ``/api/stats.xlsx``: signed in, same numbers."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.governance import create_user
from jiancha.stats import StatsFilter, model_ledgers, statistics
from jiancha.store import Store, Workspace
from tests.stats.scenario import CITY, PINGAN, A, B, Scenario

PASSWORD = "demo-password-123"
PATHS = ("/api/stats", "/api/stats/ledgers", "/api/stats.xlsx")


@pytest.fixture
def client(store: Store, workspace: Workspace, scenario: Scenario) -> Iterator[TestClient]:
    create_user(store, "demo", PASSWORD, "演示用户", role="admin", must_change=False)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


@pytest.fixture
def headers(client: TestClient) -> dict[str, str]:
    response = client.post("/api/login", json={"username": "demo", "password": PASSWORD})
    assert response.status_code == 200
    client.cookies.clear()  # the bearer header alone
    return {"Authorization": f"Bearer {response.json()['token']}"}


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def test_sign_in_is_required(client: TestClient) -> None:
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"].startswith("未登录")


def test_numbers_equal_the_library(
    client: TestClient, headers: dict[str, str], store: Store
) -> None:
    got = client.get("/api/stats", params={"by": "org", "org": CITY}, headers=headers)
    assert got.status_code == 200
    assert got.json() == as_json(statistics(store, StatsFilter(group_by="org", org=CITY)))
    params: dict[str, Any] = {"model": [A, B], "from": "2025-02-01", "to": "2025-02-28"}
    got = client.get("/api/stats", params=params, headers=headers).json()
    february = StatsFilter(
        models=(A, B), date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28)
    )
    assert got == as_json(statistics(store, february))
    assert got["filter"] == {
        "group_by": "model",
        "models": [A, B],
        "org": None,
        "area": None,
        "line": None,
        "from": "2025-02-01",
        "to": "2025-02-28",
    }
    assert (got["total"]["leads"], got["total"]["precision"]) == (2, 0.5)
    ledgers = client.get("/api/stats/ledgers", params={"org": PINGAN}, headers=headers)
    assert ledgers.json() == as_json(model_ledgers(store, StatsFilter(org=PINGAN)))
    assert [m["model"] for m in ledgers.json()["ledgers"]["with_results"]["models"]] == [B]


def test_excel_download(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/api/stats.xlsx", params={"by": "month"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="jiancha-stats-')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded).startswith("效能统计-") and unquote(encoded).endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "效能统计" and workbook.sheetnames[-1] == "说明"
    assert workbook["效能统计"]["A2"].value == "2025年1月"


def test_refusals(client: TestClient, headers: dict[str, str]) -> None:
    bad = client.get("/api/stats", params={"by": "week"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"] == "不能按“week”分组统计"
    unknown = client.get("/api/stats/ledgers", params={"org": "无此院"}, headers=headers)
    assert unknown.status_code == 404
    late = client.get("/api/stats", params={"from": "2025-3-1"}, headers=headers)
    assert late.status_code == 422 and late.json()["fields"] == ["query.from"]
    reversed_ = client.get(
        "/api/stats.xlsx", params={"from": "2025-03-01", "to": "2025-01-01"}, headers=headers
    )
    assert reversed_.status_code == 400 and "晚于" in reversed_.json()["error"]
