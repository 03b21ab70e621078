"""Read-only views of installed models and their runs, as plain dicts (CLI ``--json`` and API)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.marketplace.adoptions import find_adoption
from jiancha.runs.errors import classify_text
from jiancha.store import Lead, Org, Run, Store, SupervisionModel


def _seen(model: SupervisionModel, visible: Collection[int] | None) -> bool:
    """Whether a model (and its runs) is visible: installed by a visible office, or by none."""
    return visible is None or model.org_id is None or model.org_id in visible


def _org(session: Session, org_id: int | None) -> Org | None:
    return None if org_id is None else session.get(Org, org_id)


def _model(session: Session, model: SupervisionModel, leads: int, hit: int) -> dict[str, Any]:
    office = _org(session, model.org_id)
    return {
        "id": model.slug,
        "adoption_id": model.id,
        "name": model.name,
        "version": model.version,
        "area": model.area,
        "line": model.line,
        "kind": model.kind,
        "risk": model.risk,
        "org": None if office is None else office.code,
        "org_name": None if office is None else office.name,
        "installed_at": model.installed_at.isoformat(),
        "installed_by": model.installed_by,
        "datasets": {name: b["dataset"] for name, b in model.bindings.items()},
        "leads": leads,
        "leads_hit": hit,
    }


def _lead_counts(session: Session, model_id: int | None = None) -> dict[int, tuple[int, int]]:
    """Per model: its leads, and how many of them the latest run still hit."""
    hits = func.sum(func.cast(Lead.hit, type_=Lead.id.type))
    query = select(Lead.model_id, func.count(Lead.id), hits).group_by(Lead.model_id)
    if model_id is not None:
        query = query.where(Lead.model_id == model_id)
    return {m: (total, hit or 0) for m, total, hit in session.execute(query)}


def list_models(store: Store, visible: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Installed models; with ``visible``, only those installed by these offices or by none."""
    with store.session() as session:
        counts = _lead_counts(session)
        models = session.scalars(select(SupervisionModel).order_by(SupervisionModel.slug))
        return [_model(session, m, *counts.get(m.id, (0, 0))) for m in models if _seen(m, visible)]


def show_model(
    store: Store,
    slug: str,
    visible: Collection[int] | None = None,
    org: str | None = None,
    prefer: int | None = None,
) -> dict[str, Any]:
    """One adoption of ``slug`` (see ``marketplace.find_adoption``) with its spec and bindings."""
    with store.session() as session:
        model = find_adoption(session, slug, org, visible, prefer)
        total, hit = _lead_counts(session, model.id).get(model.id, (0, 0))
        return {
            **_model(session, model, total, hit),
            "spec": model.spec_text,
            "bindings": model.bindings,
        }


def _error(run: Run) -> str | None:
    """The classified error; a run recorded before errors were classified kept the engine's
    raw words (and no ``error_detail``): they are classified when shown."""
    if run.error is None or run.error_detail is not None:
        return run.error
    return classify_text(run.error)


def list_runs(
    store: Store,
    slug: str | None = None,
    limit: int = 100,
    *,
    visible: Collection[int] | None = None,
    run_id: int | None = None,
    details: bool = False,
) -> list[dict[str, Any]]:
    """Runs, newest first; with ``visible``, only runs of models those offices may see.

    ``error`` is the classified message anyone may read; ``details`` (administrators, the local
    operator) adds ``error_detail``, the engine's own words, which may quote data values.
    """
    query = select(Run, SupervisionModel.slug).join(SupervisionModel).order_by(Run.id.desc())
    if slug is not None:
        query = query.where(SupervisionModel.slug == slug)
    if run_id is not None:
        query = query.where(Run.id == run_id)
    if visible is not None:
        query = query.where(
            SupervisionModel.org_id.is_(None) | SupervisionModel.org_id.in_(list(visible))
        )
    with store.session() as session:
        return [
            {
                "run_id": run.id,
                "model": model,
                "status": run.status,
                "user": run.user,
                "engine": run.engine,
                "started_at": run.started_at.isoformat(),
                "seconds": run.seconds,
                "run_date": run.run_date,
                "parameters": run.parameters,
                "datasets": run.datasets,
                "rows_read": run.rows_read,
                "leads": run.leads,
                "new": run.new,
                "seen_again": run.seen_again,
                "no_longer_hit": run.no_longer_hit,
                "error": _error(run),
                "grants": run.grants,
            }
            | ({"error_detail": run.error_detail or run.error} if details else {})
            for run, model in session.execute(query.limit(limit))
        ]
