"""What the signed-in user may do, and where: ``permission(code)`` on every route.

``permission("leads.read")`` is a dependency: the signed-in user (``current_user``: 401 if not
signed in, 403 while the first password is unchanged) whose role grants the permission, else
403 (``roles.require``). ``lead_permission`` also checks that the lead in the path is in the
user's office subtree: a lead outside it is answered 404, exactly as a lead that does not
exist, so that ids cannot be probed. A user without an office sees every lead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.api.deps import StoreDep, UserDep
from jiancha.api.schemas import ActionId, LeadId
from jiancha.errors import Forbidden, NotFound
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import require
from jiancha.store import Lead, Org, Store, SupervisionAction, User


def permission(code: str) -> Any:
    """A route dependency: the signed-in user, who must hold ``code``."""

    def check(user: UserDep) -> User:
        require(user, code)
        return user

    check.__name__ = f"permission_{code.replace('.', '_')}"
    return Depends(check)


def lead_permission(code: str) -> Any:
    """``permission(code)`` for a route with ``{lead_id}``: the lead must be in the user's scope."""

    def check(lead_id: LeadId, user: UserDep, store: StoreDep) -> User:
        require(user, code)
        require_lead(store, user, lead_id)
        return user

    check.__name__ = f"lead_permission_{code.replace('.', '_')}"
    return Depends(check)


def action_permission(code: str) -> Any:
    """``permission(code)`` for a route with ``{action_id}``: its lead must be in scope."""

    def check(action_id: ActionId, user: UserDep, store: StoreDep) -> User:
        require(user, code)
        with store.session() as session:
            lead_id = session.scalar(
                select(SupervisionAction.lead_id).where(SupervisionAction.id == action_id)
            )
        if lead_id is not None and not lead_in_scope(store, user, lead_id):
            raise NotFound(f"没有编号为 {action_id} 的监督文书")
        return user

    check.__name__ = f"action_permission_{code.replace('.', '_')}"
    return Depends(check)


def scope_ids(session: Session, user: User) -> list[int] | None:
    """The ids of the offices in ``user``'s subtree, or None for a user without an office."""
    if user.org_id is None:
        return None
    org = session.get(Org, user.org_id)
    return None if org is None else subtree_ids(session, org)


def lead_in_scope(store: Store, user: User, lead_id: int) -> bool:
    """Whether ``user`` may see lead ``lead_id`` (True for a lead that does not exist: the
    route itself then answers 404)."""
    with store.session() as session:
        scope = scope_ids(session, user)
        if scope is None:
            return True
        row = session.execute(select(Lead.org_id).where(Lead.id == lead_id)).first()
    return row is None or row[0] in scope


def require_lead(store: Store, user: User, lead_id: int) -> None:
    if not lead_in_scope(store, user, lead_id):
        raise NotFound(f"没有编号为 {lead_id} 的线索")


def scoped_org(store: Store, user: User, org: str | None) -> str | None:
    """The office filter for a list: the user's own office when none was asked for; an office
    outside the user's subtree is refused (403)."""
    with store.session() as session:
        scope = scope_ids(session, user)
        if scope is None:
            return org
        if org is None:
            own = session.get(Org, user.org_id)
            return None if own is None else own.code
        wanted = find_org(session, org)
        if wanted.id not in scope:
            raise Forbidden(f"无权查看“{wanted.name}”的数据", hint="只能查看本院及下级院的数据")
        return org


def scoped(store: Store, user: User) -> Callable[[int], bool]:
    """A predicate: whether a lead id is in ``user``'s scope (for bulk operations)."""
    return lambda lead_id: lead_in_scope(store, user, lead_id)
