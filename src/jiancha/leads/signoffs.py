"""Sign-offs (审批, 复核) that a model's risk grade asks before its lead becomes a case (成案).

The grades' table is ``workflow.RISK_SIGNOFFS``: ``none``/``low`` ask nothing, ``medium`` a
leader's approval, ``high`` a second prosecutor's independent verification and a leader's
approval. Between people (``Standing``, pure):

* the *first verifier* is whoever last moved the lead to 核查属实 (its ``lead_events``);
* a second verification (复核) is by a holder of ``leads.handle`` other than the first verifier;
* an approval is by a holder of ``leads.approve``. For a ``high`` lead the approver is neither
  the first verifier nor a second verifier — three different people stand behind the case
  (核查、复核、审批) — and a second verifier may not have approved it; for ``medium`` any holder
  of ``leads.approve`` approves, the first verifier included;
* a holder of ``leads.approve`` who opens the case himself approves by doing it, when he may
  approve as above: the approval is recorded with the move's note, in the move's transaction;
* each person signs each kind once, and only while the lead is 核查属实.

Owns the ``lead_signoffs`` rows and applies these rules (``signoff_rules.Standing``, pure). Must
not touch the lead's state (``handling`` moves it and calls ``before_case``); the caller checks
the lead's scope.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.roles import HasRole, allowed, require
from jiancha.leads.confine import visible
from jiancha.leads.signoff_rules import SECOND, Signed, Standing
from jiancha.leads.workflow import (
    RISK_LABELS,
    SIGNOFF_KINDS,
    SIGNOFF_PERMISSIONS,
    SIGNOFF_STATE,
    STAGES,
    STATES,
    Move,
    conflict,
)
from jiancha.store import Lead, LeadEvent, LeadSignoff, Store, SupervisionModel, User
from jiancha.store.models import utcnow

APPROVE = SIGNOFF_PERMISSIONS["approval"]


def standing(session: Session, lead: Lead) -> Standing:
    risk = session.scalar(select(SupervisionModel.risk).where(SupervisionModel.id == lead.model_id))
    confirmer = session.scalar(
        select(LeadEvent.user)
        .where(LeadEvent.lead_id == lead.id, LeadEvent.to_status == SIGNOFF_STATE)
        .order_by(LeadEvent.id.desc())
        .limit(1)
    )
    rows = session.scalars(
        select(LeadSignoff).where(LeadSignoff.lead_id == lead.id).order_by(LeadSignoff.id)
    )
    signed = tuple(Signed(r.kind, r.user, r.at, r.opinion) for r in rows)
    return Standing(risk or "high", confirmer, signed)


def _kinds(kinds: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    return [{"kind": k, "label": SIGNOFF_KINDS[k]} for k in kinds]


def summary(here: Standing) -> dict[str, Any]:
    """The lead detail's ``signoffs``: grade, what it asks, what was signed, what is missing."""
    done = [
        {
            "kind": s.kind,
            "label": SIGNOFF_KINDS.get(s.kind, s.kind),
            "user": s.user,
            "at": None if s.at is None else s.at.isoformat(),
            "opinion": s.opinion,
            "counts": here.counts(s),
        }
        for s in here.signed
    ]
    return {
        "risk": here.risk,
        "risk_label": RISK_LABELS.get(here.risk, here.risk),
        "required": _kinds(here.required),
        "done": done,
        "missing": _kinds(here.missing()),
        "first_verifier": here.confirmer,
    }


def holds_approval(session: Session, user: str, actor: HasRole | None) -> bool:
    """Whether the person moving holds ``leads.approve``: the signed-in account's role, or for
    the local operator (``actor`` None) the active account of that name, if any."""
    if actor is not None:
        return allowed(actor, APPROVE)
    account = session.scalar(select(User).where(User.username == user))
    return account is not None and account.active and allowed(account, APPROVE)


def before_case(
    session: Session, lead: Lead, move: Move, user: str, actor: HasRole | None
) -> dict[str, Any] | None:
    """Refuse opening the case of ``lead`` while a sign-off is missing; record the mover's own
    approval when his move gives it. Returns what the move's audit entry adds (None: nothing
    was asked)."""
    here = standing(session, lead)
    if not here.required:
        return None
    approves = holds_approval(session, user, actor)
    left = here.open_with(user, approves)
    if left:
        raise _missing(here, left, user, approves)
    implicit = "approval" in here.missing()
    if implicit:
        note = move.note.strip() or "同意成案（成案时审批）"
        row = LeadSignoff(lead_id=lead.id, kind="approval", user=user, opinion=note, at=utcnow())
        session.add(row)  # dated before the move's event: listed just before it
    return {"risk": here.risk, "approved_by_move": implicit}


