"""Routes for the office tree and for who handles a lead: bulk assignment and referral (移送).

Assigning and referring are a leader's (``leads.assign``, ``leads.refer``), deciding on a
referral too (``referrals.decide``); leads outside the user's office subtree, or of a business
line the user is not limited to, are not found, nor are referrals of leads of such lines.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from jiancha.api.errors import CONFLICT
from jiancha.api.masking import mask_any
from jiancha.api.permissions import (
    lead_permission,
    permission,
    require_lead,
    require_referral,
    scoped_org,
    visible_leads,
)
from jiancha.api.routes import StoreDep, current_user
from jiancha.api.schemas import Form, Id, LeadId, ReferralId
from jiancha.governance.orgs import list_orgs
from jiancha.leads.routing import assign_many, decide, refer, referrals
from jiancha.store import User

router = APIRouter(prefix="/api", dependencies=[Depends(current_user)], tags=["分派与移送"])
UserDep = Annotated[User, Depends(current_user)]


class AssignForm(Form):
    """Assign leads to a prosecutor: all of them, or none if any cannot be assigned."""

    lead_ids: list[Id] = Field(min_length=1, max_length=1000)
    assignee: str = Field(min_length=1, max_length=64)
    note: str = ""


class ReferralForm(Form):
    """Refer a lead to another office (code or name); the reason is required."""

    to: str = Field(min_length=1, max_length=200)
    note: str


class DecisionForm(Form):
    note: str = ""


@router.get(
    "/orgs", summary="检察院列表（树形顺序，含别名）", dependencies=[permission("orgs.read")]
)
def orgs(store: StoreDep) -> list[dict[str, Any]]:
    return list_orgs(store)


@router.post(
    "/leads/assign",
    summary="批量分派线索（全部成功或全部不变）",
    description="每条线索都已分派给该承办人（多为他人已先分派）或已越过分派阶段时返回 409，"
    "写明线索当前状态。",
    dependencies=[permission("leads.assign")],
    responses=CONFLICT,
)
def assign(form: AssignForm, store: StoreDep, user: UserDep) -> list[dict[str, Any]]:
    for lead_id in dict.fromkeys(form.lead_ids):  # each lead once, however often it is named
        require_lead(store, user, lead_id)
    return assign_many(store, form.lead_ids, form.assignee, user.username, form.note, user)


@router.post(
    "/leads/{lead_id}/referrals",
    summary="移送线索到另一检察院",
    description="线索已在移送中时返回 409。",
    dependencies=[lead_permission("leads.refer")],
    responses=CONFLICT,
)
def refer_lead(
    lead_id: LeadId, form: ReferralForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    return refer(store, lead_id, form.to, user.username, form.note)


@router.get(
    "/referrals",
    summary="移送记录",
    description="不给 `org` 时，有所属检察院的用户看到移送到本院的记录；"
    "限定了业务条线的用户只看到本人条线的线索的移送。",
    dependencies=[permission("leads.read")],
)
def list_referrals(
    store: StoreDep,
    user: UserDep,
    org: Annotated[str | None, Query(description="接收的检察院")] = None,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|declined)$")] = None,
) -> list[dict[str, Any]]:
    found = referrals(store, org=scoped_org(store, user, org), status=status)
    shown = visible_leads(store, user, [r["lead_id"] for r in found])
    return [mask_any(r) for r in found if r["lead_id"] in shown]  # notes: IDs, phones masked


@router.post(
    "/referrals/{referral_id}/accept",
    summary="接收移送的线索",
    description="移送已被接收或退回时返回 409，写明线索当前状态。",
    dependencies=[permission("referrals.decide")],
    responses=CONFLICT,
)
def accept(
    referral_id: ReferralId, form: DecisionForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    require_referral(store, user, referral_id)
    return decide(store, referral_id, "accept", user.username, form.note, user)


@router.post(
    "/referrals/{referral_id}/decline",
    summary="退回移送的线索",
    description="移送已被接收或退回时返回 409，写明线索当前状态。",
    dependencies=[permission("referrals.decide")],
    responses=CONFLICT,
)
def decline(
    referral_id: ReferralId, form: DecisionForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    require_referral(store, user, referral_id)
    return decide(store, referral_id, "decline", user.username, form.note, user)
