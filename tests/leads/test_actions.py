"""Actions, feedback, comments and attachments; the workflow moves with them."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from jiancha.clock import china_today
from jiancha.errors import JianchaError, NotFound
from jiancha.leads import Move, history, move_lead
from jiancha.leads.actions import (
    add_comment,
    attach,
    issue_action,
    lead_actions,
    record_feedback,
)
from jiancha.store import Store
from tests.leads.approvals import approve

ISSUED = china_today()  # a lead is found by today's run: its action is dated today


def _to_case(store: Store, lead: int) -> None:
    for step in (
        Move("assigned", assignee="zhang.san"),
        Move("verifying"),
        Move("confirmed", note="确未收押"),
    ):
        move_lead(store, lead, step, "zhang.san")
    approve(store, lead)  # a medium model's lead: a leader approves before the case is opened
    move_lead(store, lead, Move("case_opened"), "zhang.san")


def _issue(store: Store, lead: int, kind: str = "correction_notice") -> dict[str, object]:
    return issue_action(
        store,
        lead,
        kind=kind,
        document_no="上检纠〔2025〕3号",
        issued_on=ISSUED,
        receiver="杭州市上城区人民法院",
        content="依法送达执行通知书",
        user="zhang.san",
    )


def test_action_and_feedback_move_the_lead(store: Store, lead_id: int) -> None:
    with pytest.raises(JianchaError, match="尚未成案"):
        _issue(store, lead_id)
    _to_case(store, lead_id)
    action = _issue(store, lead_id)
    assert action["kind_label"] == "纠正违法通知书"
    second = _issue(store, lead_id, "suggestion")
    assert [e["to"] for e in history(store, lead_id)][-1] == "actions_issued"
    fed = record_feedback(
        store,
        int(str(action["id"])),
        received_on=ISSUED,
        outcome="rectified",
        content="已将罪犯收监",
        user="zhang.san",
        recovered_amount="1.5万元",
        persons_affected=1,
        rules_made=1,
    )
    assert fed["recovered_amount"] == "15000.00" and fed["outcome_label"] == "已整改"
    events = history(store, lead_id)
    assert [e["to"] for e in events][-2:] == ["actions_issued", "feedback_received"]
    assert events[-2]["note"] == "制发纠正违法通知书（上检纠〔2025〕3号）"
    records = lead_actions(store, lead_id)
    assert [a["id"] for a in records["actions"]] == [action["id"], second["id"]]
    assert [f["id"] for f in records["actions"][0]["feedback"]] == [fed["id"]]
    assert records["actions"][1]["feedback"] == []


def test_bad_actions_and_feedback_are_refused(store: Store, lead_id: int) -> None:
    _to_case(store, lead_id)
    with pytest.raises(JianchaError, match="没有“letter”这种监督措施"):
        _issue(store, lead_id, "letter")
    with pytest.raises(JianchaError, match="文书编号不能为空"):
        issue_action(
            store,
            lead_id,
            kind="suggestion",
            document_no=" ",
            issued_on=ISSUED,
            receiver="x",
            content="",
            user="u",
        )
    action = int(str(_issue(store, lead_id)["id"]))

    def feedback(**changes: object) -> None:
        fields: dict[str, object] = {
            "received_on": ISSUED,
            "outcome": "rectified",
            "content": "已整改",
            "user": "u",
        }
        record_feedback(store, action, **{**fields, **changes})  # type: ignore[arg-type]

    with pytest.raises(JianchaError, match="早于文书制发日期"):
        feedback(received_on=ISSUED - dt.timedelta(days=1))
    with pytest.raises(JianchaError, match="没有“done”这种整改结果"):
        feedback(outcome="done")
    with pytest.raises(JianchaError, match="不能为负数"):
        feedback(recovered_amount="-1")
    with pytest.raises(JianchaError, match="“很多”不是可识别的金额"):
        feedback(recovered_amount="很多")
    with pytest.raises(NotFound):
        record_feedback(
            store, 999999, received_on=ISSUED, outcome="rectified", content="x", user="u"
        )
    assert lead_actions(store, lead_id)["actions"][0]["feedback"] == []


def test_comments_and_attachments(store: Store, lead_id: int, tmp_path: Path) -> None:
    add_comment(store, lead_id, "请调取收押台账核实", "li.si")
    with pytest.raises(JianchaError, match="评论不能为空"):
        add_comment(store, lead_id, "  ", "li.si")
    scan = tmp_path / "收押台账.pdf"
    scan.write_bytes(b"%PDF-1.4 fake scan" * 100)
    attached = attach(store, lead_id, scan, "li.si")
    assert attached["sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    stored = store.workspace.resolve(f"attachments/{attached['sha256'][:2]}/{attached['sha256']}")
    assert stored.read_bytes() == scan.read_bytes()
    with pytest.raises(JianchaError, match="附件不存在"):
        attach(store, lead_id, tmp_path / "missing.pdf", "li.si")
    with pytest.raises(NotFound):
        attach(store, 999999, scan, "li.si")
    assert list(store.workspace.staging_dir.iterdir()) == []
    records = lead_actions(store, lead_id)
    assert [c["text"] for c in records["comments"]] == ["请调取收押台账核实"]
    assert [f["filename"] for f in records["attachments"]] == ["收押台账.pdf"]
