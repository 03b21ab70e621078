"""Routes for leads: the list (filter, sort, page, search titles), one lead, its workflow, the
supervision actions issued on it, the feedback received, and comments; the sign-offs a risk
grade asks are ``signoff_routes``' (included here).

Personal identifiers in leads are masked (see ``jiancha.governance.masking``); unmasked access
under an approved purpose belongs to data-access approval, not to these routes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from jiancha.api import signoff_routes
from jiancha.api.errors import CONFLICT, PRIVATE_ERRORS
from jiancha.api.masking import Known, known_values, mask_any, mask_lead
from jiancha.api.permissions import (
    action_permission,
    lead_permission,
    permission,
    scoped_org,
    user_lines,
    viewer_of,
)
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schemas import (
    COUNT_LIMIT,
    ActionForm,
    ActionId,
    ActionOut,
    CommentForm,
    CommentOut,
    EventOut,
    FeedbackForm,
    FeedbackOut,
    LeadId,
    LeadPage,
    MoveForm,
    RecordsOut,
)
from jiancha.errors import NotFound
from jiancha.governance import audit, breaker
from jiancha.leads import (
    LeadFilter,
    Move,
    exact_total,
    history,
    list_leads,
    move_lead,
    search_leads,
)
from jiancha.leads.actions import add_comment, issue_action, lead_actions, record_feedback
from jiancha.leads.allowed import open_to
from jiancha.leads.evidence_labels import lead_evidence_labels
from jiancha.leads.source_rows import step_rows
from jiancha.store import Store

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["线索"]
)


@router.get(
    "/leads",
    summary="线索列表",
    description="按模型、状态、是否仍命中、承办人、管辖单位、检察院（含下级院）筛选；"
    "`q` 在脱敏后的标题中查找文字（每次查找至少计 1 次证据读取，计入熔断）；"
    "`sort` 为字段名（前加 `-` 表示倒序，如 `-amount`）；分页。"
    "返回的线索已脱敏。只返回本院及下级院的线索（限定了业务条线的用户只看到本人条线的线索；"
    "高风险模型的线索只对线索所属检察院本院的人员显示）；`org` 不能是范围外的检察院（403）。",
    dependencies=[permission("leads.read")],
)
def leads(
    store: StoreDep,
    user: UserDep,
    model: Annotated[str | None, Query(max_length=200, description="模型编号")] = None,
    status: Annotated[
        str | None, Query(max_length=24, description="状态，如 new、assigned")
    ] = None,
    hit: Annotated[bool | None, Query(description="最近一次运行是否仍命中")] = None,
    assignee: Annotated[str | None, Query(max_length=64, description="承办人")] = None,
    jurisdiction: Annotated[str | None, Query(max_length=200, description="管辖单位")] = None,
    org: Annotated[
        str | None, Query(max_length=200, description="检察院（代码或名称），含其下级院")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="脱敏后的标题包含的文字")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "-id",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
) -> LeadPage:
    wanted = LeadFilter(
        model=model,
        status=status,
        hit=hit,
        assignee=assignee,
        jurisdiction=jurisdiction,
        org=scoped_org(store, user, org),
        lines=user_lines(user),
        viewer=viewer_of(user),
        text=q,
        sort=sort,
        offset=(page - 1) * size,
        limit=size,
        count_limit=COUNT_LIMIT,
    )
    with store.session() as session:
        total, found = search_leads(session, wanted)
    audit.note(rows=len(found), detail={"total": total})  # the list's audit entry (留痕)
    if found or q:  # each lead on the page carries its (masked) evidence; a search counts
        # at least one read even when it finds nothing, so that guessing costs like reading
        breaker.consume(store, user.username, "evidence_reads", max(len(found), 1))
    return LeadPage.counted(
        total, exact_total(wanted, total), COUNT_LIMIT, page, size, [mask_lead(x) for x in found]
    )


@router.get(
    "/leads/{lead_id}",
    summary="线索详情",
    description="证据、命中原因和状态（已脱敏）；`allowed_moves`：当前用户此刻可做的流转"
    "（`to`、`label`，及须填的原因 `needs_reason`、说明 `needs_note`、承办人 `needs_assignee`），"
    "`allowed_actions`：可制发的监督文书种类（`kind`、`label`）；"
    "`allowed_signoffs`：当前用户此刻可作的签署（`kind`、`label`：院领导审批、第二人核查）；"
    "`signoffs`：模型风险等级（`risk`、`risk_label`）要求成案前须有的签署（`required`）、"
    "已有的签署（`done`：谁、何时、意见）和尚缺的签署（`missing`）；成案（`case_opened`）"
    "只在签署齐全、或当前用户本人成案即可补齐（院领导成案即视为审批）时列入 `allowed_moves`；"
    "`evidence_labels`：每个证据字段的中文名称（绑定的数据集列名，或模型计算列的名称）。"
    "高风险模型的线索只对线索所属检察院本院的人员可见，其他人返回 404。",
    dependencies=[lead_permission("leads.read")],
)
def lead(lead_id: LeadId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        found = list_leads(session, lead_id=lead_id)
    if not found:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    breaker.consume(store, user.username, "evidence_reads")
    audit.record_now(
        store, actor=user.username, action="lead_read", object_type="lead", object_id=lead_id
    )
    with store.session() as session:  # the buttons the console may show (leads.allowed)
        open_now = open_to(session, lead_id, found[0]["status"], user)
        labels = lead_evidence_labels(session, lead_id)  # 证据字段的中文名称
    return mask_lead(found[0]) | open_now | {"evidence_labels": labels}


@router.get(
    "/leads/{lead_id}/history",
    summary="线索的流转记录",
    description="每一步：谁、何时、从哪个状态到哪个状态、为什么；成案前的审批和复核也列入"
    "（`kind` 为 `signoff`，`signoff` 为签署种类，`note` 为意见）。",
    tags=["线索处理"],
    dependencies=[lead_permission("leads.read")],
)
def lead_history(lead_id: LeadId, store: StoreDep) -> list[EventOut]:
    known = _known(store, lead_id)
    return [EventOut.model_validate(mask_any(event, known)) for event in history(store, lead_id)]


@router.post(
    "/leads/{lead_id}/moves",
    summary="流转线索",
    description="按状态机转到下一状态（分派、核查、核查属实/不属实、成案、办结）；"
    "每一步按其所需权限检查（分派、改派须 leads.assign，与批量分派相同）。"
    "线索已处于或已越过目标状态（多为他人已先办理）返回 409 并写明线索当前状态；"
    "其他不允许的转换返回 400 并列出可转到的状态。"
    "中、高风险模型的线索成案须有风险等级要求的签署（见 POST /api/leads/{lead_id}/signoffs），"
    "尚缺时返回 403 并写明缺少的签署；院领导本人成案即视为审批（以成案说明为审批意见）。",
    tags=["线索处理"],
    dependencies=[lead_permission("leads.handle")],
    responses=CONFLICT,
)
def move(lead_id: LeadId, form: MoveForm, store: StoreDep, user: UserDep) -> EventOut:
    step = Move(target=form.to, note=form.note, reason=form.reason, assignee=form.assignee)
    return EventOut.model_validate(move_lead(store, lead_id, step, user.username, user))


@router.get(
    "/leads/{lead_id}/records",
    summary="线索上的监督文书、整改反馈、评论和附件",
    tags=["线索处理"],
    dependencies=[lead_permission("leads.read")],
)
def lead_records(lead_id: LeadId, store: StoreDep) -> RecordsOut:
    known = _known(store, lead_id)
    return RecordsOut.model_validate(mask_any(lead_actions(store, lead_id), known))


@router.get(
    "/leads/{lead_id}/steps/{step}/rows",
    summary="命中原因某一步所依据的源数据行（已脱敏）",
    description="线索解释中第 `step` 步读取的源数据行：数据集、版本、行号和各列的值"
    "（按列的语义类型和分级脱敏）；每次查看计 1 次证据读取，计入熔断，并记入审计。",
    dependencies=[lead_permission("leads.read")],
)
def lead_step_rows(
    lead_id: LeadId,
    step: Annotated[int, Path(ge=1, le=1000, description="第几步（从 1 开始）")],
    store: StoreDep,
    user: UserDep,
) -> dict[str, Any]:
    found = step_rows(store, lead_id, step)
    breaker.consume(store, user.username, "evidence_reads")
    audit.note(rows=len(found["rows"]), detail={"step": step})
    return found


def _known(store: Store, lead_id: int) -> Known:
    """The lead's personal values, masked wherever its history or records repeat them."""
    with store.session() as session:
        found = list_leads(session, lead_id=lead_id)
    return known_values(found[0]) if found else Known()


