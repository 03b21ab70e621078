"""专项 (监督活动): campaigns — a business line's models run by participating offices over a
period, started and stopped by a leader.

A campaign is created ``planned`` by a holder of ``campaigns.manage`` (its office leads it; the
participating offices must be in that office's subtree), started (``running``) and stopped
(``stopped``, final) by such a holder of the leading office or an office above it; who and when
are kept on the campaign and in the audit trail. While it runs, the leads its models find are
tagged with it (``campaign_tags``); once stopped, nothing is tagged and its runs are refused
(``campaign_runs``). Who sees a campaign: ``campaign_views``.

Owns the campaign's lifecycle. Must not touch: runs, leads, the tags' rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha import clock
from jiancha.errors import Conflict, Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import require
from jiancha.marketplace.campaign_views import STATES
from jiancha.modelling.spec import LINES
from jiancha.stats.labels import LINE_LABELS
from jiancha.store import Campaign, MarketModel, Org, User
from jiancha.store.models import utcnow

MANAGE = "campaigns.manage"


def _leader_office(session: Session, user: User | None, org: str | None) -> Org | None:
    if user is not None and user.org_id is not None:
        office = session.get(Org, user.org_id)
        if org is not None and (office is None or find_org(session, org).id != office.id):
            raise Forbidden("专项只能由本院发起", hint="不要指定其他检察院")
        return office
    return None if org is None else find_org(session, org)


def _offices(session: Session, refs: Iterable[str], leader: Org | None) -> list[int]:
    chosen: list[int] = []
    inside = None if leader is None else set(subtree_ids(session, leader))
    for ref in refs:
        office = find_org(session, ref)
        if inside is not None and office.id not in inside:
            raise Forbidden(
                f"“{office.name}”不在{leader.name if leader else ''}及其下级院范围内",
                hint="参与单位须为发起院本院或其下级院",
            )
        if office.id not in chosen:
            chosen.append(office.id)
    if not chosen:
        raise JianchaError("专项至少须有一个参与单位", hint="用 --office 指定参与的检察院")
    return chosen


def _models(session: Session, slugs: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    if not chosen:
        raise JianchaError("专项至少须有一个模型", hint="用 --model 指定模型编号")
    known = set(session.scalars(select(MarketModel.slug).where(MarketModel.slug.in_(chosen))))
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise NotFound(f"模型超市中没有模型 `{'、'.join(unknown)}`")
    return chosen


def create_campaign(
    session: Session,
    *,
    name: str,
    line: str,
    starts_on: dt.date,
    ends_on: dt.date,
    offices: Iterable[str],
    models: Iterable[str],
    by: str,
    user: User | None = None,
    org: str | None = None,
    description: str = "",
) -> Campaign:
    """A new ``planned`` campaign led by ``user``'s office (the local operator: ``org``)."""
    if user is not None:
        require(user, MANAGE)
    if not name.strip():
        raise JianchaError("专项名称不能为空")
    if line not in LINES:
        known = "、".join(f"{k}（{v}）" for k, v in LINE_LABELS.items())
        raise JianchaError(f"没有“{line}”这一业务条线", hint=known)
    if starts_on > ends_on:
        raise JianchaError(f"开始日期 {starts_on} 晚于结束日期 {ends_on}")
    if session.scalar(select(Campaign.id).where(Campaign.name == name.strip())) is not None:
        raise Conflict(f"名称为“{name.strip()}”的专项已存在")
    leader = _leader_office(session, user, org)
    campaign = Campaign(
        name=name.strip(),
        line=line,
        starts_on=starts_on,
        ends_on=ends_on,
        org_id=None if leader is None else leader.id,
        offices=_offices(session, offices, leader),
        models=_models(session, models),
        description=description.strip(),
        state="planned",
        created_by=by,
        created_at=utcnow(),
    )
    session.add(campaign)
    session.flush()
    _audit(session, campaign, "campaign_create", by)
    return campaign


def _audit(session: Session, campaign: Campaign, action: str, by: str) -> None:
    detail = {"name": campaign.name, "state": campaign.state, "models": list(campaign.models)}
    audit.record(
        session,
        actor=by,
        action=action,
        object_type="campaign",
        object_id=campaign.id,
        detail=detail | {"offices": list(campaign.offices)},
    )


def may_lead(session: Session, campaign: Campaign, user: User | None) -> bool:
    """Whether ``user``'s office leads ``campaign`` or is above it (the role is checked apart);
    a person without an office, and the local operator, may."""
    if user is None or user.org_id is None or campaign.org_id is None:
        return True
    office = session.get(Org, user.org_id)
    return office is not None and campaign.org_id in subtree_ids(session, office)


def _check_leader(session: Session, campaign: Campaign, user: User | None) -> None:
    if user is None:
        return
    require(user, MANAGE)
    if not may_lead(session, campaign, user):
        raise Forbidden("只有发起院及其上级院的院领导可以启动或停止该专项")


def start_campaign(session: Session, campaign: Campaign, by: str, user: User | None) -> Campaign:
    _check_leader(session, campaign, user)
    if campaign.state != "planned":
        raise Conflict(f"专项“{campaign.name}”{STATES[campaign.state]}，不能再启动")
    if campaign.ends_on < clock.china_today():
        raise JianchaError(f"专项“{campaign.name}”的期限已于 {campaign.ends_on} 结束，不能启动")
    campaign.state, campaign.started_by, campaign.started_at = "running", by, utcnow()
    _audit(session, campaign, "campaign_start", by)
    return campaign


def stop_campaign(session: Session, campaign: Campaign, by: str, user: User | None) -> Campaign:
    _check_leader(session, campaign, user)
    if campaign.state == "stopped":
        raise Conflict(f"专项“{campaign.name}”已停止")
    campaign.state, campaign.stopped_by, campaign.stopped_at = "stopped", by, utcnow()
    _audit(session, campaign, "campaign_stop", by)
    return campaign
