"""Finding leads: filters, sort order, pages, and a text search on titles.

The same query serves ``jiancha leads list`` and the API's lead list. Text search matches a
substring of the *masked* title (``LIKE``, wildcards in the search text escaped): Chinese titles
have no spaces to split words on, and a substring is what a prosecutor types (a court, a case
number); searching the masked title means a search cannot confirm a guessed name or ID number.
Three or more characters are looked up in a trigram index (``jiancha.leads.search``). A page
in amount order is read in two parts, the leads with an amount (on the index of amount and id,
in either direction on both backends) then those without, so that empty amounts come last
without sorting every lead. A page under several offices (a city's subtree) in one state, or
of several adoptions of a model, is merged from one ordered read per office or adoption
(``_branches``: an index gives each one's leads in order, so each read stops after the page).
On PostgreSQL a search's transaction may keep larger bitmaps (``search_pg.roomy_bitmaps``).
Each lead comes with ``title_masked`` and ``personal`` (its
model's personal columns, see ``jiancha.leads.personal``), which
``jiancha.governance.masking.mask_lead`` uses and drops.
Business lines (``lines``: the lines of a user limited to some) are resolved to the ids of their
models first, so that neither the page nor the total needs a join; so is a model's slug (the ids
of every office's adoption of it) and the ``high`` adoptions whose leads only their own office
sees (``viewer``, ``confine``). A filter's default viewer sees no ``high`` lead: a caller shows
them by naming who reads (``confine.Viewer``), the command line's local operator ``LOCAL``.
A search's count may stop at a limit (``count_limit``: the API's lead list, whose total is
then a lower bound, ``exact_total``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.leads.confine import LOCAL, NOBODY, Viewer, condition, high_models
from jiancha.leads.explain import labelled_personal, render
from jiancha.leads.personal import models_personal
from jiancha.leads.search import sqlite_arms, title_contains
from jiancha.leads.search_pg import roomy_bitmaps
from jiancha.store import CampaignLead, Lead, LeadTally, Org, Run, SupervisionModel

MAX_BRANCHES = 32
"""The most offices or adoptions a page is split into (one ordered index read each)."""
SORTS = {
    "id": Lead.id,
    "amount": Lead.amount,
    "first_seen_at": Lead.first_seen_at,
    "last_seen_at": Lead.last_seen_at,
    "status": Lead.status,
}


@dataclass(frozen=True)
class LeadFilter:
    model: str | None = None
    status: str | None = None
    hit: bool | None = None
    assignee: str | None = None
    jurisdiction: str | None = None
    org: str | None = None
    text: str | None = None
    lead_id: int | None = None
    lines: tuple[str, ...] | None = None
    """Keep the leads of models of these business lines; None or empty: every line."""
    viewer: Viewer = NOBODY
    """Who reads: a ``high`` model's leads are kept only for a viewer of their own office."""
    campaign: int | None = None
    """Keep the leads tagged with this campaign (专项, ``CampaignLead``)."""
    sort: str = "-id"
    offset: int = 0
    limit: int | None = None
    count_limit: int | None = None
    """Count a title search's matches only up to this many: the tallies cannot count a search,
    which then reads every matching lead, and a common word matches tens of thousands. A total
    of ``count_limit + 1`` then means "more than ``count_limit``" (``exact_total``). None: count
    them all (the command line)."""


def _among(column: Any, values: list[int]) -> ColumnElement[bool]:
    """``column IN values``; one value: an equality, which an index's order follows."""
    found: ColumnElement[bool] = column == values[0] if len(values) == 1 else column.in_(values)
    return found


