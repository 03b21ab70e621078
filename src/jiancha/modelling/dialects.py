"""Every difference between the engines' SQL, in one place.

SQLGlot transpiles almost everything; what it renders differently from what the engine accepts
is rewritten here, on a copy of the AST, before rendering.
"""

from __future__ import annotations

from sqlglot import exp

ENGINES = {"duckdb": "duckdb", "spark": "spark"}


def _spark(node: exp.Expr) -> exp.Expr:
    # Spark has no QUANTILE_CONT(x, q) window aggregate; percentile(x, q) is the exact
    # (linearly interpolated) equivalent and works over a window.
    if isinstance(node, exp.Quantile):
        return exp.Anonymous(this="percentile", expressions=[node.this, node.args["quantile"]])
    return node


def adapt(statement: exp.Query, dialect: str) -> exp.Query:
    if dialect == "spark":
        return statement.transform(_spark)  # type: ignore[return-value]
    return statement
