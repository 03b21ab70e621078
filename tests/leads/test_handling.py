"""Moving stored leads: status, assignee and an event per step; refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jiancha.errors import JianchaError, NotFound
from jiancha.leads import Move, history, list_leads, move_lead
from jiancha.runs import run_model
from jiancha.store import LeadEvent, Store
from tests.leads.approvals import approve
from tests.modelling.fixtures import AS_OF

SLUG = "custodial-sentence-not-executed"


def _lead(store: Store, lead_id: int) -> dict[str, object]:
    with store.session() as session:
        return list_leads(session, lead_id=lead_id)[0]


def test_a_lead_carried_through_to_closed(store: Store, lead_id: int) -> None:
    steps = [
        Move("assigned", assignee="zhang.san"),
        Move("assigned", assignee="li.si", note="改派"),
        Move("verifying"),
        Move("confirmed", note="确未收押，法院未送达执行通知书"),
        "approval",  # a medium model's lead: a leader approves before the case is opened
        Move("case_opened"),
        Move("actions_issued", note="制发纠正违法通知书"),
        Move("feedback_received", note="法院回复已送达"),
        Move("closed", note="罪犯已收监"),
    ]
    for step in steps:
        if isinstance(step, Move):
            move_lead(store, lead_id, step, "wang.wu")
        else:
            approve(store, lead_id)
    lead = _lead(store, lead_id)
    assert lead["status"] == "closed" and lead["assignee"] == "li.si"
    entries = history(store, lead_id)
    assert [(e["kind"], e["user"], e["note"]) for e in entries[4:6]] == [
        ("signoff", "ling.dao", "同意成案"),
        ("move", "wang.wu", ""),
    ]
    events = [e for e in entries if e["kind"] == "move"]
    assert [(e["from"], e["to"]) for e in events] == [
        ("new", "assigned"),
        ("assigned", "assigned"),
        ("assigned", "verifying"),
        ("verifying", "confirmed"),
        ("confirmed", "case_opened"),
        ("case_opened", "actions_issued"),
        ("actions_issued", "feedback_received"),
        ("feedback_received", "closed"),
    ]
    assert {e["user"] for e in events} == {"wang.wu"}
    assert events[1]["assignee"] == "li.si" and events[1]["note"] == "改派"
    assert events[-1]["to_label"] == "已办结"


def test_rejection_is_recorded_with_its_reason(store: Store, lead_id: int) -> None:
    move_lead(store, lead_id, Move("assigned", assignee="zhang.san"), "a")
    move_lead(store, lead_id, Move("verifying"), "zhang.san")
    move_lead(store, lead_id, Move("rejected", reason="data_error", note="收押表漏录"), "zhang.san")
    last = history(store, lead_id)[-1]
    assert (last["reason"], last["reason_label"], last["note"]) == (
        "data_error",
        "数据错误",
        "收押表漏录",
    )
    with pytest.raises(JianchaError, match="核查不属实（rejected），不能转为"):
        move_lead(store, lead_id, Move("confirmed", note="x"), "zhang.san")


def test_refused_move_changes_nothing(store: Store, lead_id: int) -> None:
    with pytest.raises(JianchaError, match="新线索（new），不能转为核查属实"):
        move_lead(store, lead_id, Move("confirmed", note="跳过核查"), "a")
    assert _lead(store, lead_id)["status"] == "new"
    with store.session() as session:
        assert session.scalar(select(func.count(LeadEvent.id))) == 0
    with pytest.raises(NotFound, match="没有编号为 999999 的线索"):
        move_lead(store, 999999, Move("assigned", assignee="x"), "a")
    with pytest.raises(NotFound):
        history(store, 999999)


def test_rerun_keeps_the_workflow_state(store: Store, lead_id: int) -> None:
    move_lead(store, lead_id, Move("assigned", assignee="zhang.san"), "a")
    again = run_model(store, SLUG, run_date=AS_OF)
    assert again["new"] == 0
    lead = _lead(store, lead_id)
    assert (lead["status"], lead["assignee"]) == ("assigned", "zhang.san")
