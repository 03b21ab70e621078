"""Which columns of a model's leads are personal, and of which kind (for masking).

A field of an input is personal when the spec types it ``person_name``, ``id_card``, ``phone``
or ``plate``, when the dataset column bound to it has such a semantic type, or when the dataset
classifies that column ``sensitive`` or ``core`` (kind ``sensitive``). Kinds follow the columns
through the steps, as the compiler names them: a joined input's field ``f`` becomes ``Y.f``; a
derived column or an aggregate measure that passes one column on (``max(name)``,
``coalesce(j.name, name)``, ``upper(plate)``, a cast) keeps that column's kind; one that
computes something else from personal columns is ``derived`` (hidden whole) unless it counts
or sums them (``count(DISTINCT defendant_id)`` is a number, not a person).

The result, per model, names the personal columns (evidence, title placeholders and
explanation values use the same names) and the kinds of the lead's subject key and name. It is
computed from the installed model (its spec and bindings) and the bound datasets' latest
classification, so that classifying a column ``sensitive`` masks it on every lead at once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlglot
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlglot import exp

from jiancha.governance.masking import PERSONAL_TYPES
from jiancha.modelling import load_spec
from jiancha.modelling.spec import Spec
from jiancha.store import Dataset, DatasetField, DatasetVersion, SupervisionModel

SECRET_LEVELS = ("sensitive", "core")
Personal = dict[str, Any]
"""``{"fields": {column: kind}, "subject_key": kind | None, "subject_name": kind | None}``."""
_PASSING = (
    exp.Max,
    exp.Min,
    exp.AnyValue,
    exp.First,
    exp.Last,
    exp.ArgMax,
    exp.ArgMin,
    exp.Coalesce,
    exp.Trim,
    exp.Upper,
    exp.Lower,
    exp.Paren,
    exp.Cast,
    exp.TryCast,
)
_NUMERIC = (exp.Count, exp.Sum, exp.Avg, exp.Length, exp.DateDiff)
Columns = Mapping[tuple[str, str], tuple[str, str]]
"""(dataset, column) → (semantic type, classification)."""


def _field_kind(spec_type: str, semantic: str | None, level: str | None) -> str | None:
    if spec_type in PERSONAL_TYPES:
        return spec_type
    if semantic in PERSONAL_TYPES:
        return semantic
    if level in SECRET_LEVELS:
        return "sensitive"
    return None


def _column_name(column: exp.Column) -> str:
    return f"{column.table}.{column.name}" if column.table else column.name


def _expression_kind(text: Any, kinds: Mapping[str, str]) -> str | None:
    """The kind of a derived column computed by ``text`` (see the module docstring)."""
    if not isinstance(text, str):
        return None
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except sqlglot.errors.SqlglotError:  # the compiler refuses it anyway: be careful
        return "derived" if any(name in text for name in kinds) else None
    node: exp.Expr = tree
    while isinstance(node, _PASSING) and isinstance(node.this, exp.Expr):
        node = node.this
    if isinstance(node, exp.Column):
        return kinds.get(_column_name(node))
    if isinstance(node, _NUMERIC):
        return None
    mentioned = [kinds[n] for c in tree.find_all(exp.Column) if (n := _column_name(c)) in kinds]
    return "derived" if mentioned else None


def personal_columns(spec: Spec, bindings: Mapping[str, Any], columns: Columns) -> Personal:
    """The personal columns of ``spec``'s leads (see the module docstring)."""

    def fields(name: str, prefix: str) -> dict[str, str]:
        found: dict[str, str] = {}
        spec_input = spec.inputs.get(name)
        if spec_input is None:
            return found
        bound = bindings.get(name) or {}
        dataset, chosen = bound.get("dataset"), bound.get("fields") or {}
        for field, spec_type in spec_input.fields.items():
            semantic, level = columns.get((str(dataset), str(chosen.get(field, field))), ("", ""))
            kind = _field_kind(spec_type, semantic, level)
            if kind is not None:
                found[prefix + field] = kind
        return found

    kinds: dict[str, str] = {}
    for step in spec.steps:
        body = step.body
        if step.kind == "from":
            kinds.update(fields(str(body), ""))
        elif step.kind == "join" and isinstance(body, dict):
            kinds.update(fields(str(body.get("input")), f"{body.get('input')}."))
        elif step.kind in ("derive", "aggregate") and isinstance(body, dict):
            derived = body if step.kind == "derive" else body.get("measures") or {}
            found = {name: _expression_kind(text, kinds) for name, text in derived.items()}
            for name, kind in found.items():
                kinds.pop(name, None)
                if kind is not None:
                    kinds[name] = kind
    lead = spec.lead
    name_kind = None if lead.subject_name is None else kinds.get(lead.subject_name)
    if name_kind is None and lead.subject_type == "person" and lead.subject_name is not None:
        name_kind = "person_name"
    return {
        "fields": kinds,
        "subject_key": kinds.get(lead.subject_key),
        "subject_name": name_kind,
    }


@functools.lru_cache(maxsize=256)
def _cached(spec_text: str, bindings: str, columns: str) -> str:
    spec = load_spec(spec_text, "模型")
    found = {(d, c): (s, level) for d, c, s, level in json.loads(columns)}
    return json.dumps(personal_columns(spec, json.loads(bindings), found), ensure_ascii=False)


def _datasets(bindings: Mapping[str, Any]) -> set[str]:
    return {str(b.get("dataset")) for b in bindings.values() if isinstance(b, dict)}


def bound_columns(session: Session, names: Iterable[str]) -> Columns:
    """Semantic type and classification of every column of the latest version of each dataset
    named, in one query."""
    names = sorted(set(names))
    if not names:
        return {}
    latest = (
        select(func.max(DatasetVersion.id).label("id"))
        .join(Dataset, Dataset.id == DatasetVersion.dataset_id)
        .where(Dataset.name.in_(names))
        .group_by(DatasetVersion.dataset_id)
    )
    rows = session.execute(
        select(Dataset.name, DatasetField.name, DatasetField.semantic, DatasetField.classification)
        .join(DatasetVersion, DatasetVersion.dataset_id == Dataset.id)
        .join(DatasetField, DatasetField.version_id == DatasetVersion.id)
        .where(DatasetVersion.id.in_(latest))
    )
    return {(dataset, column): (semantic, level) for dataset, column, semantic, level in rows}


def _personal(model: SupervisionModel, columns: Columns) -> Personal:
    bindings = model.bindings or {}
    datasets = _datasets(bindings)
    listed = sorted([d, c, s, level] for (d, c), (s, level) in columns.items() if d in datasets)
    key = json.dumps(bindings, sort_keys=True, ensure_ascii=False)
    found: Personal = json.loads(_cached(model.spec_text, key, json.dumps(listed)))
    return found


def model_personal(session: Session, model: SupervisionModel) -> Personal:
    """:func:`personal_columns` of an installed model (cached per spec, binding and
    classification)."""
    return _personal(model, bound_columns(session, _datasets(model.bindings or {})))


def models_personal(session: Session, models: Iterable[SupervisionModel]) -> dict[int, Personal]:
    """:func:`model_personal` of several models, their datasets read in one query."""
    chosen = {m.id: m for m in models}
    names = set().union(*(_datasets(m.bindings or {}) for m in chosen.values()))
    columns = bound_columns(session, names)
    return {model_id: _personal(model, columns) for model_id, model in chosen.items()}
