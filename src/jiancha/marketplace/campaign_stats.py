"""A campaign's own statistics (专项统计): its tagged leads, verified, precision, cases, actions by
kind, money recovered and persons — in total, per office (the lead's) and per model.

Four grouped statements over the campaign's tags (``CampaignLead``) joined to the leads, their
actions and the actions' feedback, each grouped by adoption and office: the tallies cannot
answer (they do not know campaigns), but a campaign's leads are few. ``org_ids`` keeps the leads
of those offices (a person's subtree). Counts only: no person is named.

Owns these figures. Must not touch the leads, the tags or the tallies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.leads.action_tally import ADOPTING
from jiancha.marketplace.campaign_views import campaign_row
from jiancha.marketplace.figures import counts
from jiancha.stats.figures import Figures
from jiancha.store import (
    Campaign,
    CampaignLead,
    Feedback,
    Lead,
    Org,
    SupervisionAction,
    SupervisionModel,
)

Key = tuple[int, int | None]
"""An adoption's id and the lead's office."""


def _within(query: Any, column: Any, org_ids: Collection[int] | None) -> Any:
    return query if org_ids is None else query.where(column.in_(list(org_ids)))


def _figures(
    session: Session, campaign_id: int, org_ids: Collection[int] | None
) -> dict[Key, Figures]:
    found: dict[Key, Figures] = defaultdict(Figures)
    tagged = CampaignLead.campaign_id == campaign_id
    statuses = _within(
        select(Lead.model_id, Lead.org_id, Lead.status, func.count())
        .join(CampaignLead, CampaignLead.lead_id == Lead.id)
        .where(tagged)
        .group_by(Lead.model_id, Lead.org_id, Lead.status),
        Lead.org_id,
        org_ids,
    )
    for model_id, org_id, status, n in session.execute(statuses):
        found[(model_id, org_id)].count_status(status, int(n))
    action = SupervisionAction
    acted = select(action.model_id, action.org_id).join(
        CampaignLead, CampaignLead.lead_id == action.lead_id
    )
    kinds = _within(
        acted.add_columns(
            action.kind, func.count(action.id), func.count(func.distinct(action.lead_id))
        )
        .where(tagged)
        .group_by(action.model_id, action.org_id, action.kind),
        action.org_id,
        org_ids,
    )
    for model_id, org_id, kind, n, _leads in session.execute(kinds):
        found[(model_id, org_id)].actions[kind] += int(n)
    adopted = _within(
        acted.add_columns(action.kind, func.count(func.distinct(action.id)))
        .join(Feedback, Feedback.action_id == action.id)
        .where(tagged, Feedback.outcome.in_(ADOPTING))
        .group_by(action.model_id, action.org_id, action.kind),
        action.org_id,
        org_ids,
    )
    for model_id, org_id, kind, n in session.execute(adopted):
        found[(model_id, org_id)].adopted[kind] += int(n)
    outcomes = _within(
        acted.add_columns(
            func.sum(Feedback.recovered_amount),
            func.sum(Feedback.persons_affected),
            func.sum(Feedback.rules_made),
        )
        .join(Feedback, Feedback.action_id == action.id)
        .where(tagged)
        .group_by(action.model_id, action.org_id),
        action.org_id,
        org_ids,
    )
    for model_id, org_id, money, persons, rules in session.execute(outcomes):
        figures = found[(model_id, org_id)]
        figures.recovered += Decimal(str(money or 0))
        figures.persons += int(persons or 0)
        figures.rules += int(rules or 0)
    return found


def campaign_stats(
    session: Session, campaign: Campaign, org_ids: Collection[int] | None = None
) -> dict[str, Any]:
    """``{campaign, total, per_office, per_model}``; ``org_ids``: only leads of those offices."""
    found = _figures(session, campaign.id, org_ids)
    slugs = dict(
        session.execute(
            select(SupervisionModel.id, SupervisionModel.slug).where(
                SupervisionModel.id.in_([k[0] for k in found])
            )
        ).all()
    )
    total = Figures()
    offices: dict[int | None, Figures] = defaultdict(Figures)
    models: dict[str, Figures] = defaultdict(Figures)
    for (adoption, org_id), figures in found.items():
        total.add(figures)
        offices[org_id].add(figures)
        models[slugs.get(adoption, "")].add(figures)
    row = campaign_row(session, campaign)
    names = {m["slug"]: m["name"] for m in row["models"]}
    known = [o for o in offices if o is not None]
    orgs = list(session.scalars(select(Org).where(Org.id.in_(known)).order_by(Org.path)))
    per_office = [{"org": o.code, "org_name": o.name, **counts(offices[o.id])} for o in orgs]
    if None in offices:  # leads routed to no office
        per_office.append({"org": None, "org_name": None, **counts(offices[None])})
    per_model = [
        {"model": slug, "name": names.get(slug, slug), **counts(models[slug])}
        for slug in sorted(models)
    ]
    return {
        "campaign": row,
        "total": counts(total),
        "per_office": per_office,
        "per_model": per_model,
    }
