"""User accounts and sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
parameter set); a wrong user name and a wrong password get the same message and take the same
time; repeated failures lock the account for a while — an unknown name too, virtually — and
too many failures from one client address refuse that address for a while (``authenticate``).
A user whose password was set by someone else must change it first (``must_change_password``).
A session token is 32 random bytes shown once; the store keeps only its SHA-256. So does it for
an API token (``create_token``), the long-lived credential of a system integration, prefixed
``jct_``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.orgs import find_org
from jiancha.governance.roles import ROLES, check_role
from jiancha.store import ApiSession, ApiToken, Org, SignInFailure, Store, User
from jiancha.store.models import utcnow

SESSION_HOURS = 8
MIN_PASSWORD = 10
LOCK_AFTER = 5  # consecutive failed sign-ins
LOCK_MINUTES = 15
CLIENT_LIMIT = 10  # failed sign-ins from one client address …
CLIENT_WINDOW_MINUTES = 60  # … within this many minutes; then 429 until the oldest ages out
TOKEN_PREFIX = "jct_"  # API tokens; session tokens have no prefix
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("jiancha-timing-equaliser")


def create_user(
    store: Store,
    username: str,
    password: str,
    display_name: str = "",
    org: str | None = None,
    *,
    role: str = "prosecutor",
    must_change: bool = True,
    lines: list[str] | tuple[str, ...] = (),
    by: str | None = None,
) -> User:
    """A new user of ``role``, of office ``org`` (code or name) when given.

    ``must_change`` (the default): the password was set by someone else (an administrator, or
    generated), so the user must change it before doing anything but sign in. ``lines``: the
    business lines (十大业务) the user works in, who then sees only their leads; none: every line.
    ``by``: who adds the account, recorded in the audit trail in the same transaction (accounts
    set up by code, such as the demo's or tests', are recorded by their callers if at all).
    """
    if not _USERNAME.match(username):
        raise JianchaError(f"用户名“{username}”无效", hint="用户名为 2–64 位字母、数字或 _ . -")
    check_role(role)
    check_password(password, username)
    chosen_lines = check_lines(lines)
    with store.session() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise JianchaError(f"用户“{username}”已存在")
        office = None if org is None else find_org(session, org)
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=_HASHER.hash(password),
            org_id=None if office is None else office.id,
            role=role,
            must_change_password=must_change,
            failed_logins=0,
            password_changed_at=None if must_change else utcnow(),
            lines=chosen_lines,
        )
        session.add(user)
        if by is not None:
            detail = {"role": role, "org": org, "lines": chosen_lines}
            _audit_user(session, by, "user_add", username, **detail)
    return user


def check_lines(lines: list[str] | tuple[str, ...]) -> list[str]:
    """``lines`` without repeats, in the order given; an unknown line code is refused."""
    # Imported here: the statistics package imports the leads, which import governance.
    from jiancha.stats.labels import LINE_LABELS

    unknown = [x for x in lines if x not in LINE_LABELS]
    if unknown:
        known = "、".join(f"{k}（{v}）" for k, v in LINE_LABELS.items())
        raise JianchaError(f"没有“{'、'.join(unknown)}”这一业务条线", hint=f"可用：{known}")
    return list(dict.fromkeys(lines))


def check_password(password: str, username: str) -> None:
    """Refuse a password shorter than ``MIN_PASSWORD``, with fewer than three of (lower case,
    upper case, digits, symbols), or equal to the user name."""
    if len(password) < MIN_PASSWORD:
        raise JianchaError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    kinds = {
        "lower"
        if "a" <= ch <= "z"
        else "upper"
        if "A" <= ch <= "Z"
        else "digit"
        if "0" <= ch <= "9"
        else "symbol"
        for ch in password
    }
    if len(kinds) < 3:
        raise JianchaError(
            "密码太简单：须包含小写字母、大写字母、数字、符号中的至少三类",
            hint="例如 Jiancha-2024-xyz",
        )
    if password.casefold() == username.casefold():
        raise JianchaError("密码不能与用户名相同")


class TooManySignIns(JianchaError):
    """A client address over its budget of failed sign-ins: HTTP 429, checked before anything
    else and counted against no account. ``retry_after``: seconds until it may try again."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"登录失败次数过多，请 {minutes} 分钟后再试",
            hint=f"同一地址 {CLIENT_WINDOW_MINUTES} 分钟内最多可登录失败 {CLIENT_LIMIT} 次",
        )
        self.retry_after = retry_after


