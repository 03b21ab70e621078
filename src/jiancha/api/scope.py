"""Which offices' datasets, models and runs a user may see: their subtree and the offices above
(data shared downwards), never a sibling's. ``None`` for a user without an office."""

from __future__ import annotations

from jiancha.governance.orgs import visible_ids
from jiancha.store import Org, Store, User


def visible_orgs(store: Store, user: User) -> set[int] | None:
    if user.org_id is None:
        return None
    with store.session() as session:
        org = session.get(Org, user.org_id)
        return None if org is None else visible_ids(session, org)
