"""What the API tests share: a seeded workspace (the hand-made county, the DESIGN example model
run once, a signed-up user) and signing in."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jiancha.governance import create_user
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "demo-password-123"
SLUG = "custodial-sentence-not-executed"


def seed(store: Store, tmp_path: Path) -> None:
    """Two datasets, one installed model, one run with two leads, and the user ``demo``."""
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    create_user(store, "demo", PASSWORD, "演示用户", role="admin", must_change=False)


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/login", json={"username": "demo", "password": PASSWORD})
    assert response.status_code == 200
    client.cookies.clear()  # the bearer header alone: an "anonymous" call must really be one
    return {"Authorization": f"Bearer {response.json()['token']}"}


def open_case(client: TestClient, headers: dict[str, str], lead: int) -> None:
    """Move ``lead`` from 新线索 to 已成案 (so that actions may be issued on it)."""
    for step in (
        {"to": "assigned", "assignee": "demo"},
        {"to": "verifying"},
        {"to": "confirmed", "note": "属实"},
        {"to": "case_opened"},
    ):
        moved = client.post(f"/api/leads/{lead}/moves", json=step, headers=headers)
        assert moved.status_code == 200, moved.text
