"""An adoption's scope: the offices whose leads one office's adoption of a model may hold.

An office that adopts a model runs it for its own subtree (itself and the offices below it). When
an office below it adopted the same model too, that office's subtree is left to its own adoption,
so that the same subject never becomes two leads in one queue. An adoption of no office has no
limit. Owns this reading of the office tree; must not touch leads.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.governance.orgs import subtree_ids
from jiancha.store import Org, SupervisionModel


def adoption_scope(session: Session, model: SupervisionModel) -> tuple[set[int] | None, set[int]]:
    """``(inside, elsewhere)``: the offices the adoption covers (``None``: any office) and those,
    inside it, covered by another adoption of the same model by an office below."""
    office = None if model.org_id is None else session.get(Org, model.org_id)
    if office is None:
        return None, set()
    inside = set(subtree_ids(session, office))
    others = session.scalars(
        select(SupervisionModel.org_id).where(
            SupervisionModel.slug == model.slug,
            SupervisionModel.id != model.id,
            SupervisionModel.org_id.is_not(None),
        )
    )
    elsewhere: set[int] = set()
    for org_id in others:
        if org_id in inside and org_id != office.id:
            below = session.get(Org, org_id)
            if below is not None:
                elsewhere |= set(subtree_ids(session, below))
    return inside, elsewhere
