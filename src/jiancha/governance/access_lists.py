"""Lists of data-access requests and grants (数据申请、使用授权) as their readers see them:
filtered, sorted and paged in SQL.

A viewer sees their own requests (grants) and those about datasets they may decide — the rule
of ``access.may_decide``, restated here as a WHERE so that the store does the filtering; an
administrator or auditor without an office, and the command line (viewer None), see all.
Must not change requests or grants (``access`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, not_, or_, select, true
from sqlalchemy.orm import Session, aliased

from jiancha.governance.access import grant_row, request_row
from jiancha.governance.accounts import find_user
from jiancha.governance.roles import allowed
from jiancha.store import AccessGrant, AccessRequest, Dataset, Org, Store, User
from jiancha.store.models import utcnow
from jiancha.store.paging import AnySelect, Column, Window, contains, fetch_page, order_by

Requester = aliased(User, name="requester")
Grantee = aliased(User, name="grantee")

REQUEST_SORTS: dict[str, Column] = {
    "id": AccessRequest.id,
    "dataset": Dataset.name,
    "requester": Requester.username,
    "status": AccessRequest.status,
    "created_at": AccessRequest.created_at,
    "starts_on": AccessRequest.starts_on,
    "ends_on": AccessRequest.ends_on,
    "decided_at": AccessRequest.decided_at,
}
GRANT_SORTS: dict[str, Column] = {
    "id": AccessGrant.id,
    "dataset": Dataset.name,
    "user": Grantee.username,
    "valid_from": AccessGrant.valid_from,
    "valid_until": AccessGrant.valid_until,
    "granted_at": AccessGrant.granted_at,
    "revoked_at": AccessGrant.revoked_at,
}


@dataclass(frozen=True)
class AccessFilter:
    """What to list; a None field does not filter."""

    dataset: str | None = None
    """The dataset's exact name."""
    person: str | None = None
    """The requester (requests) or the grantee (grants): a username."""
    status: str | None = None
    """Requests only: pending, approved, refused or withdrawn."""
    active: bool | None = None
    """Grants only: in force now (not revoked, within its period) or not."""
    text: str | None = None
    """Contained (ignoring case) in the dataset's name, the person's username or the purpose."""


def _decidable(session: Session, user: User) -> ColumnElement[bool]:
    """The joined dataset is one whose requests ``user`` may decide (``may_decide``)."""
    if not allowed(user, "access.decide"):
        return false()
    if user.org_id is None:
        return Dataset.org_id.is_(None)
    own = session.get(Org, user.org_id)
    mine = Dataset.org_id == user.org_id
    top_level = own is not None and own.parent_id is None
    return or_(mine, Dataset.org_id.is_(None)) if top_level else mine


def _visible(session: Session, viewer: str | None, person: Column) -> ColumnElement[bool]:
    if viewer is None:
        return true()
    user = find_user(session, viewer)
    if user.org_id is None and user.role in {"admin", "auditor"}:
        return true()
    return or_(person == user.id, _decidable(session, user))


def _common(query: AnySelect, f: AccessFilter, person: Any, purpose: Column) -> AnySelect:
    if f.dataset is not None:
        query = query.where(Dataset.name == f.dataset)
    if f.person is not None:
        query = query.where(person.username == f.person)
    if f.text:
        query = query.where(contains(f.text, Dataset.name, person.username, purpose))
    return query


def request_page(
    store: Store, viewer: str | None, f: AccessFilter, window: Window
) -> tuple[int, list[dict[str, Any]]]:
    """How many requests ``viewer`` may see match ``f``, and those of ``window``."""
    order = order_by(window.sort, REQUEST_SORTS, AccessRequest.id)
    with store.session() as session:
        query = (
            select(AccessRequest)
            .join(Dataset, Dataset.id == AccessRequest.dataset_id)
            .join(Requester, Requester.id == AccessRequest.requester_id)
            .where(_visible(session, viewer, AccessRequest.requester_id))
        )
        if f.status is not None:
            query = query.where(AccessRequest.status == f.status)
        query = _common(query, f, Requester, AccessRequest.purpose)
        total, rows = fetch_page(session, query, order, window)
        return total, [request_row(session, row[0]) for row in rows]


def _in_force() -> ColumnElement[bool]:
    now = utcnow()
    return and_(
        AccessGrant.revoked_at.is_(None),
        AccessGrant.valid_from <= now,
        AccessGrant.valid_until > now,
    )


def grant_page(
    store: Store, viewer: str | None, f: AccessFilter, window: Window
) -> tuple[int, list[dict[str, Any]]]:
    """How many grants ``viewer`` may see match ``f``, and those of ``window``."""
    order = order_by(window.sort, GRANT_SORTS, AccessGrant.id)
    with store.session() as session:
        query = (
            select(AccessGrant)
            .join(Dataset, Dataset.id == AccessGrant.dataset_id)
            .join(Grantee, Grantee.id == AccessGrant.user_id)
            .where(_visible(session, viewer, AccessGrant.user_id))
        )
        if f.active is not None:
            query = query.where(_in_force() if f.active else not_(_in_force()))
        query = _common(query, f, Grantee, AccessGrant.purpose)
        total, rows = fetch_page(session, query, order, window)
        return total, [grant_row(session, row[0]) for row in rows]
