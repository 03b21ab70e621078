"""A dataset's quality report shows personal data: masked, counted, audited, no server paths
(SQLite and PostgreSQL; the API and ``jiancha dataset show``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha import catalogue
from jiancha.api import create_app
from jiancha.catalogue.masked import mask_example
from jiancha.governance import create_user
from jiancha.governance.breaker import set_limits
from jiancha.identifiers.id_card import check_char
from jiancha.store import AuditEntry, DatasetField, Store, User, Workspace
from jiancha.store.models import utcnow
from tests.catalogue.helpers import id18, write
from tests.test_cli import jiancha

PASSWORD = "Role-password-2024"
GOOD = id18(born="19800101")
WRONG_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")
SHORT = "13010519800101"  # 14 digits: a lead would never show that many of them
BAD_PHONE = "1381234567"  # ten digits
BAD_NAME = "张三3"
ROWS = (
    "姓名,身份证号码,联系电话\n"
    f"李四,{GOOD},13812345678\n"
    f"{BAD_NAME},{WRONG_CHECK},{BAD_PHONE}\n"
    f"王五,{SHORT},13912345678\n"
)
RAW = (WRONG_CHECK, SHORT, BAD_PHONE, BAD_NAME)


@pytest.fixture
def imported(store: Store, tmp_path: Path) -> Store:
    source = catalogue.open_file(write(tmp_path / "人员名单.csv", ROWS))
    catalogue.import_source(store, source, "人员")
    create_user(store, "pros", PASSWORD, "李检察官", must_change=False)
    return store


@pytest.fixture
def client(imported: Store, workspace: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(workspace)) as test_client:
        token = test_client.post("/api/login", json={"username": "pros", "password": PASSWORD})
        assert token.status_code == 200, token.text
        test_client.cookies.clear()
        test_client.headers["Authorization"] = f"Bearer {token.json()['token']}"
        yield test_client


def _audited(store: Store) -> list[AuditEntry]:
    """The reads of a quality report that were answered (refusals are audited apart)."""
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == "dataset_read")
        entries = session.scalars(query.order_by(AuditEntry.seq))
        return [e for e in entries if e.detail.get("result", "ok") == "ok"]


def test_examples_masked_by_shape() -> None:
    assert mask_example(WRONG_CHECK, "id_card") == WRONG_CHECK[:6] + "*" * 8 + WRONG_CHECK[-4:]
    assert mask_example(SHORT, "id_card") == "*" * len(SHORT)
    assert mask_example(BAD_PHONE, "phone") == "*" * len(BAD_PHONE)
    assert mask_example("138123456789", "phone") == "138*****6789"
    assert mask_example(BAD_NAME, "person_name") == "张**"
    assert mask_example(GOOD, "credit_code") == GOOD[:6] + "*" * 8 + GOOD[-4:]  # by shape


def test_api_report_masked_without_paths_or_check_digit(
    client: TestClient, imported: Store, tmp_path: Path
) -> None:
    response = client.get("/api/datasets/人员")
    assert response.status_code == 200, response.text
    report, text = response.json(), response.text
    for raw in RAW:
        assert raw not in text
    assert "校验位错误（" not in text and f"应为{check_char(GOOD[:17])}" not in text
    assert "path" not in report and str(tmp_path) not in text and "/" not in report["source"]
    assert report["source"] == "人员名单.csv"
    assert "\\" not in text and ".parquet" not in text
    quality = report["quality"]
    assert (quality["身份证号码"]["invalid"], quality["联系电话"]["invalid"]) == (2, 1)
    ids = [e["value"] for e in quality["身份证号码"]["examples"]]
    assert ids == [WRONG_CHECK[:6] + "*" * 8 + WRONG_CHECK[-4:], "*" * len(SHORT)]
    assert quality["身份证号码"]["examples"][0]["reason"] == "校验位错误"
    assert quality["姓名"]["examples"][0]["value"] == "张**"


def test_api_read_counted_audited_and_refused_when_suspended(
    client: TestClient, imported: Store
) -> None:
    set_limits(imported, "pros", 6, None)
    assert client.get("/api/datasets/人员").status_code == 200  # 4 examples shown: 4 reads
    entries = _audited(imported)
    assert [(e.actor, e.object_id, e.rows) for e in entries] == [("pros", "人员", 4)]
    assert entries[0].detail["via"] == "api"
    refused = client.get("/api/datasets/人员")  # 8 > 6: tripped
    assert refused.status_code == 403 and "已暂停其数据访问" in refused.json()["error"]
    with imported.session() as session:
        pros = session.scalar(select(User).where(User.username == "pros"))
        assert pros is not None and pros.suspended_at is not None
    again = client.get("/api/datasets/人员")
    assert again.status_code == 403 and "数据访问已熔断" in again.json()["error"]
    assert len(_audited(imported)) == 1


def test_suspended_user_refused_before_anything(client: TestClient, imported: Store) -> None:
    with imported.session() as session:
        pros = session.scalar(select(User).where(User.username == "pros"))
        assert pros is not None
        pros.suspended_at, pros.suspended_reason = utcnow(), "测试"
    response = client.get("/api/datasets/人员")
    assert response.status_code == 403 and "数据访问已熔断" in response.json()["error"]
    assert _audited(imported) == []


def test_check_digit_of_older_reports_never_shown(client: TestClient, imported: Store) -> None:
    # Versions imported before the fix stored "校验位错误（应为X）": it is cut when shown.
    with imported.session() as session:
        field = session.scalar(select(DatasetField).where(DatasetField.name == "身份证号码"))
        assert field is not None
        stored = list(field.invalid_examples)
        stored[0] = stored[0] | {"reason": "校验位错误（应为7）"}
        field.invalid_examples = stored
    report = client.get("/api/datasets/人员").json()
    assert report["quality"]["身份证号码"]["examples"][0]["reason"] == "校验位错误"


def test_cli_show_masked_and_audited(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    jiancha(home, "init")
    path = write(tmp_path / "人员名单.csv", ROWS)
    imported = jiancha(home, "dataset", "import", str(path), "--name", "人员", "--json")
    shown = jiancha(home, "dataset", "show", "人员", "--json")
    for out in (imported.stdout, shown.stdout):
        for raw in RAW:
            assert raw not in out
        assert "校验位错误（" not in out
    report = json.loads(shown.stdout)
    assert {"name", "rows", "fields", "quality"} <= set(report)
    assert report["quality"]["身份证号码"]["invalid"] == 2
    table = jiancha(home, "dataset", "show", "人员").stdout
    assert all(raw not in table for raw in RAW) and WRONG_CHECK[:6] in table
    listed = jiancha(home, "audit", "list", "--action", "dataset_read", "--json").stdout
    entries = json.loads(listed)
    assert len(entries) == 2 and entries[0]["object_id"] == "人员"
