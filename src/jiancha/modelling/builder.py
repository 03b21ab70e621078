"""The no-code model builder's core (issue 18): builder document ⇄ spec, and validation as
one types. Pure: no database, no files, no engine.

A *builder document* is the spec document as JSON where any condition (a filter, a join's
``where``, an aggregate's ``having``) may be a structured ``{"all": [...]}`` set instead of
text (:mod:`~jiancha.modelling.conditions`). :func:`to_document` opens a YAML text for the
builder, :func:`to_spec_document` turns a builder document back into a plain spec document, and
:func:`compose` answers everything the console shows beside the form: the YAML, the SQL, every
problem at the path of the field it concerns, and the columns after each step.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from jiancha.modelling.builder_checks import slots
from jiancha.modelling.builder_compile import SOURCE, analyse, dotted
from jiancha.modelling.builder_view import Labels, View
from jiancha.modelling.conditions import ConditionError, decompose, is_condition_set, render
from jiancha.modelling.errors import SpecInvalid, SpecProblem
from jiancha.modelling.loader import MAX_DEPTH, parse_document, schema_problems
from jiancha.modelling.spec import Path
from jiancha.modelling.writer import dump_spec


@dataclasses.dataclass
class Composed:
    """What the console shows beside the form (see the builder contract)."""

    yaml: str = ""
    sql: str = ""
    valid: bool = False
    problems: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    steps: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    inputs: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def to_document(spec_text: str) -> dict[str, Any]:
    """A YAML spec text as a builder document, every decomposable condition structured.

    Raises :class:`SpecInvalid` when the text is not YAML or breaks the schema."""
    try:
        data, positions = parse_document(spec_text, SOURCE)
        problems = schema_problems(data, positions)
    except RecursionError:
        message = f"模型结构嵌套过深，无法读取（最多 {MAX_DEPTH} 层）"
        raise SpecInvalid(SOURCE, [SpecProblem(1, 1, message)]) from None
    if problems:
        raise SpecInvalid(SOURCE, [dotted(p) for p in problems])
    document: dict[str, Any] = _jsonable(data)
    for slot, value in slots(document["steps"]):
        found = decompose(value)
        if found is not None:
            _put(document, slot.index, slot.kind, slot.key, found)
    return document


def to_spec_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The plain spec document of a builder document (structured conditions as text).

    Raises :class:`SpecInvalid` (positions 0, 0: there is no YAML yet) naming the path of each
    malformed condition."""
    spec_document, problems = _rendered(document)
    if problems:
        raise SpecInvalid(SOURCE, [SpecProblem(0, 0, m, p, part) for p, m, part in problems])
    return spec_document


def compose(
    document: Mapping[str, Any],
    fields: Labels | None = None,
    semantics: Labels | None = None,
) -> Composed:
    """Validate a builder document and say what it makes.

    ``fields`` gives the Chinese label of an input's field (from the bound dataset), shown for
    the columns after each step; ``semantics`` the semantic type of an input's field when the
    bound dataset knows it better than the document (used for the columns and type checks)."""
    if not isinstance(document, Mapping):
        problem = {
            "path": "",
            "message": "建模文档应为一个对象",
            "part": "",
            "line": 0,
            "column": 0,
        }
        return Composed(problems=[problem])
    spec_document, condition_problems = _rendered(document)
    text = dump_spec(spec_document)
    analysis = analyse(text)
    view = View(document, analysis, fields or {}, semantics or {})
    checked = view.check_conditions()
    problems = [_problem(p) for p in analysis.problems if p.path not in checked]
    for path, message, part in condition_problems + view.problems:
        line, column = _locate(path, analysis.positions)
        problems.append(
            {"path": path, "message": message, "part": part, "line": line, "column": column}
        )
    problems.sort(key=lambda p: (p["line"], p["column"], p["path"]))
    _refine_subject(problems, document)
    valid = not problems and analysis.compiled is not None
    return Composed(
        yaml="" if condition_problems else text,
        sql=analysis.compiled.sql("duckdb", pretty=True) if valid and analysis.compiled else "",
        valid=valid,
        problems=problems,
        steps=view.steps(),
        inputs=view.inputs(),
    )


# --- documents ---------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """YAML-read data as JSON data: dates as ``YYYY-MM-DD`` text, keys as text."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _put(document: dict[str, Any], index: int, kind: str, key: str | None, value: Any) -> None:
    step = document["steps"][index]
    if key is None:
        step[kind] = value
    else:
        step[kind][key] = value


def _rendered(document: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The spec document (each malformed condition replaced by ``true``) and the problems."""
    result: dict[str, Any] = copy.deepcopy(dict(document))
    problems: list[tuple[str, str, str]] = []
    for slot, value in slots(result.get("steps")):
        if not is_condition_set(value):
            continue
        try:
            text = render(value)
        except ConditionError as error:
            where = f"{slot.path}.{error.path}" if error.path else slot.path
            problems.append(
                (where, f"第 {slot.index + 1} 步（{slot.kind}）：{error.message}", error.part)
            )
            text = "true"
        _put(result, slot.index, slot.kind, slot.key, text)
    return result, problems


def _problem(problem: SpecProblem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "message": problem.message,
        "part": problem.part,
        "line": problem.line,
        "column": problem.column,
    }


def _locate(path: str, positions: Mapping[Path, tuple[int, int]]) -> tuple[int, int]:
    parts: Path = tuple(int(p) if p.isdigit() else p for p in path.split(".") if p)
    while parts:
        if parts in positions:
            return positions[parts]
        parts = parts[:-1]
    return (0, 0)


def _refine_subject(problems: list[dict[str, Any]], document: Mapping[str, Any]) -> None:
    """Point a problem with the lead's subject at its ``key`` or its ``name``."""
    lead = document.get("lead")
    subject = lead.get("subject") if isinstance(lead, Mapping) else None
    if not isinstance(subject, Mapping):
        return
    for problem in problems:
        if problem["path"] != "lead.subject":
            continue
        for key in ("key", "name"):
            if f"`{subject.get(key)}`" in problem["message"]:
                problem["path"] = f"lead.subject.{key}"
                break
