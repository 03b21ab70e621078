"""「我院可直接使用」: whether an office's datasets already bind every input of a model.

An office sees the datasets of its own subtree and of the offices above it (``api.scope``'s
rule, ``governance.orgs.visible_ids``), and those of no office. An input binds to one of them
when each of its fields finds a column of a compatible semantic type
(``modelling.install.compatible``) under the field's own name — or under a column name another
office's adoption of the same model bound that field to (agencies' exports share their Chinese
headers, so what one office bound tells the next). The datasets an adoption already used for
the input are tried first, then by name. The answer carries the bindings found, ready for the
adoption dialog, and the inputs that found none.

Owns this check. Must not touch: installing (``modelling.install`` binds again, and refuses
what does not fit), nor who may see a dataset beyond the offices given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jiancha.modelling.install import compatible
from jiancha.modelling.spec import Spec
from jiancha.store import Dataset, DatasetField, DatasetVersion, SupervisionModel


@dataclass(frozen=True)
class Catalogue:
    """The datasets an office sees: name → {column: semantic type} of the latest version."""

    columns: dict[str, dict[str, str]]


@dataclass
class Learned:
    """What adoptions of one model bound: per input the datasets, per (input, field) columns."""

    datasets: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True)
class Usable:
    usable: bool
    bindings: dict[str, dict[str, Any]]
    """Input → ``{dataset, fields}`` (``fields``: only the columns named otherwise)."""
    missing: list[str]
    """The inputs (``名称（标签）``) no dataset binds."""

    def as_dict(self) -> dict[str, Any]:
        return {"usable": self.usable, "bindings": self.bindings, "missing": self.missing}


def catalogue(session: Session, visible: Collection[int] | None) -> Catalogue:
    """The latest columns of every dataset owned by ``visible`` offices or by none (None:
    every dataset)."""
    latest = (
        select(DatasetVersion.dataset_id, func.max(DatasetVersion.version).label("v"))
        .group_by(DatasetVersion.dataset_id)
        .subquery()
    )
    query = (
        select(Dataset.name, DatasetField.name, DatasetField.semantic)
        .join(latest, latest.c.dataset_id == Dataset.id)
        .join(
            DatasetVersion,
            (DatasetVersion.dataset_id == Dataset.id) & (DatasetVersion.version == latest.c.v),
        )
        .join(DatasetField, DatasetField.version_id == DatasetVersion.id)
        .order_by(Dataset.name, DatasetField.position)
    )
    if visible is not None:
        query = query.where(or_(Dataset.org_id.is_(None), Dataset.org_id.in_(list(visible))))
    columns: dict[str, dict[str, str]] = defaultdict(dict)
    for dataset, column, semantic in session.execute(query):
        columns[dataset][column] = semantic
    return Catalogue(dict(columns))


def learned(session: Session, slugs: Iterable[str]) -> dict[str, Learned]:
    """What every adoption of each model bound, by slug."""
    found: dict[str, Learned] = defaultdict(Learned)
    query = select(SupervisionModel.slug, SupervisionModel.bindings).where(
        SupervisionModel.slug.in_(list(slugs))
    )
    for slug, bindings in session.execute(query.order_by(SupervisionModel.id)):
        mine = found[slug]
        for name, bound in (bindings or {}).items():
            if bound.get("dataset") and bound["dataset"] not in mine.datasets[name]:
                mine.datasets[name].append(bound["dataset"])
            for spec_field, column in (bound.get("fields") or {}).items():
                if column not in mine.columns[(name, spec_field)]:
                    mine.columns[(name, spec_field)].append(column)
    return found


def _fields(
    name: str, wanted: dict[str, str], columns: dict[str, str], known: Learned
) -> dict[str, str] | None:
    chosen: dict[str, str] = {}
    for spec_field, semantic in wanted.items():
        names = [spec_field, *known.columns.get((name, spec_field), [])]
        column = next((c for c in names if c in columns and compatible(semantic, columns[c])), None)
        if column is None:
            return None
        chosen[spec_field] = column
    return chosen


def usable(spec: Spec, seen: Catalogue, known: Learned | None = None) -> Usable:
    """Whether every input of ``spec`` binds to a dataset of ``seen``, and how."""
    known = known or Learned()
    bindings: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for name, spec_input in spec.inputs.items():
        tried = known.datasets.get(name, [])
        order = [d for d in tried if d in seen.columns] + sorted(set(seen.columns) - set(tried))
        for dataset in order:
            chosen = _fields(name, dict(spec_input.fields), seen.columns[dataset], known)
            if chosen is not None:
                renamed = {f: c for f, c in chosen.items() if f != c}
                bindings[name] = {"dataset": dataset, "fields": renamed}
                break
        else:
            missing.append(f"{name}（{spec_input.label}）")
    return Usable(not missing, bindings, missing)


def bind_pairs(bindings: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """``--bind`` pairs for ``modelling.install`` from bindings as ``usable`` gives them (or as
    a person chose them in the adoption dialog: ``{input: {dataset, fields}}``)."""
    pairs: list[str] = []
    for name, bound in bindings.items():
        pairs.append(f"{name}={bound['dataset']}")
        pairs += [f"{name}.{f}={c}" for f, c in (bound.get("fields") or {}).items()]
    return pairs
