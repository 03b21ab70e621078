"""The model catalogue as the console shows it: installed models with what their spec says
(description, legal basis, risk grade, parameters a run form needs, inputs and their bindings)
and their last runs; filtered, sorted and paged.

Owns the card's extra fields, added to ``views``' model dicts (whose fields stay as they are).
Must not touch installing or running models, nor decide who may see which model (the caller
passes the visible offices, as to ``views``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.modelling import load_spec
from jiancha.modelling.spec import Spec
from jiancha.runs.views import list_models, show_model
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.stats.workbench import RUN_STATUS
from jiancha.store import Run, Store, SupervisionModel

RISK_LABELS = {"none": "无风险", "low": "低风险", "medium": "中风险", "high": "高风险"}
KIND_LABELS = {"collision": "数据碰撞", "mining": "数据挖掘", "profile": "数据画像"}
TYPE_LABELS = {
    "integer": "整数",
    "number": "数字",
    "text": "文本",
    "date": "日期",
    "boolean": "是/否",
    "list": "文本列表",
}
SORTS = ("id", "name", "area", "line", "risk", "kind", "installed_at", "leads")
LAST_RUNS = 5


@dataclass(frozen=True)
class ModelFilter:
    text: str | None = None
    area: str | None = None
    line: str | None = None
    risk: str | None = None
    kind: str | None = None
    sort: str = "id"
    offset: int = 0
    limit: int | None = None


@lru_cache(maxsize=256)
def _spec(text: str) -> Spec:
    return load_spec(text, "<installed>")


def _labels(model: dict[str, Any], spec: Spec) -> dict[str, Any]:
    return {
        "description": spec.description,
        "legal_basis": list(spec.legal_basis),
        "area_label": AREA_LABELS.get(model["area"], model["area"]),
        "line_label": LINE_LABELS.get(model["line"], model["line"]),
        "kind_label": KIND_LABELS.get(model["kind"], model["kind"]),
        "risk_label": RISK_LABELS.get(model["risk"], model["risk"]),
    }


def parameters(spec: Spec) -> list[dict[str, Any]]:
    """What a run form needs for each parameter: name, type, label, default, allowed values
    (``choices``: the two of a boolean, else None — any value of the type) and whether it takes
    several values (``multiple``: a list of text)."""
    return [
        {
            "name": p.name,
            "type": p.type,
            "type_label": TYPE_LABELS.get(p.type, p.type),
            "label": p.label or p.name,
            "default": p.default,
            "choices": [True, False] if p.type == "boolean" else None,
            "multiple": p.type == "list",
            "required": False,
        }
        for p in spec.parameters.values()
    ]


def inputs(spec: Spec, bindings: dict[str, Any]) -> list[dict[str, Any]]:
    """Each logical input with its label, the dataset it is bound to and, per field, its
    semantic type and the dataset column it reads."""
    shown = []
    for name, given in spec.inputs.items():
        bound = bindings.get(name) or {}
        columns = bound.get("fields") or {}
        shown.append(
            {
                "input": name,
                "label": given.label,
                "dataset": bound.get("dataset"),
                "fields": [
                    {"field": f, "type": t, "column": columns.get(f, f)}
                    for f, t in given.fields.items()
                ],
            }
        )
    return shown


def last_runs(
    session: Session, model_ids: Collection[int], n: int = LAST_RUNS
) -> dict[int, list[dict[str, Any]]]:
    """The ``n`` latest runs of each model, newest first."""
    found: dict[int, list[dict[str, Any]]] = {m: [] for m in model_ids}
    for model_id in model_ids:
        query = select(Run).where(Run.model_id == model_id).order_by(Run.id.desc()).limit(n)
        found[model_id] = [
            {
                "run_id": run.id,
                "started_at": run.started_at.isoformat(),
                "finished_at": None if run.finished_at is None else run.finished_at.isoformat(),
                "status": run.status,
                "status_label": RUN_STATUS.get(run.status, run.status),
                "leads": run.leads,
                "new": run.new,
            }
            for run in session.scalars(query)
        ]
    return found


def _matches(card: dict[str, Any], f: ModelFilter) -> bool:
    if any(getattr(f, k) not in (None, card[k]) for k in ("area", "line", "risk", "kind")):
        return False
    if not f.text:
        return True
    needle = f.text.strip().lower()
    return any(needle in str(card[k] or "").lower() for k in ("id", "name", "description"))


def _sorted(cards: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    key = sort.lstrip("-")
    if key not in SORTS:
        raise JianchaError(
            f"不能按“{sort}”排序", hint="可用：" + "、".join(SORTS) + "（前加 - 为倒序）"
        )
    ordered = sorted(cards, key=lambda c: c["id"])
    return sorted(ordered, key=lambda c: (c[key] is None, c[key]), reverse=sort.startswith("-"))


def model_page(
    store: Store, f: ModelFilter, visible: Collection[int] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """How many visible models match ``f``, and the page of them with their cards and last
    runs (the spec text and bindings are the detail's)."""
    with store.session() as session:
        query = select(SupervisionModel.id, SupervisionModel.spec_text)
        texts = {model_id: text for model_id, text in session.execute(query)}
    adopted = list_models(store, visible)
    cards = [m | _labels(m, _spec(texts[m["adoption_id"]])) for m in adopted]
    chosen = _sorted([c for c in cards if _matches(c, f)], f.sort)
    end = None if f.limit is None else f.offset + f.limit
    page = chosen[f.offset : end]
    with store.session() as session:
        runs = last_runs(session, [c["adoption_id"] for c in page])
    return len(chosen), [c | {"last_runs": runs[c["adoption_id"]]} for c in page]


def model_card(
    store: Store,
    slug: str,
    visible: Collection[int] | None = None,
    org: str | None = None,
    prefer: int | None = None,
) -> dict[str, Any]:
    """One visible adoption (404 otherwise): ``views.show_model``'s fields and the card's."""
    model = show_model(store, slug, visible, org, prefer)
    spec = _spec(model["spec"])
    with store.session() as session:
        model_id = model["adoption_id"]
        runs = last_runs(session, [model_id])[model_id]
    return (
        model
        | _labels(model, spec)
        | {
            "parameters": parameters(spec),
            "inputs": inputs(spec, model["bindings"]),
            "last_runs": runs,
        }
    )
