"""Running a campaign (专项): its models, for the adoptions of its participating offices.

``jiancha campaign run NAME`` runs each adoption at once (``runs.run_model``, as the account
given or the local operator); ``POST /api/campaigns/{id}/runs`` queues one background run per
adoption (``jobs.submit_run``, which checks permissions, grants and parameters now). Either is
refused unless the campaign is running and the run's date is inside its period: a stopped
campaign's models no longer run for it. An adoption refused (no grant, a failed run) does not
stop the others: each is reported with its reason. The leads found are tagged by the runner
(``campaign_tags``).

Owns choosing the adoptions and reporting per adoption. Must not touch runs or jobs themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha import clock, jobs
from jiancha.errors import Conflict, JianchaError
from jiancha.marketplace.campaign_views import participating, seen_campaign
from jiancha.runs import run_model
from jiancha.store import Campaign, CampaignLead, Lead, Org, Store, SupervisionModel, User


def runnable(campaign: Campaign, day: dt.date) -> None:
    """Refuse a run of ``campaign`` dated ``day`` unless it is running and ``day`` is in it."""
    if campaign.state == "stopped":
        raise Conflict(f"专项“{campaign.name}”已停止，其模型不再为该专项运行")
    if campaign.state != "running":
        raise Conflict(f"专项“{campaign.name}”尚未启动", hint="请院领导先启动该专项")
    if not campaign.starts_on <= day <= campaign.ends_on:
        period = f"{campaign.starts_on} 至 {campaign.ends_on}"
        raise JianchaError(f"运行日期 {day} 不在专项“{campaign.name}”的期限（{period}）内")


def adoptions(
    session: Session, campaign: Campaign, visible: Collection[int] | None = None
) -> list[tuple[SupervisionModel, Org]]:
    """The adoptions of its models by participating offices (or offices inside them), with
    their office; only those of ``visible`` offices when given."""
    inside = participating(session, campaign)
    if visible is not None:
        inside &= set(visible)
    rows = session.execute(
        select(SupervisionModel, Org)
        .join(Org, Org.id == SupervisionModel.org_id)
        .where(SupervisionModel.slug.in_(list(campaign.models)), Org.id.in_(list(inside)))
        .order_by(SupervisionModel.slug, Org.path)
    )
    return [(m, o) for m, o in rows]


def _tagged(store: Store, campaign_id: int, run_id: int | None = None) -> int:
    """How many leads carry the campaign's tag (of run ``run_id`` only, when given)."""
    with store.session() as session:
        query = select(func.count()).select_from(CampaignLead)
        query = query.where(CampaignLead.campaign_id == campaign_id)
        if run_id is not None:
            query = query.join(Lead, Lead.id == CampaignLead.lead_id)
            query = query.where(Lead.last_run_id == run_id)
        return int(session.scalar(query) or 0)


def _plan(
    store: Store, ref: str | int, user: User | None, day: dt.date, visible: Collection[int] | None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    with store.session() as session:
        campaign = seen_campaign(session, ref, user)
        runnable(campaign, day)
        chosen = [(m.slug, o.code) for m, o in adoptions(session, campaign, visible)]
        head = {"id": campaign.id, "name": campaign.name, "run_date": day.isoformat()}
    if not chosen:
        raise JianchaError(
            f"专项“{head['name']}”的参与单位尚未采用其模型", hint="请参与单位先采用专项的模型"
        )
    return head, chosen


def run_campaign(
    store: Store,
    ref: str | int,
    *,
    account: str | None = None,
    run_date: dt.date | None = None,
    engine: str = "duckdb",
) -> dict[str, Any]:
    """Run each participating adoption now (the command line)."""
    day = run_date or clock.china_today()
    head, chosen = _plan(store, ref, None, day, None)
    done, refused = [], []
    for slug, org in chosen:
        before = _tagged(store, int(head["id"]))
        try:
            result = run_model(store, slug, engine=engine, run_date=day, account=account, org=org)
        except JianchaError as error:
            refused.append({"model": slug, "org": org, "error": str(error)})
            continue
        counted = {
            "tagged": _tagged(store, int(head["id"])) - before,  # newly tagged by this run
            "in_campaign": _tagged(store, int(head["id"]), int(result["run_id"])),
        }
        done.append(
            {"model": slug, "org": org, "run_id": result["run_id"], "leads": result["leads"]}
            | {"new": result["new"]}
            | counted
        )
    return head | {"runs": done, "refused": refused}


def queue_campaign(
    store: Store,
    ref: str | int,
    user: User,
    *,
    visible: Collection[int] | None,
    run_date: dt.date | None = None,
    engine: str = "duckdb",
) -> dict[str, Any]:
    """Queue one background run per participating adoption ``user`` may see."""
    day = run_date or clock.china_today()
    head, chosen = _plan(store, ref, user, day, visible)
    queued, refused = [], []
    for slug, org in chosen:
        try:
            job = jobs.submit_run(store, user, slug, {}, engine, run_date, org)
        except JianchaError as error:
            refused.append({"model": slug, "org": org, "error": str(error)})
            continue
        queued.append({"model": slug, "org": org, "job_id": job["id"]})
    return head | {"jobs": queued, "refused": refused}
