"""A small real scenario for the statistics: four offices, four models, seven leads.

Offices: 青海省院 (province) → 海东市院 (city) → 乐都区院, 平安区院 (districts).
Models over the hand-made county (tests/modelling/fixtures.py):

* A ``custodial-sentence-not-executed`` (criminal / criminal_execution, installed by 乐都):
  张甲 (乐都, found 2025-01-15 04:00 China time) confirmed, case opened, 纠正违法通知书 on
  01-25 (adopted: 已整改, 15,000 yuan, 1 person, 1 rule) and 检察建议 on 02-01;
  孙己 (平安, found 2025-02-01 04:00 China time — still January in UTC) rejected.
* B ``custodial-public-interest`` (public_interest / public_interest, installed by 平安),
  run with a grace of 5 days: 张甲 (乐都, 02-10) confirmed, case, 检察建议 on 02-25 refused
  (未采纳); 钱戊 (海东市 itself, 03-05) being verified; 孙己 (no office, 03-20) new.
* C ``custodial-ordinary`` (criminal / ordinary_crime, installed by 海东市): 张甲 (乐都,
  03-25) rejected; 孙己 (no office, 03-25) new.
* D ``custodial-civil`` (civil / civil, installed by the province): never run.

Each model is authored (冠名) by the office that installed it; A, B and C are published in the
marketplace, D is still 在建 (draft). The models are ``medium``: the leads are handled by
zhang.san, a leader without an office, whose opening a case is also its approval (审批).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.leads import Move, list_leads, move_lead, tally
from jiancha.leads.actions import issue_action, record_feedback
from jiancha.modelling import install, load_spec
from jiancha.runs import run_model
from jiancha.store import Lead, MarketModel, Org, Store, SupervisionModel
from jiancha.store.models import utcnow
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

A, B, C, D = (
    "custodial-sentence-not-executed",
    "custodial-public-interest",
    "custodial-ordinary",
    "custodial-civil",
)
PROVINCE, CITY, LEDU, PINGAN = "630000", "632100", "632102", "632103"
CST = dt.timezone(dt.timedelta(hours=8))


def _variant(slug: str, area: str, line: str) -> str:
    text = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
    return (
        text.replace(f"id: {A}", f"id: {slug}")
        .replace("name: 审前未羁押", f"name: （{slug}）审前未羁押")
        .replace("area: criminal", f"area: {area}")
        .replace("line: criminal_execution", f"line: {line}")
    )


@dataclass(frozen=True)
class Scenario:
    leads: dict[tuple[str, int], int]
    """(model slug, person sequence number) → lead id."""
    actions: dict[str, int]


def _orgs(store: Store) -> dict[str, int]:
    add_org(store, PROVINCE, "青海省人民检察院", "province")
    add_org(store, CITY, "海东市人民检察院", "city", parent=PROVINCE)
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", parent=CITY)
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", parent=CITY)
    with store.session() as session:
        return {o.code: o.id for o in session.query(Org)}


def _models(store: Store, orgs: dict[str, int]) -> None:
    specs = {
        A: (SPECS / "custodial.yaml").read_text(encoding="utf-8"),
        B: _variant(B, "public_interest", "public_interest"),
        C: _variant(C, "criminal", "ordinary_crime"),
        D: _variant(D, "civil", "civil"),
    }
    for slug, text in specs.items():
        install(store, load_spec(text, slug), BINDS)
    run_model(store, A, run_date=AS_OF)
    run_model(store, B, {"grace_days": 5}, run_date=AS_OF)
    run_model(store, C, run_date=AS_OF)
    homes = {A: LEDU, B: PINGAN, C: CITY, D: PROVINCE}
    with store.session() as session:
        for model in session.query(SupervisionModel):
            model.org_id = orgs[homes[model.slug]]
        for market in session.query(MarketModel):
            market.author_org_id = orgs[homes[market.slug]]
            if market.slug != D:
                market.state, market.published_at = "published", utcnow()


# (model, person) → (office code or None, first seen in China time)
PLACES: dict[tuple[str, int], tuple[str | None, dt.datetime]] = {
    (A, 1): (LEDU, dt.datetime(2025, 1, 15, 4, 0, tzinfo=CST)),
    (A, 6): (PINGAN, dt.datetime(2025, 2, 1, 4, 0, tzinfo=CST)),
    (B, 1): (LEDU, dt.datetime(2025, 2, 10, 10, 0, tzinfo=CST)),
    (B, 5): (CITY, dt.datetime(2025, 3, 5, 10, 0, tzinfo=CST)),
    (B, 6): (None, dt.datetime(2025, 3, 20, 10, 0, tzinfo=CST)),
    (C, 1): (LEDU, dt.datetime(2025, 3, 25, 10, 0, tzinfo=CST)),
    (C, 6): (None, dt.datetime(2025, 3, 25, 10, 0, tzinfo=CST)),
}
SEQ = {pid(n): n for n in (1, 5, 6)}


def _place(store: Store, orgs: dict[str, int]) -> dict[tuple[str, int], int]:
    with store.session() as session:
        ids = {(x["model"], SEQ[x["subject_key"]]): x["id"] for x in list_leads(session)}
        assert set(ids) == set(PLACES)
        for key, (code, seen) in PLACES.items():
            lead = session.get(Lead, ids[key])
            assert lead is not None
            lead.org_id = None if code is None else orgs[code]
            lead.first_seen_at = seen.astimezone(dt.UTC)
    # Placed by hand, as a data repair would be: recount the tallies as `leads retally --fix`.
    with store.session() as session:
        tally.rebuild(session)
    return ids


def _walk(store: Store, lead: int, *targets: str) -> None:
    notes = {"confirmed": "确未收押", "rejected": "已收监"}
    for target in targets:
        move = Move(
            target,
            note=notes.get(target, ""),
            reason="already_handled" if target == "rejected" else None,
            assignee="zhang.san" if target == "assigned" else None,
        )
        move_lead(store, lead, move, "zhang.san")


def _act(store: Store, lead: int, kind: str, day: dt.date) -> int:
    action = issue_action(
        store,
        lead,
        kind=kind,
        document_no=f"乐检〔2025〕{lead}{kind[:3]}号",
        issued_on=day,
        receiver="乐都县人民法院",
        content="依法交付执行",
        user="zhang.san",
    )
    return int(action["id"])


def build(store: Store, tmp: Path) -> Scenario:
    load_county(store, tmp)
    create_user(store, "zhang.san", "Zhang-san-2025!", "张三", role="leader", must_change=False)
    orgs = _orgs(store)
    _models(store, orgs)
    leads = _place(store, orgs)
    case = ("assigned", "verifying", "confirmed", "case_opened")
    reject = ("assigned", "verifying", "rejected")
    _walk(store, leads[A, 1], *case)
    _walk(store, leads[A, 6], *reject)
    _walk(store, leads[B, 1], *case)
    _walk(store, leads[B, 5], "assigned", "verifying")
    _walk(store, leads[C, 1], *reject)
    actions = {
        "a1_notice": _act(store, leads[A, 1], "correction_notice", dt.date(2025, 1, 25)),
        "a1_suggestion": _act(store, leads[A, 1], "suggestion", dt.date(2025, 2, 1)),
        "b1_suggestion": _act(store, leads[B, 1], "suggestion", dt.date(2025, 2, 25)),
    }
    record_feedback(
        store,
        actions["a1_notice"],
        received_on=dt.date(2025, 2, 20),
        outcome="rectified",
        content="已将罪犯收监执行",
        user="zhang.san",
        recovered_amount="1.5万元",
        persons_affected=1,
        rules_made=1,
    )
    record_feedback(
        store,
        actions["b1_suggestion"],
        received_on=dt.date(2025, 3, 10),
        outcome="refused",
        content="法院认为无需整改",
        user="zhang.san",
    )
    return Scenario(leads=leads, actions=actions)
