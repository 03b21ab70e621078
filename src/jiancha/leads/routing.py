"""Who handles a lead: bulk assignment, and referral (移送) to another office.

A run routes each new lead to an office (``upsert``); from there the office assigns it to a
prosecutor — one lead or many at once, all or none — or refers it to another office. A referral
does not move the lead until a person of the receiving office accepts it: until then the lead
stays where it was and its workflow is frozen. On acceptance the lead joins the receiver's queue
as a new lead (its assignee cleared), recorded as a step of its history like every other.

Each of these holds the leads it changes for its whole transaction, as a move does
(``handling``; leads in id order, and a bulk assignment first takes their models as a run
does, so that neither two bulk assignments nor one and a run can deadlock). A request that
someone else's has already carried out — the same assignment, a second referral of a lead
already being referred, a decision on a referral already decided — is a conflict (HTTP 409)
naming the lead's current state. A ``high`` model's lead is never referred: only its own office
may see it (``confine``); a referral of one is refused, and so is accepting one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import Conflict, Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.orgs import find_org
from jiancha.governance.roles import HasRole, require
from jiancha.leads import tally
from jiancha.leads.confine import HIGH
from jiancha.leads.handling import apply, change, hold_models, locked, pending_referral
from jiancha.leads.workflow import REFERRAL_PERMISSION, Move, conflict
from jiancha.store import Lead, LeadEvent, LeadReferral, Org, Store, SupervisionModel, User
from jiancha.store.models import utcnow

REFERABLE = ("new", "assigned", "verifying")
DECISIONS = {"accept": "accepted", "decline": "declined"}
REFERRAL_STATES = {"pending": "待接收", "accepted": "已接收", "declined": "已退回"}


def assign_many(
    store: Store,
    lead_ids: list[int],
    assignee: str,
    user: str,
    note: str = "",
    actor: HasRole | None = None,
) -> list[dict[str, Any]]:
    """Assign every lead in ``lead_ids`` to ``assignee`` in one transaction: all or none.
    ``actor``: the signed-in account, whose role must grant ``leads.assign``."""
    ids = list(dict.fromkeys(lead_ids))
    if not ids:
        raise JianchaError("没有指定要分派的线索")
    if actor is not None:
        require(actor, "leads.assign")
    with store.session(immediate=True) as session:
        models = select(Lead.model_id).where(Lead.id.in_(ids)).distinct()
        hold_models(session, session.scalars(models).all())  # as a run does, before any lead
        leads: dict[int, Lead] = {}
        refused: dict[int, JianchaError] = {}
        for lead_id in sorted(ids):  # one order for every transaction: no deadlock
            try:
                leads[lead_id] = locked(session, lead_id)
            except NotFound as missing:
                refused[lead_id] = missing
        events = []
        for lead_id in ids:
            if lead_id in refused:
                continue
            try:
                move = Move("assigned", note, None, assignee)
                events.append(apply(session, leads[lead_id], move, user, actor))
            except Forbidden:
                raise
            except JianchaError as refusal:
                refused[lead_id] = refusal
        if refused:  # raising rolls the whole transaction back
            raise _refusal(ids, refused)
        return events


def _refusal(ids: list[int], refused: dict[int, JianchaError]) -> JianchaError:
    """Why a bulk assignment changed nothing: a conflict (409) when every refusal is one."""
    problems = [f"线索 {i}：{refused[i].message}" for i in ids if i in refused]
    kind = Conflict if all(isinstance(r, Conflict) for r in refused.values()) else JianchaError
    return kind(
        f"{len(problems)} 条线索不能分派，全部未分派",
        hint="\n".join(problems[:20]) + ("\n…" if len(problems) > 20 else ""),
    )


def refer(store: Store, lead_id: int, to: str, user: str, note: str) -> dict[str, Any]:
    """Ask office ``to`` (code or name) to take over lead ``lead_id``."""
    if not note.strip():
        raise JianchaError("移送线索须写明理由")
    with store.session(immediate=True) as session:
        lead = locked(session, lead_id)
        target = find_org(session, to)
        if lead.status not in REFERABLE:
            raise JianchaError(
                f"线索 {lead_id} 已进入核查结论之后的阶段，不能再移送",
                hint="只有新线索、已分派或核查中的线索可以移送",
            )
        if pending_referral(session, lead_id) is not None:
            raise conflict(lead.status, f"线索 {lead_id} 已在移送中，等待对方接收")
        if target.id == lead.org_id:
            raise JianchaError(f"线索 {lead_id} 已属于“{target.name}”")
        _refuse_high(session, lead)
        referral = LeadReferral(
            lead_id=lead_id,
            from_org_id=lead.org_id,
            to_org_id=target.id,
            note=note.strip(),
            requested_by=user,
        )
        session.add(referral)
        session.flush()
        audit.record(session, **_audited(referral, "referral", user))
        return _referral(session, referral)


def decide(
    store: Store,
    referral_id: int,
    decision: str,
    user: str,
    note: str = "",
    actor: HasRole | None = None,
) -> dict[str, Any]:
    """Accept or decline a pending referral as ``user`` (who must belong to the receiver);
    ``actor``: the signed-in account, whose role must grant ``referrals.decide``."""
    if decision not in DECISIONS:
        raise JianchaError(f"没有“{decision}”这种处理", hint="accept（接收）或 decline（退回）")
    if decision == "decline" and not note.strip():
        raise JianchaError("退回移送须写明理由")
    if actor is not None:
        require(actor, REFERRAL_PERMISSION)
    with store.session(immediate=True) as session:
        lead_id = session.scalar(select(LeadReferral.lead_id).where(LeadReferral.id == referral_id))
        if lead_id is None:
            raise NotFound(f"没有编号为 {referral_id} 的移送")
        lead = locked(session, lead_id)
        # Read only now that the lead is held: a decision made meanwhile is seen.
        referral = session.scalars(
            select(LeadReferral)
            .where(LeadReferral.id == referral_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        if referral.status != "pending":
            done = REFERRAL_STATES[referral.status]
            raise conflict(lead.status, f"移送 {referral_id} 已处理过（{done}）")
        person = session.scalar(select(User).where(User.username == user))
        if person is not None and person.org_id not in (None, referral.to_org_id):
            raise JianchaError("只有接收单位的人员可以处理这次移送")
        now = utcnow()
        referral.status = DECISIONS[decision]
        referral.decided_by, referral.decided_at = user, now
        referral.decision_note = note.strip()
        if decision == "accept":
            _refuse_high(session, lead)
            _hand_over(session, lead, referral, user, now)
        session.flush()
        audit.record(session, **_audited(referral, "referral_decision", user))
        return _referral(session, referral)


def _refuse_high(session: Session, lead: Lead) -> None:
    risk = session.scalar(select(SupervisionModel.risk).where(SupervisionModel.id == lead.model_id))
    if risk == HIGH:
        raise Forbidden(
            f"线索 {lead.id} 由高风险模型发现，不能移送其他检察院",
            hint="高风险模型的线索只在本院办理、只对本院人员可见；确需他院办理的，请按程序线下报批",
        )


def _audited(r: LeadReferral, action: str, user: str) -> dict[str, Any]:
    """The audit entry of a referral or of its acceptance or refusal."""
    detail = {
        "referral": r.id,
        "from_org": r.from_org_id,
        "to_org": r.to_org_id,
        "status": r.status,
    }
    return {
        "actor": user,
        "action": action,
        "object_type": "lead",
        "object_id": r.lead_id,
        "detail": detail,
    }


def _hand_over(
    session: Session, lead: Lead, referral: LeadReferral, user: str, now: datetime
) -> None:
    receiver = session.get(Org, referral.to_org_id)
    name = receiver.name if receiver else referral.to_org_id
    session.add(
        LeadEvent(
            lead_id=lead.id,
            from_status=lead.status,
            to_status="new",
            user=user,
            at=now,
            note=f"移送至“{name}”并已接收：{referral.note}",
        )
    )
    before = tally.key_of(lead)
    change(session, lead, org_id=referral.to_org_id, status="new", assignee=None)
    tally.moved(session, before, lead)


def referrals(
    store: Store, *, org: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """Referrals, newest first; ``org`` keeps those sent to that office."""
    with store.session() as session:
        query = select(LeadReferral).order_by(LeadReferral.id.desc())
        if org is not None:
            query = query.where(LeadReferral.to_org_id == find_org(session, org).id)
        if status is not None:
            if status not in REFERRAL_STATES:
                raise JianchaError(f"没有“{status}”这种移送状态", hint="、".join(REFERRAL_STATES))
            query = query.where(LeadReferral.status == status)
        return [_referral(session, r) for r in session.scalars(query)]


def _referral(session: Session, r: LeadReferral) -> dict[str, Any]:
    def name(org_id: int | None) -> str | None:
        org = None if org_id is None else session.get(Org, org_id)
        return None if org is None else org.name

    return {
        "id": r.id,
        "lead_id": r.lead_id,
        "from_org": name(r.from_org_id),
        "to_org": name(r.to_org_id),
        "status": r.status,
        "status_label": REFERRAL_STATES[r.status],
        "note": r.note,
        "requested_by": r.requested_by,
        "requested_at": r.requested_at.isoformat(),
        "decided_by": r.decided_by,
        "decided_at": None if r.decided_at is None else r.decided_at.isoformat(),
        "decision_note": r.decision_note,
    }
