"""What the signed-in user may do, and where: ``permission(code)`` on every route.

``permission("leads.read")`` is a dependency: the signed-in user (``current_user``: 401 if not
signed in, 403 while the first password is unchanged) whose role grants the permission, else
403 (``roles.require``). ``lead_permission`` also checks that the lead in the path is in the
user's office subtree and, for a user limited to some business lines (``User.lines``), of a
model of one of those lines: a lead outside that scope is answered 404, exactly as a lead that
does not exist, so that ids cannot be probed. A user without an office sees every office's
leads; a user without lines sees every line's. A lead of a ``high`` model is seen only by the
people of its own office (``leads.confine``): for everyone else it is outside the scope as well,
whatever their office or lines — the one place every lead route (``lead_permission``,
``action_permission``, ``require_lead``, ``visible_leads``) and the lead list
(``viewer_of``) take it from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.api.deps import StoreDep, UserDep
from jiancha.api.schemas import ActionId, LeadId
from jiancha.errors import Forbidden, NotFound
from jiancha.governance.breaker import refuse_if_suspended
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import require
from jiancha.leads.confine import Viewer, sees
from jiancha.stats.labels import LINE_LABELS
from jiancha.store import Lead, LeadReferral, Org, Store, SupervisionAction, SupervisionModel, User


def permission(code: str) -> Any:
    """A route dependency: the signed-in user, who must hold ``code``."""

    def check(user: UserDep) -> User:
        require(user, code)
        return user

    check.__name__ = f"permission_{code.replace('.', '_')}"
    return Depends(check)


def lead_permission(code: str) -> Any:
    """``permission(code)`` for a route with ``{lead_id}``: the lead must be in the user's scope,
    and the user's data access not suspended by the circuit breaker."""

    def check(lead_id: LeadId, user: UserDep, store: StoreDep) -> User:
        require(user, code)
        refuse_if_suspended(user)
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


def user_lines(user: User) -> tuple[str, ...] | None:
    """The business lines ``user`` is limited to, or None for every line (``lines`` empty)."""
    return tuple(user.lines) if user.lines else None


def viewer_of(user: User) -> Viewer:
    """Who reads, for ``LeadFilter.viewer``: the user's office (``high`` leads are its own)."""
    return Viewer(org_id=user.org_id)


def lead_in_scope(store: Store, user: User, lead_id: int) -> bool:
    """Whether ``user`` may see lead ``lead_id``: in their office subtree, of one of their lines
    and, for a ``high`` model's lead, of their own office (True for a lead that does not exist:
    the route itself then answers 404)."""
    lines = user_lines(user)
    with store.session() as session:
        scope = scope_ids(session, user)
        row = session.execute(
            select(Lead.org_id, SupervisionModel.line, SupervisionModel.risk)
            .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
            .where(Lead.id == lead_id)
        ).first()
    if row is None:
        return True
    org_id, line, risk = row
    return (
        (scope is None or org_id in scope)
        and (lines is None or line in lines)
        and sees(viewer_of(user), risk, org_id)
    )


def visible_leads(store: Store, user: User, lead_ids: Iterable[int]) -> set[int]:
    """Those of ``lead_ids`` whose model is of one of ``user``'s lines and, for a ``high``
    model's lead, of the user's own office (a lead that does not exist is kept, as in
    ``lead_in_scope``). For lists of things about leads another rule already scoped to offices
    (referrals, overdue items)."""
    wanted = set(lead_ids)
    if not wanted:
        return wanted
    lines = user_lines(user)
    viewer = viewer_of(user)
    with store.session() as session:
        rows = session.execute(
            select(Lead.id, Lead.org_id, SupervisionModel.line, SupervisionModel.risk)
            .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
            .where(Lead.id.in_(wanted))
        )
        outside = {
            lead_id
            for lead_id, org_id, line, risk in rows
            if (lines is not None and line not in lines) or not sees(viewer, risk, org_id)
        }
    return wanted - outside


def require_referral(store: Store, user: User, referral_id: int) -> None:
    """A referral of a lead outside ``user``'s lines (or of a ``high`` lead of another office)
    is not found (404), as its lead is not. (The office is checked when deciding: only the
    receiving office may decide.)"""
    with store.session() as session:
        lead_id = session.scalar(select(LeadReferral.lead_id).where(LeadReferral.id == referral_id))
    if lead_id is not None and not visible_leads(store, user, [lead_id]):
        raise NotFound(f"没有编号为 {referral_id} 的移送")


def scoped_line(user: User, line: str | None) -> None:
    """Refuse (403) a line filter outside the lines ``user`` is limited to."""
    lines = user_lines(user)
    if line is None or lines is None or line in lines or line not in LINE_LABELS:
        return  # an unknown line is the filter's to refuse (400)
    label = LINE_LABELS[line]
    mine = "、".join(LINE_LABELS.get(x, x) for x in lines)
    raise Forbidden(f"无权查看“{label}”条线的数据", hint=f"只能查看本人业务条线的数据：{mine}")


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
