"""专项 (监督活动) as people see them: finding a campaign, who may see it, its offices, its row.

A person with an office sees the campaigns led by, or with a participating office in, its
subtree or the offices above it (``visible_ids``); a person without an office (and the local
operator), every campaign. A campaign's participating adoptions are those of its models by a
participating office or an office inside one's subtree (``participating``).

Owns these views. Must not touch the campaign's lifecycle (``campaigns``) or its leads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import subtree_ids, visible_ids
from jiancha.stats.labels import LINE_LABELS
from jiancha.store import Campaign, CampaignLead, MarketModel, Org, User

STATES = {"planned": "未启动", "running": "进行中", "stopped": "已停止"}


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment).isoformat()


def find_campaign(session: Session, ref: str | int) -> Campaign:
    """The campaign of id or name ``ref``."""
    text = str(ref).strip()
    found = session.get(Campaign, int(text)) if text.isdigit() else None
    found = found or session.scalar(select(Campaign).where(Campaign.name == text))
    if found is None:
        raise NotFound(f"没有编号或名称为“{text}”的专项", hint="用 jiancha campaign list 查看")
    return found


def may_see(session: Session, campaign: Campaign, user: User | None) -> bool:
    if user is None or user.org_id is None:
        return True
    org = session.get(Org, user.org_id)
    if org is None:
        return True
    seen = visible_ids(session, org)
    return campaign.org_id in seen or any(o in seen for o in campaign.offices or [])


def seen_campaign(session: Session, ref: str | int, user: User | None) -> Campaign:
    """The campaign ``ref`` if ``user`` (None: the local operator) may see it, else 404."""
    campaign = find_campaign(session, ref)
    if not may_see(session, campaign, user):
        raise NotFound(f"没有编号或名称为“{ref}”的专项", hint="用 jiancha campaign list 查看")
    return campaign


def participating(session: Session, campaign: Campaign) -> set[int]:
    """The offices whose adoptions of its models take part: each participating office's
    subtree."""
    inside: set[int] = set()
    for org_id in campaign.offices or []:
        org = session.get(Org, org_id)
        if org is not None:
            inside |= set(subtree_ids(session, org))
    return inside


def campaign_row(session: Session, campaign: Campaign) -> dict[str, Any]:
    def office(org_id: int | None) -> dict[str, str] | None:
        org = None if org_id is None else session.get(Org, org_id)
        return None if org is None else {"code": org.code, "name": org.name}

    names = dict(
        session.execute(
            select(MarketModel.slug, MarketModel.name).where(
                MarketModel.slug.in_(list(campaign.models))
            )
        ).all()
    )
    tagged = select(func.count()).where(CampaignLead.campaign_id == campaign.id)
    leader = office(campaign.org_id)
    return {
        "id": campaign.id,
        "name": campaign.name,
        "line": campaign.line,
        "line_label": LINE_LABELS.get(campaign.line, campaign.line),
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "org": None if leader is None else leader["code"],
        "org_name": None if leader is None else leader["name"],
        "offices": [o for o in map(office, campaign.offices or []) if o is not None],
        "models": [{"slug": s, "name": names.get(s, s)} for s in campaign.models],
        "description": campaign.description,
        "state": campaign.state,
        "state_label": STATES.get(campaign.state, campaign.state),
        "created_by": campaign.created_by,
        "created_at": _iso(campaign.created_at),
        "started_by": campaign.started_by,
        "started_at": _iso(campaign.started_at),
        "stopped_by": campaign.stopped_by,
        "stopped_at": _iso(campaign.stopped_at),
        "leads": int(session.scalar(tagged) or 0),
    }


def list_campaigns(
    session: Session, user: User | None, state: str | None = None
) -> list[dict[str, Any]]:
    """Every campaign ``user`` may see (newest first), optionally in one state."""
    query = select(Campaign).order_by(Campaign.id.desc())
    if state is not None:
        if state not in STATES:
            known = "、".join(f"{k}（{v}）" for k, v in STATES.items())
            raise JianchaError(f"没有“{state}”这种专项状态", hint=known)
        query = query.where(Campaign.state == state)
    return [campaign_row(session, c) for c in session.scalars(query) if may_see(session, c, user)]
