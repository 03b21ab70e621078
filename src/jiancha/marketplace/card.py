"""The model card (模型说明书) as real platforms show it: 背景要旨, 法律依据, 监督规则, 数据要素,
创新性, 适用范围, the risk grade, 冠名 (the authoring office and named authors), where it stands
in the publication, its versions, the decisions so far and the figures measured.

What the author writes (背景要旨, 创新性, 适用范围) is kept on the model at submission; the rest
is derived: 法律依据 from the spec of the version under review (or published), 监督规则 from its
steps in plain Chinese (each step's label, else its condition read aloud, as a lead's reasons
are, ``leads.reasons``), 数据要素 from its inputs and the datasets the submitting (else the
authoring) office bound them to, with their classification.

Owns assembling the card. Must not touch the publication's state.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.identifiers import get
from jiancha.identifiers.registry import UnknownType
from jiancha.leads.reasons import Reasons
from jiancha.leads.workflow import RISK_LABELS
from jiancha.marketplace.history import version_rows
from jiancha.marketplace.publication import (
    STEP_PERMISSIONS,
    next_step,
    state_label,
    step_label,
)
from jiancha.marketplace.records import (
    current_round,
    current_version,
    decision_json,
    decisions_of,
    find_model,
    org_json,
    spec_of,
)
from jiancha.modelling import compile_spec
from jiancha.modelling.spec import Spec
from jiancha.runs.model_cards import KIND_LABELS
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.store import Dataset, MarketModel, ModelVersion, Org, Store, SupervisionModel, User

CLASSIFICATION_LABELS = {"public": "公开", "internal": "内部", "sensitive": "敏感", "core": "核心"}


def semantic_label(name: str) -> str:
    try:
        return get(name).label
    except UnknownType:
        return name


def rules(spec: Spec, bindings: dict[str, Any]) -> list[dict[str, Any]]:
    """监督规则: each step of ``spec`` in plain Chinese, columns named as ``bindings`` bind them."""
    fields = {n: dict(b.get("fields") or {}) for n, b in bindings.items() if n in spec.inputs}
    try:
        compiled = compile_spec(spec, fields or None)
    except JianchaError:
        compiled = compile_spec(spec)  # stale bindings: read the spec's own field names
    reasons = Reasons(compiled, {n: p.default for n, p in spec.parameters.items()})
    return [
        {"step": e.index + 1, "kind": e.kind, "text": reasons.sentence(e)}
        for e in compiled.explanations
    ]


def data_elements(session: Session, spec: Spec, bindings: dict[str, Any]) -> list[dict[str, Any]]:
    """数据要素: each input, its fields and semantic types, and what they are bound to."""
    shown = []
    for name, spec_input in spec.inputs.items():
        bound = bindings.get(name) or {}
        dataset = session.scalar(select(Dataset).where(Dataset.name == bound.get("dataset")))
        latest = dataset.latest if dataset is not None and dataset.versions else None
        columns = {f.name: f for f in latest.fields} if latest is not None else {}
        fields = []
        for field, semantic in spec_input.fields.items():
            column = columns.get((bound.get("fields") or {}).get(field, field))
            level = None if column is None else column.classification
            fields.append(
                {
                    "field": field,
                    "semantic": semantic,
                    "semantic_label": semantic_label(semantic),
                    "column": None if column is None else column.name,
                    "classification": level,
                    "classification_label": CLASSIFICATION_LABELS.get(level or ""),
                }
            )
        level = None if dataset is None else dataset.classification
        shown.append(
            {
                "input": name,
                "label": spec_input.label,
                "dataset": None if latest is None or dataset is None else dataset.name,
                "classification": level,
                "classification_label": CLASSIFICATION_LABELS.get(level or ""),
                "fields": fields,
            }
        )
    return shown


def _bindings(session: Session, model: MarketModel) -> dict[str, Any]:
    """The bindings of the submitting office's adoption, else the author office's, else none."""
    rows = current_round(session, model)
    adoption_id = (rows[0].figures or {}).get("adoption") if rows else None
    adoption = None if adoption_id is None else session.get(SupervisionModel, adoption_id)
    if adoption is None and model.author_org_id is not None:
        adoption = session.scalar(
            select(SupervisionModel).where(
                SupervisionModel.slug == model.slug,
                SupervisionModel.org_id == model.author_org_id,
            )
        )
    return dict(adoption.bindings or {}) if adoption is not None else {}


def _returned(session: Session, model: MarketModel) -> dict[str, Any] | None:
    refused = [d for d in current_round(session, model) if d.decision == "refused"]
    if model.state != "returned" or not refused:
        return None
    last = refused[-1]
    return {"step": last.step, "step_label": step_label(last.step), "reason": last.opinion}


def _labels(model: MarketModel) -> dict[str, Any]:
    step = next_step(model.state)
    return {
        "area_label": AREA_LABELS.get(model.area, model.area),
        "line_label": LINE_LABELS.get(model.line, model.line),
        "kind_label": KIND_LABELS.get(model.kind, model.kind),
        "risk_label": RISK_LABELS.get(model.risk, model.risk),
        "state_label": state_label(model.state),
        "next_step": step,
        "next_step_label": None if step is None else step_label(step),
        "next_step_permission": None if step is None else STEP_PERMISSIONS[step],
    }


def _credit(author: Org | None, authors: list[str]) -> str:
    """冠名: the authoring office's name, then the named authors."""
    return "　".join(x for x in [author.name if author else "", "、".join(authors)] if x)


def _when(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def model_card(store: Store, slug: str, user: User | None = None) -> dict[str, Any]:
    """The card of model ``slug`` as ``user`` (None: the local operator) may see it."""
    with store.session() as session:
        model = find_model(session, slug, user)
        version = current_version(session, model)
        if version is None:
            raise JianchaError(f"模型 `{slug}` 还没有任何版本")
        spec = spec_of(version.spec_text)
        bindings = _bindings(session, model)
        author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
        numbers = select(ModelVersion).where(ModelVersion.model_id == model.id)
        versions = {v.id: v.version for v in session.scalars(numbers)}
        card, authors = dict(model.card or {}), list(model.authors or [])
        rows = current_round(session, model)
        return {
            "slug": model.slug,
            "name": model.name,
            "description": spec.description,
            **{k: getattr(model, k) for k in ("area", "line", "kind", "risk", "state")},
            **_labels(model),
            "author_org": org_json(author),
            "authors": authors,
            "credit": _credit(author, authors),
            **{k: card.get(k, "") for k in ("background", "innovation", "scope")},
            "legal_basis": list(spec.legal_basis),
            "rules": rules(spec, bindings),
            "data": data_elements(session, spec, bindings),
            "version": {
                "id": version.id,
                "version": version.version,
                "sha256": version.spec_sha256,
            },
            "versions": version_rows(session, model),
            "decisions": [decision_json(d, versions) for d in decisions_of(session, model)],
            "returned": _returned(session, model),
            "similar": (rows[0].figures or {}).get("similar", []) if rows else [],
            "figures": model.figures or {},
            "submitted_at": _when(model.submitted_at),
            "published_at": _when(model.published_at),
        }
