"""Finding leads: filters, sort order, pages, and a text search on titles.

The same query serves ``jiancha leads list`` and the API's lead list. Text search matches a
substring of the title (``LIKE``, wildcards in the search text escaped): Chinese titles have no
spaces to split words on, and a substring is what a prosecutor types (a name, a court).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.leads.explain import render
from jiancha.store import Lead, Run, SupervisionModel

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
    text: str | None = None
    lead_id: int | None = None
    sort: str = "-id"
    offset: int = 0
    limit: int | None = None


def _where(query: Select[Any], f: LeadFilter) -> Select[Any]:
    if f.model is not None:
        query = query.where(SupervisionModel.slug == f.model)
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
    if f.text:
        escaped = f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Lead.title.like(f"%{escaped}%", escape="\\"))
    return query


def _order(sort: str) -> Any:
    column = SORTS.get(sort.lstrip("-"))
    if column is None:
        known = "、".join(SORTS)
        raise JianchaError(f"不能按“{sort}”排序", hint=f"可用：{known}（前加 - 为倒序）")
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def search_leads(session: Session, f: LeadFilter) -> tuple[int, list[dict[str, Any]]]:
    """How many leads match, and the requested page of them."""
    counted = select(func.count(Lead.id)).join(
        SupervisionModel, Lead.model_id == SupervisionModel.id
    )
    total = session.scalar(_where(counted, f))
    query = _where(
        select(Lead, SupervisionModel.slug, Run.explanation)
        .join(SupervisionModel, Lead.model_id == SupervisionModel.id)
        .join(Run, Lead.first_run_id == Run.id),
        f,
    ).order_by(_order(f.sort), Lead.id.desc())
    if f.offset:
        query = query.offset(f.offset)
    if f.limit is not None:
        query = query.limit(f.limit)
    return int(total or 0), [
        _lead(lead, slug, template) for lead, slug, template in session.execute(query)
    ]


def list_leads(
    session: Session,
    model: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    lead_id: int | None = None,
) -> list[dict[str, Any]]:
    """DESIGN's ``leads list --json`` objects, newest first."""
    f = LeadFilter(model=model, status=status, limit=limit, lead_id=lead_id)
    return search_leads(session, f)[1]


def _lead(lead: Lead, slug: str, template: Any) -> dict[str, Any]:
    return {
        "id": lead.id,
        "model": slug,
        "fingerprint": lead.fingerprint,
        "subject_key": lead.subject_key,
        "subject_name": lead.subject_name,
        "title": lead.title,
        "status": lead.status,
        "assignee": lead.assignee,
        "hit": lead.hit,
        "jurisdiction": lead.jurisdiction,
        "amount": None if lead.amount is None else format(lead.amount, "f"),
        "evidence": lead.evidence,
        "explanation": render(template, lead.explanation),
    }
