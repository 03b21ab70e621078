"""Where a lead of a ``high`` model may be seen: only in the office that owns it (issue 17).

A lead found by a ``high`` adoption (``SupervisionModel.risk``) is shown — listed, read, searched,
exported, its history, records, attachments, drafts, source rows, referrals — only to people whose
office (``User.org_id``) is the lead's own (``Lead.org_id``): not to the offices above it, not to
a sibling, not to a person without an office (who otherwise sees every office's leads); everyone
else is answered as for a lead outside their scope (404). A lead of no office (a workspace that
has no office tree) is seen by the people of no office, by the same equality. Aggregated counts
(statistics) may include such leads. The local operator (the command line without an account,
``LOCAL``) sees everything, as with every other rule of scope.

Owns: this rule, and the condition a list adds: the ids of the high adoptions are read once per
query (``high_models``), so that the list needs no join per row. Must not touch: the office
subtree and business lines (``api.permissions``), the lead's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from jiancha.store import SupervisionModel

HIGH = "high"


@dataclass(frozen=True)
class Viewer:
    """Who reads leads: a signed-in person's office (``org_id``, None for a person without one),
    or the local operator (``local``), who sees every lead."""

    org_id: int | None = None
    local: bool = False


LOCAL = Viewer(local=True)
NOBODY = Viewer()
"""A person without an office: sees the ``high`` leads of no office only (the default of
``LeadFilter``)."""


def visible(risk: str | None, lead_org: int | None, viewer_org: int | None) -> bool:
    """Whether a lead of a model of grade ``risk`` in office ``lead_org`` may be shown to a
    person of office ``viewer_org``."""
    return risk != HIGH or lead_org == viewer_org


def sees(viewer: Viewer, risk: str | None, lead_org: int | None) -> bool:
    return viewer.local or visible(risk, lead_org, viewer.org_id)


def high_models(session: Session) -> list[int]:
    """The ids of the ``high`` adoptions (few: one per office adopting a high model)."""
    query = select(SupervisionModel.id).where(SupervisionModel.risk == HIGH)
    return list(session.scalars(query.order_by(SupervisionModel.id)))


def condition(
    model_column: Any, org_column: Any, viewer: Viewer, high: list[int], *, none: Any = None
) -> ColumnElement[bool] | None:
    """The WHERE clause keeping what ``viewer`` may see of leads (or of tallies: their model
    and office columns, ``none`` the value a tally's office takes for no office), given the ids
    of the high adoptions; None when nothing is hidden."""
    if viewer.local or not high:
        return None
    if viewer.org_id is not None:
        own = org_column == viewer.org_id
    else:
        own = org_column.is_(None) if none is None else org_column == none
    return or_(model_column.not_in(high), own)
