"""What every router of the API depends on: the store and the signed-in user.

``current_user`` is the person the bearer token (a session token or an API token) belongs to,
or 401. While their first password is unchanged (``must_change_password``) every route but
those in ``BEFORE_CHANGE`` answers 403 "首次登录须修改密码".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jiancha.errors import Forbidden
from jiancha.governance import token_user
from jiancha.store import Store, User

BEFORE_CHANGE = frozenset({"/api/me", "/api/logout", "/api/password"})
_bearer = HTTPBearer(
    auto_error=False, description="登录（POST /api/login）得到的令牌，或系统对接用的 API 令牌"
)


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_user(request: Request, store: StoreDep, credentials: Credentials) -> User:
    user = None if credentials is None else token_user(store, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="未登录或登录已过期，请先登录",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if user.must_change_password and request.url.path not in BEFORE_CHANGE:
        raise Forbidden(
            "首次登录须修改密码",
            hint='请先修改密码：POST /api/password，请求体 {"old": 原密码, "new": 新密码}',
        )
    return user


UserDep = Annotated[User, Depends(current_user)]
