"""What the publication's modules share about one marketplace model: finding it (and whether a
user may see it), its decisions in the current round, the version under review and the specs
of the models it is compared with.

Visibility: a published model is everyone's; before that a model is seen by the offices of its
author office's subtree, by offices that adopted it (异地验证 needs them to), by reviewers (any
of the four review permissions) and by users without an office. Anyone else is answered 404,
exactly as for a model that does not exist.

Owns these reads. Must not touch the publication's rules (``publication``) nor write anything.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.errors import NotFound
from jiancha.governance.orgs import subtree_ids, visible_ids
from jiancha.governance.roles import allowed
from jiancha.marketplace.publication import (
    DECISIONS,
    IN_REVIEW,
    REVIEW_STEPS,
    STEP_PERMISSIONS,
    step_label,
)
from jiancha.modelling import load_spec
from jiancha.modelling.spec import Spec
from jiancha.store import (
    MarketModel,
    ModelVersion,
    Org,
    PublicationDecision,
    SupervisionModel,
    User,
)

REVIEW_PERMISSIONS = tuple(STEP_PERMISSIONS[s] for s in REVIEW_STEPS)


@lru_cache(maxsize=256)
def spec_of(text: str) -> Spec:
    return load_spec(text, "<模型版本>")


def is_reviewer(user: User) -> bool:
    return any(allowed(user, p) for p in REVIEW_PERMISSIONS)


def may_see(session: Session, model: MarketModel, user: User | None) -> bool:
    """Whether ``user`` (None: the local operator) may see ``model`` (see the module)."""
    if user is None or model.state == "published" or user.org_id is None or is_reviewer(user):
        return True
    own = session.get(Org, user.org_id)
    author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
    if own is None or author is None:
        return True
    if own.id in subtree_ids(session, author):
        return True
    near = visible_ids(session, own)
    adopters = session.scalars(
        select(SupervisionModel.org_id).where(SupervisionModel.slug == model.slug)
    )
    return any(org_id in near for org_id in adopters)


def find_model(session: Session, slug: str, user: User | None = None) -> MarketModel:
    """The marketplace model ``slug`` if ``user`` may see it, else ``NotFound``."""
    model = session.scalar(select(MarketModel).where(MarketModel.slug == slug))
    if model is None or not may_see(session, model, user):
        raise NotFound(
            f"模型超市中没有模型 `{slug}`",
            hint="模型须先由作者院安装（jiancha model install --org）",
        )
    return model


def advance(session: Session, model_id: int, before: Collection[str], after: str) -> bool:
    """Move the model from one of ``before`` to ``after`` in one conditional update (False when
    somebody else moved it first)."""
    moved = session.execute(
        update(MarketModel)
        .where(MarketModel.id == model_id, MarketModel.state.in_(list(before)))
        .values(state=after)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(moved, "rowcount", 0) == 1)


def decisions_of(session: Session, model: MarketModel) -> list[PublicationDecision]:
    query = select(PublicationDecision).where(PublicationDecision.model_id == model.id)
    return list(session.scalars(query.order_by(PublicationDecision.id)))


def latest_submission(session: Session, model: MarketModel) -> PublicationDecision | None:
    return session.scalar(
        select(PublicationDecision)
        .where(PublicationDecision.model_id == model.id, PublicationDecision.step == "submitted")
        .order_by(PublicationDecision.id.desc())
        .limit(1)
    )


def current_round(session: Session, model: MarketModel) -> list[PublicationDecision]:
    """The decisions since the latest submission (that one first); empty if never submitted."""
    rows = decisions_of(session, model)
    starts = [i for i, d in enumerate(rows) if d.step == "submitted"]
    return rows[starts[-1] :] if starts else []


def current_version(session: Session, model: MarketModel) -> ModelVersion | None:
    """The version under review or published (the latest submitted), else the newest one."""
    submitted = latest_submission(session, model)
    if submitted is not None and submitted.version_id is not None:
        found = session.get(ModelVersion, submitted.version_id)
        if found is not None:
            return found
    return session.scalar(
        select(ModelVersion)
        .where(ModelVersion.model_id == model.id)
        .order_by(ModelVersion.id.desc())
        .limit(1)
    )


def compared_with(session: Session, model: MarketModel) -> list[dict[str, Any]]:
    """The published and in-review models other than ``model``, each with its current spec."""
    states = [*IN_REVIEW, "published"]
    query = select(MarketModel).where(MarketModel.state.in_(states), MarketModel.id != model.id)
    found = []
    for other in session.scalars(query.order_by(MarketModel.slug)):
        version = current_version(session, other)
        if version is not None:
            spec = spec_of(version.spec_text)
            found.append(
                {"slug": other.slug, "name": other.name, "state": other.state, "spec": spec}
            )
    return found


def org_json(org: Org | None) -> dict[str, Any] | None:
    return None if org is None else {"code": org.code, "name": org.name}


def decision_json(d: PublicationDecision, versions: dict[int, str]) -> dict[str, Any]:
    return {
        "id": d.id,
        "step": d.step,
        "step_label": step_label(d.step),
        "decision": d.decision,
        "decision_label": DECISIONS.get(d.decision, d.decision),
        "opinion": d.opinion,
        "attachments": list(d.attachments or []),
        "figures": d.figures or {},
        "version": None if d.version_id is None else versions.get(d.version_id),
        "version_id": d.version_id,
        "decided_by": d.decided_by,
        "decided_at": d.decided_at.isoformat(),
    }
