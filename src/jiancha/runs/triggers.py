"""Models that run by themselves when data arrives (即时审查, 三书比对).

An installed model whose spec says ``run_on_import: true`` runs each time a dataset bound to
one of its inputs is imported: :func:`after_import` finds those models and runs each with
:func:`jiancha.runs.run_model`, as the system (the local-operator basis: no account's grants
are required, so a review never waits for an approval), on DuckDB, dated today. Each run is
recorded and audited by ``run_model`` like any other; its summary names who triggered it
(``triggered_by``: the importing account, else the operator) and which import (``dataset``).

A model that fails does not fail the import: its run is recorded as failed by ``run_model`` and
its summary carries ``error`` (the classified Chinese message), so the caller can say so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jiancha.catalogue.importer import current_user
from jiancha.errors import JianchaError
from jiancha.modelling.loader import load_spec
from jiancha.modelling.spec import RUN_ON_IMPORT
from jiancha.runs.errors import classify
from jiancha.runs.runner import run_model
from jiancha.store import Org, Store, SupervisionModel


def triggered_models(store: Store, dataset: str) -> list[tuple[str, str | None]]:
    """The adoptions of run-on-import models with an input bound to ``dataset``: each model's
    slug and the adopting office's code (``None``: an adoption of no office)."""
    with store.session() as session:
        query = select(SupervisionModel, Org.code).outerjoin(Org, Org.id == SupervisionModel.org_id)
        rows = session.execute(query.order_by(SupervisionModel.slug, SupervisionModel.id))
        found: list[tuple[str, str | None]] = []
        for model, code in rows:
            bound = {str(b.get("dataset")) for b in (model.bindings or {}).values()}
            if dataset in bound and _runs_on_import(model):
                found.append((model.slug, code))
        return found


def _runs_on_import(model: SupervisionModel) -> bool:
    if RUN_ON_IMPORT not in model.spec_text:  # most models: no need to read the spec
        return False
    try:
        return load_spec(model.spec_text, model.slug).run_on_import
    except JianchaError:  # checked at install; a spec that no longer reads cannot run anyway
        return False


def after_import(store: Store, dataset: str, *, account: str | None) -> list[dict[str, Any]]:
    """Run every run-on-import model that reads ``dataset``; one summary per model, in slug
    order: ``run_model``'s, or ``{"model", "error"}`` for a model that failed."""
    who = account or current_user()
    summaries: list[dict[str, Any]] = []
    for slug, org in triggered_models(store, dataset):
        trigger = {"model": slug, "org": org, "dataset": dataset, "triggered_by": who}
        try:
            done = run_model(store, slug, org=org)
        except JianchaError as error:
            summaries.append(trigger | {"error": error.message})
            continue
        except Exception as error:  # a failing model must not fail the import
            summaries.append(trigger | {"error": classify(error)})
            continue
        summaries.append(done | trigger)
    return summaries


def spoken_summary(summary: dict[str, Any]) -> str:
    """One Chinese line about a triggered run (for the command line and a job's result)."""
    slug = summary["model"]
    if "error" in summary:
        return f"自动运行模型 {slug} 失败：{summary['error']}（导入不受影响）"
    return (
        f"自动运行模型 {slug}：线索 {summary['leads']:,} 条（新增 {summary['new']:,}，"
        f"再次命中 {summary['seen_again']:,}，不再命中 {summary['no_longer_hit']:,}）"
    )


BRIEF_KEYS = ("model", "run_id", "leads", "new", "seen_again", "no_longer_hit", "error")


def brief(summary: dict[str, Any]) -> dict[str, Any]:
    """What a job's result keeps of a triggered run: the figures, and the line to show."""
    return {k: summary[k] for k in BRIEF_KEYS if k in summary} | {"text": spoken_summary(summary)}