def _where(query: Select[Any], f: LeadFilter, scope: _Scope, *, search: bool = True) -> Select[Any]:
    if scope.orgs is not None:
        query = query.where(_among(Lead.org_id, scope.orgs))
    if scope.models is not None:
        query = query.where(_among(Lead.model_id, scope.models))
    if scope.line_models is not None:
        query = query.where(Lead.model_id.in_(scope.line_models))
    hidden = condition(Lead.model_id, Lead.org_id, f.viewer, scope.high)
    if hidden is not None:
        query = query.where(hidden)
    if f.status is not None:
        query = query.where(Lead.status == f.status)
    if f.hit is not None:
        query = query.where(Lead.hit.is_(f.hit))
    if f.assignee is not None:
        query = query.where(Lead.assignee == f.assignee)
    if f.jurisdiction is not None:
        query = query.where(Lead.jurisdiction == f.jurisdiction)
    if f.lead_id is not None:
        query = query.where(Lead.id == f.lead_id)
    if f.campaign is not None:
        tagged = select(CampaignLead.lead_id).where(CampaignLead.campaign_id == f.campaign)
        query = query.where(Lead.id.in_(tagged))
    if f.text and search:
        query = query.where(title_contains(f.text, scope.dialect))
    return query


def _driven(f: LeadFilter, scope: _Scope, *also: ColumnElement[bool]) -> list[Select[Any]] | None:
    """The search's arms (``search.Arm``: its FTS5 table driving, and the leads not indexed
    yet) with the filter's other conditions, each giving ``id``; None unless on SQLite with a
    text an FTS5 table answers."""
    arms = sqlite_arms(f.text) if f.text and scope.dialect == "sqlite" else None
    if arms is None:
        return None
    return [_where(arm.select(), f, scope, search=False).where(*also) for arm in arms]


Key = tuple[Any, bool]
"""A sort key: a column of ``Lead`` and whether it descends."""


def _keys(sort: str) -> list[Key]:
    """The order of ``sort``, ties broken by id in the same direction, so that one index on
    (column, id) serves a page in either direction."""
    column = SORTS.get(sort.lstrip("-"))
    if column is None:
        known = "、".join(SORTS)
        raise JianchaError(f"不能按“{sort}”排序", hint=f"可用：{known}（前加 - 为倒序）")
    descending = sort.startswith("-")
    keys = [(column, descending)]
    return keys if column is Lead.id else [*keys, (Lead.id, descending)]


def _ordered(keys: list[Key], columns: Any = None) -> list[Any]:
    """ORDER BY of ``keys`` (on ``columns``, a subquery's or a union's, when given)."""
    found = [(column if columns is None else columns[column.key], down) for column, down in keys]
    return [column.desc() if down else column.asc() for column, down in found]


@dataclass(frozen=True)
class _Scope:
    """The filter's names resolved to ids: no join is needed to apply it."""

    models: list[int] | None
    """The adoptions of the filter's model (None: every model)."""
    orgs: list[int] | None
    empty: bool = False
    line_models: list[int] | None = None
    """The models of the filter's lines (None: every line)."""
    high: list[int] = field(default_factory=list)
    """The ``high`` adoptions (read only when the viewer may be kept from some)."""
    dialect: str = "sqlite"


def _scope(session: Session, f: LeadFilter) -> _Scope:
    found = _names(session, f)
    return replace(found, dialect=session.get_bind().dialect.name)


def _names(session: Session, f: LeadFilter) -> _Scope:
    orgs = None if f.org is None else subtree_ids(session, find_org(session, f.org))
    line_models = None
    if f.lines:
        line_models = list(
            session.scalars(
                select(SupervisionModel.id)
                .where(SupervisionModel.line.in_(f.lines))
                .order_by(SupervisionModel.id)
            )
        )
    high = [] if f.viewer.local else high_models(session)
    if f.model is None:
        return _Scope(None, orgs, empty=line_models == [], line_models=line_models, high=high)
    query = select(SupervisionModel.id).where(SupervisionModel.slug == f.model)
    models = list(session.scalars(query.order_by(SupervisionModel.id)))
    if line_models is not None:
        models = [m for m in models if m in line_models]
    return _Scope(models, orgs, empty=not models, line_models=line_models, high=high)


def _tallied(f: LeadFilter) -> bool:
    """Whether the tallies keep the filter's count (model — also the models of the lines —,
    office, state, hit)."""
    return (
        f.assignee is None
        and f.jurisdiction is None
        and f.lead_id is None
        and f.campaign is None
        and not f.text
    )


def _bounded(f: LeadFilter) -> bool:
    """Whether the count stops at ``f.count_limit``: only a search's does."""
    return f.count_limit is not None and bool(f.text)


