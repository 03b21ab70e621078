"""Moving a lead through its workflow, and reading its history (the stored side of workflow.py).

Each move is checked against the state machine (and, for a signed-in person, against the
permission the step needs), then applied and recorded in one transaction: the lead's status (and
assignee) change and a ``LeadEvent`` row says who moved it, when, from which state to which, and
why. Two people acting on the same lead at once cannot both succeed from the same state, on
either store: the transaction takes the lead first — ``SELECT … FOR UPDATE`` on PostgreSQL, the
database's write lock (``BEGIN IMMEDIATE``, ``Store.session(immediate=True)``) on SQLite — so the
second one reads the state the first left, and the change itself is a compare-and-set on the
lead's ``version`` and state (``change``), which refuses a change made from a stale read even
where no lock was taken. A lead waiting for another office to accept its referral does not move;
a lead is assigned only to a known user of its own office (or to a name no account has yet); the
lead tallies follow each move in the same transaction. Opening a case (核查属实 → 已成案) needs
the sign-offs its model's risk grade asks (``signoffs.before_case``, on every path: the API's
``/moves``, the command line); the history lists those sign-offs beside the moves.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from jiancha.errors import JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.roles import HasRole, require
from jiancha.leads import tally
from jiancha.leads.confine import visible
from jiancha.leads.signoffs import before_case, signoff_events
from jiancha.leads.workflow import (
    CASE_STEP,
    REJECTION_REASONS,
    STATES,
    Move,
    check,
    conflict,
    permission_for,
)
from jiancha.store import Lead, LeadEvent, LeadReferral, Store, SupervisionModel, User

MODEL_LOCKS = 0x4A43
"""The namespace of the PostgreSQL advisory locks that ``hold_models`` takes (with a model id)."""


def hold_models(session: Session, model_ids: Iterable[int]) -> None:
    """Hold the models ``model_ids`` until the transaction ends, in id order (PostgreSQL advisory
    locks; SQLite writes one transaction at a time). A transaction that changes many leads of a
    model — a run, a bulk assignment — takes the model before any of its leads: two of them can
    then never each hold a lead the other waits for (a deadlock), whatever order their
    statements lock leads in. A move of one lead needs no such lock."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model_id in sorted(set(model_ids)):
        session.execute(select(func.pg_advisory_xact_lock(MODEL_LOCKS, model_id)))


def locked(session: Session, lead_id: int) -> Lead:
    """The lead, locked until the transaction ends (PostgreSQL; SQLite writes one at a time)."""
    lead = session.scalar(select(Lead).where(Lead.id == lead_id).with_for_update())
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return lead


def move_lead(
    store: Store, lead_id: int, move: Move, user: str, actor: HasRole | None = None
) -> dict[str, Any]:
    """Apply ``move`` to lead ``lead_id`` as ``user``; the event recorded. ``actor``: the
    signed-in account, whose role must grant the step's permission (None: the local operator)."""
    with store.session(immediate=True) as session:
        return apply(session, locked(session, lead_id), move, user, actor)


def change(session: Session, lead: Lead, **values: Any) -> None:
    """Write ``values`` to ``lead`` and bump its version, provided the row still has the version
    and state this transaction read it with (compare-and-set); else a conflict naming its state.
    """
    done = session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.version == lead.version, Lead.status == lead.status)
        .values(**values, version=Lead.version + 1)
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", done).rowcount != 1:
        now = session.scalar(select(Lead.status).where(Lead.id == lead.id))
        raise conflict(now or lead.status, "线索已被他人同时改动")
    for name, value in values.items():
        set_committed_value(lead, name, value)
    set_committed_value(lead, "version", lead.version + 1)


def pending_referral(session: Session, lead_id: int) -> LeadReferral | None:
    query = select(LeadReferral).where(
        LeadReferral.lead_id == lead_id, LeadReferral.status == "pending"
    )
    return session.scalar(query)


def check_assignee(session: Session, lead: Lead, username: str) -> None:
    """A known user must be active and belong to the lead's office (when both are known; for a
    ``high`` model's lead, always: nobody else may see it)."""
    person = session.scalar(select(User).where(User.username == username))
    if person is None:
        return
    if not person.active:
        raise JianchaError(f"承办人“{username}”的账号已停用")
    if lead.org_id is not None and person.org_id is not None and person.org_id != lead.org_id:
        raise JianchaError(f"承办人“{username}”不属于该线索所在检察院")
    risk = session.scalar(select(SupervisionModel.risk).where(SupervisionModel.id == lead.model_id))
    if not visible(risk, lead.org_id, person.org_id):
        raise JianchaError(
            f"高风险模型的线索只能分派给本院人员，“{username}”不属于该线索所在检察院"
        )


def apply(
    session: Session,
    lead: Lead,
    move: Move,
    user: str,
    actor: HasRole | None = None,
    *,
    audited: bool = True,
) -> dict[str, Any]:
    """Check and apply one move inside the caller's transaction (which holds the lead).
    ``audited=False``: the caller's own audit entry, in the same transaction, records the move
    (a first supervision document or feedback), so that each request writes exactly one."""
    check(lead.status, move, lead.assignee)
    if actor is not None:
        require(actor, permission_for(lead.status, move.target))
    if pending_referral(session, lead.id) is not None:
        raise JianchaError(f"线索 {lead.id} 正在移送中，待接收单位处理后才能继续办理")
    assignee = move.assignee.strip() if move.target == "assigned" and move.assignee else None
    if assignee is not None:
        check_assignee(session, lead, assignee)
    signed = None
    if (lead.status, move.target) == CASE_STEP:
        signed = before_case(session, lead, move, user, actor)
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
    change(
        session, lead, status=move.target, **({} if assignee is None else {"assignee": assignee})
    )
    tally.moved(session, before, lead)
    session.add(event)
    session.flush()
    if audited:
        audit.record(session, **_audited(event, signed))
    return _event(event)


def _audited(e: LeadEvent, signed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The audit entry of a move (an assignment is its own action); opening a case that needed
    sign-offs says so, and whether the move itself gave the leader's approval."""
    detail = {"from": e.from_status, "to": e.to_status, "assignee": e.assignee, "reason": e.reason}
    if signed is not None:
        detail |= signed
    action = "assign" if e.to_status == "assigned" else "lead_move"
    return {
        "actor": e.user,
        "action": action,
        "object_type": "lead",
        "object_id": e.lead_id,
        "detail": detail,
    }


def history(store: Store, lead_id: int) -> list[dict[str, Any]]:
    """The lead's moves and its sign-offs (``kind``: ``move`` or ``signoff``), oldest first; a
    sign-off given by the move that opened the case comes just before that move."""
    with store.session() as session:
        if session.get(Lead, lead_id) is None:
            raise NotFound(f"没有编号为 {lead_id} 的线索")
        events = session.scalars(
            select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.id)
        )
        moves = [(e.at, _event(e)) for e in events]  # in the order they were made
        merged = heapq.merge(signoff_events(session, lead_id), moves, key=lambda x: x[0])
        return [row for _, row in merged]


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
        "kind": "move",
    }
