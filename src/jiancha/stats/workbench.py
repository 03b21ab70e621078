"""The workbench (工作台) summary: one person's leads by state, their office's funnel and the
recent runs of the models their office may see.

Owns: the counting queries behind ``GET /api/workbench``. Must not touch: permissions, masking
and who may see which office (the caller passes a ``LeadScope`` and the visible offices); the
time limits are ``leads.deadlines``'.

The funnel counts each lead once at every stage it has reached, from its current state (states
move one way along the workflow, ``stats.figures``): 新线索 (every lead) → 已核查 (found true or
untrue) → 已成案 → 已制发监督文书 → 已收到整改反馈 → 已办结.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.leads.deadlines import LeadScope
from jiancha.leads.workflow import STATES
from jiancha.stats.figures import CASES, VERIFIED
from jiancha.store import Lead, Run, SupervisionModel

ACTED = frozenset({"actions_issued", "feedback_received", "closed"})
ANSWERED = frozenset({"feedback_received", "closed"})
FUNNEL: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("new", "新线索", None),
    ("verified", "已核查", frozenset(VERIFIED)),
    ("case", "已成案", frozenset(CASES)),
    ("action", "已制发监督文书", ACTED),
    ("feedback", "已收到整改反馈", ANSWERED),
    ("closed", "已办结", frozenset({"closed"})),
)
"""(stage, label, the states that have reached it; None: every state)."""
RUN_STATUS = {"running": "运行中", "succeeded": "成功", "failed": "失败"}


def line_models(session: Session, lines: Iterable[str] | None) -> list[int] | None:
    """The ids of the models of ``lines``; None when not limited to lines."""
    if not lines:
        return None
    query = select(SupervisionModel.id).where(SupervisionModel.line.in_(list(lines)))
    return list(session.scalars(query.order_by(SupervisionModel.id)))


def status_counts(session: Session, scope: LeadScope) -> dict[str, int]:
    """How many leads of ``scope`` are in each state."""
    query = select(Lead.status, func.count(Lead.id)).group_by(Lead.status)
    if scope.orgs is not None:
        query = query.where(Lead.org_id.in_(list(scope.orgs)))
    if scope.models is not None:
        query = query.where(Lead.model_id.in_(list(scope.models)))
    if scope.assignee is not None:
        query = query.where(Lead.assignee == scope.assignee)
    return {status: int(n) for status, n in session.execute(query)}


def by_status(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Every workflow state in order, with its label and count (zero included)."""
    return [{"status": s, "label": label, "count": counts.get(s, 0)} for s, label in STATES.items()]


def funnel(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The funnel's stages with the number of leads that have reached each."""
    return [
        {
            "stage": stage,
            "label": label,
            "count": sum(n for s, n in counts.items() if reached is None or s in reached),
        }
        for stage, label, reached in FUNNEL
    ]


def recent_runs(
    session: Session, visible: Collection[int] | None, limit: int = 10
) -> list[dict[str, Any]]:
    """The latest runs of the models installed by ``visible`` offices (or by none), newest
    first; every model when ``visible`` is None."""
    query = (
        select(Run, SupervisionModel.slug, SupervisionModel.name)
        .join(SupervisionModel, SupervisionModel.id == Run.model_id)
        .order_by(Run.id.desc())
        .limit(limit)
    )
    if visible is not None:
        query = query.where(
            SupervisionModel.org_id.is_(None) | SupervisionModel.org_id.in_(list(visible))
        )
    return [
        {
            "run_id": run.id,
            "model": slug,
            "model_name": name,
            "started_at": run.started_at.isoformat(),
            "finished_at": None if run.finished_at is None else run.finished_at.isoformat(),
            "status": run.status,
            "status_label": RUN_STATUS.get(run.status, run.status),
            "leads": run.leads,
            "new": run.new,
        }
        for run, slug, name in session.execute(query)
    ]
