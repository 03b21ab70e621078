"""User accounts and sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
parameter set); a wrong user name and a wrong password get the same message and take the same
time. A session token is 32 random bytes shown once; the store keeps only its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select, update

from jiancha.errors import JianchaError
from jiancha.governance.orgs import find_org
from jiancha.store import ApiSession, Store, User
from jiancha.store.models import utcnow

SESSION_HOURS = 8
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("jiancha-timing-equaliser")


def create_user(
    store: Store, username: str, password: str, display_name: str = "", org: str | None = None
) -> User:
    """A new user, of office ``org`` (code or name) when given."""
    if not _USERNAME.match(username):
        raise JianchaError(f"用户名“{username}”无效", hint="用户名为 2–64 位字母、数字或 _ . -")
    if len(password) < MIN_PASSWORD:
        raise JianchaError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    with store.session() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise JianchaError(f"用户“{username}”已存在")
        office = None if org is None else find_org(session, org)
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=_HASHER.hash(password),
            org_id=None if office is None else office.id,
        )
        session.add(user)
    return user


def authenticate(store: Store, username: str, password: str) -> User:
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        try:
            _HASHER.verify(user.password_hash if user else _DUMMY, password)
        except VerificationError:
            user = None
        if user is None or not user.active:
            raise JianchaError("用户名或密码错误")
        if _HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = _HASHER.hash(password)
        return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, user: User, hours: int = SESSION_HOURS) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=hours)
    with store.session() as session:
        session.add(ApiSession(token_sha256=_digest(token), user_id=user.id, expires_at=expires))
    return token, expires


def session_user(store: Store, token: str) -> User | None:
    """The user a live token belongs to, or None (unknown, revoked, expired, inactive)."""
    with store.session() as session:
        row = session.execute(
            select(User, ApiSession.expires_at)
            .join(ApiSession, ApiSession.user_id == User.id)
            .where(ApiSession.token_sha256 == _digest(token), ApiSession.revoked.is_(False))
        ).first()
    if row is None:
        return None
    user, expires = row
    if expires.tzinfo is None:  # SQLite returns naive datetimes
        expires = expires.replace(tzinfo=UTC)
    return user if user.active and expires > utcnow() else None


def end_session(store: Store, token: str) -> None:
    with store.session() as session:
        session.execute(
            update(ApiSession).where(ApiSession.token_sha256 == _digest(token)).values(revoked=True)
        )


def set_password(store: Store, username: str, password: str) -> User:
    """Give an existing user a new password and end every session they had."""
    if len(password) < MIN_PASSWORD:
        raise JianchaError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise JianchaError(f"用户“{username}”不存在")
        user.password_hash = _HASHER.hash(password)
        session.execute(
            update(ApiSession).where(ApiSession.user_id == user.id).values(revoked=True)
        )
        return user
