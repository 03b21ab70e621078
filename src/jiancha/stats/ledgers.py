"""The four model ledgers (四本台账): every marketplace model in exactly one, by where it is in
the five-step publication and by what its adoptions achieved (issue 17) — never typed by hand.

1. 在建模型台账 ``under_construction``: not on the shelf — 在建 (``draft``), returned to its
   author, or in review (``submitted`` … ``cross_validated``), whatever its leads;
2. a published model goes in the most advanced of the other three whose condition it meets:

   * 成效模型台账 ``with_results``: at least one of its leads became a case (成案 or later) and
     at least one supervision action was issued or money was recovered;
   * 应用成熟模型台账 ``mature_applied``: adopted by at least ``MATURE_OFFICES`` (2) offices,
     with a measured precision (核查属实及以后 ÷ 已核查) of at least ``MATURE_PRECISION``
     (0.5: at least half of the verified leads were confirmed);
   * 已建模型台账 ``built``: otherwise.

A model's figures are those of all its adoptions, in every office (``marketplace.figures``).
With an office, the ledgers list the models its subtree authored (冠名) or adopted; with models,
an area or line(s), only those models (not a period or grouping).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jiancha.errors import NotFound
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.marketplace import figures as market  # a module: the two packages import each other
from jiancha.marketplace.publication import state_label
from jiancha.stats.figures import Figures
from jiancha.stats.filters import StatsFilter
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.store import MarketModel, Org, Store

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
MATURE_OFFICES = 2
"""应用成熟: adopted by at least this many offices."""
MATURE_PRECISION = 0.5
"""应用成熟: a measured precision of at least this (confirmed ÷ verified)."""


def stage(state: str, figures: Figures, offices: int) -> str:
    """Which ledger a model in publication ``state`` with these figures, adopted by
    ``offices`` offices, belongs to (see the module's rules)."""
    if state != "published":
        return "under_construction"
    if figures.cases > 0 and (sum(figures.actions.values()) > 0 or figures.recovered > 0):
        return "with_results"
    precision = figures.precision
    if offices >= MATURE_OFFICES and precision is not None and precision >= MATURE_PRECISION:
        return "mature_applied"
    return "built"


def _chosen(models: list[MarketModel], f: StatsFilter) -> list[MarketModel]:
    unknown = sorted(set(f.models) - {m.slug for m in models})
    if unknown:
        known = "、".join(m.slug for m in models) or "（无）"
        raise NotFound(f"模型 `{'、'.join(unknown)}` 不存在", hint=f"已有模型：{known}")
    return [
        m
        for m in models
        if (not f.models or m.slug in f.models)
        and f.area in (None, m.area)
        and f.line in (None, m.line)
        and (not f.lines or m.line in f.lines)
    ]


def model_ledgers(store: Store, f: StatsFilter | None = None) -> dict[str, Any]:
    """``{filter, counts, ledgers: {name: {label, models: […]}}}``; uses the filter's models,
    office, area and line(s) (not its period or grouping)."""
    f = f or StatsFilter()
    f.check()
    ledgers: dict[str, list[dict[str, Any]]] = {name: [] for name in LEDGERS}
    with store.session() as session:
        chosen = _chosen(list(session.scalars(select(MarketModel).order_by(MarketModel.slug))), f)
        found = market.model_figures(session, [m.slug for m in chosen])
        if f.org is not None:
            inside = set(subtree_ids(session, find_org(session, f.org)))
            chosen = [
                m
                for m in chosen
                if m.author_org_id in inside
                or any(a.org_id in inside for a in found[m.slug].adoptions)
            ]
        orgs = {o.id: o for o in session.scalars(select(Org))}
        for model in chosen:
            row = _row(model, found[model.slug], orgs.get(model.author_org_id or 0))
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


def _row(model: MarketModel, found: market.ModelFigures, org: Org | None) -> dict[str, Any]:
    done = found.figures.as_dict()
    name = stage(model.state, found.figures, found.offices)
    return {
        "model": model.slug,
        "name": model.name,
        "area": model.area,
        "area_label": AREA_LABELS.get(model.area, model.area),
        "line": model.line,
        "line_label": LINE_LABELS.get(model.line, model.line),
        "org": None if org is None else org.code,
        "org_name": None if org is None else org.name,
        "state": model.state,
        "state_label": state_label(model.state),
        "stage": name,
        "stage_label": STAGES[name],
        "offices": found.offices,
        "adoptions": len(found.adoptions),
        **found.runs.as_dict(),
        "leads": done["leads"],
        "verified": done["verified"],
        "confirmed": done["confirmed"],
        "precision": done["precision"],
        "cases": done["cases"],
        "actions": done["actions_total"],
        "adopted": done["adopted_total"],
        "recovered_amount": done["recovered_amount"],
    }
