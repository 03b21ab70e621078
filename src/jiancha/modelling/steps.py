"""One function per step kind: the CTE it adds and the relation it leaves.

Anti- and semi-joins compile to ``ANTI JOIN`` / ``SEMI JOIN`` (Spark reads them as ``LEFT ANTI``
/ ``LEFT SEMI``). DESIGN's engine notes found ``NOT EXISTS`` faster for a key-only anti-join;
on DuckDB 2.0 here the join form won in both shapes (1M judgments × 0.9M intake: key-only
0.065 s vs 0.082 s, with a date condition 0.065 s vs 0.092 s; ``benchmarks/engine_bench.py``
prints both forms at 10M), so the compiler uses it for every shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from jiancha.modelling.explanation import Explanation
from jiancha.modelling.expressions import referenced_columns, referenced_parameters
from jiancha.modelling.relation import Column, Relation, input_columns

if TYPE_CHECKING:
    from jiancha.modelling.compiler import Compiler

Result = tuple[exp.Query | None, Relation]
"""The step's CTE (``None`` when it has problems) and the relation it leaves; a failed step
still leaves the relation it would have made, so later steps are checked against it."""
LEFT, RIGHT = "l", "r"


def _from(prev: str) -> exp.Select:
    return exp.select("*").from_(exp.to_table(prev, quoted=True))


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def step_from(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    if step.index != 0:
        c.step_problem(step, "from 只能是第一步")
        return None, relation
    name = step.body
    if not c.check_input(step, name):
        return None, relation
    cte = c.input_cte(name)
    c.explanations.append(_explain(c, step, input=name))
    return _from(cte), Relation(input_columns(name, c.spec.inputs[name].fields, joined=False))


def step_filter(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    condition = c.expression(step.body, c.scope(relation), step)
    if condition is None or prev is None:
        return None, relation
    c.explanations.append(_explain(c, step, text=step.body, relation=relation))
    return _from(prev).where(condition), relation


def step_derive(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    added: list[Column] = []
    projections: list[exp.Expr] = []
    for name, text in step.body.items():
        if name in relation or any(a.visible == name for a in added):
            c.step_problem(step, f"列 `{name}` 已存在，请换一个名字", name)
            continue
        tree = c.expression(text, c.scope(relation), step, name)
        added.append(Column(name, name))
        if tree is not None:
            projections.append(exp.alias_(tree, name, quoted=True))
    if prev is None or len(projections) != len(step.body):
        return None, relation.plus(added)
    return _from(prev).select(*projections), relation.plus(added)


def _right(c: Compiler, step: Any, name: str) -> tuple[exp.Subquery, Relation] | None:
    """Input ``name`` with its columns renamed ``name__field``, as the right side of a join."""
    if not c.check_input(step, name, "input"):
        return None
    if name in c.joined:
        c.step_problem(step, f"输入 `{name}` 已经连接过一次", "input")
        return None
    c.joined.add(name)
    cte = c.input_cte(name)
    columns = input_columns(name, c.spec.inputs[name].fields, joined=True)
    raw = [*c.spec.inputs[name].fields, "_row"]
    select = exp.select(
        *[
            exp.alias_(_col(f), col.physical, quoted=True)
            for f, col in zip(raw, columns, strict=True)
        ]
    ).from_(exp.to_table(cte, quoted=True))
    return select.subquery(RIGHT), Relation(columns)


def _condition(c: Compiler, step: Any, relation: Relation, right: Relation) -> exp.Expr | None:
    body = step.body
    name = body["input"]
    parts: list[exp.Expr] = []
    ok = True
    for i, (left_name, right_name) in enumerate(body["on"]):
        if left_name not in relation:
            c.step_problem(step, c.unknown("列", left_name, relation.names()), "on", i)
            ok = False
        if f"{name}.{right_name}" not in right:
            fields = list(c.spec.inputs[name].fields)
            c.step_problem(step, c.unknown(f"输入 `{name}` 的字段", right_name, fields), "on", i)
            ok = False
        if ok:
            left_col = _col(relation[left_name].physical, LEFT)
            right_col = _col(right[f"{name}.{right_name}"].physical, RIGHT)
            parts.append(exp.EQ(this=left_col, expression=right_col))
    if "where" in body:
        where = c.expression(body["where"], c.scope(relation, extra=right), step, "where")
        if where is None:
            return None
        parts.append(exp.paren(where))
    return exp.and_(*parts) if ok and parts else None


def _joined(
    c: Compiler, step: Any, relation: Relation
) -> tuple[exp.Subquery, Relation, exp.Expr | None] | None:
    """The right side of a join step, its columns, and the join condition (None on problems)."""
    right = _right(c, step, step.body["input"])
    if right is None:
        return None
    subquery, columns = right
    condition = _condition(c, step, relation, columns)
    if condition is not None:
        where = step.body.get("where", "")
        c.explanations.append(_explain(c, step, text=where, relation=relation.plus(list(columns))))
    return subquery, columns, condition


def step_join(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    joined = _joined(c, step, relation)
    if joined is None:
        return None, relation
    subquery, columns, condition = joined
    result = relation.plus(list(columns))
    if condition is None or prev is None:
        return None, result
    kind = "left" if step.body.get("type", "inner") == "left" else "inner"
    query = (
        exp.select("*")
        .from_(exp.to_table(prev, quoted=True).as_(LEFT))
        .join(subquery, on=condition, join_type=kind)
    )
    return query, result


def _filtering_join(
    c: Compiler, step: Any, relation: Relation, prev: str | None, anti: bool
) -> Result:
    joined = _joined(c, step, relation)
    if joined is None or joined[2] is None or prev is None:
        return None, relation
    subquery, _, condition = joined
    query = exp.select(f"{LEFT}.*").from_(exp.to_table(prev, quoted=True).as_(LEFT))
    kind = "ANTI" if anti else "SEMI"
    query.append("joins", exp.Join(this=subquery, on=condition, kind=kind))
    return query, relation


def step_anti_join(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    return _filtering_join(c, step, relation, prev, anti=True)


def step_semi_join(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    return _filtering_join(c, step, relation, prev, anti=False)


def _known(
    c: Compiler, step: Any, relation: Relation, names: list[str], key: str
) -> list[Column] | None:
    missing = [n for n in names if n not in relation]
    for i, name in enumerate(names):
        if name in missing:
            c.step_problem(step, c.unknown("列", name, relation.names()), key, i)
    return None if missing else [relation[n] for n in names]


def step_aggregate(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    body = step.body
    by = _known(c, step, relation, list(body.get("by", [])), "by")
    measures: list[tuple[str, exp.Expr]] = []
    for name, text in body["measures"].items():
        if name in body.get("by", []):
            c.step_problem(step, f"度量名 `{name}` 与分组列重名", "measures", name)
            continue
        tree = c.expression(text, c.scope(relation, aggregates=True), step, "measures", name)
        if tree is None:
            continue
        grouped_names = {col.physical for col in by or []}
        loose = [
            col.name
            for col in tree.find_all(exp.Column)
            if col.find_ancestor(exp.AggFunc) is None and col.name not in grouped_names
        ]
        if loose:
            shown = next(col.visible for col in relation if col.physical == loose[0])
            c.step_problem(
                step,
                f"度量 `{name}` 中的列 `{shown}` 不在聚合函数里，也不是分组列",
                "measures",
                name,
            )
            continue
        measures.append((name, tree))
    known_by = by or [relation[n] for n in body.get("by", []) if n in relation]
    grouped = Relation([Column(col.visible, col.physical, col.semantic) for col in known_by])
    result = grouped.plus([Column(n, n) for n in body["measures"]])
    if by is None or prev is None or len(measures) != len(body["measures"]):
        return None, result
    query: exp.Query = exp.select(
        *[_col(col.physical) for col in by],
        *[exp.alias_(tree, name, quoted=True) for name, tree in measures],
    ).from_(exp.to_table(prev, quoted=True))
    if by:
        query = query.group_by(*[_col(col.physical) for col in by])  # type: ignore[attr-defined]
    if "having" in body:
        having = c.expression(body["having"], c.scope(result), step, "having")
        if having is None:  # checked before it is explained, which reads its columns
            return None, result
        query = exp.select("*").from_(query.subquery("g")).where(having)
    c.explanations.append(_explain(c, step, text=body.get("having", ""), relation=result))
    return query, result


def step_anomaly(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    body = step.body
    scored_relation = relation.plus([Column("score", "score")])
    if "score" in relation:
        c.step_problem(step, "列 `score` 已存在，anomaly 需要用这个名字存放偏离程度")
        return None, relation
    value = c.expression(body["value"], c.scope(relation), step, "value")
    by = _known(c, step, relation, list(body.get("by", [])), "by")
    if value is None or by is None or prev is None:
        return None, scored_relation
    partition = [_col(col.physical) for col in by]

    def window(function: exp.Expr) -> exp.Window:
        return exp.Window(this=function, partition_by=[p.copy() for p in partition] or None)

    v = exp.cast(value, "DOUBLE")
    threshold = exp.Literal.number(body["threshold"])
    method = body["method"]
    if method == "zscore":
        spread = exp.Nullif(
            this=window(exp.StddevPop(this=v.copy())), expression=exp.Literal.number(0)
        )
        score: exp.Expr = exp.Div(
            this=exp.paren(exp.Sub(this=v.copy(), expression=window(exp.Avg(this=v.copy())))),
            expression=spread,
        )
        flagged: exp.Expr = exp.GTE(this=exp.Abs(this=_col("score")), expression=threshold)
    elif method == "iqr":
        q1 = window(exp.Quantile(this=v.copy(), quantile=exp.Literal.number(0.25)))
        q3 = window(exp.Quantile(this=v.copy(), quantile=exp.Literal.number(0.75)))
        beyond = exp.Greatest(
            this=exp.Sub(this=v.copy(), expression=q3.copy()),
            expressions=[exp.Sub(this=q1.copy(), expression=v.copy())],
        )
        score = exp.Div(
            this=beyond,
            expression=exp.Nullif(
                this=exp.paren(exp.Sub(this=q3, expression=q1)), expression=exp.Literal.number(0)
            ),
        )
        flagged = exp.GTE(this=_col("score"), expression=threshold)
    else:
        score = exp.Div(
            this=v.copy(),
            expression=exp.Nullif(
                this=window(exp.Avg(this=v.copy())), expression=exp.Literal.number(0)
            ),
        )
        flagged = exp.GTE(this=_col("score"), expression=threshold)
    rounded = exp.Round(this=score, decimals=exp.Literal.number(6))
    scored = _from(prev).select(exp.alias_(rounded, "score", quoted=True))
    group = f"按 {'、'.join(body['by'])} 分组" if body.get("by") else "全体"
    detail = f"{group}，方法 {method}，阈值 {body['threshold']}"
    c.explanations.append(_explain(c, step, text=body["value"], relation=relation, detail=detail))
    return exp.select("*").from_(scored.subquery("a")).where(flagged), scored_relation


def step_select(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    columns = _known(c, step, relation, list(step.body), "")
    if columns is None or prev is None:
        return None, Relation([relation[n] for n in step.body if n in relation])
    query = exp.select(*[_col(col.physical) for col in columns]).from_(
        exp.to_table(prev, quoted=True)
    )
    return query, Relation(columns)


def _explain(
    c: Compiler,
    step: Any,
    text: str = "",
    relation: Relation | None = None,
    input: str | None = None,
    detail: str = "",
) -> Explanation:
    columns: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    if text and relation is not None:
        scope = c.scope(relation, aggregates=True)
        columns = tuple(referenced_columns(text, scope))
        parameters = tuple(referenced_parameters(text, scope))
    body = step.body if isinstance(step.body, dict) else {}
    on = tuple((str(a), str(b)) for a, b in body.get("on", []))
    return Explanation(
        step.index, step.kind, text, columns, parameters, input or body.get("input"), on, detail
    )


COMPILERS: dict[str, Callable[..., Result]] = {
    "from": step_from,
    "filter": step_filter,
    "derive": step_derive,
    "join": step_join,
    "anti_join": step_anti_join,
    "semi_join": step_semi_join,
    "aggregate": step_aggregate,
    "anomaly": step_anomaly,
    "select": step_select,
}


def compile_step(c: Compiler, step: Any, relation: Relation, prev: str | None) -> Result:
    return COMPILERS[step.kind](c, step, relation, prev)
