"""One model as the marketplace lists it: the version on the shelf, its card's headings, its
figures across offices, 「我院可直接使用」 and the viewing office's own adoption.

The version on the shelf is the one of the last approved ``published`` decision, else the
model's newest version. Owns this row; must not touch publication states or adoptions
(``publication``, ``adoptions``), nor decide who may see the model (``browse``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.marketplace.figures import ModelFigures, summary
from jiancha.marketplace.publication import state_label
from jiancha.marketplace.records import spec_of
from jiancha.marketplace.usable import Usable
from jiancha.runs.model_cards import KIND_LABELS, RISK_LABELS
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.store import MarketModel, ModelVersion, Org, PublicationDecision, User

PUBLISHED = "published"


@dataclass(frozen=True)
class MarketViewer:
    """Who browses: the viewing office (「我院」, None: no office), the offices whose datasets
    it sees (None: every one) and the person (None: the local operator), who decides which
    models in review it may see (``records.may_see``)."""

    office: Org | None = None
    visible: Collection[int] | None = None
    user: User | None = None


def shelf_versions(session: Session, models: list[MarketModel]) -> dict[int, ModelVersion]:
    """Each model's version on the shelf: that of its last approved ``published`` decision,
    else its newest version (a model without versions is left out)."""
    ids = [m.id for m in models]
    newest = {
        v.model_id: v
        for v in session.scalars(
            select(ModelVersion).where(ModelVersion.model_id.in_(ids)).order_by(ModelVersion.id)
        )
    }
    decided = session.execute(
        select(PublicationDecision.model_id, PublicationDecision.version_id)
        .where(
            PublicationDecision.model_id.in_(ids),
            PublicationDecision.step == PUBLISHED,
            PublicationDecision.decision == "approved",
            PublicationDecision.version_id.is_not(None),
        )
        .order_by(PublicationDecision.decided_at, PublicationDecision.id)
    ).all()
    shelf = dict(newest)
    for model_id, version_id in decided:
        version = session.get(ModelVersion, version_id)
        if version is not None:
            shelf[model_id] = version
    return shelf


def _adopted(
    found: ModelFigures, viewer: MarketViewer, shelf: ModelVersion
) -> dict[str, Any] | None:
    """The viewing office's adoption: its version, and the newer one on the shelf if any."""
    org_id = None if viewer.office is None else viewer.office.id
    own = next((a for a in found.adoptions if a.org_id == org_id), None)
    if own is None:
        return None
    newer = own.version_id is None or own.version_id < shelf.id
    return {
        "version": own.version,
        "version_id": own.version_id,
        "up_to_date": own.version_id == shelf.id,
        "upgrade_to": shelf.version if newer else None,
    }


def _moment(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return (value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).isoformat()


def row(
    session: Session,
    model: MarketModel,
    shelf: ModelVersion,
    found: ModelFigures,
    fit: Usable,
    viewer: MarketViewer,
) -> dict[str, Any]:
    spec = spec_of(shelf.spec_text)
    author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
    return {
        "slug": model.slug,
        "name": model.name,
        "description": spec.description,
        "area": model.area,
        "area_label": AREA_LABELS.get(model.area, model.area),
        "line": model.line,
        "line_label": LINE_LABELS.get(model.line, model.line),
        "kind": model.kind,
        "kind_label": KIND_LABELS.get(model.kind, model.kind),
        "risk": model.risk,
        "risk_label": RISK_LABELS.get(model.risk, model.risk),
        "state": model.state,
        "state_label": state_label(model.state),
        "author_org": None if author is None else author.code,
        "author_org_name": None if author is None else author.name,
        "authors": list(model.authors or []),
        "published_at": _moment(model.published_at),
        "version": shelf.version,
        "version_id": shelf.id,
        "inputs": [
            {
                "input": n,
                "label": i.label,
                "fields": [{"field": f, "type": t} for f, t in i.fields.items()],
            }
            for n, i in spec.inputs.items()
        ],
        "figures": summary(found),
        **fit.as_dict(),
        "adopted": _adopted(found, viewer, shelf),
    }
