"""Routes: sign-in (public); the catalogue, models and runs (signed in).

Also what every router of the API shares: ``StoreDep`` (the workspace's metadata store) and
``current_user`` (the person the bearer token belongs to, or 401). Leads and their workflow are
in ``lead_routes``, attachments in ``attachments``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jiancha import __version__, catalogue
from jiancha.api.errors import BAD_REQUEST, NOT_FOUND, SIGNED_IN
from jiancha.api.schemas import Health, LoginForm, ModelSql, Ok, SessionOut, UserOut
from jiancha.errors import JianchaError
from jiancha.governance import authenticate, end_session, session_user, start_session
from jiancha.runs import list_models, list_runs, model_sql, show_model
from jiancha.store import Store, User

_bearer = HTTPBearer(auto_error=False, description="登录（POST /api/login）得到的令牌")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_user(store: StoreDep, credentials: Credentials) -> User:
    user = None if credentials is None else session_user(store, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="未登录或登录已过期，请先登录",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


UserDep = Annotated[User, Depends(current_user)]

public = APIRouter(prefix="/api", tags=["登录"], responses=BAD_REQUEST)
private = APIRouter(
    prefix="/api",
    dependencies=[Depends(current_user)],
    responses={**BAD_REQUEST, **SIGNED_IN, **NOT_FOUND},
)


@public.get("/health", summary="服务状态", description="无需登录；返回状态和版本号。")
def health() -> Health:
    return Health(status="ok", version=__version__)


@public.post(
    "/login",
    summary="登录",
    description="用户名和密码正确时返回访问令牌（8 小时有效），之后的请求带 "
    "`Authorization: Bearer 令牌`。",
    responses=SIGNED_IN,
)
def login(form: LoginForm, store: StoreDep) -> SessionOut:
    try:
        user = authenticate(store, form.username, form.password)
    except JianchaError as error:
        raise HTTPException(status_code=401, detail=error.message) from None
    token, expires = start_session(store, user)
    return SessionOut(
        token=token,
        expires_at=expires.isoformat(),
        user=UserOut(username=user.username, display_name=user.display_name),
    )


@private.post("/logout", summary="退出登录", description="使当前令牌失效。", tags=["登录"])
def logout(store: StoreDep, credentials: Credentials) -> Ok:
    assert credentials is not None  # current_user has checked it
    end_session(store, credentials.credentials)
    return Ok(ok=True)


@private.get("/me", summary="当前用户", tags=["登录"])
def me(user: UserDep) -> UserOut:
    return UserOut(username=user.username, display_name=user.display_name)


@private.get("/datasets", summary="数据资源目录", tags=["数据目录"])
def datasets(store: StoreDep) -> list[dict[str, Any]]:
    return catalogue.list_datasets(store)


@private.get(
    "/datasets/{name}",
    summary="数据集详情",
    description="字段、语义类型、行数和质量报告（每个字段无法识别和缺失的值的个数）。",
    tags=["数据目录"],
)
def dataset(name: str, store: StoreDep) -> dict[str, Any]:
    return catalogue.show_dataset(store, name)


@private.get("/models", summary="已安装的监督模型", tags=["模型"])
def models(store: StoreDep) -> list[dict[str, Any]]:
    return list_models(store)


@private.get("/models/{slug}", summary="模型详情", tags=["模型"])
def model(slug: str, store: StoreDep) -> dict[str, Any]:
    return show_model(store, slug)


@private.get(
    "/models/{slug}/sql", summary="模型运行时执行的 SQL", description="不运行模型。", tags=["模型"]
)
def sql(
    slug: str,
    store: StoreDep,
    engine: Annotated[
        str, Query(pattern="^(duckdb|spark)$", description="引擎：duckdb 或 spark")
    ] = "duckdb",
) -> ModelSql:
    return ModelSql(model=slug, engine=engine, sql=model_sql(store, slug, engine))


@private.get("/runs", summary="模型运行记录", description="最新的在前。", tags=["运行"])
def runs(
    store: StoreDep,
    model: Annotated[str | None, Query(description="只看这个模型（模型编号）")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="最多返回多少条")] = 100,
) -> list[dict[str, Any]]:
    return list_runs(store, model, limit)
