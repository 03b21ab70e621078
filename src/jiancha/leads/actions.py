"""Supervision actions, feedback, comments and attachments on a lead.

Issuing the first action on a lead whose case is opened moves it to 已制发监督文书, and the first
feedback moves it to 已收到整改反馈 — through the same state machine and event log as every
other step, in the same transaction as the record itself, which holds the lead as a move does
(``handling``); the record's audit entry notes the move (``moved``), which writes none of its
own. The same document (kind and number) issued twice on a lead, or the same feedback
recorded twice on a document, is a conflict (HTTP 409): N identical requests record it once.
An action cannot be dated before the day the lead was found, nor feedback after today (both in
China time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jiancha import clock, identifiers
from jiancha.clock import china_day
from jiancha.errors import JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.roles import HasRole
from jiancha.identifiers.base import Invalid
from jiancha.leads import action_tally
from jiancha.leads.handling import apply, locked
from jiancha.leads.workflow import Move, conflict, superseded
from jiancha.store import Feedback, LeadAttachment, LeadComment, Store, SupervisionAction

ACTION_KINDS: dict[str, str] = {
    "suggestion": "检察建议",
    "correction_notice": "纠正违法通知书",
    "supervise_filing": "监督立案",
    "supervise_withdrawal": "监督撤案",
    "public_interest_case": "公益诉讼立案",
    "protest": "抗诉",
    "referral": "线索移送",
}
OUTCOMES: dict[str, str] = {
    "rectified": "已整改",
    "partially": "部分整改",
    "in_progress": "正在整改",
    "refused": "未采纳",
}
ISSUABLE = ("case_opened", "actions_issued", "feedback_received")
MONEY = identifiers.get("money")


def _required(value: str, what: str) -> str:
    if not value.strip():
        raise JianchaError(f"{what}不能为空")
    return value.strip()


def issue_action(
    store: Store,
    lead_id: int,
    *,
    kind: str,
    document_no: str,
    issued_on: dt.date,
    receiver: str,
    content: str,
    user: str,
    actor: HasRole | None = None,
) -> dict[str, Any]:
    """Record a supervision action on lead ``lead_id``; ``actor`` as in ``move_lead``."""
    if kind not in ACTION_KINDS:
        known = "、".join(f"{k}（{v}）" for k, v in ACTION_KINDS.items())
        raise JianchaError(f"没有“{kind}”这种监督措施", hint=known)
    number = _required(document_no, "文书编号")
    with store.session(immediate=True) as session:
        lead = locked(session, lead_id)
        if lead.status not in ISSUABLE:
            if superseded(lead.status, "actions_issued"):
                raise conflict(lead.status, "不能再制发监督文书")
            raise JianchaError(
                f"线索 {lead_id} 尚未成案，不能制发监督文书", hint="请先核查属实并成案"
            )
        found = china_day(lead.first_seen_at)
        if issued_on < found:
            raise JianchaError(
                f"制发日期 {issued_on} 早于发现该线索的日期 {found}（北京时间）",
                hint="监督文书只能在发现线索之后制发，请核对制发日期",
            )
        twin = session.scalar(
            select(SupervisionAction.id).where(
                SupervisionAction.lead_id == lead_id,
                SupervisionAction.kind == kind,
                SupervisionAction.document_no == number,
            )
        )
        if twin is not None:
            raise conflict(lead.status, f"已登记编号为“{number}”的{ACTION_KINDS[kind]}")
        action = SupervisionAction(
            lead_id=lead_id,
            model_id=lead.model_id,
            org_id=lead.org_id,
            lead_seen_at=lead.first_seen_at,
            kind=kind,
            document_no=number,
            issued_on=issued_on,
            receiver=_required(receiver, "接收单位"),
            content=content.strip(),
            created_by=user,
        )
        first_before = session.scalar(
            select(func.min(SupervisionAction.issued_on)).where(
                SupervisionAction.lead_id == lead_id
            )
        )
        session.add(action)
        action_tally.on_action(session, action, first_before)
        moved = None
        if lead.status == "case_opened":
            note = f"制发{ACTION_KINDS[kind]}（{action.document_no}）"
            move = Move("actions_issued", note=note)
            moved = apply(session, lead, move, user, actor, audited=False)
        session.flush()
        entry = _audited(user, "supervision_action", lead_id, action.id, kind, moved)
        audit.record(session, **entry)
        return _action(action, [])


def _audited(
    user: str, action: str, lead_id: int, record: int, kind: str, moved: dict[str, Any] | None
) -> dict[str, Any]:
    """The audit entry of a supervision document or of feedback on one (its id and kind), and
    of the move of the lead it made (``moved``: the event, from ``apply``) — one entry for both.
    """
    detail: dict[str, Any] = {"id": record, "kind": kind}
    if moved is not None:
        detail["moved"] = {"from": moved["from"], "to": moved["to"], "event": moved["id"]}
    return {
        "actor": user,
        "action": action,
        "object_type": "lead",
        "object_id": lead_id,
        "detail": detail,
    }


def _amount(value: str | Decimal | int) -> Decimal:
    """Money as offices write it (``2万``, ``人民币五千元``, ``12,345.50``): the money type."""
    try:
        cleaned = MONEY.clean(value.strip()) if isinstance(value, str) else value
        amount = Decimal(str(cleaned)).quantize(Decimal("0.01"))
    except (Invalid, InvalidOperation):
        raise JianchaError(f"挽回经济损失金额“{value}”不是可识别的金额") from None
    if amount < 0:
        raise JianchaError(f"挽回经济损失金额不能为负数（{value}）")
    return amount


def record_feedback(
    store: Store,
    action_id: int,
    *,
    received_on: dt.date,
    outcome: str,
    content: str,
    user: str,
    recovered_amount: str | Decimal | int = 0,
    persons_affected: int = 0,
    rules_made: int = 0,
    actor: HasRole | None = None,
) -> dict[str, Any]:
    """Record feedback on action ``action_id``; ``actor`` as in ``move_lead``."""
    if outcome not in OUTCOMES:
        known = "、".join(f"{k}（{v}）" for k, v in OUTCOMES.items())
        raise JianchaError(f"没有“{outcome}”这种整改结果", hint=known)
    if persons_affected < 0 or rules_made < 0:
        raise JianchaError("涉及人数和建章立制数不能为负数")
    amount = _amount(recovered_amount)
    text = _required(content, "反馈内容")
    today = clock.china_today()
    if received_on > today:
        raise JianchaError(
            f"反馈日期 {received_on} 晚于今天（{today}，北京时间）",
            hint="只能登记已经收到的整改反馈，请核对反馈日期",
        )
    with store.session(immediate=True) as session:
        action = session.get(SupervisionAction, action_id)
        if action is None:
            raise NotFound(f"没有编号为 {action_id} 的监督文书")
        if received_on < action.issued_on:
            raise JianchaError(f"反馈日期 {received_on} 早于文书制发日期 {action.issued_on}")
        lead = locked(session, action.lead_id)
        twin = session.scalar(
            select(Feedback.id).where(
                Feedback.action_id == action_id,
                Feedback.received_on == received_on,
                Feedback.outcome == outcome,
                Feedback.content == text,
                Feedback.recovered_amount == amount,
                Feedback.persons_affected == persons_affected,
                Feedback.rules_made == rules_made,
            )
        )
        if twin is not None:
            raise conflict(lead.status, f"文书 {action_id} 已登记过同样的整改反馈")
        feedback = Feedback(
            action_id=action_id,
            received_on=received_on,
            outcome=outcome,
            content=text,
            recovered_amount=amount,
            persons_affected=persons_affected,
            rules_made=rules_made,
            created_by=user,
        )
        adopted_before = session.scalar(
            select(func.count(Feedback.id)).where(
                Feedback.action_id == action_id, Feedback.outcome.in_(action_tally.ADOPTING)
            )
        )
        fed_before = session.scalar(
            select(func.count(Feedback.id))
            .join(SupervisionAction, Feedback.action_id == SupervisionAction.id)
            .where(SupervisionAction.lead_id == action.lead_id)
        )
        session.add(feedback)
        action_tally.on_feedback(
            session,
            action,
            feedback,
            action_adopted_before=bool(adopted_before),
            lead_fed_before=bool(fed_before),
        )
        moved = None
        if lead.status == "actions_issued":
            move = Move("feedback_received", note=OUTCOMES[outcome])
            moved = apply(session, lead, move, user, actor, audited=False)
        session.flush()
        entry = _audited(user, "feedback", action.lead_id, feedback.id, outcome, moved)
        audit.record(session, **entry)
        return _feedback(feedback)


COMMENT_LIMIT = 10_000
"""Most characters a comment on a lead may have (the API and the command line alike)."""


def add_comment(store: Store, lead_id: int, text: str, user: str) -> dict[str, Any]:
    if len(text.strip()) > COMMENT_LIMIT:
        raise JianchaError(
            f"评论太长：{len(text.strip()):,} 个字符，最多 {COMMENT_LIMIT:,} 个",
            hint="较长的材料请作为附件上传",
        )
    with store.session() as session:
        locked(session, lead_id)
        comment = LeadComment(lead_id=lead_id, user=user, text=_required(text, "评论"))
        session.add(comment)
        session.flush()
        return {"id": comment.id, "user": user, "at": comment.at.isoformat(), "text": comment.text}


def attach(
    store: Store, lead_id: int, source: Path, user: str, *, filename: str | None = None
) -> dict[str, Any]:
    """Copy ``source`` into the workspace (by content hash) and record it on the lead.

    ``filename`` is the name shown for it (default: ``source``'s own name), e.g. the name an
    upload came with when ``source`` is a temporary file.
    """
    if not source.is_file():
        raise JianchaError(f"附件不存在：{source}")
    staging = store.workspace.staging_dir / f"{uuid.uuid4().hex}.attachment"
    digest = hashlib.sha256()
    with source.open("rb") as reader, staging.open("wb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            digest.update(block)
            writer.write(block)
    sha = digest.hexdigest()
    relative = f"attachments/{sha[:2]}/{sha}"
    target = store.workspace.resolve(relative)
    try:
        with store.session() as session:
            locked(session, lead_id)
            record = LeadAttachment(
                lead_id=lead_id,
                user=user,
                filename=(filename or source.name)[:255],
                size=staging.stat().st_size,
                sha256=sha,
                storage_path=relative,
            )
            session.add(record)
            session.flush()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, target)
            return {
                "id": record.id,
                "filename": record.filename,
                "size": record.size,
                "sha256": sha,
            }
    finally:
        staging.unlink(missing_ok=True)


def attachment_file(store: Store, lead_id: int, attachment_id: int) -> tuple[Path, str]:
    """Where attachment ``attachment_id`` of lead ``lead_id`` is stored, and its name."""
    with store.session() as session:
        record = session.get(LeadAttachment, attachment_id)
        if record is None or record.lead_id != lead_id:
            raise NotFound(f"线索 {lead_id} 没有编号为 {attachment_id} 的附件")
        path = store.workspace.resolve(record.storage_path)
        if not path.is_file():
            raise NotFound(
                f"附件 {attachment_id}（{record.filename}）的文件不在工作区中",
                hint=f"应在 {record.storage_path}，请检查工作区是否完整",
            )
        return path, record.filename


def lead_actions(store: Store, lead_id: int) -> dict[str, Any]:
    """Everything recorded on a lead besides its workflow events."""
    with store.session() as session:
        locked(session, lead_id)
        actions = session.scalars(
            select(SupervisionAction)
            .where(SupervisionAction.lead_id == lead_id)
            .order_by(SupervisionAction.id)
        ).all()
        feedback = session.scalars(
            select(Feedback)
            .where(Feedback.action_id.in_([a.id for a in actions]))
            .order_by(Feedback.id)
        ).all()
        comments = session.scalars(
            select(LeadComment).where(LeadComment.lead_id == lead_id).order_by(LeadComment.id)
        ).all()
        files = session.scalars(
            select(LeadAttachment)
            .where(LeadAttachment.lead_id == lead_id)
            .order_by(LeadAttachment.id)
        ).all()
        return {
            "actions": [_action(a, [f for f in feedback if f.action_id == a.id]) for a in actions],
            "comments": [
                {"id": c.id, "user": c.user, "at": c.at.isoformat(), "text": c.text}
                for c in comments
            ],
            "attachments": [
                {"id": f.id, "filename": f.filename, "size": f.size, "sha256": f.sha256}
                for f in files
            ],
        }


def _action(a: SupervisionAction, feedback: list[Feedback]) -> dict[str, Any]:
    return {
        "id": a.id,
        "lead_id": a.lead_id,
        "kind": a.kind,
        "kind_label": ACTION_KINDS[a.kind],
        "document_no": a.document_no,
        "issued_on": a.issued_on.isoformat(),
        "receiver": a.receiver,
        "content": a.content,
        "created_by": a.created_by,
        "feedback": [_feedback(f) for f in feedback],
    }


def _feedback(f: Feedback) -> dict[str, Any]:
    return {
        "id": f.id,
        "action_id": f.action_id,
        "received_on": f.received_on.isoformat(),
        "outcome": f.outcome,
        "outcome_label": OUTCOMES[f.outcome],
        "content": f.content,
        "recovered_amount": format(f.recovered_amount, "f"),
        "persons_affected": f.persons_affected,
        "rules_made": f.rules_made,
    }
