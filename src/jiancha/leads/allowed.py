"""What a person may do on a lead now: the workflow moves and supervision actions open to them,
so that the console shows only the buttons that will work.

Computed from the same rules the moves are checked against (``workflow.TRANSITIONS`` and
``TRANSITION_PERMISSIONS``, ``actions.ISSUABLE``) and the person's role; a lead waiting for
another office to accept its referral offers no move. Opening a case is offered only when the
sign-offs the model's risk grade asks are complete, or the person's own move would complete them
(a leader's approval given by opening it, ``signoffs``); ``allowed_signoffs`` are the sign-offs
the person could give now, and ``signoffs`` what the grade asks, what was given and what is
missing. Owns nothing but this reading of the rules. Must not touch a lead, nor check the scope
(the caller only asks about a lead the person may see).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from jiancha.errors import NotFound
from jiancha.governance.roles import HasRole, allowed
from jiancha.leads.actions import ACTION_KINDS, ISSUABLE
from jiancha.leads.handling import pending_referral
from jiancha.leads.signoff_rules import Standing
from jiancha.leads.signoffs import APPROVE, standing, summary
from jiancha.leads.workflow import (
    CASE_STEP,
    REJECTION_REASONS,
    SIGNOFF_KINDS,
    SIGNOFF_PERMISSIONS,
    SIGNOFF_STATE,
    STAGES,
    STATES,
    TRANSITION_PERMISSIONS,
    TRANSITIONS,
)
from jiancha.store import Lead

HANDLE = "leads.handle"  # every move and action route needs it, besides the step's own
NOTE_NEEDED = ("rejected", "confirmed", "closed")


def allowed_moves(status: str, user: HasRole, *, referred: bool = False) -> list[dict[str, Any]]:
    """The moves from ``status`` that ``user``'s role may make, in workflow order, each with what
    the form must carry: a reason code (``needs_reason``, from ``reasons``), a written note
    (``needs_note``) or an assignee (``needs_assignee``)."""
    if referred or not allowed(user, HANDLE):
        return []
    targets = sorted(TRANSITIONS.get(status, frozenset()), key=lambda s: (STAGES[s], s))
    moves = []
    for target in targets:
        if not allowed(user, TRANSITION_PERMISSIONS[(status, target)]):
            continue
        move: dict[str, Any] = {
            "to": target,
            "label": "改派" if status == target == "assigned" else STATES[target],
            "needs_reason": target == "rejected",
            "needs_note": target in NOTE_NEEDED,
            "needs_assignee": target == "assigned",
        }
        if target == "rejected":
            move["reasons"] = [{"code": k, "label": v} for k, v in REJECTION_REASONS.items()]
        moves.append(move)
    return moves


def allowed_actions(status: str, user: HasRole) -> list[dict[str, str]]:
    """The kinds of supervision action ``user`` may record on a lead in ``status``."""
    if status not in ISSUABLE or not allowed(user, HANDLE):
        return []
    return [{"kind": k, "label": v} for k, v in ACTION_KINDS.items()]


class Person(HasRole, Protocol):
    @property
    def username(self) -> str: ...


def allowed_signoffs(here: Standing, status: str, user: Person) -> list[dict[str, str]]:
    """The sign-offs ``user`` could give now: of a kind still missing, that their role grants
    and that the rules between people let them give."""
    if status != SIGNOFF_STATE:
        return []
    kinds = [k for k in here.missing() if allowed(user, SIGNOFF_PERMISSIONS[k])]
    kinds = [k for k in kinds if here.refusal(k, user.username) is None]
    return [{"kind": k, "label": SIGNOFF_KINDS[k]} for k in kinds]


def open_to(session: Session, lead_id: int, status: str, user: Person) -> dict[str, Any]:
    """``allowed_moves``, ``allowed_actions``, ``allowed_signoffs`` and ``signoffs`` of one
    lead, for its detail."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    referred = pending_referral(session, lead_id) is not None
    here = standing(session, lead)
    moves = allowed_moves(status, user, referred=referred)
    if status == CASE_STEP[0] and here.open_with(user.username, allowed(user, APPROVE)):
        moves = [m for m in moves if m["to"] != CASE_STEP[1]]  # sign-offs missing
    return {
        "allowed_moves": moves,
        "allowed_actions": allowed_actions(status, user),
        "allowed_signoffs": [] if referred else allowed_signoffs(here, status, user),
        "signoffs": summary(here),
    }
