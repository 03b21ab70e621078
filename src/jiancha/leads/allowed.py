"""What a person may do on a lead now: the workflow moves and supervision actions open to them,
so that the console shows only the buttons that will work.

Computed from the same rules the moves are checked against (``workflow.TRANSITIONS`` and
``TRANSITION_PERMISSIONS``, ``actions.ISSUABLE``) and the person's role; a lead waiting for
another office to accept its referral offers no move. Owns nothing but this reading of the
rules. Must not touch a lead, nor check the scope (the caller only asks about a lead the person
may see).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from jiancha.governance.roles import HasRole, allowed
from jiancha.leads.actions import ACTION_KINDS, ISSUABLE
from jiancha.leads.handling import pending_referral
from jiancha.leads.workflow import (
    REJECTION_REASONS,
    STAGES,
    STATES,
    TRANSITION_PERMISSIONS,
    TRANSITIONS,
)

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


def open_to(session: Session, lead_id: int, status: str, user: HasRole) -> dict[str, Any]:
    """``allowed_moves`` and ``allowed_actions`` of one lead, for its detail."""
    referred = pending_referral(session, lead_id) is not None
    return {
        "allowed_moves": allowed_moves(status, user, referred=referred),
        "allowed_actions": allowed_actions(status, user),
    }
