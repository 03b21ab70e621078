"""Tagging a run's leads with the campaigns (专项) it serves, in the run's own transaction.

A run of an adoption serves a campaign when the campaign is ``running``, the run's date is in
its period (both ends included), the adopted model is one of its models, and the adopting office
is a participating office or inside one's subtree. Every lead the run hit — new, or seen again —
is then tagged (``CampaignLead``), once per campaign: a lead found before the campaign and hit
again during it is tagged too. A stopped campaign tags nothing more; its tags stay.

Owns this rule. Must not touch the leads or the run (``runs.runner`` calls ``tag_run`` right
after ``upsert_leads``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, exists, insert, literal, select
from sqlalchemy.orm import Session

from jiancha.marketplace.campaign_views import participating
from jiancha.store import Campaign, CampaignLead, Lead, SupervisionModel
from jiancha.store.models import utcnow


def serving(session: Session, model: SupervisionModel, day: dt.date) -> list[Campaign]:
    """The running campaigns a run of adoption ``model`` dated ``day`` serves."""
    if model.org_id is None:
        return []
    running = session.scalars(
        select(Campaign)
        .where(Campaign.state == "running", Campaign.starts_on <= day, Campaign.ends_on >= day)
        .order_by(Campaign.id)
    )
    return [
        c
        for c in running
        if model.slug in (c.models or []) and model.org_id in participating(session, c)
    ]


def tag_run(
    session: Session, model: SupervisionModel, run_id: int, run_date: dt.date
) -> dict[int, int]:
    """Tag the leads run ``run_id`` of ``model`` hit with every campaign it serves; how many
    were newly tagged, by campaign id."""
    now = utcnow()
    tagged: dict[int, int] = {}
    for campaign in serving(session, model, run_date):
        already = exists().where(
            CampaignLead.campaign_id == campaign.id, CampaignLead.lead_id == Lead.id
        )
        hits = select(
            literal(campaign.id, Integer), Lead.id, literal(now, DateTime(timezone=True))
        ).where(
            Lead.model_id == model.id,
            Lead.last_run_id == run_id,
            Lead.hit.is_(True),
            ~already,
        )
        columns = ["campaign_id", "lead_id", "tagged_at"]
        result = session.execute(insert(CampaignLead).from_select(columns, hits))
        tagged[campaign.id] = max(int(result.rowcount or 0), 0)  # type: ignore[attr-defined]
    return tagged
