"""What every router of the API depends on: the store and the signed-in user.

``current_user`` is the person a request is signed in as, or 401. A request signs in in one of
two ways:

* the header ``Authorization: Bearer 令牌`` (a session token from ``POST /api/login`` or an API
  token of a system integration). Browsers never send it by themselves, so it needs nothing
  more. When a request carries both the header and the cookie, the header wins.
* the console's cookie ``jiancha_session`` (set by ``POST /api/login``: HttpOnly,
  SameSite=Strict, Secure over https). Browsers send a cookie with every request, including
  one a hostile page makes them send, so with the cookie every state-changing request (any
  method but GET, HEAD and OPTIONS) must also carry the header ``X-CSRF-Token`` holding the
  session's CSRF token (``csrf_token`` of the login answer, also in the cookie ``jiancha_csrf``,
  which scripts of the console's own pages may read), and, if it has an ``Origin`` header, come
  from this site's own origin (scheme://host[:port]); otherwise 403. Only the SHA-256 of either
  token is stored; they are compared in constant time.

Sign-in always starts a brand-new session with fresh random tokens: a ``jiancha_session`` cookie
sent before signing in (one an attacker may have planted, session fixation) is never adopted,
and is left as it was. Changing the password ends every session and, for the console, sets new
cookies; signing out ends the session and clears both cookies.

While their first password is unchanged (``must_change_password``) every route but those in
``BEFORE_CHANGE`` answers 403 "首次登录须修改密码".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jiancha.errors import Forbidden
from jiancha.governance import audit, token_user
from jiancha.governance.accounts import SESSION_HOURS, console_session, csrf_matches
from jiancha.store import Store, User

BEFORE_CHANGE = frozenset({"/api/me", "/api/logout", "/api/password"})
SESSION_COOKIE = "jiancha_session"
CSRF_COOKIE = "jiancha_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # every other method must carry CSRF
_DEFAULT_PORTS = {"http": 80, "https": 443}
_bearer = HTTPBearer(
    auto_error=False, description="登录（POST /api/login）得到的令牌，或系统对接用的 API 令牌"
)


@dataclass(frozen=True)
class SignedIn:
    """How the current request signed in: its token and whether it came in the cookie."""

    token: str
    via_cookie: bool


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_user(request: Request, store: StoreDep, credentials: Credentials) -> User:
    user: User | None = None
    if credentials is not None:  # the bearer header wins over the cookie
        signed = SignedIn(credentials.credentials, via_cookie=False)
        user = token_user(store, signed.token)
    else:
        signed = SignedIn(request.cookies.get(SESSION_COOKIE, ""), via_cookie=True)
        found = console_session(store, signed.token) if signed.token else None
        if found is not None:
            user, csrf_sha256 = found
            _check_forgery(request, csrf_sha256)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="未登录或登录已过期，请先登录",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.signed_in = signed
    origin = audit.current_origin()
    if origin is not None:  # who the request's audit entries name
        origin.actor = user.username
    if user.must_change_password and request.url.path not in BEFORE_CHANGE:
        raise Forbidden(
            "首次登录须修改密码",
            hint='请先修改密码：POST /api/password，请求体 {"old": 原密码, "new": 新密码}',
        )
    return user


def _check_forgery(request: Request, csrf_sha256: str | None) -> None:
    """403 for a state-changing request signed in by cookie without the session's CSRF token
    or from another origin."""
    if request.method.upper() in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is not None and _origin(origin) != _origin(_own_origin(request)):
        raise Forbidden(
            "请求来源（Origin）与本站不一致，已拒绝",
            hint="请从本系统的页面发起请求；其他系统请用请求头 Authorization: Bearer 令牌",
        )
    if not csrf_matches(csrf_sha256, request.headers.get(CSRF_HEADER)):
        raise Forbidden(
            "请求缺少或带有错误的防跨站请求伪造令牌（X-CSRF-Token）",
            hint="用 Cookie 登录时，修改数据的请求须在请求头 X-CSRF-Token 中带上登录时得到的 "
            "csrf_token（也在 Cookie jiancha_csrf 中）",
        )


def _own_origin(request: Request) -> str:
    base = request.base_url
    return f"{base.scheme}://{base.netloc}"


def _origin(value: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, default port filled in; None if it is not one."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.username is not None:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def signed_in(request: Request) -> SignedIn:
    """How the request ``current_user`` let in signed in."""
    signed = request.state.signed_in
    assert isinstance(signed, SignedIn)
    return signed


def set_session_cookies(request: Request, response: Response, token: str, csrf: str) -> None:
    """The console's cookies: the session token (HttpOnly) and its CSRF token (readable by the
    console's scripts, which echo it in ``X-CSRF-Token``). Secure when the request came over
    https."""
    secure, age = request.url.scheme == "https", SESSION_HOURS * 3600
    for name, value, httponly in ((SESSION_COOKIE, token, True), (CSRF_COOKIE, csrf, False)):
        response.set_cookie(
            name, value, max_age=age, path="/", secure=secure, httponly=httponly, samesite="strict"
        )


def clear_session_cookies(request: Request, response: Response) -> None:
    secure = request.url.scheme == "https"
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")


UserDep = Annotated[User, Depends(current_user)]