def exact_total(f: LeadFilter, total: int) -> bool:
    """Whether ``search_leads``'s ``total`` for ``f`` is the exact count, not "more than
    ``f.count_limit``"."""
    return not _bounded(f) or total <= (f.count_limit or 0)


def _total(session: Session, f: LeadFilter, scope: _Scope) -> int:
    """The number of matching leads: from the tallies when the filter is one they keep, else
    counted (a search's up to ``count_limit + 1``)."""
    if _tallied(f):
        query = select(func.coalesce(func.sum(LeadTally.n), 0))
        if scope.orgs is not None:
            query = query.where(LeadTally.org_key.in_(scope.orgs))
        if scope.models is not None:
            query = query.where(LeadTally.model_id.in_(scope.models))
        if scope.line_models is not None:
            query = query.where(LeadTally.model_id.in_(scope.line_models))
        hidden = condition(LeadTally.model_id, LeadTally.org_key, f.viewer, scope.high, none=0)
        if hidden is not None:
            query = query.where(hidden)
        if f.status is not None:
            query = query.where(LeadTally.status == f.status)
        if f.hit is not None:
            query = query.where(LeadTally.hit.is_(f.hit))
        return int(session.scalar(query) or 0)
    driven = _driven(f, scope)
    if driven is None and not _bounded(f):
        return int(session.scalar(_where(select(func.count(Lead.id)), f, scope)) or 0)
    found = union_all(*driven) if driven else _where(select(Lead.id), f, scope)
    if _bounded(f):
        found = found.limit((f.count_limit or 0) + 1)
    return int(session.scalar(select(func.count()).select_from(found.subquery())) or 0)


def _window(query: Any, offset: int, limit: int | None) -> Any:
    query = query.offset(offset) if offset else query
    return query if limit is None else query.limit(limit)


def _branches(f: LeadFilter, scope: _Scope, keys: list[Key]) -> list[_Scope] | None:
    """The filter split into one scope per adoption or per office, when the filter names
    several and an index gives each one's leads in the page's order (None: not split).

    A page under a city's offices in id order, or of a model's adoptions by amount, is then
    merged from ordered index reads that stop after the page, where one read of the IN list
    would find every match and sort it (PostgreSQL also misjudged how soon the amount index
    alone would find one model's leads: seconds). The branches' leads are disjoint and each is
    ordered on the same keys, ties broken by id: the merged page is the same."""
    first = keys[0][0]
    by_id = first is Lead.id and f.status is not None  # (model or office, state, id)
    models, orgs = scope.models or [], scope.orgs or []
    if (first is Lead.amount or by_id) and 1 < len(models) <= MAX_BRANCHES:
        return [replace(scope, models=[m], high=[h for h in scope.high if h == m]) for m in models]
    if by_id and 1 < len(orgs) <= MAX_BRANCHES:
        return [replace(scope, orgs=[o]) for o in orgs]
    return None


def _ids(
    session: Session,
    f: LeadFilter,
    scope: _Scope,
    keys: list[Key],
    offset: int,
    limit: int | None,
    *also: ColumnElement[bool],
) -> list[int]:
    """The ids of the leads matching the filter (and ``also``) in the order of ``keys``, from
    ``offset``, at most ``limit``."""
    driven = _driven(f, scope, *also) if keys[0][0] is Lead.id else None
    if driven is not None:  # in id order: the search's index drives (and each read stops)
        union = union_all(*driven)
        union = _window(union.order_by(*_ordered(keys, union.selected_columns)), offset, limit)
        return [row[0] for row in session.execute(union)]
    branches = None if limit is None else _branches(f, scope, keys)
    columns = [Lead.id, *(column for column, _ in keys if column is not Lead.id)]
    if branches is None or limit is None:
        query = _where(select(Lead.id), f, scope).where(*also).order_by(*_ordered(keys))
        return list(session.scalars(_window(query, offset, limit)))
    arms = [_where(select(*columns), f, s).where(*also) for s in branches]
    if scope.dialect == "postgresql":  # each arm ordered and bounded: a Merge Append of them
        arms = [arm.order_by(*_ordered(keys)).limit(offset + limit) for arm in arms]
        merged = union_all(*arms).subquery()
        query = select(merged.c.id).order_by(*_ordered(keys, merged.c))
        return list(session.scalars(_window(query, offset, limit)))
    union = union_all(*arms)  # SQLite merges the arms read in index order
    union = _window(union.order_by(*_ordered(keys, union.selected_columns)), offset, limit)
    return [row[0] for row in session.execute(union)]