def authenticate(store: Store, username: str, password: str, client: str | None = None) -> User:
    """The user whose name and password these are; ``client`` is the address the attempt came
    from (None: not over the network, e.g. the command line).

    A wrong name and a wrong password get one message, "用户名或密码错误", after the same work
    (a wrong name is checked against a dummy argon2 hash). After ``LOCK_AFTER`` consecutive
    wrong passwords the account is locked for ``LOCK_MINUTES``: while locked every attempt,
    right or wrong, gets "账号已被锁定，请 N 分钟后再试" and is not counted (answering a right
    password differently would let guessing go on during the lock). A success resets the count.
    A name that is not an active account locks *virtually* by the same rule, replayed from its
    recorded failures (``sign_in_failures``), so the lock message does not tell that an account
    exists either.

    Every failure is recorded with its client address. An address with ``CLIENT_LIMIT``
    failures in the last ``CLIENT_WINDOW_MINUTES`` is refused (``TooManySignIns``, 429) before
    the password is looked at and without counting against the account: one address can lock
    a given account at most twice an hour, and guess at most ``CLIENT_LIMIT`` passwords an hour.
    """
    now = utcnow()
    failure: str | None = None
    user: User | None = None
    address = None if client is None else client[:64]
    with store.session() as session:
        wait = None if address is None else _client_wait(session, address, now)
        refused = None if wait is None else TooManySignIns(wait)
        if refused is not None:
            audit.sign_in(session, username, refused.message)
        else:
            user = session.scalar(select(User).where(User.username == username))
            right = _verifies(user.password_hash if user else _DUMMY, password)
            until = None if user is None else _aware(user.locked_until)
            if user is None or not user.active:
                failure = _virtual_failure(session, username, now)
            elif until is not None and until > now:
                failure = _locked(until - now)
            elif not right:
                user.failed_logins = (user.failed_logins or 0) + 1
                failure = "用户名或密码错误"
                if user.failed_logins >= LOCK_AFTER:
                    user.failed_logins = 0
                    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    failure = _locked(timedelta(minutes=LOCK_MINUTES))
            else:
                user.failed_logins, user.locked_until = 0, None
                if _HASHER.check_needs_rehash(user.password_hash):
                    user.password_hash = _HASHER.hash(password)
            if failure is not None:
                failed = SignInFailure(client=address or "", username=username[:64], at=now)
                session.add(failed)
            audit.sign_in(session, username, failure)
    if refused is not None:
        raise refused
    if failure is not None or user is None:
        raise JianchaError(failure or "用户名或密码错误")
    return user


def _client_wait(session: Session, client: str, now: datetime) -> int | None:
    """Seconds until ``client`` may try again, or None when under its budget of failures."""
    since = now - timedelta(minutes=CLIENT_WINDOW_MINUTES)
    recent = session.scalars(
        select(SignInFailure.at)
        .where(SignInFailure.client == client, SignInFailure.at > since)
        .order_by(SignInFailure.at.desc())
        .limit(CLIENT_LIMIT)
    ).all()
    if len(recent) < CLIENT_LIMIT:
        return None
    oldest = _aware(recent[-1])
    assert oldest is not None
    return max(1, math.ceil((oldest - since).total_seconds()))


def _virtual_failure(session: Session, username: str, now: datetime) -> str:
    """The answer to a failed sign-in under a name that is no active account: what an account
    failing the same way would get, replaying the lock rule over the name's recorded failures
    (from any address)."""
    count, until = 0, None
    earlier = session.scalars(
        select(SignInFailure.at)
        .where(SignInFailure.username == username[:64])
        .order_by(SignInFailure.at, SignInFailure.id)
    ).all()
    for at in [*(_aware(x) for x in earlier), now]:
        assert at is not None
        if until is not None and at < until:
            continue  # not counted while locked
        count, until = count + 1, None
        if count >= LOCK_AFTER:
            count, until = 0, at + timedelta(minutes=LOCK_MINUTES)
    if until is not None and until > now:
        return _locked(until - now)
    return "用户名或密码错误"


