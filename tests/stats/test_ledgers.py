"""The four ledgers: every model in exactly one, by the documented rule; office scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from jiancha.clock import CHINA
from jiancha.stats import StatsFilter, model_ledgers
from jiancha.stats.figures import Figures
from jiancha.stats.ledgers import stage
from jiancha.store import Run, Store, SupervisionModel
from tests.stats.scenario import CITY, LEDU, PINGAN, PROVINCE, A, B, C, D, Scenario


def members(store: Store, org: str | None = None) -> dict[str, list[str]]:
    found = model_ledgers(store, StatsFilter(org=org))["ledgers"]
    return {name: [m["model"] for m in ledger["models"]] for name, ledger in found.items()}


def test_each_model_in_its_ledger(store: Store, scenario: Scenario) -> None:
    assert members(store) == {
        "under_construction": [D],
        "built": [C],  # its only verified lead was rejected
        "mature_applied": [B],  # confirmed, but its feedback refused and nothing recovered
        "with_results": [A],
    }
    found = model_ledgers(store)
    assert found["counts"] == {
        "under_construction": 1,
        "built": 1,
        "mature_applied": 1,
        "with_results": 1,
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
    assert ledgers["with_results"]["models"] == [
        {
            "model": A,
            "name": "审前未羁押判处实刑罪犯未交付执行监督模型",
            "area": "criminal",
            "area_label": "刑事检察",
            "line": "criminal_execution",
            "line_label": "刑事执行检察",
            "org": LEDU,
            "org_name": "海东市乐都区人民检察院",
            "stage": "with_results",
            "stage_label": "成效",
            "runs": 1,
            "succeeded_runs": 1,
            "last_run_on": started.astimezone(CHINA).date().isoformat(),
            "leads": 2,
            "verified": 2,
            "confirmed": 1,
            "cases": 1,
            "actions": 2,
            "adopted": 1,
            "recovered_amount": "15000.00",
        }
    ]
    d = ledgers["under_construction"]["models"][0]
    assert (d["org"], d["runs"], d["last_run_on"], d["leads"]) == (PROVINCE, 0, None, 0)
    c = ledgers["built"]["models"][0]
    assert (c["org"], c["leads"], c["verified"], c["confirmed"]) == (CITY, 2, 1, 0)


def test_a_failed_run_leaves_a_model_under_construction(store: Store, scenario: Scenario) -> None:
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


def test_ledgers_of_an_office_list_the_models_its_subtree_installed(
    store: Store, scenario: Scenario
) -> None:
    assert members(store, CITY) == {
        "under_construction": [],
        "built": [C],
        "mature_applied": [B],
        "with_results": [A],
    }
    assert members(store, PINGAN) == {
        "under_construction": [],
        "built": [],
        "mature_applied": [B],
        "with_results": [],
    }
    # B's leads are counted wherever they were routed (one of them to 乐都, one to no office).
    b = model_ledgers(store, StatsFilter(org=PINGAN))["ledgers"]["mature_applied"]["models"][0]
    assert (b["leads"], b["confirmed"], b["cases"], b["actions"]) == (3, 1, 1, 1)
    assert sum(len(v) for v in members(store, PROVINCE).values()) == 4


def test_stage_rule_order() -> None:
    assert stage(Figures(), 0) == "under_construction"
    assert stage(Figures(leads=3), 1) == "built"
    assert stage(Figures(leads=3, verified=2), 1) == "built"  # all rejected
    assert stage(Figures(leads=3, verified=2, confirmed=1), 1) == "mature_applied"
    money = Figures(leads=1, verified=1, confirmed=1, recovered=Decimal("0.01"))
    assert stage(money, 1) == "with_results"  # money recovered, whatever the outcome
    adopted = Figures(leads=1, verified=1, confirmed=1)
    adopted.adopted["suggestion"] = 1
    assert stage(adopted, 1) == "with_results"
