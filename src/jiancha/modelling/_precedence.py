"""Operator precedence of the rebuilt expression trees, and the brackets it calls for.

The tree that :mod:`jiancha.modelling.expressions` returns is rendered for DuckDB and for Spark;
wherever an operand binds less tightly than its operator it is parenthesised, so that the two
engines cannot read the rendering differently (their precedence of ``||`` differs).
"""

from __future__ import annotations

from sqlglot import exp

_COMPARISON = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE)

# How tightly operators bind (higher binds tighter; anything else is a primary). The rebuilt
# tree gets parentheses wherever an operand binds less tightly than its operator, so that the
# rendering cannot be read differently by DuckDB and Spark (whose precedence of || differs).
RANK: dict[type[exp.Expr], int] = {
    exp.Or: 20,
    exp.And: 30,
    exp.Not: 40,
    **dict.fromkeys((*_COMPARISON, exp.Like, exp.ILike, exp.Between, exp.In, exp.Is), 50),
    exp.DPipe: 65,
    exp.Add: 70,
    exp.Sub: 70,
    exp.Mul: 80,
    exp.Div: 80,
    exp.Mod: 80,
    exp.Neg: 90,
}


def bracket(operator: type[exp.Expr], key: str, operand: exp.Expr) -> exp.Expr:
    """The operand, parenthesised if it binds less tightly than the operator around it."""
    outer, inner = RANK[operator], RANK.get(type(operand), 100)
    if operator in (exp.Not, exp.Neg):
        wrap = inner < outer
    elif outer == 50:  # comparisons and predicates do not chain
        wrap = inner <= outer
    else:  # left-associative: an equal operator may stand on the left only
        wrap = inner < outer or (inner == outer and key != "this")
    if {operator, type(operand)} & {exp.DPipe} and {operator, type(operand)} & {exp.Add, exp.Sub}:
        wrap = True  # `a || b + c`: DuckDB reads a || (b + c), Spark (a || b) + c
    return exp.Paren(this=operand) if wrap else operand
