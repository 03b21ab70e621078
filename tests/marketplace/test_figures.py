"""A model's figures across offices: each adopting office's, and their sum; the same over the
API and in the four ledgers (the world: ``world.py``; 乐都's lead becomes a case with two
actions and money recovered, 平安's is rejected)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha import clock
from jiancha.api import create_app
from jiancha.leads import LeadFilter, Move, move_lead, search_leads
from jiancha.leads.actions import issue_action, record_feedback
from jiancha.leads.confine import LOCAL
from jiancha.marketplace.figures import figures_of, model_figures
from jiancha.stats import model_ledgers
from jiancha.store import Store, open_store
from tests.marketplace.world import (
    LEDU,
    LONELY,
    PINGAN,
    SLUG,
    As,
    sqlite_only,  # noqa: F401  (a fixture)
    world,
)

pytestmark = pytest.mark.usefixtures("sqlite_only")
SUMMED: tuple[str, ...] = ("leads", "verified", "confirmed", "cases", "actions_total")
SUMMED += ("adopted_total",)
SUMMED += ("persons_affected", "rules_made", "runs", "succeeded_runs")


def walk(store: Store, lead: int, user: str, *targets: str) -> None:
    for target in targets:
        move = Move(
            target,
            note={"confirmed": "核实属实", "rejected": "已收监执行"}.get(target, ""),
            reason="already_handled" if target == "rejected" else None,
            assignee=user if target == "assigned" else None,
        )
        move_lead(store, lead, move, user)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    workspace = world(tmp_path_factory)
    opened = open_store(workspace)
    with opened.session() as session:
        found = search_leads(session, LeadFilter(model=SLUG, viewer=LOCAL))[1]
    lead = {x["org"]: int(x["id"]) for x in found}
    ledu, pingan = lead["海东市乐都区人民检察院"], lead["海东市平安区人民检察院"]
    walk(opened, ledu, "ledu.leader", "assigned", "verifying", "confirmed", "case_opened")
    walk(opened, pingan, "pingan.leader", "assigned", "verifying", "rejected")
    today = clock.china_today()
    actions = [
        issue_action(
            opened,
            ledu,
            kind=kind,
            document_no=f"乐检〔2024〕{n}号",
            issued_on=today,
            receiver="乐都县人民法院",
            content="依法交付执行",
            user="ledu.leader",
        )
        for n, kind in enumerate(("correction_notice", "suggestion"), 1)
    ]
    record_feedback(
        opened,
        int(actions[0]["id"]),
        received_on=today,
        outcome="rectified",
        content="已收监执行",
        user="ledu.leader",
        recovered_amount="1.5万元",
        persons_affected=2,
        rules_made=1,
    )
    yield opened
    opened.close()


def test_each_office_and_their_sum(store: Store) -> None:
    with store.session() as session:
        found = figures_of(session, SLUG)
    ledu, pingan = found["per_office"]
    assert (ledu["org"], pingan["org"]) == (LEDU, PINGAN)
    assert (found["offices"], found["adoptions"], found["adoption_label"]) == (2, 2, "2 个院 2 次")
    assert (found["leads"], found["verified"], found["confirmed"], found["cases"]) == (2, 2, 1, 1)
    assert found["precision"] == 0.5  # one confirmed of two verified
    assert (ledu["precision"], pingan["precision"]) == (1.0, 0.0)
    assert found["actions"]["correction_notice"] == found["actions"]["suggestion"] == 1
    assert (found["actions_total"], found["adopted_total"]) == (2, 1)
    assert found["recovered_amount"] == "15000.00" and found["persons_affected"] == 2
    assert (pingan["cases"], pingan["actions_total"], pingan["recovered_amount"]) == (0, 0, "0.00")
    for key in SUMMED:
        assert found[key] == ledu[key] + pingan[key], key
    money = Decimal(ledu["recovered_amount"]) + Decimal(pingan["recovered_amount"])
    assert Decimal(found["recovered_amount"]) == money
    with store.session() as session:
        nobody = model_figures(session, [LONELY])[LONELY]
    assert (nobody.offices, len(nobody.adoptions), nobody.figures.leads) == (0, 0, 0)


def test_the_api_gives_the_same_figures(store: Store) -> None:
    with store.session() as session:
        expected = figures_of(session, SLUG)
    with TestClient(create_app(store.workspace)) as client:
        got = As(client, "chengdong.leader").get(f"/api/market/models/{SLUG}/figures")
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        assert body == {"name": body["name"], "state": "published", **expected}
        # counts only: no lead, no person in them
        assert "subject_name" not in str(body) and "张甲" not in str(body)
        assert (
            As(client, "chengdong.leader").get("/api/market/models/nope/figures").status_code == 404
        )
        prosecutor = {
            m["slug"]: m for m in As(client, "ledu.pros").get("/api/market/models").json()["items"]
        }
        assert prosecutor[SLUG]["figures"]["precision"] == 0.5
        assert prosecutor[SLUG]["figures"]["cases"] == 1


def test_the_ledgers_follow(store: Store) -> None:
    ledgers = model_ledgers(store)["ledgers"]
    results = {m["model"]: m for m in ledgers["with_results"]["models"]}
    assert set(results) == {SLUG}  # published, a case, actions and money
    assert (results[SLUG]["offices"], results[SLUG]["precision"]) == (2, 0.5)
    assert [m["model"] for m in ledgers["built"]["models"]] == [LONELY]  # published, unused
