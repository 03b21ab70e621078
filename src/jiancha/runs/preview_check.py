"""Checking a builder document together with its bindings, before a preview or a save.

``compose`` (``modelling.builder``) checks the document alone; this module adds what only the
catalogue can tell: each input bound to a dataset the person sees, and each field to a column
of that dataset's latest version of a compatible semantic type (``modelling.install
.compatible``), each problem at its dotted path (``inputs.j.fields.person_id``) with the YAML
line it concerns. Reads the catalogue's metadata only, never a data file.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.modelling.builder import compose
from jiancha.modelling.errors import SpecInvalid
from jiancha.modelling.install import compatible
from jiancha.modelling.loader import parse_document
from jiancha.store import Dataset, Store

Bindings = Mapping[str, Mapping[str, Any]]
"""input → ``{"dataset", "fields": {field: column}}``."""
Problem = dict[str, Any]


class BuilderInvalid(JianchaError):
    """A builder document (or its bindings) with problems: HTTP 422 with the list."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            f"模型有 {len(problems)} 处问题，请按提示修改后重试",
            hint="每处问题的位置见 problems 中的 path 和行号",
        )
        self.problems = problems


def problems_of(error: SpecInvalid) -> list[Problem]:
    """A spec's problems as the builder shows them (path, message, part, line, column)."""
    return [
        {
            "path": p.path,
            "message": p.message,
            "part": p.part,
            "line": p.line,
            "column": p.column,
        }
        for p in error.problems
    ]


def _inputs(document: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The document's inputs and their fields (field → semantic type), however malformed."""
    found: dict[str, dict[str, str]] = {}
    inputs = document.get("inputs")
    for name, spec_input in (inputs if isinstance(inputs, Mapping) else {}).items():
        fields = spec_input.get("fields") if isinstance(spec_input, Mapping) else None
        found[str(name)] = (
            {str(f): str(t) for f, t in fields.items()} if isinstance(fields, Mapping) else {}
        )
    return found


def _seen(dataset: Dataset, visible: Collection[int] | None) -> bool:
    return visible is None or dataset.org_id is None or dataset.org_id in visible


def _positions(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    if not text:
        return {}
    try:
        return dict(parse_document(text)[1])
    except JianchaError:
        return {}


def binding_problems(
    session: Session,
    document: Mapping[str, Any],
    bindings: Bindings,
    visible: Collection[int] | None = None,
    yaml_text: str = "",
) -> list[Problem]:
    """Every problem of ``bindings`` for ``document``'s inputs (``visible``: the offices whose
    datasets the person sees; None: every dataset)."""
    problems: list[Problem] = []
    found: list[dict[tuple[str | int, ...], tuple[int, int]]] = []

    def problem(path: tuple[str, ...], message: str) -> None:
        if not found:  # read the YAML's positions once, and only when there is a problem
            found.append(_positions(yaml_text))
        positions = found[0]
        line, column = next(
            (positions[path[:n]] for n in range(len(path), 0, -1) if path[:n] in positions),
            (0, 0),
        )
        problems.append(
            {"path": ".".join(path), "message": message, "part": "", "line": line, "column": column}
        )

    inputs = _inputs(document)
    for name in bindings:
        if name not in inputs:
            problem(("bindings", name), f"模型没有输入 `{name}`，不能绑定数据集")
    names = sorted({str(b.get("dataset")) for b in bindings.values()})
    datasets = {d.name: d for d in session.scalars(select(Dataset).where(Dataset.name.in_(names)))}
    for name, fields in inputs.items():
        bound = bindings.get(name)
        if bound is None or not bound.get("dataset"):
            problem(("inputs", name, "dataset"), f"输入 `{name}` 还没有绑定数据集")
            continue
        dataset = datasets.get(str(bound["dataset"]))
        if dataset is None or not dataset.versions or not _seen(dataset, visible):
            missing = f"输入 `{name}` 绑定的数据集“{bound['dataset']}”不存在"
            problem(("inputs", name, "dataset"), missing)
            continue
        columns = {f.name: f.semantic for f in dataset.latest.fields}
        chosen: Mapping[str, str] = bound.get("fields") or {}
        for field, wanted in fields.items():
            column = chosen.get(field, field)
            where = ("inputs", name, "fields", field)
            if column not in columns:
                problem(where, f"字段 `{field}` 对应的列“{column}”在数据集“{dataset.name}”中不存在")
            elif not compatible(wanted, columns[column]):
                problem(
                    where,
                    f"字段 `{field}` 需要 {wanted}，数据集“{dataset.name}”的列“{column}”是 "
                    f"{columns[column]}",
                )
        for field in chosen:
            if field not in fields:
                problem(("inputs", name, "fields", field), f"输入 `{name}` 没有字段 `{field}`")
    return problems


def bound_fields(document: Mapping[str, Any], bindings: Bindings) -> dict[str, dict[str, str]]:
    """input → field → dataset column, every field of every bound input (a field not named in
    the binding reads the column of its own name, as ``modelling.install`` binds it)."""
    return {
        name: {f: str((bindings[name].get("fields") or {}).get(f, f)) for f in fields}
        for name, fields in _inputs(document).items()
        if name in bindings
    }


def semantics_of(
    session: Session, document: Mapping[str, Any], bindings: Bindings
) -> dict[str, dict[str, str]]:
    """input → field → the semantic type of the dataset column it is bound to (when known)."""
    fields = bound_fields(document, bindings)
    names = sorted({str(b.get("dataset")) for b in bindings.values()})
    found: dict[str, dict[str, str]] = {}
    for dataset in session.scalars(select(Dataset).where(Dataset.name.in_(names))):
        if not dataset.versions:
            continue
        columns = {f.name: f.semantic for f in dataset.latest.fields}
        for name, chosen in fields.items():
            if str(bindings[name].get("dataset")) == dataset.name:
                found[name] = {f: columns[c] for f, c in chosen.items() if c in columns}
    return found


def composed_with_bindings(
    store: Store,
    document: Mapping[str, Any],
    bindings: Bindings | None,
    visible: Collection[int] | None = None,
) -> dict[str, Any]:
    """``compose``'s answer, with the bindings' problems added (and ``valid`` false then)."""
    if bindings is None:
        return compose(document).as_json()
    with store.session() as session:
        semantics = semantics_of(session, document, bindings)
        composed = compose(document, bound_fields(document, bindings), semantics).as_json()
        found = binding_problems(session, document, bindings, visible, composed.get("yaml", ""))
    composed["problems"] = [*composed["problems"], *found]
    composed["valid"] = bool(composed["valid"]) and not found
    return composed


def require_valid(
    store: Store,
    document: Mapping[str, Any],
    bindings: Bindings,
    visible: Collection[int] | None = None,
) -> dict[str, Any]:
    """The composed document, or :class:`BuilderInvalid` with every problem."""
    composed = composed_with_bindings(store, document, bindings, visible)
    if not composed["valid"]:
        raise BuilderInvalid(list(composed["problems"]))
    return composed
