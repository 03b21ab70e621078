"""Reading expression text back into the builder's structured conditions.

Reading goes through the same guarded tokenizer and parser as
:func:`~jiancha.modelling.expressions.compile_expression` (length bound, no comments, no
statements, nesting bound); nothing is evaluated. Each condition read is written again with
:func:`~jiancha.modelling.conditions_render.render_condition` and parsed again: only when both
parse to the same SQL is it accepted, so a decomposed text compiles to the same SQL as the
original. One deliberate exception: a bare boolean column ``flag`` is read as ``is_true`` and
written ``coalesce(flag, false)``, which keeps and drops the same rows wherever a condition is
used. ``NOT flag`` is *not* read as ``is_false``: ``NOT coalesce(flag, false)`` would keep the
rows where ``flag`` is NULL, which ``NOT flag`` drops.
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlglot import exp

from jiancha.errors import JianchaError
from jiancha.modelling import expressions as _expressions
from jiancha.modelling.conditions_render import COMPARISONS, render_condition

_COLUMN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"\d+")


def decompose(text: Any) -> dict[str, Any] | None:
    """``{"all": [...]}`` when ``text`` is an AND-chain of rendered shapes, else ``None``."""
    if not isinstance(text, str):
        return None
    tree = _parse(text)
    if tree is None:
        return None
    conditions: list[dict[str, Any]] = []
    for atom in _chain(tree):
        condition = _atom(atom)
        if condition is None:
            return None
        if not isinstance(atom, exp.Column):  # a bare boolean column is rewritten on purpose
            again = _parse(render_condition(condition))
            if again is None or _sql(again) != _sql(atom):
                return None
        conditions.append(condition)
    return {"all": conditions}


def _parse(text: str) -> exp.Expr | None:
    """The parsed tree of ``text`` through the expression module's guards, or None."""
    if not text.strip() or len(text) > _expressions.MAX_LENGTH:
        return None
    try:
        with _expressions._deep_stack():
            tokens = _expressions._tokenize(text)
            _expressions._check_tokens(text, tokens)
            return _expressions._parse(text, tokens)
    except (JianchaError, RecursionError):
        return None


def _sql(tree: exp.Expr) -> str:
    return tree.sql(dialect="duckdb")


def _chain(tree: exp.Expr) -> list[exp.Expr]:
    """The operands of a chain of ANDs, left to right (brackets end the chain)."""
    if isinstance(tree, exp.And):
        return [*_chain(tree.this), *_chain(tree.expression)]
    return [tree]


def _atom(node: exp.Expr) -> dict[str, Any] | None:
    negated = isinstance(node, exp.Not)
    inner = node.this if negated else node
    if isinstance(node, exp.Column):
        name = _name(node)
        return None if name is None else {"column": name, "op": "is_true"}
    if isinstance(inner, exp.Coalesce):
        column = _name(inner.this)
        rest = inner.expressions
        if column is None or len(rest) != 1 or not isinstance(rest[0], exp.Boolean):
            return None
        if rest[0].this is not False:
            return None
        return {"column": column, "op": "is_false" if negated else "is_true"}
    if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
        column = _name(inner.this)
        op = "not_null" if negated else "is_null"
        return None if column is None else {"column": column, "op": op}
    if isinstance(inner, exp.In):
        return _in(inner, negated)
    if isinstance(inner, exp.Like):
        return _like(inner, negated != bool(inner.args.get("negate")))
    if negated:
        return None
    if isinstance(node, exp.Between):
        column = _name(node.this)
        low, high = _operand_of(node.args.get("low")), _operand_of(node.args.get("high"))
        if column is None or low is None or high is None:
            return None
        return {"column": column, "op": "between", "right": {"range": [low, high]}}
    for op, kind in COMPARISONS.items():
        if type(node) is kind:
            column, right = _name(node.this), _operand_of(node.expression)
            if column is None or right is None:
                return None
            return {"column": column, "op": op, "right": right}
    return None


def _in(node: exp.In, negated: bool) -> dict[str, Any] | None:
    column = _name(node.this)
    if column is None or any(node.args.get(k) for k in ("query", "unnest", "is_global")):
        return None
    op = "not_in" if negated else "in"
    field = node.args.get("field")
    if field is not None:
        if not isinstance(field, exp.Placeholder) or node.expressions:
            return None
        return {"column": column, "op": op, "right": {"param": str(field.this)}}
    values = [_value(item) for item in node.expressions]
    if not values or any(v is None or isinstance(v, bool) for v in values):
        return None
    return {"column": column, "op": op, "right": {"value": values}}


def _like(node: exp.Like, negated: bool) -> dict[str, Any] | None:
    column, pattern = _name(node.this), node.expression
    if column is None or not isinstance(pattern, exp.Literal) or not pattern.is_string:
        return None
    text = str(pattern.this)
    inner = text[1:-1]
    if len(text) < 3 or text[0] != "%" or text[-1] != "%" or any(c in inner for c in "%_\\"):
        return None
    return {
        "column": column,
        "op": "not_contains" if negated else "contains",
        "right": {"value": inner},
    }


def _name(node: exp.Expr | None) -> str | None:
    """The visible column name of a plain column reference, or None."""
    if not isinstance(node, exp.Column) or any(node.args.get(k) for k in ("db", "catalog")):
        return None
    ident, table = node.this, node.args.get("table")
    if not isinstance(ident, exp.Identifier) or not isinstance(table, exp.Identifier | None):
        return None
    name = f"{table.name}.{ident.name}" if table is not None else ident.name
    return name if _COLUMN.fullmatch(name) else None


def _value(node: exp.Expr | None) -> Any:
    """The literal value of ``node`` (text, number, boolean, date as text), or None."""
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
        number = _value(node.this)
        return None if isinstance(number, str) or number is None else -number
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal):
        to = node.args.get("to")
        if isinstance(to, exp.DataType) and to.this == exp.DType.DATE and node.this.is_string:
            return str(node.this.this) if _DATE.fullmatch(str(node.this.this)) else None
        return None
    if not isinstance(node, exp.Literal):
        return None
    text = str(node.this)
    if node.is_string:
        return text
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _operand_of(node: exp.Expr | None) -> dict[str, Any] | None:
    if isinstance(node, exp.Placeholder):
        return {"param": str(node.this)}
    if isinstance(node, exp.Column):
        name = _name(node)
        return None if name is None else {"column": name}
    if isinstance(node, exp.Sub) and isinstance(node.this, exp.CurrentDate):
        days = node.expression
        if isinstance(days, exp.Placeholder):
            return {"days_before_today": {"param": str(days.this)}}
        count = _value(days)
        if isinstance(count, int) and not isinstance(count, bool) and isinstance(days, exp.Literal):
            return {"days_before_today": {"value": count}}
        return None
    value = _value(node)
    return None if value is None else {"value": value}
