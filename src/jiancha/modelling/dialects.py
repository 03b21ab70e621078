"""Every difference between the engines' SQL, in one place.

SQLGlot transpiles almost everything; what it renders differently from what the engine accepts
is rewritten here, on a copy of the AST, before rendering.
"""

from __future__ import annotations

from sqlglot import exp

from jiancha.errors import JianchaError

ENGINES = {"duckdb": "duckdb", "spark": "spark"}
"""Engine name → SQLGlot dialect."""


def dialect_for(engine: str) -> str:
    """The SQL dialect of ``engine``, or a clear refusal of an unknown engine."""
    if engine not in ENGINES:
        raise JianchaError(f"未知的引擎：{engine}", hint=f"可用：{'、'.join(ENGINES)}")
    return ENGINES[engine]


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
