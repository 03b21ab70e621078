"""Routes for account administration (用户与角色): list, create, change a role; the roles table.

A thin layer over ``governance.user_search`` and ``governance.user_admin``, which hold the rules
(who may give which role, to which office). Managing accounts needs ``users.manage``, as the
other account routes (deactivate, activate, lift a circuit breaker) do; an administrator with an
office sees and manages only the accounts of that office's subtree. Must not touch passwords of
existing accounts, sessions or tokens.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from jiancha.api.admin_schemas import (
    Account,
    AccountPage,
    CreatedAccount,
    NewAccount,
    RoleOut,
    RolesForm,
)
from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.permissions import permission, scope_ids
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.governance import audit
from jiancha.governance.user_admin import add_account, roles_table, set_role
from jiancha.governance.user_search import SORTS, UserFilter, account, search_users

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["用户"]
)
Username = Annotated[str, Path(min_length=1, max_length=64, description="用户名")]
RULES = (
    "只能授予本人拥有其全部权限的角色（否则 403）；所属检察院的管理员只能管理本院及下级院的"
    "账号，新账号须指定本院或下级院（否则 403），范围外的账号视为不存在（404）。"
)


@router.get(
    "/users",
    summary="用户列表",
    description="按用户名或姓名中的文字（`q`）、角色、检察院（含下级院）、是否启用筛选；"
    f"`sort` 为 {'、'.join(SORTS)} 之一（前加 `-` 为倒序）；分页。"
    "含熔断状态和最近一次成功登录时间（来自留痕）。所属检察院的管理员只看到本院及下级院的账号。",
    dependencies=[permission("users.manage")],
)
def users(
    store: StoreDep,
    user: UserDep,
    q: Annotated[str | None, Query(max_length=200, description="用户名或姓名包含的文字")] = None,
    role: Annotated[str | None, Query(max_length=32, description="角色代码")] = None,
    office: Annotated[
        str | None, Query(max_length=200, description="检察院代码或名称（含其下级院）")
    ] = None,
    active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "username",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
) -> AccountPage:
    wanted = UserFilter(
        text=q,
        role=role,
        office=office,
        active=active,
        sort=sort,
        offset=(page - 1) * size,
        limit=size,
    )
    with store.session() as session:
        within = scope_ids(session, user)
    total, found = search_users(store, wanted, within)
    audit.note(rows=len(found), detail={"total": total})
    return AccountPage(
        total=total, page=page, size=size, items=[Account.model_validate(x) for x in found]
    )


@router.post(
    "/users",
    summary="新增用户",
    description="不给 `password` 时生成随机的强密码，只在本次答复的 `password` 中出现一次；"
    "无论哪种，用户首次登录都须修改密码。" + RULES + "记入审计（user_add）。",
    dependencies=[permission("users.manage")],
    status_code=201,
)
def create(form: NewAccount, store: StoreDep, user: UserDep) -> CreatedAccount:
    created = add_account(
        store,
        user,
        username=form.username,
        display_name=form.display_name,
        roles=form.roles,
        office=form.office,
        password=form.password,
        lines=form.lines,
    )
    return CreatedAccount.model_validate(created)


@router.put(
    "/users/{username}/roles",
    summary="调整用户角色",
    description="设置用户的角色（及所属检察院、业务条线，给出时）。不能调整自己的；"
    "也不能调整拥有本人所没有的权限的账号。"
    + RULES
    + "记入审计（user_role，含调整前后）。返回调整后的账号（同用户列表中的一项）。",
    dependencies=[permission("users.manage")],
)
def change_roles(username: Username, form: RolesForm, store: StoreDep, user: UserDep) -> Account:
    set_role(store, user, username, form.roles, form.office, form.lines)
    return Account.model_validate(account(store, username))


@router.get(
    "/roles",
    summary="角色与权限",
    description="每个角色的名称、用途和它给予的权限（代码及说明）。任何登录用户都可查看。",
)
def roles() -> list[RoleOut]:
    return [RoleOut.model_validate(r) for r in roles_table()]
