"""Leads routed to offices by jurisdiction; bulk assignment all or none; referral and acceptance."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from jiancha.errors import JianchaError
from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.leads import LeadFilter, Move, history, move_lead, search_leads
from jiancha.leads.routing import assign_many, decide, refer, referrals
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


def offices(store: Store) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, "630202", "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, "630203", "海东市平安区人民检察院", "district", "630200")


@pytest.fixture
def routed(store: Store, tmp_path: Path) -> dict[str, int]:
    """The two leads of the example model: 张甲 (乐都) routed by alias, 孙己 (平安) unmatched."""
    offices(store)
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="海东市人民检察院")
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        found = search_leads(session, LeadFilter())[1]
    return {lead["subject_key"]: lead["id"] for lead in found}


def orgs_of(store: Store) -> dict[int, str | None]:
    with store.session() as session:
        return {lead["id"]: lead["org"] for lead in search_leads(session, LeadFilter())[1]}


def test_leads_routed_by_alias_else_to_the_installing_office(
    store: Store, routed: dict[str, int]
) -> None:
    placed = orgs_of(store)
    assert placed[routed[pid(1)]] == "海东市乐都区人民检察院"
    assert placed[routed[pid(6)]] == "海东市人民检察院"  # 平安县人民法院 has no alias
    with store.session() as session:
        in_city = search_leads(session, LeadFilter(org="630200"))[0]
        in_ledu = search_leads(session, LeadFilter(org="630202"))[0]
        in_pingan = search_leads(session, LeadFilter(org="630203"))[0]
    assert (in_city, in_ledu, in_pingan) == (2, 1, 0)


def test_a_rerun_keeps_a_leads_office(store: Store, routed: dict[str, int]) -> None:
    lead = routed[pid(6)]
    move_lead(store, lead, Move("assigned", assignee="a"), "x")
    refer(store, lead, "630203", "x", "属平安区管辖")
    decide(store, referrals(store)[0]["id"], "accept", "y")
    run_model(store, SLUG, run_date=AS_OF)
    assert orgs_of(store)[lead] == "海东市平安区人民检察院"


def test_bulk_assignment_is_all_or_none(store: Store, routed: dict[str, int]) -> None:
    a, b = routed[pid(1)], routed[pid(6)]
    move_lead(store, b, Move("assigned", assignee="zhang.san"), "x")
    move_lead(store, b, Move("verifying"), "zhang.san")
    move_lead(store, b, Move("rejected", reason="duplicate", note="重复"), "zhang.san")
    with pytest.raises(JianchaError, match="1 条线索不能分派，全部未分派") as refused:
        assign_many(store, [a, b], "li.si", "leader")
    assert f"线索 {b}" in (refused.value.hint or "")
    with store.session() as session:
        assert session.get(Lead, a).status == "new"  # type: ignore[union-attr]
    events = assign_many(store, [a, a], "li.si", "leader", "批量分派")
    assert [(e["lead_id"], e["assignee"], e["note"]) for e in events] == [(a, "li.si", "批量分派")]
    with pytest.raises(JianchaError, match="全部未分派") as missing:
        assign_many(store, [999_999], "li.si", "leader")
    assert "没有编号为 999999 的线索" in (missing.value.hint or "")


def test_assignee_must_belong_to_the_leads_office(store: Store, routed: dict[str, int]) -> None:
    create_user(store, "pingan.user", "password-1234", org="630203")
    create_user(store, "ledu.user", "password-1234", org="630202")
    with pytest.raises(JianchaError, match="不属于该线索所在检察院"):
        move_lead(store, routed[pid(1)], Move("assigned", assignee="pingan.user"), "x")
    move_lead(store, routed[pid(1)], Move("assigned", assignee="ledu.user"), "x")


def test_referral_moves_the_lead_only_on_acceptance(store: Store, routed: dict[str, int]) -> None:
    lead = routed[pid(6)]
    move_lead(store, lead, Move("assigned", assignee="zhang.san"), "city.clerk")
    sent = refer(store, lead, "海东市平安区人民检察院", "city.clerk", "审判法院在平安区")
    assert (sent["from_org"], sent["to_org"], sent["status"]) == (
        "海东市人民检察院",
        "海东市平安区人民检察院",
        "pending",
    )
    with pytest.raises(JianchaError, match="正在移送中"):
        move_lead(store, lead, Move("verifying"), "zhang.san")
    with pytest.raises(JianchaError, match="已在移送中"):
        refer(store, lead, "630202", "city.clerk", "再移")
    assert orgs_of(store)[lead] == "海东市人民检察院"
    create_user(store, "ledu.user", "password-1234", org="630202")
    with pytest.raises(JianchaError, match="只有接收单位的人员"):
        decide(store, sent["id"], "accept", "ledu.user")
    create_user(store, "pingan.user", "password-1234", org="630203")
    done = decide(store, sent["id"], "accept", "pingan.user", "同意接收")
    assert (done["status"], done["decided_by"]) == ("accepted", "pingan.user")
    assert orgs_of(store)[lead] == "海东市平安区人民检察院"
    with store.session() as session:
        moved = session.scalar(select(Lead).where(Lead.id == lead))
        assert moved is not None and (moved.status, moved.assignee) == ("new", None)
    last = history(store, lead)[-1]
    assert (last["from"], last["to"], last["user"]) == ("assigned", "new", "pingan.user")
    assert "移送至“海东市平安区人民检察院”并已接收" in last["note"]
    with pytest.raises(JianchaError, match="已处理过（已接收）"):
        decide(store, sent["id"], "decline", "pingan.user", "晚了")
    move_lead(store, lead, Move("assigned", assignee="pingan.user"), "pingan.user")


def test_declined_referral_leaves_the_lead_where_it_was(
    store: Store, routed: dict[str, int]
) -> None:
    lead = routed[pid(1)]
    sent = refer(store, lead, "630203", "x", "疑似平安区")
    with pytest.raises(JianchaError, match="退回移送须写明理由"):
        decide(store, sent["id"], "decline", "y")
    back = decide(store, sent["id"], "decline", "y", "审判法院在乐都")
    assert back["status_label"] == "已退回"
    assert orgs_of(store)[lead] == "海东市乐都区人民检察院"
    assert [r["status"] for r in referrals(store, org="630203", status="declined")] == ["declined"]
    assert referrals(store, status="pending") == []
    move_lead(store, lead, Move("assigned", assignee="a"), "x")  # workflow open again


@pytest.mark.parametrize(
    ("to", "note", "message"),
    [
        ("630203", "", "移送线索须写明理由"),
        ("639999", "理由", "没有代码或名称为“639999”的检察院"),
        ("630202", "理由", "已属于“海东市乐都区人民检察院”"),
    ],
)
def test_referral_refusals(
    store: Store, routed: dict[str, int], to: str, note: str, message: str
) -> None:
    with pytest.raises(JianchaError, match=message):
        refer(store, routed[pid(1)], to, "x", note)
    assert referrals(store) == []


def test_no_referral_after_verification(store: Store, routed: dict[str, int]) -> None:
    lead = routed[pid(1)]
    for step in (Move("assigned", assignee="a"), Move("verifying"), Move("confirmed", note="属实")):
        move_lead(store, lead, step, "a")
    with pytest.raises(JianchaError, match="不能再移送"):
        refer(store, lead, "630203", "a", "理由")
    with pytest.raises(JianchaError, match="没有“maybe”这种处理"):
        decide(store, 1, "maybe", "a")
