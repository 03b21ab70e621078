"""The demo's data governance, done the way an office would: the province owns the county's
datasets; a modeller of the province asks to use each of them for running the templates, a
leader of the province approves, and the templates then run as that modeller under the grants.

Both accounts are demo accounts (``jiancha.demo.accounts``: made first, their passwords
printed); re-running the demo reuses them and their active grants.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jiancha import catalogue, clock
from jiancha.demo.accounts import DEMO_USERS
from jiancha.demo.datasets import demo_binds
from jiancha.governance import access
from jiancha.governance.access import active_grants
from jiancha.modelling import Spec
from jiancha.store import Dataset, Store, User

MODELLER = DEMO_USERS["modeller"][0]
LEADER = DEMO_USERS["leader"][0]
PURPOSE = "运行演示县的全部模板，检验模型效果"


def grant_demo_access(store: Store, org: str, datasets: list[str]) -> str:
    """Own ``datasets`` by ``org``, request and approve their use; the modeller's username.
    The modeller and the leader (``DEMO_USERS``) must exist."""
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


def grant_model_purposes(store: Store, specs: list[Spec]) -> None:
    """For each ``high`` template, the modeller asks to use each dataset it reads *for that
    model* (a ``high`` model runs only under such grants) and the province's leader approves."""
    today = clock.china_today()
    with store.session() as session:
        modeller = session.scalar(select(User).where(User.username == MODELLER))
        assert modeller is not None
        ids = {d.name: d.id for d in session.scalars(select(Dataset))}
        wanted = []
        for spec in specs:
            if spec.risk != "high":
                continue
            pairs = [b.split("=", 1) for b in demo_binds(spec)]
            datasets = sorted({right for left, right in pairs if "." not in left})
            held = active_grants(session, modeller.id, [ids[d] for d in datasets], model=spec.id)
            wanted += [(spec, d) for d in datasets if ids[d] not in held]
    for spec, name in wanted:
        row = access.request_access(
            store,
            MODELLER,
            name,
            purpose=f"运行高风险模型“{spec.name}”，检验其效果",
            starts_on=today,
            ends_on=today + dt.timedelta(days=90),
            model=spec.id,
        )
        access.decide(store, LEADER, row["id"], approve=True, reason="同意，限该模型使用")