def _page(session: Session, f: LeadFilter, scope: _Scope) -> list[int]:
    """The ids of the requested page, in order."""
    keys = _keys(f.sort)
    if keys[0][0] is not Lead.amount:
        return _ids(session, f, scope, keys, f.offset, f.limit)
    down = keys[0][1]
    valued = Lead.amount.is_not(None)
    ids = _ids(session, f, scope, keys, f.offset, f.limit, valued)
    if f.limit is not None and len(ids) >= f.limit:
        return ids
    skip = 0  # into the leads without an amount: past those with one, when none is on the page
    if not ids and f.offset:
        with_amount = session.scalar(_where(select(func.count(Lead.id)), f, scope).where(valued))
        skip = max(0, f.offset - int(with_amount or 0))
    rest = None if f.limit is None else f.limit - len(ids)
    empty = Lead.amount.is_(None)
    return ids + _ids(session, f, scope, [(Lead.id, down)], skip, rest, empty)


def search_leads(session: Session, f: LeadFilter) -> tuple[int, list[dict[str, Any]]]:
    """How many leads match, and the requested page of them.

    ``f.org`` keeps the leads of that office and of every office below it. The page is found
    on the narrow columns first (ids only, which the indexes can answer), then its rows are
    read in full: a wide row is read only when it is shown."""
    scope = _scope(session, f)
    if scope.empty:
        return 0, []
    if f.text and scope.dialect == "postgresql":
        roomy_bitmaps(session)  # a common pair's matches counted on an exact bitmap
    total = _total(session, f, scope)
    ids = _page(session, f, scope)
    if not ids:
        return total, []
    rows = session.execute(
        select(Lead, SupervisionModel, Run.explanation, Org.name)
        .join(SupervisionModel, Lead.model_id == SupervisionModel.id)
        .join(Run, Lead.first_run_id == Run.id)
        .outerjoin(Org, Lead.org_id == Org.id)
        .where(Lead.id.in_(ids))
    ).all()
    personal = models_personal(session, [row[1] for row in rows])
    adopters = {m.org_id for _, m, _, _ in rows if m.org_id is not None}
    query = select(Org.id, Org.code).where(Org.id.in_(adopters))
    codes = {org_id: code for org_id, code in session.execute(query)}
    shown = {
        lead.id: _lead(lead, model.slug, template, org)
        | {"model_org": codes.get(model.org_id or 0)}  # the adopting office (its adoption)
        | {"personal": labelled_personal(personal[model.id], template)}
        for lead, model, template, org in rows
    }
    return total, [shown[i] for i in ids]


def list_leads(
    session: Session,
    model: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    lead_id: int | None = None,
) -> list[dict[str, Any]]:
    """DESIGN's ``leads list --json`` objects, newest first, as the local operator sees them
    (every lead: a caller reading one lead for a person has checked that person's scope)."""
    f = LeadFilter(model=model, status=status, limit=limit, lead_id=lead_id, viewer=LOCAL)
    return search_leads(session, f)[1]


def _lead(lead: Lead, slug: str, template: Any, org: str | None) -> dict[str, Any]:
    return {
        "id": lead.id,
        "model": slug,
        "fingerprint": lead.fingerprint,
        "subject_type": lead.subject_type,
        "subject_key": lead.subject_key,
        "subject_name": lead.subject_name,
        "title": lead.title,
        "title_masked": lead.title_masked,
        "status": lead.status,
        "assignee": lead.assignee,
        "hit": lead.hit,
        "jurisdiction": lead.jurisdiction,
        "org": org,
        "amount": None if lead.amount is None else format(lead.amount, "f"),
        "evidence": lead.evidence,
        "explanation": render(template, lead.explanation),
    }
