"""The builder's HTTP routes over a real workspace (SQLite and PostgreSQL), real DuckDB: the
datasets to bind, opening YAML and installed models, composing with bindings, the preview
(masked, under grants, invalid documents refused) and saving versions."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from jiancha.governance import create_user
from jiancha.store import AuditEntry, ModelVersion, Store
from tests.conftest import seeds_client
from tests.runs.builder_fixtures import (
    LEDU,
    PASSWORD,
    bindings,
    county,
    document,
    grant,
)

SLUG = "custodial-sentence-not-executed"
FULL_ID = re.compile(r"(?<![0-9])\d{17}[\dX](?![0-9])")
BROKEN_YAML = "spec: 1\nid: broken\nsteps:\n  - from: j\n  - filter: [unclosed\n"


def county_with_newcomer(store: Store, files: Path) -> None:
    county(store, files, people=400)
    grant(store, "判决")
    grant(store, "收押")
    create_user(store, "newcomer", PASSWORD, org=LEDU, role="modeller", must_change=False)
    grant(store, "判决", "newcomer")


workspace_seed = seeds_client(county_with_newcomer)


def login(client: TestClient, username: str = "modeller") -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_datasets_say_which_the_user_may_preview(client: TestClient) -> None:
    found = client.get("/api/builder/datasets", headers=login(client, "newcomer"))
    assert found.status_code == 200
    by_name = {d["name"]: d for d in found.json()}
    assert set(by_name) == {"判决", "收押"}
    assert (by_name["判决"]["granted"], by_name["收押"]["granted"]) == (True, False)
    judgments = by_name["判决"]
    assert (judgments["rows"], judgments["version"]) == (400, 1)
    fields = {f["name"]: f for f in judgments["fields"]}
    assert fields["公民身份号码"]["semantic"] == "id_card"
    assert fields["判决生效日期"]["semantic"] == "date" and fields["判决生效日期"]["type"]


def test_open_a_yaml_text(client: TestClient) -> None:
    headers = login(client)
    text = (Path(__file__).parents[1] / "modelling" / "specs" / "custodial.yaml").read_text()
    opened = client.post("/api/builder/open", json={"yaml": text}, headers=headers).json()
    assert opened["valid"] is True
    assert opened["document"] == document()
    assert opened["document"]["steps"][2]["filter"]["all"][0]["op"] == "in"  # structured rows
    broken = client.post("/api/builder/open", json={"yaml": BROKEN_YAML}, headers=headers)
    assert broken.status_code == 200
    body = broken.json()
    assert body["valid"] is False
    [problem] = body["problems"]
    assert problem["line"] in (5, 6) and problem["column"] > 0
    assert "YAML" in problem["message"]


def test_compose_checks_the_bindings_against_the_catalogue(client: TestClient) -> None:
    headers = login(client)
    plain = client.post("/api/builder/compose", json={"document": document()}, headers=headers)
    assert plain.status_code == 200 and plain.json()["valid"] is True
    assert "ANTI JOIN" in plain.json()["sql"]
    wrong = bindings()
    wrong["j"]["fields"]["person_id"] = "身份证"
    wrong["p"]["dataset"] = "收押记录"
    composed = client.post(
        "/api/builder/compose", json={"document": document(), "bindings": wrong}, headers=headers
    ).json()
    assert composed["valid"] is False
    paths = {p["path"]: p for p in composed["problems"]}
    assert set(paths) == {"inputs.j.fields.person_id", "inputs.p.dataset"}
    assert paths["inputs.j.fields.person_id"]["line"] > 0
    assert "收押记录" in paths["inputs.p.dataset"]["message"]
    good = client.post(
        "/api/builder/compose",
        json={"document": document(), "bindings": bindings()},
        headers=headers,
    ).json()
    assert good["valid"] is True and good["problems"] == []
    first = {c["name"]: c["label"] for c in good["steps"][0]["columns"]}
    assert first["person_id"] == "公民身份号码"  # the bound column's name


def _preview(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    given = {"document": document(), "bindings": bindings()} | body
    return client.post("/api/builder/preview", json=given, headers=headers)


def test_preview_is_masked(client: TestClient) -> None:
    response = _preview(client, login(client), step=0, limit=30)
    assert response.status_code == 200, response.text
    shown = response.json()
    assert [s["index"] for s in shown["steps"]] == list(range(6))
    assert shown["steps"][0]["rows"] == 400 and len(shown["rows_at"]["rows"]) == 30
    assert shown["leads"]["count"] > 0 and shown["leads"]["samples"]
    assert FULL_ID.search(response.text) is None
    assert shown["seconds"] >= 0 and shown["datasets"]["p"]["dataset"] == "收押"


def test_preview_refused_without_a_grant_naming_the_dataset(client: TestClient) -> None:
    response = _preview(client, login(client, "newcomer"))
    assert response.status_code == 403
    assert "“收押”" in response.json()["error"] and "“判决”" not in response.json()["error"]


def test_preview_of_an_invalid_document_is_422_with_the_problems(client: TestClient) -> None:
    broken = document()
    broken["steps"][2] = {"filter": {"all": [{"column": "pretrial", "op": "=", "right": {}}]}}
    response = _preview(client, login(client), document=broken)
    assert response.status_code == 422
    body = response.json()
    assert body["valid"] is False and body["error"]
    assert body["problems"] and all(p["path"].startswith("steps.2") for p in body["problems"])


def test_save_creates_versions_and_opens_again(client: TestClient, store: Store) -> None:
    headers = login(client)
    given = {"document": document(), "bindings": bindings(), "changelog": "首个版本"}
    first = client.post("/api/builder/save", json=given, headers=headers)
    assert first.status_code == 200, first.text
    saved = first.json()
    assert (saved["slug"], saved["version"], saved["upgraded_from"]) == (SLUG, "1.0.0", None)
    assert saved["diff"] == "" and isinstance(saved["adoption_id"], int)
    opened = client.get(f"/api/builder/models/{SLUG}", headers=headers).json()
    assert opened["document"] == document() and opened["org"] == LEDU
    assert opened["bindings"]["j"]["fields"]["person_id"] == "公民身份号码"
    assert opened["version"] == "1.0.0" and "grace_days" in opened["yaml"]
    changed = copy.deepcopy(opened["document"])
    changed["version"] = "1.1.0"
    changed["parameters"]["grace_days"]["default"] = 60
    again = client.post(
        "/api/builder/save",
        json={"document": changed, "bindings": opened["bindings"], "changelog": "宽限 60 日"},
        headers=headers,
    ).json()
    assert again["upgraded_from"] == "1.0.0" and again["version"] == "1.1.0"
    assert "60" in again["diff"] and again["adoption_id"] == saved["adoption_id"]
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ModelVersion)) == 2
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "builder_save"))
        )
    assert [e.detail["version"] for e in entries] == ["1.0.0", "1.1.0"]
    assert all(e.actor == "modeller" and e.object_id == SLUG for e in entries)


def test_save_unchanged_keeps_the_version_and_a_change_raises_its_number(
    client: TestClient, store: Store
) -> None:
    headers = login(client)
    given = {"document": document(), "bindings": bindings(), "changelog": "首个版本"}
    assert client.post("/api/builder/save", json=given, headers=headers).status_code == 200
    opened = client.get(f"/api/builder/models/{SLUG}", headers=headers).json()
    same = {"document": opened["document"], "bindings": opened["bindings"], "changelog": ""}
    kept = client.post("/api/builder/save", json=same, headers=headers).json()
    assert (kept["unchanged"], kept["version"], kept["diff"]) == (True, "1.0.0", "")
    changed = copy.deepcopy(opened["document"])
    changed["parameters"]["grace_days"]["default"] = 45  # the number left at 1.0.0
    body = {"document": changed, "bindings": opened["bindings"], "changelog": "宽限 45 日"}
    raised = client.post("/api/builder/save", json=body, headers=headers).json()
    assert (raised["unchanged"], raised["version"], raised["bumped_from"]) == (
        False,
        "1.0.1",
        "1.0.0",
    )
    assert "45" in raised["diff"] and "1.0.1" in raised["diff"]
    with store.session() as session:
        versions = session.scalars(select(ModelVersion.version).order_by(ModelVersion.id))
        assert list(versions) == ["1.0.0", "1.0.1"]


def test_save_refuses_an_invalid_document(client: TestClient, store: Store) -> None:
    broken = document()
    broken["lead"]["title"] = "{nobody}：未交付执行"
    response = client.post(
        "/api/builder/save",
        json={"document": broken, "bindings": bindings()},
        headers=login(client),
    )
    assert response.status_code == 422
    assert any(p["path"].startswith("lead.title") for p in response.json()["problems"])
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ModelVersion)) == 0
