"""The four model ledgers (四本台账): every installed model in exactly one of them.

A model is put in the most advanced ledger whose condition it meets, checked in this order:

1. 成效模型台账 ``with_results``: at least one supervision action on its leads has feedback
   that adopts it (已整改 or 部分整改), or money recovered above zero;
2. 应用成熟模型台账 ``mature_applied``: at least one lead verified and confirmed (核查属实 or
   later);
3. 已建模型台账 ``built``: at least one succeeded run, but no lead confirmed yet (none verified,
   or every verified lead rejected);
4. 在建模型台账 ``under_construction``: installed, no succeeded run yet.

With an office, only models installed by that office or an office below it are listed
(``SupervisionModel.org_id``); their figures count all their leads, wherever routed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, func, select

from jiancha.clock import CHINA
from jiancha.stats.figures import Figures
from jiancha.stats.filters import ModelInfo, StatsFilter, resolve
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.stats.queries import collect
from jiancha.store import Org, Run, Store

LEDGERS: dict[str, str] = {
    "under_construction": "在建模型台账",
    "built": "已建模型台账",
    "mature_applied": "应用成熟模型台账",
    "with_results": "成效模型台账",
}
STAGES: dict[str, str] = {
    "under_construction": "在建",
    "built": "已建",
    "mature_applied": "应用成熟",
    "with_results": "成效",
}


def stage(figures: Figures, succeeded_runs: int) -> str:
    """Which ledger a model with these figures and runs belongs to (see the module's rules)."""
    if sum(figures.adopted.values()) > 0 or figures.recovered > 0:
        return "with_results"
    if figures.confirmed > 0:
        return "mature_applied"
    if succeeded_runs > 0:
        return "built"
    return "under_construction"


def model_ledgers(store: Store, f: StatsFilter | None = None) -> dict[str, Any]:
    """``{filter, counts, ledgers: {name: {label, models: […]}}}``; uses the filter's models,
    office, area and line(s) (not its period or grouping)."""
    f = f or StatsFilter()
    with store.session() as session:
        scope = resolve(session, f, by_model_org=True)
        figures = collect(session, scope, "model")
        succeeded = func.count(case((Run.status == "succeeded", Run.id)))
        runs_query = (
            select(Run.model_id, func.count(Run.id), succeeded, func.max(Run.started_at))
            .where(Run.model_id.in_(list(scope.models)))
            .group_by(Run.model_id)
        )
        runs = {m: (n, ok, last) for m, n, ok, last in session.execute(runs_query)}
    ledgers: dict[str, list[dict[str, Any]]] = {name: [] for name in LEDGERS}
    for model in scope.models.values():
        n, ok, last = runs.get(model.id, (0, 0, None))
        found = figures.get(model.id, Figures())
        row = _row(model, found, scope.orgs.get(model.org_id or 0), n, ok, last)
        ledgers[row["stage"]].append(row)
    return {
        "filter": {
            "models": list(f.models),
            "org": f.org,
            "area": f.area,
            "line": f.line,
            **({"lines": list(f.lines)} if f.lines else {}),
        },
        "counts": {name: len(rows) for name, rows in ledgers.items()},
        "ledgers": {
            name: {"label": LEDGERS[name], "models": rows} for name, rows in ledgers.items()
        },
    }


def _day(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite returns naive UTC datetimes
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA).date().isoformat()


def _row(
    model: ModelInfo,
    figures: Figures,
    org: Org | None,
    runs: int,
    succeeded: int,
    last_run: dt.datetime | None,
) -> dict[str, Any]:
    done = figures.as_dict()
    name = stage(figures, succeeded)
    return {
        "model": model.slug,
        "name": model.name,
        "area": model.area,
        "area_label": AREA_LABELS[model.area],
        "line": model.line,
        "line_label": LINE_LABELS[model.line],
        "org": None if org is None else org.code,
        "org_name": None if org is None else org.name,
        "stage": name,
        "stage_label": STAGES[name],
        "runs": runs,
        "succeeded_runs": succeeded,
        "last_run_on": _day(last_run),
        "leads": done["leads"],
        "verified": done["verified"],
        "confirmed": done["confirmed"],
        "cases": done["cases"],
        "actions": done["actions_total"],
        "adopted": done["adopted_total"],
        "recovered_amount": done["recovered_amount"],
    }
