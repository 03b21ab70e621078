"""Adopting a published model over the API (采用): a second office binds it to the data it sees,
runs it, and each office sees only its own leads; the refusals (the world: ``world.py``, here
without 平安's adoption)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.api import create_app
from jiancha.marketplace.versions import register_version
from jiancha.modelling import load_spec
from jiancha.runs import run_model
from jiancha.store import MarketModel, Org, SupervisionModel, open_store
from tests.marketplace.world import (
    LEDU,
    LONELY,
    PINGAN,
    SLUG,
    As,
    publish,
    sqlite_only,  # noqa: F401  (a fixture)
    world,
)
from tests.modelling.fixtures import AS_OF, SPECS

pytestmark = pytest.mark.usefixtures("sqlite_only")
HIGH = "custodial-high"
HIGH_TEXT = (
    (SPECS / "custodial.yaml")
    .read_text(encoding="utf-8")
    .replace(f"id: {SLUG}", f"id: {HIGH}")
    .replace("risk: medium", "risk: high")
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    workspace = world(tmp_path_factory, pingan_adopts=False)
    store = open_store(workspace)
    with store.session() as session:  # a published high model, authored by 乐都
        ledu = session.scalar(select(Org).where(Org.code == LEDU))
        register_version(session, load_spec(HIGH_TEXT, HIGH), by="setup", author=ledu)
    publish(store, HIGH)
    store.close()
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def leads(user: As) -> list[dict[str, Any]]:
    answer = user.get("/api/leads")
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def test_two_offices_adopt_one_model_and_each_sees_only_its_own_leads(
    client: TestClient,
) -> None:
    modeller = As(client, "pingan.modeller")
    before = {m["slug"]: m for m in modeller.get("/api/market/models").json()["items"]}
    offer = before[SLUG]
    assert offer["usable"] is True and offer["adopted"] is None
    assert offer["figures"]["adoption_label"] == "1 个院 1 次"
    adopted = modeller.post(f"/api/market/models/{SLUG}/adoptions", {"bindings": offer["bindings"]})
    assert adopted.status_code == 201, adopted.text
    assert (adopted.json()["org"], adopted.json()["version"]) == (PINGAN, "1.0.0")
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        rows = session.execute(
            select(Org.code, SupervisionModel.installed_by)
            .join(Org, Org.id == SupervisionModel.org_id)
            .where(SupervisionModel.slug == SLUG)
        )
        by_office = {code: who for code, who in rows}
    assert by_office[PINGAN] == "pingan.modeller"  # the person, not the server's account
    assert set(by_office) == {LEDU, PINGAN}
    run_model(store, SLUG, run_date=AS_OF, org=PINGAN)  # the local operator runs it
    mine = leads(As(client, "pingan.pros"))
    theirs = leads(As(client, "ledu.pros"))
    assert [x["subject_key"] for x in mine] != [x["subject_key"] for x in theirs]
    assert [x["org"] for x in mine] == ["海东市平安区人民检察院"]
    assert [x["org"] for x in theirs] == ["海东市乐都区人民检察院"]
    assert len(mine) == len(theirs) == 1
    # a lead of the other office is answered as one that does not exist
    assert As(client, "ledu.pros").get(f"/api/leads/{mine[0]['id']}").status_code == 404
    after = {m["slug"]: m for m in modeller.get("/api/market/models").json()["items"]}[SLUG]
    assert after["adopted"]["up_to_date"] is True
    assert after["figures"]["adoption_label"] == "2 个院 2 次"
    assert after["figures"]["leads"] == 2
    figures = modeller.get(f"/api/market/models/{SLUG}/figures").json()
    assert [(o["org"], o["leads"]) for o in figures["per_office"]] == [(LEDU, 1), (PINGAN, 1)]


def test_refusals(client: TestClient) -> None:
    modeller = As(client, "pingan.modeller")
    offer = {"bindings": {"j": {"dataset": "判决"}, "p": {"dataset": "收押"}}}
    not_bound = modeller.post(f"/api/market/models/{SLUG}/adoptions", offer)
    assert not_bound.status_code == 400  # the Chinese column names must be given
    assert "找不到列" in not_bound.json()["error"]
    prosecutor = As(client, "pingan.pros").post(f"/api/market/models/{SLUG}/adoptions", offer)
    assert prosecutor.status_code == 403
    elsewhere = As(client, "chengdong.modeller").post(f"/api/market/models/{SLUG}/adoptions", offer)
    assert elsewhere.status_code == 404  # 海东's data is not 城东's to bind
    assert "判决" in elsewhere.json()["error"]
    unknown = modeller.post("/api/market/models/nope/adoptions", offer)
    assert unknown.status_code == 404
    high = modeller.post(f"/api/market/models/{HIGH}/adoptions", offer)
    assert high.status_code == 403 and "高风险" in high.json()["error"]
    assert "采用" in high.json()["error"]
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.session() as session:
        lonely = session.scalar(select(MarketModel).where(MarketModel.slug == LONELY))
        assert lonely is not None
        lonely.state = "returned"
    returned = As(client, "admin").post(
        f"/api/market/models/{LONELY}/adoptions", offer | {"org": PINGAN}
    )
    assert returned.status_code == 409 and "尚未上架" in returned.json()["error"]
    nowhere = As(client, "admin").post(f"/api/market/models/{SLUG}/adoptions", offer)
    assert nowhere.status_code == 400 and "指定采用的检察院" in nowhere.json()["error"]
