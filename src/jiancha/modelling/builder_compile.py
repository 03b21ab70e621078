"""The builder's analysis of a spec text: every problem, and the relation after each step.

Reads the text like ``load_spec`` (schema, parameter defaults, labels, column names) and
compiles it, collecting every problem instead of stopping at the first kind. A text that breaks
the schema is compiled from a patched copy (:mod:`~jiancha.modelling.builder_lenient`) so the
columns after each step are still known; the copy's problems are kept only for parts of the
document where the schema found nothing wrong. Problem paths are dotted (``steps.3.filter``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from jiancha.modelling.builder_lenient import patched
from jiancha.modelling.compiler import Compiled, Compiler
from jiancha.modelling.errors import SpecInvalid, SpecProblem
from jiancha.modelling.labels import column_problems, label_problems
from jiancha.modelling.loader import MAX_DEPTH, default_problems, parse_document, schema_problems
from jiancha.modelling.relation import Relation
from jiancha.modelling.schema import SPEC_SCHEMA
from jiancha.modelling.spec import Path, Spec, from_document

SOURCE = "<builder>"
_INDEX = re.compile(r"\[(\d+)\]")
_MISSING = re.compile(r"缺少必填项 `([^`]+)`$")
_KEYS = re.compile(r"^steps\.(\d+)\.(join|anti_join|semi_join)\.on$")
_MEASURES = re.compile(r"^steps\.(\d+)\.aggregate\.measures$")


@dataclass
class Analysis:
    problems: list[SpecProblem] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    spec: Spec | None = None
    """The spec compiled (the patched copy when the text breaks the schema), if any."""
    compiled: Compiled | None = None
    """Set only when the text has no problem at all."""
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """(line, column) of each part of the text, by path."""


def dotted(problem: SpecProblem) -> SpecProblem:
    """``problem`` with a dotted path (``steps[3].label`` → ``steps.3.label``), a missing key's
    path pointing at the key, and plainer words for a join without keys or an aggregate
    without measures."""
    path = _INDEX.sub(r".\1", problem.path).lstrip(".")
    message = problem.message
    missing = _MISSING.search(message)
    if missing and not path.endswith(f".{missing.group(1)}"):
        path = f"{path}.{missing.group(1)}" if path else missing.group(1)
    if (keys := _KEYS.match(path)) is not None:
        step = f"第 {int(keys.group(1)) + 1} 步（{keys.group(2)}）"
        message = f"{step}：请至少指定一对关联列（on），否则无法判断两边的记录是否对应"
    elif (measures := _MEASURES.match(path)) is not None:
        step = f"第 {int(measures.group(1)) + 1} 步（aggregate）"
        message = f"{step}：至少要有一个度量（measures），例如 人数: count(*)"
    return replace(problem, path=path, message=message)


def section(path: str) -> str:
    """The part of the document a path belongs to: ``steps.3`` for a step, else its top key."""
    parts = path.split(".")
    return ".".join(parts[:2]) if parts[0] == "steps" and len(parts) > 1 else parts[0]


def analyse(text: str) -> Analysis:
    try:
        data, positions = parse_document(text, SOURCE)
        problems = [dotted(p) for p in schema_problems(data, positions)]
    except SpecInvalid as error:
        return Analysis([dotted(p) for p in error.problems])
    except RecursionError:
        message = f"模型结构嵌套过深，无法读取（最多 {MAX_DEPTH} 层）"
        return Analysis([SpecProblem(1, 1, message)])
    if problems:
        blocked = {section(p.path) for p in problems}
        if isinstance(data, dict):
            blocked |= {k for k in SPEC_SCHEMA["required"] if k not in data}
        spec = from_document(patched(data if isinstance(data, dict) else {}), text, positions)
        compiler = _compile(spec, draft=True)[0]
        late = [p for p in compiler.problems if section(p.path) not in blocked]
        return Analysis(problems + late, compiler.relations, spec, None, positions)
    spec = from_document(data, text, positions)
    problems = [dotted(p) for p in default_problems(spec) + label_problems(spec)]
    problems += [dotted(p) for p in column_problems(spec)]
    compiler, compiled = _compile(spec)
    problems += compiler.problems
    compiled = None if problems else compiled
    return Analysis(problems, compiler.relations, spec, compiled, positions)


def _compile(spec: Spec, *, draft: bool = False) -> tuple[Compiler, Compiled | None]:
    compiler = Compiler(spec)
    try:
        return compiler, compiler.compile()
    except SpecInvalid:
        return compiler, None
    except Exception:
        if not draft:
            raise
        # a patched draft the compiler cannot walk: its columns stay unknown
        if not compiler.problems:
            compiler.problems.append(SpecProblem(1, 1, "模型尚不完整，无法编译", ""))
        return compiler, None