def _missing(here: Standing, left: list[str], user: str, approves: bool) -> Forbidden:
    grade = RISK_LABELS.get(here.risk, here.risk)
    asked = "和".join(SIGNOFF_KINDS[k] for k in here.required)
    lacking = "、".join(SIGNOFF_KINDS[k] for k in left)
    hints = []
    if SECOND in left:
        first = f"核查人“{here.confirmer}”" if here.confirmer else "核查人"
        hints.append(f"须由{first}以外的检察官复核（第二人核查）")
    if "approval" in left:
        if approves and not here.may_approve(user):
            hints.append("您是该线索的核查人或复核人，须由其他院领导审批")
        else:
            hints.append("须由院领导审批（院领导本人成案即视为审批）")
    hint = (
        "；".join(hints)
        + "。在线索页签署，或用 POST /api/leads/{id}/signoffs、jiancha leads signoff"
    )
    return Forbidden(f"该线索所用模型为{grade}，成案须经{asked}：尚缺{lacking}", hint=hint)


def sign_off(store: Store, lead_id: int, kind: str, opinion: str, account: User) -> dict[str, Any]:
    """Record ``account``'s sign-off of ``kind`` on lead ``lead_id`` with ``opinion``."""
    if kind not in SIGNOFF_KINDS:
        known = "、".join(f"{k}（{v}）" for k, v in SIGNOFF_KINDS.items())
        raise JianchaError(f"没有“{kind}”这种签署", hint=f"可用：{known}")
    label = SIGNOFF_KINDS[kind]
    if not opinion.strip():
        raise JianchaError(f"{label}须写明意见")
    if not account.active:
        raise Forbidden(f"用户“{account.username}”已停用")
    require(account, SIGNOFF_PERMISSIONS[kind])
    with store.session(immediate=True) as session:
        lead = session.scalar(select(Lead).where(Lead.id == lead_id).with_for_update())
        if lead is None or not confined_ok(session, lead, account):
            raise NotFound(f"没有编号为 {lead_id} 的线索")
        if lead.status != SIGNOFF_STATE:
            if STAGES[lead.status] > STAGES[SIGNOFF_STATE]:
                raise conflict(lead.status, f"不能再作{label}")
            state = f"{STATES[lead.status]}（{lead.status}）"
            raise JianchaError(f"线索当前为{state}，核查属实后才能{label}")
        here = standing(session, lead)
        refused = here.refusal(kind, account.username)
        if refused is not None:
            raise refused
        row = LeadSignoff(
            lead_id=lead.id, kind=kind, user=account.username, opinion=opinion.strip()
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=account.username,
            action="lead_signoff",
            object_type="lead",
            object_id=lead.id,
            detail={"kind": kind, "signoff": row.id, "risk": here.risk},
        )
        after = standing(session, lead)
        return {"id": row.id, "lead_id": lead.id, "kind": kind, "label": label} | {
            "user": row.user,
            "at": row.at.isoformat(),
            "opinion": row.opinion,
            "signoffs": summary(after),
        }


def confined_ok(session: Session, lead: Lead, account: User) -> bool:
    """A ``high`` lead is its own office's only (``confine``)."""
    risk = session.scalar(select(SupervisionModel.risk).where(SupervisionModel.id == lead.model_id))
    return visible(risk, lead.org_id, account.org_id)


def signoff_events(session: Session, lead_id: int) -> list[tuple[datetime, dict[str, Any]]]:
    """The lead's sign-offs as entries of its history (with their time, for ordering)."""
    rows = session.scalars(
        select(LeadSignoff).where(LeadSignoff.lead_id == lead_id).order_by(LeadSignoff.id)
    )
    return [
        (
            r.at,
            {
                "id": r.id,
                "lead_id": r.lead_id,
                "kind": "signoff",
                "signoff": r.kind,
                "from": SIGNOFF_STATE,
                "to": SIGNOFF_STATE,
                "to_label": SIGNOFF_KINDS.get(r.kind, r.kind),
                "user": r.user,
                "at": r.at.isoformat(),
                "reason": None,
                "reason_label": None,
                "assignee": None,
                "note": r.opinion,
            },
        )
        for r in rows
    ]
