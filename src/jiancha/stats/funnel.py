"""The statistics call: the funnel per group, and the total over the whole filter.

Grouping by office rolls up: each office's row counts its whole subtree (a city includes its
districts), so office rows overlap and the total is not their sum; leads routed to no office
appear as 未归属检察院 when no office is chosen. The total adds the raw, disjoint groups.
"""

from __future__ import annotations

from typing import Any

from jiancha.governance.orgs import LEVELS
from jiancha.stats.figures import Figures
from jiancha.stats.filters import GROUPS, Scope, StatsFilter, resolve
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.stats.queries import Key, collect
from jiancha.store import Store

NO_ORG = "未归属检察院"


def statistics(store: Store, f: StatsFilter) -> dict[str, Any]:
    """``{filter, group_by, group_label, groups: […], total: {…}}`` for ``f``."""
    with store.session() as session:
        scope = resolve(session, f)
        raw = collect(session, scope, f.group_by)
    total = Figures()
    for figures in raw.values():
        total.add(figures)
    return {
        "filter": f.as_dict(),
        "group_by": f.group_by,
        "group_label": GROUPS[f.group_by],
        "groups": _arrange(scope, f.group_by, raw),
        "total": {"key": None, "label": "合计", **total.as_dict()},
    }


def _arrange(scope: Scope, group: str, raw: dict[Key, Figures]) -> list[dict[str, Any]]:
    if group == "total":
        return []
    if group == "org":
        return _by_org(scope, raw)
    if group == "month":
        return [_row(month, _month_label(month), raw[month]) for month in sorted(raw)]
    if group == "model":
        return [
            {**_row(m.slug, m.name, raw.get(m.id, Figures())), "area": m.area, "line": m.line}
            for m in scope.models.values()
        ]
    labels = AREA_LABELS if group == "area" else LINE_LABELS
    merged: dict[str, Figures] = {}
    for m in scope.models.values():
        merged.setdefault(m.area if group == "area" else m.line, Figures())
    for model_id, figures in raw.items():
        info = scope.models[model_id]
        merged[info.area if group == "area" else info.line].add(figures)
    return [_row(k, labels[k], merged[k]) for k in labels if k in merged]


def _by_org(scope: Scope, raw: dict[Key, Figures]) -> list[dict[str, Any]]:
    shown = [
        o for o in scope.orgs.values() if scope.org is None or o.path.startswith(scope.org.path)
    ]
    rolled = {o.id: Figures() for o in shown}
    for org_id, figures in raw.items():
        office = scope.orgs.get(org_id) if org_id is not None else None
        for ancestor in [] if office is None else office.path.strip("/").split("/"):
            if int(ancestor) in rolled:
                rolled[int(ancestor)].add(figures)
    top = 2 if scope.org is None else scope.org.path.count("/")
    rows = [
        {
            **_row(o.code, o.name, rolled[o.id]),
            "level": o.level,
            "level_label": LEVELS[o.level],
            "depth": o.path.count("/") - top,
        }
        for o in shown
    ]
    if scope.org is None and None in raw:
        rows.append(
            {**_row(None, NO_ORG, raw[None]), "level": None, "level_label": None, "depth": 0}
        )
    return rows


def _row(key: str | None, label: str, figures: Figures) -> dict[str, Any]:
    return {"key": key, "label": label, **figures.as_dict()}


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{year}年{int(number)}月"
