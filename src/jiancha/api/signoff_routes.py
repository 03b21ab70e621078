"""The route of a lead's sign-offs (审批, 复核) that a model's risk grade asks before a case is
opened: a thin layer over ``leads.signoffs``. Included by ``lead_routes`` (same prefix, same
signed-in dependency).

Owns ``POST /api/leads/{lead_id}/signoffs``. The lead must be in the user's scope (404 as for
every lead route); which kind needs which permission, and who may sign what, is the domain's.
"""

from __future__ import annotations

from fastapi import APIRouter

from jiancha.api.errors import CONFLICT
from jiancha.api.permissions import lead_permission
from jiancha.api.routes import StoreDep, UserDep
from jiancha.api.schemas import LeadId, SignoffForm, SignoffOut
from jiancha.leads.signoffs import sign_off

router = APIRouter(tags=["线索处理"])


@router.post(
    "/leads/{lead_id}/signoffs",
    summary="审批或复核线索（成案前的签署）",
    description="中风险模型的线索成案前须经院领导审批（`approval`，须 leads.approve）；"
    "高风险模型的线索还须经核查人以外的检察官复核（`second_verification`，须 leads.handle），"
    "且审批人不能是核查人或复核人。只在线索为核查属实时签署，每人每种只签一次（重复签署返回 "
    "409），须写明意见。签署记入线索的流转记录和审计。",
    dependencies=[lead_permission("leads.handle")],
    responses=CONFLICT,
)
def signoff(lead_id: LeadId, form: SignoffForm, store: StoreDep, user: UserDep) -> SignoffOut:
    return SignoffOut.model_validate(sign_off(store, lead_id, form.kind, form.opinion, user))
