"""Responses carrying personal data are not cached nor sniffed, and the API's description needs
a sign-in unless the server was started with ``--public-docs``."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jiancha.api import create_app
from jiancha.cli import app as cli
from jiancha.store import Workspace
from tests.api.helpers import SLUG, login

DOCS = ("/openapi.json", "/api/reference")


def test_api_responses_are_not_stored_nor_sniffed(client: TestClient) -> None:
    headers = login(client)
    lead = client.get("/api/leads", params={"model": SLUG}, headers=headers)
    assert lead.status_code == 200 and lead.json()["items"]
    answers = [
        lead,
        client.get(f"/api/leads/{lead.json()['items'][0]['id']}", headers=headers),
        client.get("/api/me", headers=headers),
        client.get("/api/leads/999999", headers=headers),  # an error body
        client.get("/api/leads"),  # 401
        client.post("/api/login", json={"username": "demo", "password": "wrong-Password-1"}),
        client.get("/api/leads?q=%00"),  # refused before routing
        client.get("/openapi.json", headers=headers),
    ]
    for answer in answers:
        where = f"{answer.request.url}: {answer.status_code}"
        assert answer.headers.get("cache-control") == "no-store", where
        assert answer.headers.get("x-content-type-options") == "nosniff", where
    landing = client.get("/")
    assert landing.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in landing.headers.get("cache-control", "")


def test_the_description_needs_a_sign_in(client: TestClient) -> None:
    for path in DOCS:
        anonymous = client.get(path)
        assert anonymous.status_code == 401, path
        assert anonymous.json() == {"error": "未登录或登录已过期，请先登录", "hint": None}
        assert client.get(path, headers=login(client)).status_code == 200, path


def test_public_docs_serves_it_to_anyone(client: TestClient, workspace: Workspace) -> None:
    with TestClient(create_app(workspace, public_docs=True)) as public:
        spec = public.get("/openapi.json")
        assert spec.status_code == 200 and "/api/leads" in spec.json()["paths"]
        assert public.get("/api/reference").status_code == 200
        assert public.get("/api/leads").status_code == 401  # only the description is public


def test_serve_offers_public_docs() -> None:
    for command in (["serve", "--help"], ["demo", "--help"]):
        shown = CliRunner().invoke(cli, command, env={"COLUMNS": "200"})
        assert shown.exit_code == 0 and "--public-docs" in shown.output, command
