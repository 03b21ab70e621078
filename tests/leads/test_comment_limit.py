"""Comments on a lead are capped at 10,000 characters, over the API and in the core that the
command line uses (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.errors import JianchaError
from jiancha.leads.actions import COMMENT_LIMIT, add_comment
from jiancha.store import LeadComment, Store, Workspace
from tests.api.helpers import login, seed


@pytest.fixture
def client(store: Store, workspace: Workspace, tmp_path: Path) -> Iterator[TestClient]:
    seed(store, tmp_path)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def _comments(store: Store) -> int:
    with store.session() as session:
        return session.query(LeadComment).count()


def test_api_refuses_a_comment_over_the_limit(client: TestClient, store: Store) -> None:
    headers = login(client)
    lead = client.get("/api/leads", headers=headers).json()["items"][0]["id"]
    too_long = client.post(
        f"/api/leads/{lead}/comments", json={"text": "核" * (COMMENT_LIMIT + 1)}, headers=headers
    )
    assert too_long.status_code == 422 and "body.text" in too_long.json()["fields"]
    longest = client.post(
        f"/api/leads/{lead}/comments", json={"text": "核" * COMMENT_LIMIT}, headers=headers
    )
    assert longest.status_code == 200, longest.text
    assert _comments(store) == 1


def test_core_refuses_a_comment_over_the_limit(client: TestClient, store: Store) -> None:
    lead = client.get("/api/leads", headers=login(client)).json()["items"][0]["id"]
    with pytest.raises(JianchaError, match="评论太长"):
        add_comment(store, lead, "核" * (COMMENT_LIMIT + 1), "demo")
    assert _comments(store) == 0