@router.post(
    "/leads/{lead_id}/actions",
    summary="制发监督文书",
    description="线索须已成案；第一份文书使线索转为已制发监督文书。制发日期不能早于发现线索的日期"
    "（北京时间）；同一线索上同种类、同编号的文书已登记的，返回 409。",
    tags=["线索处理"],
    dependencies=[lead_permission("leads.handle")],
    responses=CONFLICT,
)
def action(lead_id: LeadId, form: ActionForm, store: StoreDep, user: UserDep) -> ActionOut:
    issued = issue_action(store, lead_id, **form.model_dump(), user=user.username, actor=user)
    return ActionOut.model_validate(issued)


@router.post(
    "/actions/{action_id}/feedback",
    summary="登记整改反馈",
    description="第一份反馈使线索转为已收到整改反馈；反馈日期不能早于文书制发日期，"
    "也不能晚于今天（北京时间）；同样的反馈已登记的，返回 409。",
    tags=["线索处理"],
    dependencies=[action_permission("leads.handle")],
    responses=CONFLICT,
)
def feedback(
    action_id: ActionId, form: FeedbackForm, store: StoreDep, user: UserDep
) -> FeedbackOut:
    fields = form.model_dump()
    recorded = record_feedback(store, action_id, **fields, user=user.username, actor=user)
    return FeedbackOut.model_validate(recorded)


@router.post(
    "/leads/{lead_id}/comments",
    summary="评论线索",
    tags=["线索处理"],
    dependencies=[lead_permission("leads.handle")],
)
def comment(lead_id: LeadId, form: CommentForm, store: StoreDep, user: UserDep) -> CommentOut:
    return CommentOut.model_validate(add_comment(store, lead_id, form.text, user.username))


router.include_router(signoff_routes.router)
