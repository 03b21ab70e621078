"""Routes of campaigns (专项): the list, one campaign, creating, starting and stopping it, running
its models, its ledger of leads and its statistics.

A campaign outside what the user may see (``campaign_views.may_see``) is answered 404. Its leads
are listed as the lead list lists leads (office subtree, business lines, ``high`` leads only in
their own office, masked); its statistics count the leads of the user's subtree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from jiancha.api.errors import CONFLICT, PRIVATE_ERRORS
from jiancha.api.marketplace_schemas import CampaignForm, CampaignId, CampaignRunForm
from jiancha.api.masking import mask_lead
from jiancha.api.permissions import (
    permission,
    scope_ids,
    scoped_org,
    user_lines,
    viewer_of,
)
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schemas import LeadPage
from jiancha.api.scope import visible_orgs
from jiancha.governance import audit, breaker
from jiancha.governance.roles import allowed
from jiancha.leads import LeadFilter, search_leads
from jiancha.marketplace.campaign_runs import queue_campaign
from jiancha.marketplace.campaign_stats import campaign_stats
from jiancha.marketplace.campaign_views import campaign_row, list_campaigns, seen_campaign
from jiancha.marketplace.campaigns import create_campaign, may_lead, start_campaign, stop_campaign
from jiancha.store import User

router = APIRouter(
    prefix="/api/campaigns",
    dependencies=[Depends(current_user)],
    responses={**PRIVATE_ERRORS, **CONFLICT},
    tags=["专项"],
)


def _row(store: StoreDep, user: User, campaign_id: int) -> dict[str, Any]:
    with store.session() as session:
        campaign = seen_campaign(session, campaign_id, user)
        manage = allowed(user, "campaigns.manage") and may_lead(session, campaign, user)
        return campaign_row(session, campaign) | {"can_manage": manage}


@router.get(
    "",
    summary="专项列表",
    description="本人可见的专项（本院、下级院或上级院发起或参与的），最新的在前；`state` 为 "
    "planned（未启动）、running（进行中）或 stopped（已停止）。",
    dependencies=[permission("stats.read")],
)
def campaigns(
    store: StoreDep,
    user: UserDep,
    state: Annotated[
        str | None, Query(pattern="^(planned|running|stopped)$", description="状态")
    ] = None,
) -> list[dict[str, Any]]:
    with store.session() as session:
        return list_campaigns(session, user, state)


@router.post(
    "",
    status_code=201,
    summary="新建专项",
    description="名称、业务条线、期限、参与单位和模型；由本院发起，参与单位须为本院或下级院。"
    "新建后为“未启动”，由院领导启动。",
    dependencies=[permission("campaigns.manage")],
)
def create(form: CampaignForm, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        campaign = create_campaign(
            session,
            name=form.name,
            line=form.line,
            starts_on=form.starts_on,
            ends_on=form.ends_on,
            offices=form.offices,
            models=form.models,
            by=user.username,
            user=user,
            description=form.description,
        )
        return campaign_row(session, campaign) | {"can_manage": True}


@router.get(
    "/{campaign_id}",
    summary="专项详情",
    description="名称、条线、期限、发起和参与单位、模型、状态（谁、何时启动和停止）和已标记的线索数；"
    "`can_manage`：本人能否启动、停止该专项。",
    dependencies=[permission("stats.read")],
)
def campaign(campaign_id: CampaignId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return _row(store, user, campaign_id)


@router.post(
    "/{campaign_id}/start",
    summary="启动专项",
    description="此后专项期限内，参与单位采用的专项模型发现（或再次命中）的线索标记为该专项。"
    "只有发起院及其上级院的院领导可以启动；已启动或已停止的返回 409。",
    dependencies=[permission("campaigns.manage")],
)
def start(campaign_id: CampaignId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        start_campaign(session, seen_campaign(session, campaign_id, user), user.username, user)
    return _row(store, user, campaign_id)


@router.post(
    "/{campaign_id}/stop",
    summary="停止专项",
    description="停止后不再标记线索，也不再为该专项运行模型；已标记的线索保留。已停止的返回 409。",
    dependencies=[permission("campaigns.manage")],
)
def stop(campaign_id: CampaignId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        stop_campaign(session, seen_campaign(session, campaign_id, user), user.username, user)
    return _row(store, user, campaign_id)


@router.post(
    "/{campaign_id}/runs",
    status_code=202,
    summary="运行专项的模型（后台任务）",
    description="为每个参与单位（及其下级院）对专项模型的采用各排一个后台运行任务（`jobs`）；"
    "不能运行的（如缺少数据授权）列入 `refused` 并写明原因。专项未启动或已停止时返回 409，"
    "运行日期不在专项期限内时返回 400。",
    dependencies=[permission("models.run")],
)
def runs(
    campaign_id: CampaignId, form: CampaignRunForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    visible = visible_orgs(store, user)
    return queue_campaign(
        store, campaign_id, user, visible=visible, run_date=form.as_of, engine=form.engine
    )


@router.get(
    "/{campaign_id}/leads",
    summary="专项的线索台账",
    description="标记为该专项的线索，按状态筛选、排序、分页；与线索列表相同的范围（本院及下级院、"
    "本人业务条线，高风险模型的线索只对所属检察院本院的人员显示），已脱敏。",
    dependencies=[permission("leads.read")],
)
def leads(
    campaign_id: CampaignId,
    store: StoreDep,
    user: UserDep,
    status: Annotated[str | None, Query(max_length=24, description="状态")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "-id",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
) -> LeadPage:
    with store.session() as session:
        seen_campaign(session, campaign_id, user)
    wanted = LeadFilter(
        campaign=campaign_id,
        status=status,
        org=scoped_org(store, user, None),
        lines=user_lines(user),
        viewer=viewer_of(user),
        sort=sort,
        offset=(page - 1) * size,
        limit=size,
    )
    with store.session() as session:
        total, found = search_leads(session, wanted)
    audit.note(rows=len(found), detail={"total": total, "campaign": campaign_id})
    if found:
        breaker.consume(store, user.username, "evidence_reads", len(found))
    return LeadPage(total=total, page=page, size=size, items=[mask_lead(x) for x in found])


@router.get(
    "/{campaign_id}/stats",
    summary="专项统计",
    description="标记为该专项的线索：线索数、已核查、核查属实、精准率、成案、各类监督文书、被采纳的文书、"
    "挽回经济损失、涉及人数、建章立制；合计（`total`）、按单位（`per_office`）、按模型"
    "（`per_model`）。只统计本院及下级院的线索。",
    dependencies=[permission("stats.read")],
)
def stats(campaign_id: CampaignId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        campaign = seen_campaign(session, campaign_id, user)
        return campaign_stats(session, campaign, scope_ids(session, user))
