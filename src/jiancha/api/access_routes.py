"""Routes for data-access approval (数据申请与审批) and the circuit breaker (熔断).

A user files a request for a dataset; a leader of the office owning it approves or refuses
(never their own); grants are listed and can be revoked. Administrators see the security alerts
the circuit breaker raises, lift a suspension and set a user's hourly limits. Auditors read the
audit trail and check its chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from jiancha.api.access_schemas import (
    AccessRequestForm,
    DecisionForm,
    GrantId,
    LimitsForm,
    RequestId,
)
from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.paging import ListPage, PagingDep, SortWord
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.errors import Forbidden, JianchaError
from jiancha.governance import access, audit, breaker
from jiancha.governance.access_lists import (
    GRANT_SORTS,
    REQUEST_SORTS,
    AccessFilter,
    grant_page,
    request_page,
)
from jiancha.governance.accounts import set_active
from jiancha.governance.alert_list import SORTS as ALERT_SORTS
from jiancha.governance.alert_list import AlertFilter, alert_page
from jiancha.governance.audit import ACTIONS
from jiancha.governance.audit_check import ANCHOR_FILE
from jiancha.governance.audit_views import SORTS as ENTRY_SORTS
from jiancha.governance.audit_views import EntryFilter, auditor_scope, check, entry_page
from jiancha.governance.roles import ROLES, allowed

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["数据申请"]
)
Username = Annotated[str, Path(min_length=1, max_length=64, description="用户名")]
Status = Annotated[
    str | None,
    Query(pattern="^(pending|approved|refused|withdrawn)$", description="只看这个状态"),
]


def _sees_requests(user: UserDep) -> None:
    if not any(allowed(user, p) for p in ("datasets.request", "access.decide", "audit.read")):
        role = ROLES.get(user.role, user.role)
        raise Forbidden(
            f"无权查看数据申请（当前角色：{role}）", hint="数据申请由申请人、审批人和审计员查看"
        )


@router.post(
    "/access-requests",
    summary="提出数据申请",
    description="写明数据集、用途、使用期限（最长一年）和是否需要查看未脱敏信息；"
    "用途为某一模型时可写明模型编号（`model`，须为已知模型；高风险模型的运行和采用只认写明"
    "该模型的授权）。由数据所属检察院的领导审批。",
    dependencies=[permission("datasets.request")],
)
def file_request(form: AccessRequestForm, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return access.request_access(
        store,
        user.username,
        form.dataset,
        purpose=form.purpose,
        starts_on=form.starts_on,
        ends_on=form.ends_on,
        unmask=form.unmask,
        model=form.model,
    )


@router.get(
    "/access-requests",
    summary="数据申请列表",
    description="本人提出的，以及本人可以审批的（数据属于本院）。按状态、数据集、申请人和文字"
    "（`q`：数据集、申请人或用途中）筛选；`sort` 为 "
    + "、".join(REQUEST_SORTS)
    + " 之一（前加 `-` 为倒序，默认 `-id` 即最新的在前）。给出 `page` 或 `size` 时分页，返回 "
    "`{items, total, page, size}`；都不给时返回全部符合条件的申请（列表，兼容旧的调用方）。",
    dependencies=[Depends(_sees_requests)],
)
def requests(
    store: StoreDep,
    user: UserDep,
    paging: PagingDep,
    status: Status = None,
    dataset: Annotated[str | None, Query(max_length=200, description="数据集名称")] = None,
    requester: Annotated[str | None, Query(max_length=64, description="申请人用户名")] = None,
    q: Annotated[str | None, Query(max_length=200, description="包含的文字")] = None,
    sort: SortWord = "-id",
) -> list[dict[str, Any]] | ListPage:
    wanted = AccessFilter(dataset=dataset, person=requester, status=status, text=q)
    total, rows = request_page(store, user.username, wanted, paging.window(sort))
    return paging.answer(total, rows)


@router.post(
    "/access-requests/{request_id}/approve",
    summary="批准数据申请",
    description="只有数据所属检察院的领导可以批准，且不能批准本人的申请；批准后生成使用授权。",
    dependencies=[permission("access.decide")],
)
def approve(
    request_id: RequestId, form: DecisionForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    return access.decide(store, user.username, request_id, approve=True, reason=form.reason)


@router.post(
    "/access-requests/{request_id}/refuse",
    summary="驳回数据申请",
    description="须写明理由。",
    dependencies=[permission("access.decide")],
)
def refuse(
    request_id: RequestId, form: DecisionForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    return access.decide(store, user.username, request_id, approve=False, reason=form.reason)


@router.get(
    "/grants",
    summary="数据使用授权",
    description="本人的授权，以及本院数据的授权（审批人）；`active` 表示当前有效。按数据集、"
    "使用人（`grantee`）、是否有效和文字（`q`：数据集、使用人或用途中）筛选；`sort` 为 "
    + "、".join(GRANT_SORTS)
    + " 之一（前加 `-` 为倒序，默认 `-id`）。给出 `page` 或 `size` 时分页，返回 "
    "`{items, total, page, size}`；都不给时返回全部符合条件的授权（列表）。",
    dependencies=[Depends(_sees_requests)],
)
def grants(
    store: StoreDep,
    user: UserDep,
    paging: PagingDep,
    dataset: Annotated[str | None, Query(max_length=200, description="数据集名称")] = None,
    grantee: Annotated[str | None, Query(max_length=64, description="使用人用户名")] = None,
    active: Annotated[bool | None, Query(description="true 只看有效的，false 只看已失效的")] = None,
    q: Annotated[str | None, Query(max_length=200, description="包含的文字")] = None,
    sort: SortWord = "-id",
) -> list[dict[str, Any]] | ListPage:
    wanted = AccessFilter(dataset=dataset, person=grantee, active=active, text=q)
    total, rows = grant_page(store, user.username, wanted, paging.window(sort))
    return paging.answer(total, rows)


@router.post(
    "/grants/{grant_id}/revoke",
    summary="撤销数据使用授权",
    description="数据所属检察院的领导或系统管理员可以提前撤销。",
    dependencies=[permission("access.decide")],
)
def revoke(grant_id: GrantId, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return access.revoke_grant(store, user.username, grant_id)


@router.get(
    "/alerts",
    summary="安全告警",
    description="数据访问熔断等需要管理员处理的事件。按是否未处理、用户、种类和文字（`q`：用户或"
    "告警内容中）筛选；`sort` 为 "
    + "、".join(ALERT_SORTS)
    + " 之一（前加 `-` 为倒序，默认 `-id` 即最新的在前）。给出 `page` 或 `size` 时分页，返回 "
    "`{items, total, page, size}`；都不给时返回全部符合条件的告警（列表）。",
    tags=["熔断"],
    dependencies=[permission("users.manage")],
)
def alerts(
    store: StoreDep,
    paging: PagingDep,
    open_only: Annotated[bool, Query(description="只看未处理的")] = False,
    user: Annotated[str | None, Query(max_length=64, description="告警涉及的用户名")] = None,
    kind: Annotated[
        str | None, Query(max_length=32, description="种类，如 circuit_breaker（熔断）")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="包含的文字")] = None,
    sort: SortWord = "-id",
) -> list[dict[str, Any]] | ListPage:
    wanted = AlertFilter(open_only=open_only, user=user, kind=kind, text=q)
    total, rows = alert_page(store, wanted, paging.window(sort))
    return paging.answer(total, rows)


@router.post(
    "/users/{username}/lift",
    summary="解除熔断",
    description="恢复该用户的数据访问，并重新开始本小时的计数。",
    tags=["熔断"],
    dependencies=[permission("users.manage")],
)
def lift(username: str, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return breaker.lift(store, username, by=user.username)


@router.put(
    "/users/{username}/limits",
    summary="设置熔断阈值",
    description=f"每小时查看证据和导出行数的上限；空值用默认值（查看证据 "
    f"{breaker.LIMITS['evidence_reads']} 条，导出 {breaker.LIMITS['exported_rows']} 行）。",
    tags=["熔断"],
    dependencies=[permission("users.manage")],
)
def limits(username: str, form: LimitsForm, store: StoreDep) -> dict[str, Any]:
    breaker.set_limits(store, username, form.evidence_reads, form.exported_rows)
    audit.note(detail=form.model_dump())  # the limits set, in the request's audit entry
    return {"username": username} | form.model_dump()


@router.post(
    "/users/{username}/deactivate",
    summary="停用账号",
    description="停用后不能登录，其全部登录会话和 API 令牌立即失效（重新启用也不恢复）；"
    "不能停用自己的账号。记入审计。",
    tags=["用户"],
    dependencies=[permission("users.manage")],
)
def deactivate(username: Username, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return set_active(store, username, False, by=user.username)


@router.post(
    "/users/{username}/activate",
    summary="重新启用账号",
    description="恢复登录；原有的会话和令牌不恢复。记入审计。",
    tags=["用户"],
    dependencies=[permission("users.manage")],
)
def activate(username: Username, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return set_active(store, username, True, by=user.username)


@router.get(
    "/audit",
    summary="留痕记录",
    description="谁、何时、从哪里（客户端地址或命令行用户）、做了什么、对哪个对象、多少行、"
    "结果（含被拒绝的操作）。所属检察院的审计员只看到本院及下级院人员的操作"
    "和对本院及下级院线索的操作；未设所属检察院的审计员看到全部。"
    "按操作（`action` 或 `kind`）、操作人、对象类型和编号、结果、日期（`from`、`to`，北京时间，"
    "含当天）和文字（`q`：操作人、操作及其中文名称、对象或详情中）筛选；`sort` 为 "
    + "、".join(ENTRY_SORTS)
    + " 之一（前加 `-` 为倒序，默认 `-seq` 即最新的在前）。给出 `page` 或 `size` 时分页，返回 "
    "`{items, total, page, size}`；都不给时返回最新的 `limit` 条（列表，兼容旧的调用方）。",
    tags=["留痕"],
    dependencies=[permission("audit.read")],
)
def audit_entries(
    store: StoreDep,
    user: UserDep,
    paging: PagingDep,
    action: Annotated[
        str | None, Query(max_length=64, description="操作：" + "、".join(ACTIONS))
    ] = None,
    kind: Annotated[str | None, Query(max_length=64, description="操作（同 action）")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="操作人")] = None,
    object_type: Annotated[str | None, Query(max_length=32, description="对象类型")] = None,
    object_id: Annotated[str | None, Query(max_length=200, description="对象编号")] = None,
    result: Annotated[
        str | None, Query(pattern="^(ok|refused|failed|killed)$", description="结果")
    ] = None,
    since: Annotated[dt.date | None, Query(alias="from", description="自哪天起")] = None,
    until: Annotated[dt.date | None, Query(alias="to", description="至哪天止（含）")] = None,
    q: Annotated[str | None, Query(max_length=200, description="包含的文字")] = None,
    sort: SortWord = "-seq",
    limit: Annotated[int, Query(ge=1, le=1000, description="不分页时最多条数")] = 50,
) -> list[dict[str, Any]] | ListPage:
    if action and kind and action != kind:
        raise JianchaError("action 与 kind 是同一筛选条件，不能给出不同的值")
    wanted = EntryFilter(
        action=action or kind,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        result=result,
        since=since,
        until=until,
        text=q,
    )
    within = auditor_scope(store, user)
    total, rows = entry_page(store, wanted, paging.window(sort, limit), within=within)
    return paging.answer(total, rows)


@router.get(
    "/audit/verify",
    summary="校验留痕哈希链",
    description="逐条核对哈希链和锚点；`intact` 为假时，`problems` 列出被改动、删除、"
    "插入或调序的记录。",
    tags=["留痕"],
    dependencies=[permission("audit.read")],
)
def audit_verify(store: StoreDep) -> dict[str, Any]:
    return check(store, store.workspace.home / ANCHOR_FILE)
