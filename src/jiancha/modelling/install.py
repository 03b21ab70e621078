"""Installing a model: binding each logical input to a catalogue dataset, field by field.

``--bind j=刑事判决`` binds input ``j`` to a dataset whose columns have the spec's field names;
``--bind j.person_id=公民身份号码`` names the column of one field. Semantic types must agree
(a ``text`` field accepts any text column; numbers accept integers and money). Everything
missing or mismatched is refused together, in one list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.catalogue.importer import current_user
from jiancha.errors import JianchaError
from jiancha.governance.orgs import find_org
from jiancha.identifiers import all_types
from jiancha.marketplace.adoptions import adoptions_of, find_adoption
from jiancha.marketplace.versions import register_version, spec_diff
from jiancha.modelling.compiler import compile_spec
from jiancha.modelling.spec import Input, Spec
from jiancha.store import Dataset, ModelVersion, Org, Store, SupervisionModel
from jiancha.store.models import utcnow

_TEXTUAL = {t.name for t in all_types() if t.storage == pa.string()}
"""Semantic types stored as text (ID numbers, names, codes …), from the registry."""
_NUMERIC = {"integer", "number", "money"}


def compatible(wanted: str, actual: str) -> bool:
    """Whether a dataset column of semantic ``actual`` may feed a spec field of ``wanted``."""
    if wanted == actual:
        return True
    if wanted in _TEXTUAL and actual in _TEXTUAL:
        return "text" in (wanted, actual)
    return wanted in ("number", "money") and actual in _NUMERIC


@dataclass(frozen=True)
class Binding:
    dataset: str
    fields: Mapping[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "fields": dict(self.fields)}


def parse_binds(pairs: list[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``INPUT=DATASET`` and ``INPUT.field=column`` pairs."""
    datasets: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    for pair in pairs:
        left, sep, right = pair.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise JianchaError(f"绑定 `{pair}` 的格式应为 输入=数据集 或 输入.字段=列名")
        left, right = left.strip(), right.strip()
        if "." in left:
            name, field = left.split(".", 1)
            fields.setdefault(name, {})[field] = right
        else:
            datasets[left] = right
    return datasets, fields


def _bind_input(
    name: str, spec_input: Input, dataset: Dataset, overrides: Mapping[str, str]
) -> tuple[Binding, list[str]]:
    """Match one input's fields to the dataset's columns; problems in plain words."""
    columns = {f.name: f.semantic for f in dataset.latest.fields}
    chosen: dict[str, str] = {}
    problems = []
    for field, wanted in spec_input.fields.items():
        column = overrides.get(field, field)
        where = f"输入 `{name}` 的字段 `{field}`"
        if column not in columns:
            problems.append(
                f"{where}（{wanted}）在数据集“{dataset.name}”中找不到列 `{column}`："
                f"请加 --bind {name}.{field}=列名"
            )
        elif not compatible(wanted, columns[column]):
            problems.append(
                f"{where} 需要 {wanted}，数据集“{dataset.name}”的列 `{column}` 是 {columns[column]}"
            )
        else:
            chosen[field] = column
    problems += [f"输入 `{name}` 没有字段 `{f}`" for f in overrides if f not in spec_input.fields]
    return Binding(dataset.name, chosen), problems


def bind(store: Store, spec: Spec, pairs: list[str]) -> dict[str, Binding]:
    datasets, overrides = parse_binds(pairs)
    problems = [
        f"模型没有输入 `{name}`（输入：{'、'.join(spec.inputs)}）"
        for name in dict.fromkeys([*datasets, *overrides])
        if name not in spec.inputs
    ]
    bindings: dict[str, Binding] = {}
    with store.session() as session:
        for name, spec_input in spec.inputs.items():
            if name not in datasets:
                hint = f"请加 --bind {name}=数据集名"
                problems.append(f"输入 `{name}`（{spec_input.label}）没有绑定数据集：{hint}")
                continue
            dataset = session.scalar(select(Dataset).where(Dataset.name == datasets[name]))
            if dataset is None or not dataset.versions:
                problems.append(f"输入 `{name}` 绑定的数据集“{datasets[name]}”不存在")
                continue
            bindings[name], found = _bind_input(name, spec_input, dataset, overrides.get(name, {}))
            problems += found
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise JianchaError(f"模型 {spec.id} 无法安装，{len(problems)} 处问题：\n{listed}")
    return bindings


def _adoption(session: Session, slug: str, office: Org | None) -> SupervisionModel:
    """The adoption an install writes: the office's own; without an office, the model's only
    adoption; a model installed for no office yet is claimed by the first office named."""
    rows = adoptions_of(session, slug)
    if office is not None:
        own = [r for r in rows if r.org_id == office.id]
        unclaimed = [r for r in rows if r.org_id is None]
        if own or (len(rows) == 1 and unclaimed):
            return (own or unclaimed)[0]
    elif len(rows) == 1:
        return rows[0]
    elif rows:
        return find_adoption(session, slug)  # refuses, naming the offices
    return SupervisionModel(slug=slug)  # added once filled in


def install(
    store: Store,
    spec: Spec,
    pairs: list[str],
    org: str | None = None,
    *,
    changelog: str = "",
    by: str | None = None,
) -> dict[str, Any]:
    """Bind, compile with the real column names, and record ``org``'s adoption of the spec's
    version (installing again upgrades that office's adoption; another office gets its own).

    ``org`` (code or name) is the adopting office: leads no alias routes go to its queue, and it
    authors a model the marketplace did not know. Without it, the model's only adoption is
    upgraded (keeping its office). ``by``: who installs (default: the operator). The result
    names the version replaced and the spec's diff."""
    bindings = bind(store, spec, pairs)
    compile_spec(spec, {n: b.fields for n, b in bindings.items()})
    by = by or current_user()
    with store.session() as session:
        office = None if org is None else find_org(session, org)
        model = _adoption(session, spec.id, office)
        previous = None if model.version_id is None else session.get(ModelVersion, model.version_id)
        author = office or (None if model.org_id is None else session.get(Org, model.org_id))
        version = register_version(session, spec, by=by, author=author, changelog=changelog)
        model.version, model.name, model.area, model.line = (
            spec.version,
            spec.name,
            spec.area,
            spec.line,
        )
        model.kind, model.risk, model.spec_text, model.spec_sha256 = (
            spec.kind,
            spec.risk,
            spec.text,
            version.spec_sha256,
        )
        model.version_id = version.id
        model.bindings = {n: b.as_json() for n, b in bindings.items()}
        model.installed_at, model.installed_by = utcnow(), by
        if office is not None:
            model.org_id = office.id
        session.add(model)
        upgraded = previous is not None and previous.id != version.id
        return {
            "id": spec.id,
            "version": spec.version,
            "version_sha256": version.spec_sha256,
            "bindings": {n: b.as_json() for n, b in bindings.items()},
            "org": org,
            "upgraded_from": previous.version if upgraded and previous else None,
            "diff": spec_diff(previous.spec_text, spec.text) if upgraded and previous else "",
        }
