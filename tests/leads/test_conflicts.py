"""Conflicts, permissions per step and date rules of lead handling (SQLite and PostgreSQL).

A change computed from a stale read of a lead is refused by the compare-and-set on its version
and state; a request already carried out (same step, same assignment, same document, same
feedback, a referral already decided) is a ``Conflict`` naming the lead's current state, while a
step that would skip ahead stays a plain refusal; each step needs its own permission; actions
cannot predate the lead, nor feedback lie in the future (China time), on the command line too.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from jiancha.clock import CHINA, china_day
from jiancha.errors import Conflict, Forbidden, JianchaError
from jiancha.governance.orgs import add_org
from jiancha.leads import Move, history, move_lead
from jiancha.leads.actions import issue_action, record_feedback
from jiancha.leads.handling import apply
from jiancha.leads.routing import assign_many, decide, refer
from jiancha.leads.tally import verify
from jiancha.leads.workflow import check
from jiancha.store import Lead, Store
from tests.leads.approvals import approve

DOC = "乐检纠〔2026〕7号"


@dataclass(frozen=True)
class Account:
    role: str


def _today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def _to_case(store: Store, lead: int) -> None:
    for step in (
        Move("assigned", assignee="zhang.san"),
        Move("verifying"),
        Move("confirmed", note="确未收押"),
    ):
        move_lead(store, lead, step, "zhang.san")
    approve(store, lead)  # a medium model's lead: a leader approves before the case is opened
    move_lead(store, lead, Move("case_opened"), "zhang.san")


def _issue(store: Store, lead: int, day: dt.date) -> dict[str, object]:
    return issue_action(
        store,
        lead,
        kind="correction_notice",
        document_no=DOC,
        issued_on=day,
        receiver="乐都县人民法院",
        content="依法交付执行",
        user="zhang.san",
    )


def test_already_done_is_a_conflict_skipping_ahead_is_not() -> None:
    for current, move, assignee in (
        ("confirmed", Move("confirmed", note="属实"), None),
        ("rejected", Move("confirmed", note="属实"), None),
        ("case_opened", Move("verifying"), None),
        ("closed", Move("assigned", assignee="a"), None),
        ("assigned", Move("assigned", assignee="li.si"), "li.si"),
    ):
        with pytest.raises(Conflict, match=r"线索当前为.*该操作已由他人完成或不再适用"):
            check(current, move, assignee)
    for current, move in (("new", Move("verifying")), ("assigned", Move("closed", note="x"))):
        with pytest.raises(JianchaError) as refused:
            check(current, move)
        assert not isinstance(refused.value, Conflict)
    check("assigned", Move("assigned", assignee="li.si"), "zhang.san")  # re-assignment


def test_a_change_from_a_stale_read_is_refused(store: Store, lead_id: int) -> None:
    with store.session() as session:
        stale = session.get(Lead, lead_id)  # read without holding the lead
        assert stale is not None and stale.status == "new"
        move_lead(store, lead_id, Move("assigned", assignee="zhang.san"), "a")  # meanwhile
        with pytest.raises(Conflict, match=r"线索当前为已分派（assigned），线索已被他人同时改动"):
            apply(session, stale, Move("assigned", assignee="li.si"), "b")
    assert [(e["to"], e["assignee"]) for e in history(store, lead_id)] == [
        ("assigned", "zhang.san")
    ]
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None and (lead.version, lead.assignee) == (1, "zhang.san")
        assert verify(session) == []


def test_every_step_bumps_the_version(store: Store, lead_id: int) -> None:
    _to_case(store, lead_id)
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None and (lead.status, lead.version) == ("case_opened", 4)


def test_steps_need_their_own_permission(store: Store, lead_id: int) -> None:
    prosecutor, leader = Account("prosecutor"), Account("leader")
    with pytest.raises(Forbidden, match="无权分派线索（当前角色：检察官）"):
        move_lead(store, lead_id, Move("assigned", assignee="a"), "p", prosecutor)
    with pytest.raises(Forbidden, match="无权分派线索"):
        assign_many(store, [lead_id], "a", "p", actor=prosecutor)
    move_lead(store, lead_id, Move("assigned", assignee="a"), "l", leader)
    move_lead(store, lead_id, Move("verifying"), "p", prosecutor)
    with pytest.raises(Forbidden, match="无权分派线索"):
        move_lead(store, lead_id, Move("assigned", assignee="b"), "p", prosecutor)
    with pytest.raises(Forbidden, match="无权办理线索"):
        move_lead(store, lead_id, Move("confirmed", note="x"), "m", Account("modeller"))
    assert [e["user"] for e in history(store, lead_id)] == ["l", "p"]


def test_duplicates_are_conflicts_and_bulk_refusals_say_which(store: Store, lead_id: int) -> None:
    assign_many(store, [lead_id], "zhang.san", "a")
    with pytest.raises(Conflict, match=r"已分派给“zhang\.san”"):
        assign_many(store, [lead_id], "zhang.san", "a")
    with pytest.raises(JianchaError) as mixed:
        assign_many(store, [lead_id, 999999], "zhang.san", "a")
    assert not isinstance(mixed.value, Conflict)  # a missing lead is no conflict
    assert mixed.value.message == "2 条线索不能分派，全部未分派"
    move_lead(store, lead_id, Move("verifying"), "a")
    move_lead(store, lead_id, Move("confirmed", note="属实"), "a")
    approve(store, lead_id)
    move_lead(store, lead_id, Move("case_opened"), "a")
    today = _today()
    action = _issue(store, lead_id, today)
    with pytest.raises(Conflict, match=f"已登记编号为“{DOC}”的纠正违法通知书"):
        _issue(store, lead_id, today)
    action_id = int(str(action["id"]))

    def feed(outcome: str, content: str) -> None:
        record_feedback(
            store, action_id, received_on=today, outcome=outcome, content=content, user="a"
        )

    feed("in_progress", "正在整改")
    with pytest.raises(Conflict, match="已登记过同样的整改反馈"):
        feed("in_progress", "正在整改")
    feed("rectified", "已整改")  # later feedback on the same document is no duplicate
    move_lead(store, lead_id, Move("closed", note="已办结"), "a")
    with pytest.raises(Conflict, match=r"线索当前为已办结（closed），不能再制发监督文书"):
        _issue(store, lead_id, today)


def test_referral_twice_and_decided_twice_are_conflicts(store: Store, lead_id: int) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    referral = refer(store, lead_id, "630200", "a", "管辖")
    with pytest.raises(Conflict, match="已在移送中"):
        refer(store, lead_id, "630200", "a", "管辖")
    with pytest.raises(Forbidden, match="无权接收或退回移送的线索"):
        decide(store, referral["id"], "accept", "p", actor=Account("prosecutor"))
    decide(store, referral["id"], "accept", "l", actor=Account("leader"))
    for decision, note in (("accept", ""), ("decline", "不属本院管辖")):
        with pytest.raises(Conflict, match=r"移送 \d+ 已处理过（已接收）：该操作") as twice:
            decide(store, referral["id"], decision, "l", note)
        assert "线索当前为新线索（new）" in twice.value.message
    with store.session() as session:
        assert verify(session) == []


def test_action_and_feedback_dates(store: Store, lead_id: int) -> None:
    _to_case(store, lead_id)
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        found = china_day(lead.first_seen_at)
    early = found - dt.timedelta(days=1)
    with pytest.raises(JianchaError, match=f"制发日期 {early} 早于发现该线索的日期 {found}"):
        _issue(store, lead_id, early)
    action = int(str(_issue(store, lead_id, found)["id"]))
    tomorrow = _today() + dt.timedelta(days=1)
    with pytest.raises(JianchaError, match=f"反馈日期 {tomorrow} 晚于今天（{_today()}"):
        record_feedback(
            store, action, received_on=tomorrow, outcome="rectified", content="x", user="a"
        )
    record_feedback(
        store, action, received_on=_today(), outcome="rectified", content="已收监", user="a"
    )
    with store.session() as session:
        status = session.scalar(select(Lead.status).where(Lead.id == lead_id))
    assert status == "feedback_received"


def test_date_refusals_on_the_command_line(store: Store, lead_id: int) -> None:
    _to_case(store, lead_id)
    home = str(store.workspace.home)
    early = "2000-01-01"
    refused = subprocess.run(
        [
            *(sys.executable, "-m", "jiancha", "--home", home, "leads", "act", str(lead_id)),
            *("--kind", "suggestion", "--doc-no", DOC, "--date", early, "--receiver", "法院"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2, refused.stderr
    said = json.loads(refused.stdout)
    assert said["error"].startswith(f"制发日期 {early} 早于发现该线索的日期")
