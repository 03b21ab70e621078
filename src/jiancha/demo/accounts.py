"""The demo's accounts: one user of the province for each role, with a password printed once.

Owns: creating (or, when ``jiancha demo`` runs again, re-keying) the six demo users so that a
newcomer can sign in as any role straight away — their passwords are shown by the demo, so the
first-login password change is waived for them. Must not touch: the password policy or the
roles (``jiancha.governance``); real installations create users with ``jiancha user add``.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from jiancha.errors import JianchaError
from jiancha.governance import ROLES, create_user, set_password
from jiancha.governance.accounts import check_password
from jiancha.store import Store, User

# role → (username, display name); the modeller and the leader are also the accounts that run
# the templates and approve their data requests (``jiancha.demo.access``).
DEMO_USERS: dict[str, tuple[str, str]] = {
    "prosecutor": ("jianchaguan", "演示检察官"),
    "leader": ("lingdao", "演示院领导"),
    "data_admin": ("shuju", "演示数据管理员"),
    "modeller": ("jianmo", "演示建模人员"),
    "auditor": ("shenji", "演示审计员"),
    "admin": ("demo", "演示系统管理员"),
}


@dataclass(frozen=True)
class DemoAccount:
    role: str
    role_label: str
    username: str
    name: str
    password: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _password(username: str) -> str:
    """A random password that meets the policy."""
    while True:
        chosen = secrets.token_urlsafe(12)
        try:
            check_password(chosen, username)
        except JianchaError:
            continue
        return chosen


def _exists(store: Store, username: str) -> bool:
    with store.session() as session:
        return session.scalar(select(User.id).where(User.username == username)) is not None


def ensure_account(store: Store, role: str, username: str, name: str, org: str) -> DemoAccount:
    """Make (or re-key) one demo user of office ``org`` with a new password and no forced
    change; the account with its password."""
    password = _password(username)
    if _exists(store, username):
        set_password(store, username, password, by="demo")
    else:
        create_user(store, username, password, name, org, role=role, must_change=False)
    return DemoAccount(role, ROLES[role], username, name, password)


def demo_accounts(store: Store, org: str) -> list[DemoAccount]:
    """Make sure each role has its demo user in office ``org``, each with a new password (the
    one returned) and no forced change; the accounts in the order of ``DEMO_USERS``."""
    return [
        ensure_account(store, role, username, name, org)
        for role, (username, name) in DEMO_USERS.items()
    ]
