"""The demo's data governance, done the way an office would: the province owns the county's
datasets; a modeller of the province asks to use each of them for running the templates, a
leader of the province approves, and the templates then run as that modeller under the grants.

Both accounts get random passwords that nobody is shown (they must be reset by an administrator
before anyone signs in as them); re-running the demo reuses them and their active grants.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select

from jiancha import catalogue, clock
from jiancha.errors import JianchaError
from jiancha.governance import access, create_user
from jiancha.governance.access import active_grants
from jiancha.governance.accounts import check_password
from jiancha.store import Dataset, Store, User

MODELLER = "jianmo"
LEADER = "lingdao"
PURPOSE = "运行演示县的全部模板，检验模型效果"


def _account(store: Store, username: str, name: str, org: str, role: str) -> None:
    with store.session() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            return
    while True:  # a random password that meets the policy
        password = secrets.token_urlsafe(16)
        try:
            check_password(password, username)
            break
        except JianchaError:
            continue
    create_user(store, username, password, name, org, role=role)


def grant_demo_access(store: Store, org: str, datasets: list[str]) -> str:
    """Own ``datasets`` by ``org``, request and approve their use; the modeller's username."""
    _account(store, MODELLER, "演示建模人员", org, "modeller")
    _account(store, LEADER, "演示院领导", org, "leader")
    for name in datasets:
        catalogue.set_owner(store, name, org, by=LEADER)
    with store.session() as session:
        modeller = session.scalar(select(User).where(User.username == MODELLER))
        assert modeller is not None
        ids = {d.id: d.name for d in session.scalars(select(Dataset))}
        covered = {ids[i] for i in active_grants(session, modeller.id, ids)}
    today = clock.china_today()
    for name in datasets:
        if name in covered:
            continue
        row = access.request_access(
            store,
            MODELLER,
            name,
            purpose=PURPOSE,
            starts_on=today,
            ends_on=today + dt.timedelta(days=90),
        )
        access.decide(store, LEADER, row["id"], approve=True, reason="同意，仅用于演示")
    return MODELLER
