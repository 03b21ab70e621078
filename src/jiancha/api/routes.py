"""Routes: sign-in (public); the catalogue, models and runs (signed in).

Also re-exports what every router of the API shares (``deps``): ``StoreDep`` (the workspace's
metadata store) and ``current_user`` (the person the bearer token or the console's session
cookie belongs to, or 401; a cookie request that changes data also needs the session's CSRF
token, see ``deps``). Each route names the permission it needs (``permissions``). Leads and
their workflow are in ``lead_routes``, attachments in ``attachments``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from jiancha import __version__, catalogue
from jiancha.api.deps import (
    StoreDep,
    UserDep,
    clear_session_cookies,
    current_user,
    get_store,
    set_session_cookies,
    signed_in,
)
from jiancha.api.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND, SIGNED_IN, ErrorBody
from jiancha.api.listing import filtered, ordered
from jiancha.api.paging import ListPage, PagingDep
from jiancha.api.permissions import permission
from jiancha.api.schemas import (
    Health,
    LoginForm,
    ModelSql,
    Ok,
    PasswordForm,
    SessionOut,
    UserOut,
)
from jiancha.api.scope import AdoptingOrg, visible_orgs
from jiancha.errors import JianchaError
from jiancha.governance import authenticate, end_session, set_password, start_session
from jiancha.governance.accounts import TooManySignIns, start_console_session
from jiancha.governance.roles import PERMISSIONS, ROLES
from jiancha.runs import list_runs, model_sql, show_model
from jiancha.runs.model_cards import ModelFilter, model_card, model_page
from jiancha.store import Org, Store, User

__all__ = ["StoreDep", "UserDep", "current_user", "get_store"]

DATASET_SORTS = ("name", "rows", "fields", "classification", "imported_at")
public = APIRouter(prefix="/api", tags=["登录"], responses=BAD_REQUEST)
private = APIRouter(
    prefix="/api",
    dependencies=[Depends(current_user)],
    responses={**BAD_REQUEST, **SIGNED_IN, **FORBIDDEN, **NOT_FOUND},
)


def user_out(store: Store, user: User) -> UserOut:
    with store.session() as session:
        org = None if user.org_id is None else session.get(Org, user.org_id)
        code, name = (None, None) if org is None else (org.code, org.name)
    label = ROLES.get(user.role, user.role)
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        role_label=label,
        org=code,
        org_name=name,
        must_change_password=user.must_change_password,
        roles=[user.role],
        role_labels=[label],
        permissions=sorted(PERMISSIONS.get(user.role, frozenset())),
        lines=list(user.lines or []),
    )


@public.get("/health", summary="服务状态", description="无需登录；返回状态和版本号。")
def health() -> Health:
    return Health(status="ok", version=__version__)


@public.post(
    "/login",
    summary="登录",
    description="用户名和密码正确时返回访问令牌（8 小时有效），之后的请求带 "
    "`Authorization: Bearer 令牌`。连续 5 次密码错误锁定账号 15 分钟（用户名不存在时答复相同）；"
    "同一地址 60 分钟内登录失败 10 次后，该地址的登录请求返回 429，直至最早的失败满 60 分钟。"
    "`user.must_change_password` 为真时须先修改密码（POST /api/password），否则其他接口返回 403。"
    "\n\n同时为网页控制台设置两个 Cookie：`jiancha_session`（即访问令牌；HttpOnly、"
    "SameSite=Strict，经 https 访问时带 Secure）和 `jiancha_csrf`（防跨站请求伪造令牌，"
    "与返回的 `csrf_token` 相同，页面脚本可读）。只凭 Cookie 登录时，修改数据的请求"
    "（POST、PUT、PATCH、DELETE）须在请求头 `X-CSRF-Token` 中带上该令牌，且请求来源（Origin）"
    "须为本站，否则返回 403；带 `Authorization` 请求头的请求不受此限，两者都有时以请求头为准。"
    "\n\n每次登录都开始一个全新的会话、生成新的随机令牌：登录前浏览器带来的 "
    "`jiancha_session` Cookie 一律不沿用（防会话固定攻击），它所指的会话也不会被延长。",
    responses={**SIGNED_IN, 429: {"model": ErrorBody, "description": "该地址登录失败次数过多"}},
)
def login(form: LoginForm, store: StoreDep, request: Request, response: Response) -> SessionOut:
    client = None if request.client is None else request.client.host
    try:
        user = authenticate(store, form.username, form.password, client)
    except TooManySignIns as error:
        retry = {"Retry-After": str(error.retry_after)}
        raise HTTPException(status_code=429, detail=error.message, headers=retry) from None
    except JianchaError as error:
        raise HTTPException(status_code=401, detail=error.message) from None
    # Always a brand-new session: a jiancha_session cookie sent with this request is ignored
    # (never adopted, extended or revoked), so a planted session id cannot be fixed.
    token, csrf, expires = start_console_session(store, user)
    set_session_cookies(request, response, token, csrf)
    return SessionOut(
        token=token,
        expires_at=expires.isoformat(),
        user=user_out(store, user),
        csrf_token=csrf,
    )


@private.post(
    "/logout",
    summary="退出登录",
    description="使当前令牌（`Authorization` 请求头或 `jiancha_session` Cookie 中的）失效，"
    "并清除 `jiancha_session` 和 `jiancha_csrf` 两个 Cookie。",
    tags=["登录"],
)
def logout(store: StoreDep, request: Request, response: Response) -> Ok:
    end_session(store, signed_in(request).token)
    clear_session_cookies(request, response)
    return Ok(ok=True)


@private.get(
    "/me",
    summary="当前用户",
    description="含角色（`roles`、`role_labels`）、角色给予的全部权限（`permissions`，控制台据此"
    "只显示可用的菜单）、所属检察院、业务条线和是否须修改密码。",
    tags=["登录"],
)
def me(user: UserDep, store: StoreDep) -> UserOut:
    return user_out(store, user)


@private.post(
    "/password",
    summary="修改密码",
    description="须给出原密码；新密码至少 10 位，含小写字母、大写字母、数字、符号中的至少三类，"
    "不能与用户名或原密码相同。修改后原有的登录全部失效，返回新的访问令牌。"
    "凭 Cookie 登录时同时设置新的 `jiancha_session` 和 `jiancha_csrf` Cookie"
    "（新的会话和新的防跨站请求伪造令牌，原 Cookie 随即失效），`csrf_token` 为新的令牌。",
    tags=["登录"],
)
def change_password(
    form: PasswordForm, user: UserDep, store: StoreDep, request: Request, response: Response
) -> SessionOut:
    changed = set_password(store, user.username, form.new, old=form.old)
    csrf: str | None = None
    if signed_in(request).via_cookie:
        token, csrf, expires = start_console_session(store, changed)
        set_session_cookies(request, response, token, csrf)
    else:
        token, expires = start_session(store, changed)
    return SessionOut(
        token=token, expires_at=expires.isoformat(), user=user_out(store, changed), csrf_token=csrf
    )


@private.get(
    "/datasets",
    summary="数据资源目录",
    description="按名称中的文字（`q`）、分级、所属检察院筛选；`sort` 为 name、rows、fields、"
    "classification、imported_at 之一（前加 `-` 为倒序）。给出 `page` 或 `size` 时分页，返回 "
    "`{items, total, page, size}`；都不给时返回全部符合条件的数据集（列表，兼容旧的调用方）。",
    tags=["数据目录"],
    dependencies=[permission("datasets.read")],
)
def datasets(
    store: StoreDep,
    user: UserDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(max_length=200, description="名称包含的文字")] = None,
    classification: Annotated[
        str | None, Query(max_length=16, description="分级：public、internal、sensitive、core")
    ] = None,
    org: Annotated[str | None, Query(max_length=200, description="所属检察院代码")] = None,
    format: Annotated[
        str | None, Query(max_length=16, description="文件格式：csv、xlsx、parquet、jsonl 等")
    ] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "name",
) -> list[dict[str, Any]] | ListPage:
    rows = filtered(
        catalogue.list_datasets(store, visible_orgs(store, user)),
        text=q,
        fields=("name",),
        equal={"classification": classification, "org": org, "format": format},
    )
    rows = ordered(rows, sort, DATASET_SORTS)
    window = paging.window(sort)
    end = None if window.limit is None else window.offset + window.limit
    return paging.answer(len(rows), rows[window.offset : end])


@private.get(
    "/datasets/{name}",
    summary="数据集详情",
    description="字段、语义类型、行数和质量报告（每个字段无法识别和缺失的值的个数，及脱敏的无效值示例）。"
    "每次查看记入审计，并按显示的无效值示例数（至少 1）计入熔断阈值；"
    "数据访问已熔断的用户返回 403。",
    tags=["数据目录"],
    dependencies=[permission("datasets.read")],
)
def dataset(name: str, store: StoreDep, user: UserDep) -> dict[str, Any]:
    visible = visible_orgs(store, user)
    return catalogue.read_dataset(store, name, account=user.username, visible=visible)


@private.get(
    "/models",
    summary="已安装的监督模型",
    description="按检察领域、业务条线、风险等级、类型和文字（`q`：编号、名称、说明）筛选；"
    "`sort` 为 id、name、area、line、risk、kind、installed_at、leads 之一（前加 `-` 为倒序）。"
    "给出 `page` 或 `size` 时分页，返回 `{items, total, page, size}`；都不给时返回全部符合条件的"
    "模型（列表，兼容旧的调用方）。每个模型含说明、法律依据、风险等级及各项的中文名称和最近的运行"
    "（`last_runs`）。只列出本院、上级院和未归属单位安装的模型。",
    tags=["模型"],
    dependencies=[permission("models.read")],
)
def models(
    store: StoreDep,
    user: UserDep,
    paging: PagingDep,
    q: Annotated[
        str | None, Query(max_length=200, description="编号、名称或说明包含的文字")
    ] = None,
    area: Annotated[str | None, Query(max_length=32, description="检察领域")] = None,
    line: Annotated[str | None, Query(max_length=32, description="业务条线")] = None,
    risk: Annotated[str | None, Query(max_length=16, description="风险等级")] = None,
    kind: Annotated[str | None, Query(max_length=16, description="类型")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "id",
) -> list[dict[str, Any]] | ListPage:
    window = paging.window(sort)
    wanted = ModelFilter(
        text=q,
        area=area,
        line=line,
        risk=risk,
        kind=kind,
        sort=sort,
        offset=window.offset,
        limit=window.limit,
    )
    total, found = model_page(store, wanted, visible_orgs(store, user))
    return paging.answer(total, found)


@private.get(
    "/models/{slug}",
    summary="模型详情",
    description="说明、法律依据、风险等级、类型、检察领域和业务条线（含中文名称）；参数"
    "（`parameters`：名称、类型、说明、默认值、可选值，足以生成运行表单）；输入及其绑定"
    "（`inputs`：每个输入绑定的数据集，每个字段读取的列）；模型文本（`spec`）和最近的运行。",
    tags=["模型"],
    dependencies=[permission("models.read")],
)
def model(
    slug: str,
    store: StoreDep,
    user: UserDep,
    org: AdoptingOrg = None,
) -> dict[str, Any]:
    return model_card(store, slug, visible_orgs(store, user), org, user.org_id)


@private.get(
    "/models/{slug}/sql",
    summary="模型运行时执行的 SQL",
    description="不运行模型。",
    tags=["模型"],
    dependencies=[permission("models.read")],
)
def sql(
    slug: str,
    store: StoreDep,
    user: UserDep,
    engine: Annotated[
        str, Query(pattern="^(duckdb|spark)$", description="引擎：duckdb 或 spark")
    ] = "duckdb",
    org: AdoptingOrg = None,
) -> ModelSql:
    found = show_model(store, slug, visible_orgs(store, user), org, user.org_id)  # 404 if unseen
    text = model_sql(store, slug, engine, found["org"])
    return ModelSql(model=slug, engine=engine, sql=text)


@private.get(
    "/runs",
    summary="模型运行记录",
    description="最新的在前。",
    tags=["运行"],
    dependencies=[permission("models.read")],
)
def runs(
    store: StoreDep,
    user: UserDep,
    model: Annotated[str | None, Query(description="只看这个模型（模型编号）")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="最多返回多少条")] = 100,
) -> list[dict[str, Any]]:
    return list_runs(store, model, limit, visible=visible_orgs(store, user))
