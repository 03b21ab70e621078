"""The publication queue (待审查队列): the models waiting for a step a given person may take.

A reviewer sees each model in review whose next step their role grants, unless they are its
named author or its submitter (who may not review it); a holder of ``models.submit`` sees the
models returned to an office of their subtree (to submit again). Without a person (the local
operator) every model in review or returned is listed with the step it waits for.

Owns the queue. Must not touch the decisions (``decisions``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.governance.orgs import subtree_ids
from jiancha.governance.roles import allowed
from jiancha.marketplace.publication import (
    IN_REVIEW,
    STEP_PERMISSIONS,
    next_step,
    reviewer_refusal,
    state_label,
    step_label,
)
from jiancha.marketplace.records import current_round, current_version, may_see, org_json
from jiancha.store import MarketModel, Org, Store, User


def _takes(session: Session, model: MarketModel, step: str, user: User | None) -> bool:
    if user is None:
        return True
    if not allowed(user, STEP_PERMISSIONS[step]) or not may_see(session, model, user):
        return False
    if step == "submitted":
        own = None if user.org_id is None else session.get(Org, user.org_id)
        return own is None or model.author_org_id in subtree_ids(session, own)
    submitters = [d.decided_by for d in current_round(session, model) if d.step == "submitted"]
    refused = reviewer_refusal(user.username, user.display_name, model.authors or [], submitters)
    return refused is None


def _row(session: Session, model: MarketModel, step: str) -> dict[str, Any]:
    rows = current_round(session, model)
    submitted = (rows[0].figures or {}) if rows else {}
    refused = [d for d in rows if d.decision == "refused"]
    version = current_version(session, model)
    author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
    return {
        "slug": model.slug,
        "name": model.name,
        "risk": model.risk,
        "state": model.state,
        "state_label": state_label(model.state),
        "step": step,
        "step_label": step_label(step),
        "permission": STEP_PERMISSIONS[step],
        "author_org": org_json(author),
        "authors": list(model.authors or []),
        "version": None if version is None else version.version,
        "submitted_at": None if model.submitted_at is None else model.submitted_at.isoformat(),
        "submitted_by": rows[0].decided_by if rows else None,
        "flagged": list(submitted.get("flagged") or []),
        "reason": refused[-1].opinion if refused and model.state == "returned" else None,
    }


def review_queue(store: Store, user: User | None = None) -> list[dict[str, Any]]:
    """The models waiting for a step ``user`` may take, oldest submission first."""
    states = [*IN_REVIEW, "returned"]
    with store.session() as session:
        query = select(MarketModel).where(MarketModel.state.in_(states))
        found = []
        for model in session.scalars(query.order_by(MarketModel.submitted_at, MarketModel.id)):
            step = next_step(model.state)
            if step is not None and _takes(session, model, step, user):
                found.append(_row(session, model, step))
        return found
