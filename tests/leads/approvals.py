"""A leader's approval (审批), which a ``medium`` or ``high`` model's lead needs before its case
is opened (issue 17): for tests that walk a lead through the workflow to 已成案 and beyond."""

from __future__ import annotations

from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.leads.signoffs import sign_off
from jiancha.store import Store, User

LEADER = "ling.dao"


def approve(store: Store, lead_id: int, leader: str = LEADER) -> None:
    """Have ``leader`` (a leader's account, made when missing) approve lead ``lead_id``, which
    must be 核查属实."""
    with store.session() as session:
        account = session.scalar(select(User).where(User.username == leader))
    if account is None:
        account = create_user(
            store, leader, "Ling-dao-2025!", "院领导", role="leader", must_change=False
        )
    sign_off(store, lead_id, "approval", "同意成案", account)