def _locked(left: timedelta) -> str:
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    return f"账号已被锁定，请 {minutes} 分钟后再试"


def _aware(moment: datetime | None) -> datetime | None:
    """``moment`` with its time zone (SQLite returns naive UTC datetimes)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def unlock_user(store: Store, username: str, by: str | None = None) -> None:
    """Lift a lockout and reset the count of failed sign-ins (audited, as done ``by``)."""
    with store.session() as session:
        user = find_user(session, username)
        user.failed_logins, user.locked_until = 0, None
        _audit_user(session, by, "user_unlock", username)


def _audit_user(
    session: Session, by: str | None, action: str, username: str, **detail: Any
) -> None:
    """An entry about the account ``username``, by ``by`` (else whoever is being served)."""
    origin = audit.current_origin()
    actor = by or (origin.actor if origin is not None else None) or "local"
    audit.record(
        session, actor=actor, action=action, object_type="user", object_id=username, detail=detail
    )


def set_active(store: Store, username: str, active: bool, by: str | None = None) -> dict[str, Any]:
    """Deactivate (停用) or reactivate an account, audited. A deactivated account cannot sign in,
    and every session and API token it had is revoked at once (reactivating restores none)."""
    if not active and by == username:
        raise JianchaError("不能停用自己的账号", hint="请由另一位系统管理员停用")
    with store.session() as session:
        user = find_user(session, username)
        user.active = active
        if not active:
            _revoke_all(session, user.id)
        _audit_user(session, by, "user_activate" if active else "user_deactivate", username)
    return {"username": username, "active": active}


def _revoke_all(session: Session, user_id: int) -> None:
    """End every session and revoke every API token of the account."""
    session.execute(update(ApiSession).where(ApiSession.user_id == user_id).values(revoked=True))
    session.execute(update(ApiToken).where(ApiToken.user_id == user_id).values(revoked=True))


def find_user(session: Session, username: str) -> User:
    """The user named ``username``, or a refusal naming it."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户“{username}”不存在", hint="用 jiancha user list 查看")
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, user: User, hours: int = SESSION_HOURS) -> tuple[str, datetime]:
    """A brand-new session of ``user``: its random token (shown only here) and expiry."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=hours)
    with store.session() as session:
        session.add(ApiSession(token_sha256=_digest(token), user_id=user.id, expires_at=expires))
    return token, expires


def start_console_session(
    store: Store, user: User, hours: int = SESSION_HOURS
) -> tuple[str, str, datetime]:
    """A brand-new console session of ``user``: its token, its CSRF token and its expiry.

    Both tokens are fresh random values shown only here (the console keeps them in cookies);
    the store keeps only their SHA-256. Nothing the client sent is ever reused, so a session
    id planted before sign-in (session fixation) never becomes a signed-in session.
    """
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=hours)
    with store.session() as session:
        session.add(
            ApiSession(
                token_sha256=_digest(token),
                user_id=user.id,
                expires_at=expires,
                csrf_sha256=_digest(csrf),
            )
        )
    return token, csrf, expires


def session_user(store: Store, token: str) -> User | None:
    """The user a live token belongs to, or None (unknown, revoked, expired, inactive)."""
    found = console_session(store, token)
    return None if found is None else found[0]


def console_session(store: Store, token: str) -> tuple[User, str | None] | None:
    """The user of a live session token and the SHA-256 of the session's CSRF token (None for
    a session started without one), or None (unknown, revoked, expired, inactive)."""
    with store.session() as session:
        row = session.execute(
            select(User, ApiSession.expires_at, ApiSession.csrf_sha256)
            .join(ApiSession, ApiSession.user_id == User.id)
            .where(ApiSession.token_sha256 == _digest(token), ApiSession.revoked.is_(False))
        ).first()
    if row is None:
        return None
    user, expires, csrf_sha256 = row
    if expires.tzinfo is None:  # SQLite returns naive datetimes
        expires = expires.replace(tzinfo=UTC)
    return (user, csrf_sha256) if user.active and expires > utcnow() else None


def csrf_matches(csrf_sha256: str | None, presented: str | None) -> bool:
    """Whether ``presented`` is the CSRF token whose SHA-256 the session keeps (in constant
    time). A session without a CSRF token matches nothing."""
    if not csrf_sha256 or not presented:
        return False
    return hmac.compare_digest(_digest(presented), csrf_sha256)


def end_session(store: Store, token: str) -> None:
    with store.session() as session:
        session.execute(
            update(ApiSession).where(ApiSession.token_sha256 == _digest(token)).values(revoked=True)
        )


def set_password(
    store: Store, username: str, password: str, *, old: str | None = None, by: str | None = None
) -> User:
    """Give an existing user a new password, end every session they had and revoke every API
    token of theirs (audited, as done ``by``, else by the user).

    With ``old`` (a user changing their own password) the old password must be right. The new
    one must meet ``check_password`` and differ from the old. Clears ``must_change_password``.
    """
    with store.session() as session:
        user = find_user(session, username)
        if old is not None and not _verifies(user.password_hash, old):
            raise JianchaError("原密码不正确")
        check_password(password, username)
        if _verifies(user.password_hash, password):
            raise JianchaError("新密码不能与原密码相同")
        user.password_hash = _HASHER.hash(password)
        user.must_change_password = False
        user.password_changed_at = utcnow()
        user.failed_logins, user.locked_until = 0, None
        _revoke_all(session, user.id)
        _audit_user(session, by or username, "password_change", username)
        return user


def _verifies(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except VerificationError:
        return False


def token_user(store: Store, token: str) -> User | None:
    """The user of a live session token or API token, or None."""
    user = session_user(store, token)
    if user is not None or not token.startswith(TOKEN_PREFIX):
        return user
    now = utcnow()
    with store.session() as session:
        row = session.execute(
            select(User, ApiToken)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_sha256 == _digest(token), ApiToken.revoked.is_(False))
        ).first()
        if row is None:
            return None
        user, api_token = row
        expires = _aware(api_token.expires_at)
        if not user.active or (expires is not None and expires <= now):
            return None
        api_token.last_used_at = now
        return user


def create_token(
    store: Store, username: str, name: str, days: int | None = None, by: str | None = None
) -> str:
    """A new API token for a system integration acting as ``username``, shown only here."""
    return issue_token(store, username, name, days, by)[1]


def issue_token(
    store: Store, username: str, name: str, days: int | None = None, by: str | None = None
) -> tuple[int, str]:
    """``create_token``, with the new token's id (by which it is revoked); audited."""
    if not name.strip():
        raise JianchaError("令牌须有名称（--name），说明给哪个系统使用")
    if days is not None and days < 1:
        raise JianchaError("令牌有效天数至少为 1")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.session() as session:
        user = find_user(session, username)
        row = ApiToken(
            user_id=user.id,
            name=name.strip(),
            token_sha256=_digest(token),
            expires_at=None if days is None else utcnow() + timedelta(days=days),
        )
        session.add(row)
        session.flush()
        _audit_user(session, by, "token_issue", username, token=row.id, name=row.name, days=days)
        return row.id, token


def revoke_token(store: Store, token_id: int, by: str | None = None) -> None:
    """Revoke an API token by its id; audited."""
    with store.session() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"没有编号为 {token_id} 的令牌")
        row.revoked = True
        owner = session.get(User, row.user_id)
        name = "" if owner is None else owner.username
        _audit_user(session, by, "token_revoke", name, token=token_id, name=row.name)


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every user with role, office, business lines (empty: every line), and whether locked or
    due to change their password."""
    now = utcnow()
    with store.session() as session:
        rows = session.execute(
            select(User, Org.code).outerjoin(Org, Org.id == User.org_id).order_by(User.username)
        )
        out = []
        for user, code in rows:
            until = _aware(user.locked_until)
            out.append(
                {
                    "username": user.username,
                    "display_name": user.display_name,
                    "role": user.role,
                    "role_label": ROLES.get(user.role, user.role),
                    "org": code,
                    "lines": list(user.lines or []),
                    "active": user.active,
                    "locked": until is not None and until > now,
                    "must_change_password": user.must_change_password,
                }
            )
        return out
