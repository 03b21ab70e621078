"""``GET /api/leads/{id}/draft``: a masked .docx for signed-in users only."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.governance import create_user
from jiancha.store import Store, Workspace
from tests.documents.conftest import masked_id, paragraphs, text
from tests.modelling.fixtures import pid

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PASSWORD = "demo-password-123"


@pytest.fixture
def client(store: Store, workspace: Workspace, lead_id: int) -> Iterator[TestClient]:
    create_user(store, "demo", PASSWORD, "演示用户", role="admin", must_change=False)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def _headers(client: TestClient) -> dict[str, str]:
    response = client.post("/api/login", json={"username": "demo", "password": PASSWORD})
    assert response.status_code == 200
    client.cookies.clear()  # the bearer header alone
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_draft_is_a_masked_docx_attachment(client: TestClient, lead_id: int) -> None:
    response = client.get(
        f"/api/leads/{lead_id}/draft", params={"kind": "suggestion"}, headers=_headers(client)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    name = quote(f"线索{lead_id}-检察建议书（草稿）.docx", safe="")
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"lead-{lead_id}-suggestion-draft.docx\"; filename*=UTF-8''{name}"
    )
    assert ("公文标题", "检察建议书") in paragraphs(response.content)
    body = text(response.content)
    assert masked_id(pid(1)) in body and pid(1) not in body and "张甲" not in body
    assert "demo" not in body and "附注" not in body  # no internal note in the document
    assert response.headers["x-draft-status"] == "unverified"  # the reminder, ASCII only


def test_draft_needs_sign_in_and_explains_errors(client: TestClient, lead_id: int) -> None:
    anonymous = client.get(f"/api/leads/{lead_id}/draft", params={"kind": "suggestion"})
    assert anonymous.status_code == 401 and anonymous.json()["error"].startswith("未登录")
    headers = _headers(client)
    wrong = client.get(f"/api/leads/{lead_id}/draft", params={"kind": "memo"}, headers=headers)
    assert wrong.status_code == 400 and wrong.json()["error"] == "没有“memo”这种可起草的文书"
    missing = client.get("/api/leads/999999/draft", params={"kind": "suggestion"}, headers=headers)
    assert missing.status_code == 404 and missing.json()["error"] == "没有编号为 999999 的线索"
    notice = client.get(
        f"/api/leads/{lead_id}/draft", params={"kind": "correction_notice"}, headers=headers
    )
    assert ("公文标题", "纠正违法通知书") in paragraphs(notice.content)
