"""Which offices' datasets, models and runs a user may see: their subtree and the offices above
(data shared downwards), never a sibling's. ``None`` for a user without an office."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from jiancha.governance.orgs import visible_ids
from jiancha.store import Org, Store, User

AdoptingOrg = Annotated[
    str | None, Query(max_length=200, description="采用该模型的检察院（代码或名称）")
]
"""Which office's adoption of a model a request means, when several offices adopted it."""


def visible_orgs(store: Store, user: User) -> set[int] | None:
    if user.org_id is None:
        return None
    with store.session() as session:
        org = session.get(Org, user.org_id)
        return None if org is None else visible_ids(session, org)
