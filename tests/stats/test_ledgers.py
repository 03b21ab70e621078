"""The four ledgers: every marketplace model in exactly one, by its publication state and its
outcomes (the documented rule); office scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from jiancha.clock import CHINA
from jiancha.leads import Move, move_lead
from jiancha.modelling import install, load_spec
from jiancha.stats import StatsFilter, model_ledgers
from jiancha.stats.figures import Figures
from jiancha.stats.ledgers import MATURE_PRECISION, stage
from jiancha.store import MarketModel, ModelVersion, Run, Store, SupervisionModel
from tests.modelling.fixtures import BINDS
from tests.stats.scenario import CITY, LEDU, PINGAN, PROVINCE, A, B, C, D, Scenario


def members(store: Store, org: str | None = None) -> dict[str, list[str]]:
    found = model_ledgers(store, StatsFilter(org=org))["ledgers"]
    return {name: [m["model"] for m in ledger["models"]] for name, ledger in found.items()}


def test_each_model_in_its_ledger(store: Store, scenario: Scenario) -> None:
    assert members(store) == {
        "under_construction": [D],  # still a draft
        "built": [C],  # published; one office, its only verified lead rejected
        "mature_applied": [],
        "with_results": [B, A],  # a case, and an action (B's refused: an action all the same)
    }
    found = model_ledgers(store)
    assert found["counts"] == {
        "under_construction": 1,
        "built": 1,
        "mature_applied": 0,
        "with_results": 2,
    }
    labels = [ledger["label"] for ledger in found["ledgers"].values()]
    assert labels == ["在建模型台账", "已建模型台账", "应用成熟模型台账", "成效模型台账"]


def test_ledger_rows(store: Store, scenario: Scenario) -> None:
    ledgers = model_ledgers(store)["ledgers"]
    with store.session() as session:
        started = session.scalar(
            select(Run.started_at).join(SupervisionModel).where(SupervisionModel.slug == A)
        )
    assert started is not None
    started = started if started.tzinfo else started.replace(tzinfo=dt.UTC)
    a = next(m for m in ledgers["with_results"]["models"] if m["model"] == A)
    assert a == {
        "model": A,
        "name": "审前未羁押判处实刑罪犯未交付执行监督模型",
        "area": "criminal",
        "area_label": "刑事检察",
        "line": "criminal_execution",
        "line_label": "刑事执行检察",
        "org": LEDU,
        "org_name": "海东市乐都区人民检察院",
        "state": "published",
        "state_label": "已冠名上架",
        "stage": "with_results",
        "stage_label": "成效",
        "offices": 1,
        "adoptions": 1,
        "runs": 1,
        "succeeded_runs": 1,
        "last_run_on": started.astimezone(CHINA).date().isoformat(),
        "leads": 2,
        "verified": 2,
        "confirmed": 1,
        "precision": 0.5,
        "cases": 1,
        "actions": 2,
        "adopted": 1,
        "recovered_amount": "15000.00",
    }
    d = ledgers["under_construction"]["models"][0]
    assert (d["org"], d["state"], d["runs"], d["last_run_on"], d["leads"]) == (
        PROVINCE,
        "draft",
        0,
        None,
        0,
    )
    c = ledgers["built"]["models"][0]
    assert (c["org"], c["leads"], c["verified"], c["confirmed"]) == (CITY, 2, 1, 0)


def test_a_model_in_review_stays_under_construction_whatever_its_results(
    store: Store, scenario: Scenario
) -> None:
    with store.session() as session:
        a = session.scalar(select(MarketModel).where(MarketModel.slug == A))
        assert a is not None
        a.state = "cross_validated"
    assert members(store)["under_construction"] == [D, A]
    with store.session() as session:
        a = session.scalar(select(MarketModel).where(MarketModel.slug == A))
        assert a is not None
        a.state = "returned"
    assert members(store)["under_construction"] == [D, A]


def test_two_offices_and_enough_precision_make_a_model_mature(
    store: Store, scenario: Scenario, tmp_path: Path
) -> None:
    with store.session() as session:
        text = session.scalar(
            select(ModelVersion.spec_text)
            .join(MarketModel, MarketModel.id == ModelVersion.model_id)
            .where(MarketModel.slug == C)
        )
    assert text is not None
    install(store, load_spec(text, C), BINDS, org=LEDU)  # a second office adopts C
    assert members(store)["built"] == [C]  # two offices, but precision 0 (its one lead rejected)
    for target in ("assigned", "verifying", "confirmed"):  # C's other lead confirmed: 1 of 2
        move = Move(target, note="确未收押", assignee="zhang.san" if target == "assigned" else None)
        move_lead(store, scenario.leads[C, 6], move, "zhang.san")
    found = model_ledgers(store)["ledgers"]["mature_applied"]["models"]
    assert [(m["model"], m["offices"], m["precision"]) for m in found] == [(C, 2, 0.5)]
    assert found[0]["precision"] == MATURE_PRECISION  # the threshold itself is enough


def test_a_failed_run_is_counted_but_changes_no_ledger(store: Store, scenario: Scenario) -> None:
    with store.session() as session:
        model = session.scalar(select(SupervisionModel).where(SupervisionModel.slug == D))
        assert model is not None
        session.add(
            Run(
                model_id=model.id,
                status="failed",
                user="zhang.san",
                engine="duckdb",
                spec_version="1.0.0",
                spec_sha256=model.spec_sha256,
                parameters={},
                datasets={},
                run_date="2025-04-01",
                sql="SELECT 1",
                error="收押数据集不可读",
            )
        )
    d = model_ledgers(store)["ledgers"]["under_construction"]["models"][0]
    assert (d["model"], d["runs"], d["succeeded_runs"]) == (D, 1, 0)
    assert d["last_run_on"] is not None


def test_ledgers_of_an_office_list_the_models_its_subtree_authored_or_adopted(
    store: Store, scenario: Scenario
) -> None:
    assert members(store, CITY) == {
        "under_construction": [],
        "built": [C],
        "mature_applied": [],
        "with_results": [B, A],
    }
    assert members(store, PINGAN) == {
        "under_construction": [],
        "built": [],
        "mature_applied": [],
        "with_results": [B],
    }
    # B's leads are counted wherever they were routed (one of them to 乐都, one to no office).
    b = model_ledgers(store, StatsFilter(org=PINGAN))["ledgers"]["with_results"]["models"][0]
    assert (b["leads"], b["confirmed"], b["cases"], b["actions"]) == (3, 1, 1, 1)
    assert sum(len(v) for v in members(store, PROVINCE).values()) == 4


def test_stage_rule_order() -> None:
    assert stage("draft", Figures(leads=3, cases=1, recovered=Decimal(1)), 5) == (
        "under_construction"
    )
    assert stage("submitted", Figures(), 0) == "under_construction"
    assert stage("published", Figures(), 0) == "built"
    assert stage("published", Figures(leads=3, verified=2, confirmed=2), 1) == "built"  # 1 office
    assert stage("published", Figures(leads=3, verified=2, confirmed=0), 2) == "built"
    assert stage("published", Figures(leads=3, verified=4, confirmed=1), 2) == "built"  # 25 %
    assert stage("published", Figures(leads=3, verified=2, confirmed=1), 2) == "mature_applied"
    money = Figures(leads=1, verified=1, confirmed=1, cases=1, recovered=Decimal("0.01"))
    assert stage("published", money, 1) == "with_results"  # money recovered, whatever else
    acted = Figures(leads=1, verified=1, confirmed=1, cases=1)
    acted.actions["suggestion"] = 1
    assert stage("published", acted, 1) == "with_results"
    no_case = Figures(leads=1, verified=1, confirmed=1, recovered=Decimal(5))
    assert stage("published", no_case, 1) == "built"  # money without a case is not 成效
