"""Spec → one SQLGlot AST (a chain of CTEs) → SQL for DuckDB or Spark.

Each step becomes one CTE over the previous one. Expressions come from
:func:`~jiancha.modelling.expressions.compile_expression` as checked ASTs; nothing a user wrote
is pasted into SQL as text. Problems are collected, not raised one at a time, so that
``jiancha model validate`` reports every error in one go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from sqlglot import exp

from jiancha.modelling import steps
from jiancha.modelling.dialects import adapt
from jiancha.modelling.errors import SpecInvalid, SpecProblem
from jiancha.modelling.explanation import Explanation
from jiancha.modelling.expressions import ExpressionError, Scope, compile_expression
from jiancha.modelling.loader import load_spec
from jiancha.modelling.parameters import RUN_DATE
from jiancha.modelling.relation import Relation
from jiancha.modelling.spec import Path, Spec, Step

AMOUNT = "__amount"
_TITLE_FIELD = re.compile(r"\{([^{}]+)\}")
Bindings = Mapping[str, Mapping[str, str]]
"""input name → logical field → dataset column."""


@dataclass
class Compiled:
    spec: Spec
    ctes: list[tuple[str, exp.Query]]
    final: exp.Select
    relation: Relation
    inputs: dict[str, dict[str, str]]
    explanations: list[Explanation] = field(default_factory=list)

    def query(self, dialect: str = "duckdb") -> exp.Query:
        """The whole pipeline as one statement, adjusted for ``dialect``."""
        statement = self.final.copy()
        for name, cte in self.ctes:
            statement = statement.with_(exp.to_identifier(name, quoted=True), as_=cte.copy())
        return adapt(statement, dialect)

    def sql(self, dialect: str = "duckdb", *, pretty: bool = True) -> str:
        return self.query(dialect).sql(dialect=dialect, pretty=pretty)


def view_name(input_name: str) -> str:
    return f"input_{input_name}"


class Compiler:
    """Compiles one spec; ``problems`` collects every error found on the way."""

    def __init__(self, spec: Spec, bindings: Bindings | None = None) -> None:
        self.spec = spec
        self.bindings = bindings or {}
        self.problems: list[SpecProblem] = []
        self.parameter_types = {n: p.type for n, p in spec.parameters.items()}
        self.ctes: list[tuple[str, exp.Query]] = []
        self.explanations: list[Explanation] = []
        self.inputs: dict[str, dict[str, str]] = {}
        self.joined: set[str] = set()
        self.relations: list[Relation] = []
        """The relation after each step (also after a step with problems), in step order."""

    # -- reporting ---------------------------------------------------------------------------
    def problem(self, path: Path, message: str, part: str = "") -> None:
        line, column = self.spec.position(path)
        dotted = ".".join(str(p) for p in path)
        self.problems.append(SpecProblem(line, column, message, dotted, part))

    def step_problem(self, step: Step, message: str, *sub: str | int, part: str = "") -> None:
        where = f"第 {step.index + 1} 步（{step.kind}）：{message}"
        self.problem((*step.path, *sub), where, part)

    def unknown(self, what: str, name: str, known: list[str]) -> str:
        close = difflib.get_close_matches(name, known, n=1)
        return f"未知的{what} `{name}`" + (f"，是否应为 `{close[0]}`？" if close else "")

    # -- expressions -------------------------------------------------------------------------
    def expression(
        self, text: str, scope: Scope, step: Step | None, *sub: str | int
    ) -> exp.Expr | None:
        try:
            tree = compile_expression(text, scope)
        except ExpressionError as error:
            message, part = error.message, error.part or ""
            if step is None:
                self.problem(tuple(sub), message, part)
            else:
                self.step_problem(step, message, *sub, part=part)
            return None
        return tree.transform(
            lambda node: (
                exp.Placeholder(this=RUN_DATE) if isinstance(node, exp.CurrentDate) else node
            )
        )

    def scope(self, relation: Relation, **kw: object) -> Scope:
        return relation.scope(self.parameter_types, **kw)  # type: ignore[arg-type]

    # -- inputs ------------------------------------------------------------------------------
    def input_cte(self, name: str) -> str:
        """The CTE reading input ``name`` with its dataset columns renamed to the spec's fields."""
        cte = f"i_{name}"
        if name not in self.inputs:
            fields = self.spec.inputs[name].fields
            mapping = {f: self.bindings.get(name, {}).get(f, f) for f in fields}
            self.inputs[name] = mapping
            select = exp.select(
                *[
                    exp.alias_(exp.column(col, quoted=True), f, quoted=True)
                    for f, col in mapping.items()
                ],
                exp.column("_row", quoted=True),
            ).from_(exp.to_table(view_name(name), quoted=True))
            self.ctes.append((cte, select))
        return cte

    def check_input(self, step: Step, name: str, *sub: str | int) -> bool:
        if name in self.spec.inputs:
            return True
        self.step_problem(step, self.unknown("输入", name, list(self.spec.inputs)), *sub)
        return False

    # -- pipeline ----------------------------------------------------------------------------
    def compile(self) -> Compiled:
        relation = Relation()
        previous: str | None = None
        for step in self.spec.steps:
            if step.index == 0 and step.kind != "from":
                self.step_problem(step, "第一步必须是 from（从哪个输入开始）")
            query, relation = steps.compile_step(self, step, relation, previous)
            self.relations.append(relation)
            if query is not None:
                previous = f"s{step.index + 1}"
                self.ctes.append((previous, query))
        final = self.finish(relation, previous)
        if self.problems:
            raise SpecInvalid(self.spec.id, self.problems)
        assert final is not None
        return Compiled(self.spec, self.ctes, final, relation, self.inputs, self.explanations)

    def finish(self, relation: Relation, previous: str | None) -> exp.Select | None:
        lead = self.spec.lead
        names = relation.names()
        for sub, name in (
            ("subject", lead.subject_key),
            ("subject", lead.subject_name),
            ("jurisdiction", lead.jurisdiction),
        ):
            if name is not None and name not in relation:
                self.problem(("lead", sub), f"线索：{self.unknown('列', name, names)}")
        for i, name in enumerate(lead.evidence):
            if name not in relation:
                self.problem(
                    ("lead", "evidence", i), f"线索证据：{self.unknown('列', name, names)}"
                )
        for name in _TITLE_FIELD.findall(lead.title):
            if name not in relation:
                self.problem(("lead", "title"), f"线索标题：{self.unknown('列', name, names)}")
        if previous is None:
            return None
        select = exp.select("*").from_(exp.to_table(previous, quoted=True))
        if lead.amount:
            amount = self.expression(lead.amount, self.scope(relation), None, "lead", "amount")
            if amount is not None:
                select = select.select(exp.alias_(amount, AMOUNT, quoted=True))
        return select


FrozenBindings = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def compile_spec(spec: Spec, bindings: Bindings | None = None) -> Compiled:
    """Compile ``spec`` (with inputs bound to dataset columns, or by field name when unbound).

    A spec read from text is compiled once per text and set of bindings (a model is compiled
    each time it is run, validated, shown or compared: the demo build compiled its 28 specs 258
    times); the result is shared, and must not be changed (``Compiled.query`` copies)."""
    if not spec.text:  # built in code, not read: nothing identifies it
        return Compiler(spec, bindings).compile()
    frozen = tuple(sorted((n, tuple(sorted(f.items()))) for n, f in (bindings or {}).items()))
    return _compiled(spec.text, frozen)


@lru_cache(maxsize=256)
def _compiled(text: str, bindings: FrozenBindings) -> Compiled:
    """The spec ``text`` reads as (``load_spec`` is deterministic), compiled; a failure is not
    kept, so an invalid spec reports its problems each time."""
    return Compiler(load_spec(text), {name: dict(fields) for name, fields in bindings}).compile()
