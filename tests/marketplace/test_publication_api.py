"""The publication over the API: submission, the queue, multipart decisions with attachments,
the model card (404 for a draft the user may not see), versions and diff, each refusal with its
status and every decision audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.api import create_app
from jiancha.store import AuditEntry, Store, init_workspace, open_store
from tests.marketplace.publication_fixtures import (
    CARD,
    PASSWORD,
    SLUG,
    seed,
)

MARKET = f"/api/market/models/{SLUG}"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Store]]:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    workspace, _ = init_workspace(tmp_path / "home")
    store = open_store(workspace)
    seed(store, tmp_path)
    with TestClient(create_app(workspace)) as client:
        yield client, store
    store.close()


def signed(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def card_form() -> dict[str, object]:
    return {
        "authors": list(CARD.authors),
        "background": CARD.background,
        "innovation": CARD.innovation,
        "scope": CARD.scope,
    }


def test_publication_over_the_api(world: tuple[TestClient, Store]) -> None:
    client, store = world
    ma, da, lp, pa, pc = (signed(client, u) for u in ("ma", "da", "lp", "pa", "pc"))
    assert client.get(f"{MARKET}/card", headers=pc).status_code == 404  # 温州: not its draft
    assert client.get(f"{MARKET}/card", headers=ma).json()["state"] == "draft"
    refused = client.post(f"{MARKET}/submission", json=card_form(), headers=pa)
    assert refused.status_code == 403  # a prosecutor does not submit
    empty = client.post(f"{MARKET}/submission", json={**card_form(), "scope": ""}, headers=ma)
    assert empty.status_code == 400 and "请填写适用范围" in empty.json()["error"]
    sent = client.post(f"{MARKET}/submission", json=card_form(), headers=ma)
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert client.post(f"{MARKET}/submission", json=card_form(), headers=ma).status_code == 409

    queue = client.get("/api/market/queue", headers=da).json()
    assert [(q["slug"], q["step"], q["step_label"]) for q in queue] == [
        (SLUG, "data_checked", "数据核查")
    ]
    assert client.get("/api/market/queue", headers=pa).json() == []

    form = {"step": "data_checked", "decision": "approved"}
    assert client.post(f"{MARKET}/decisions", data=form, headers=pa).status_code == 403
    wrong = client.post(f"{MARKET}/decisions", data={**form, "decision": "yes"}, headers=da)
    assert wrong.status_code == 422
    files = [("files", ("核查记录.txt", "数据均已分级".encode(), "text/plain"))]
    checked = client.post(f"{MARKET}/decisions", data=form, files=files, headers=da)
    assert checked.status_code == 200, checked.text
    [kept] = checked.json()["attachments"]
    assert kept["name"] == "核查记录.txt" and kept["bytes"] == len("数据均已分级".encode())
    again = client.post(f"{MARKET}/decisions", data=form, headers=da)
    assert again.status_code == 409
    got = client.get(f"{MARKET}/attachments/{kept['sha256']}", headers=lp)
    assert got.status_code == 200 and got.content == "数据均已分级".encode()
    assert client.get(f"{MARKET}/attachments/{'0' * 64}", headers=lp).status_code == 404

    no_reason = {"step": "rules_reviewed", "decision": "refused"}
    assert client.post(f"{MARKET}/decisions", data=no_reason, headers=lp).status_code == 400
    reason = {**no_reason, "opinion": "缺少交付执行期限的司法解释依据"}
    back = client.post(f"{MARKET}/decisions", data=reason, headers=lp)
    assert back.status_code == 200 and back.json()["state"] == "returned"
    card = client.get(f"{MARKET}/card", headers=ma).json()
    assert card["returned"]["reason"] == "缺少交付执行期限的司法解释依据"
    assert [d["step"] for d in card["decisions"]] == ["submitted", "data_checked", "rules_reviewed"]
    [waiting] = client.get("/api/market/queue", headers=ma).json()
    assert waiting["step"] == "submitted" and waiting["reason"] == reason["opinion"]

    versions = client.get(f"{MARKET}/versions", headers=pa).json()["versions"]
    assert [v["version"] for v in versions] == ["1.0.0"] and versions[0]["adoptions"] == 2
    same = client.get(f"{MARKET}/diff", params={"from": "1.0.0", "to": "1.0.0"}, headers=pa)
    assert same.status_code == 200 and same.json()["same"] is True
    bad = client.get(f"{MARKET}/diff", params={"from": "7.7.7", "to": "1.0.0"}, headers=pa)
    assert bad.status_code == 404

    with store.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(["market_submit", "market_decision"]))
            .order_by(AuditEntry.seq)
        ).all()
    done = [e for e in entries if e.detail["result"] == "ok"]  # refused requests are there too
    assert [(e.action, e.actor, e.detail.get("decision")) for e in done] == [
        ("market_submit", "ma", None),
        ("market_decision", "da", "approved"),
        ("market_decision", "lp", "refused"),
    ]
    assert done[1].detail["attachments"] == [kept["sha256"]]
    assert {e.detail["result"] for e in entries} == {"ok", "refused"}
