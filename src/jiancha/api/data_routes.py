"""Routes that reach personal data under a grant: a lead unmasked, lead exports, runs started
over the API; and the checks a modeller runs before installing (a spec sent for validation).

Every one of them counts toward the user's circuit breaker (``governance.breaker``) and is
audited. Unmasked values need an active unmasking grant for every dataset the lead's model reads
(``governance.access.unmask_grants``); a run needs an active grant for every input dataset.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from jiancha.api.access_schemas import RunForm, RunId, SpecForm
from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.permissions import lead_permission, permission, scoped_org, user_lines, viewer_of
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schemas import LeadId
from jiancha.api.scope import AdoptingOrg, visible_orgs
from jiancha.errors import JianchaError, NotFound
from jiancha.governance import audit, breaker
from jiancha.governance.access import unmask_for
from jiancha.leads import LeadFilter, list_leads, search_leads
from jiancha.leads.export import MEDIA, render, table_rows
from jiancha.modelling.compiler import compile_spec
from jiancha.modelling.errors import SpecInvalid
from jiancha.modelling.loader import load_spec
from jiancha.runs import list_runs, run_model, show_model

router = APIRouter(prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS)
EXPORT_LIMIT = 100_000


@router.get(
    "/leads/{lead_id}/unmasked",
    summary="查看未脱敏的线索",
    description="须持有该线索所用每个数据集的有效授权，且授权允许查看未脱敏信息；每次查看都记入审计，"
    "并计入熔断阈值。",
    tags=["线索"],
    dependencies=[lead_permission("leads.read")],
)
def unmasked_lead(lead_id: LeadId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        found = list_leads(session, lead_id=lead_id)
    if not found:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    lead = found[0]
    grants = unmask_for(store, user.username, {lead["model"]})
    breaker.consume(store, user.username, "evidence_reads")
    audit.record_now(
        store,
        actor=user.username,
        action="unmasked_view",
        object_type="lead",
        object_id=lead_id,
        rows=1,
        detail={"grants": grants},
    )
    return lead | {"masked": False, "grants": grants}


@router.get(
    "/exports/leads",
    summary="导出线索（CSV 或 Excel）",
    description="按模型、状态、检察院筛选，只含本院及下级院的线索；默认脱敏。`unmasked=true` "
    "须持有所涉模型每个数据集允许查看未脱敏信息的有效授权。导出行数计入熔断阈值，并记入审计。",
    tags=["线索"],
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}, "description": "导出的文件"}},
    dependencies=[permission("leads.export")],
)
def export_leads(
    store: StoreDep,
    user: UserDep,
    fmt: Annotated[str, Query(alias="format", pattern="^(csv|xlsx)$")] = "csv",
    model: Annotated[str | None, Query(max_length=200, description="模型编号")] = None,
    status: Annotated[str | None, Query(max_length=24, description="状态")] = None,
    org: Annotated[str | None, Query(max_length=200, description="检察院（含下级院）")] = None,
    unmasked: Annotated[bool, Query(description="不脱敏（须有授权）")] = False,
) -> Response:
    wanted = LeadFilter(
        model=model,
        status=status,
        org=scoped_org(store, user, org),
        lines=user_lines(user),
        viewer=viewer_of(user),  # a high model's leads: only its own office's
        limit=EXPORT_LIMIT,
    )
    with store.session() as session:
        total, leads = search_leads(session, wanted)
    if total > EXPORT_LIMIT:
        raise JianchaError(
            f"符合条件的线索有 {total:,} 条，超过一次导出的上限 {EXPORT_LIMIT:,} 条",
            hint="请按模型、状态或检察院缩小范围后分批导出",
        )
    models = {lead["model"] for lead in leads}
    grants = unmask_for(store, user.username, models) if unmasked else []
    breaker.consume(store, user.username, "exported_rows", max(len(leads), 1))
    data = render(table_rows(leads, masked=not unmasked), fmt)
    detail = {"format": fmt, "model": model, "status": status, "org": wanted.org}
    audit.record_now(
        store,
        actor=user.username,
        action="export",
        object_type="leads",
        rows=len(leads),
        detail=detail | {"masked": not unmasked, "grants": grants, "via": "api"},
    )
    name = f"线索{'（未脱敏）' if unmasked else ''}.{fmt}"
    disposition = f"attachment; filename=\"leads.{fmt}\"; filename*=UTF-8''{quote(name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(content=data, media_type=MEDIA[fmt], headers=headers)


@router.post(
    "/models/{slug}/runs",
    summary="运行模型",
    description="须持有模型每个输入数据集的有效授权（数据申请经批准）；运行记录写明所用授权。"
    "参数按模型声明的类型解析后作为值绑定，不会作为 SQL 文本执行。",
    tags=["运行"],
    dependencies=[permission("models.run")],
)
def start_run(
    slug: str,
    form: RunForm,
    store: StoreDep,
    user: UserDep,
    org: AdoptingOrg = None,
) -> dict[str, Any]:
    # 404 outside the user's offices; the adoption of ``org``, else the only or the user's own
    found = show_model(store, slug, visible_orgs(store, user), org, user.org_id)
    return run_model(
        store,
        slug,
        form.params,
        form.engine,
        form.as_of,
        account=user.username,
        org=found["org"],
    )


@router.get(
    "/runs/{run_id}",
    summary="一次运行的记录",
    description="谁、何时、哪个版本、参数、数据集版本、所用授权、引擎、耗时和结果。"
    "失败的运行，`error` 为分类后的说明（不含数据值）；引擎的原始错误 `error_detail` "
    "只对系统管理员显示。",
    tags=["运行"],
    dependencies=[permission("models.read")],
)
def run(run_id: RunId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    visible, admin = visible_orgs(store, user), user.role == "admin"
    found = list_runs(store, limit=1, visible=visible, run_id=run_id, details=admin)
    if not found:
        raise NotFound(f"没有编号为 {run_id} 的运行记录")
    return found[0]


@router.post(
    "/models/validate",
    summary="检查模型 YAML",
    description="校验结构并编译全部表达式（只允许白名单内的函数和运算，不允许子查询、表函数、"
    "多条语句等）；返回每处错误的行号、列号和说明。不安装、不运行。",
    tags=["模型"],
    dependencies=[permission("models.install")],
)
def validate(form: SpecForm) -> dict[str, Any]:
    try:
        spec = load_spec(form.spec, "（提交的模型）")
        compile_spec(spec)
    except SpecInvalid as error:
        problems = [
            {"line": p.line, "column": p.column, "message": p.message, "path": p.path}
            for p in error.problems
        ]
        return {"valid": False, "problems": problems}
    return {"valid": True, "id": spec.id, "version": spec.version, "name": spec.name}
