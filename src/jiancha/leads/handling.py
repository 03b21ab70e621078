"""Moving a lead through its workflow, and reading its history (the stored side of workflow.py).

Each move is checked against the state machine, then applied and recorded in one transaction:
the lead's status (and assignee) change and a ``LeadEvent`` row says who moved it, when, from
which state to which, and why. The lead row is locked while it moves, so two people acting on
the same lead at once cannot both succeed from the same state. A lead waiting for another office
to accept its referral does not move; a lead is assigned only to a known user of its own office
(or to a name no account has yet); the lead tallies follow each move.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.governance import audit
from jiancha.leads import tally
from jiancha.leads.workflow import REJECTION_REASONS, STATES, Move, check
from jiancha.store import Lead, LeadEvent, LeadReferral, Store, User


def locked(session: Session, lead_id: int) -> Lead:
    """The lead, locked until the transaction ends (PostgreSQL; SQLite writes one at a time)."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id).with_for_update())
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return lead


def move_lead(store: Store, lead_id: int, move: Move, user: str) -> dict[str, Any]:
    """Apply ``move`` to lead ``lead_id`` as ``user``; the event recorded."""
    with store.session() as session:
        return apply(session, locked(session, lead_id), move, user)


def pending_referral(session: Session, lead_id: int) -> LeadReferral | None:
    query = select(LeadReferral).where(
        LeadReferral.lead_id == lead_id, LeadReferral.status == "pending"
    )
    return session.scalar(query)


def check_assignee(session: Session, lead: Lead, username: str) -> None:
    """A known user must be active and belong to the lead's office (when both are known)."""
    person = session.scalar(select(User).where(User.username == username))
    if person is None:
        return
    if not person.active:
        raise JianchaError(f"承办人“{username}”的账号已停用")
    if lead.org_id is not None and person.org_id is not None and person.org_id != lead.org_id:
        raise JianchaError(f"承办人“{username}”不属于该线索所在检察院")


def apply(session: Session, lead: Lead, move: Move, user: str) -> dict[str, Any]:
    """Check and apply one move inside the caller's transaction."""
    check(lead.status, move)
    if pending_referral(session, lead.id) is not None:
        raise JianchaError(f"线索 {lead.id} 正在移送中，待接收单位处理后才能继续办理")
    assignee = move.assignee.strip() if move.target == "assigned" and move.assignee else None
    if assignee is not None:
        check_assignee(session, lead, assignee)
    before = tally.key_of(lead)
    event = LeadEvent(
        lead_id=lead.id,
        from_status=lead.status,
        to_status=move.target,
        user=user,
        reason=move.reason if move.target == "rejected" else None,
        assignee=assignee,
        note=move.note.strip(),
    )
    lead.status = move.target
    if assignee is not None:
        lead.assignee = assignee
    tally.moved(session, before, lead)
    session.add(event)
    session.flush()
    audit.record(session, **_audited(event))
    return _event(event)


def _audited(e: LeadEvent) -> dict[str, Any]:
    """The audit entry of a move (an assignment is its own action)."""
    detail = {"from": e.from_status, "to": e.to_status, "assignee": e.assignee, "reason": e.reason}
    action = "assign" if e.to_status == "assigned" else "lead_move"
    return {
        "actor": e.user,
        "action": action,
        "object_type": "lead",
        "object_id": e.lead_id,
        "detail": detail,
    }


def history(store: Store, lead_id: int) -> list[dict[str, Any]]:
    with store.session() as session:
        if session.get(Lead, lead_id) is None:
            raise NotFound(f"没有编号为 {lead_id} 的线索")
        events = session.scalars(
            select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.id)
        )
        return [_event(e) for e in events]


def _event(e: LeadEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "lead_id": e.lead_id,
        "from": e.from_status,
        "to": e.to_status,
        "to_label": STATES[e.to_status],
        "user": e.user,
        "at": e.at.isoformat(),
        "reason": e.reason,
        "reason_label": None if e.reason is None else REJECTION_REASONS[e.reason],
        "assignee": e.assignee,
        "note": e.note,
    }
