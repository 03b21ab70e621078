"""The builder preview's one DuckDB statement, and the sampled view of a large ``from`` input.

A compiled model is a chain of CTEs, one per step (``s1`` … ``sN``). The preview asks, in one
statement over that chain, the row count after every step, the number of distinct leads of the
final relation (distinct subject key and evidence values: what a lead's fingerprint is made
of) and the first rows of the final relation (as a list of rows), so that DuckDB computes the
chain once. The rows after a chosen step are a second statement on the same connection: a
``LIMIT`` of its own stops reading early (1M judgments: ≈ 20 ms after a filter, where asking
them in the first statement cost ≈ 0.5 s, the chain then read in full width).
Identifiers are quoted by SQLGlot; nothing from a spec is pasted into SQL as text.

When the bound inputs hold more than :data:`PREVIEW_FULL_ROWS` rows in all, the ``from`` input
is read through a reservoir sample with a fixed seed (:func:`sample_view`): joined inputs stay
whole, so each sampled row is judged against all of their rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot
from sqlglot import exp

from jiancha.engines.base import EngineFailure
from jiancha.engines.duckdb import DuckDBEngine
from jiancha.errors import JianchaError
from jiancha.modelling.compiler import Compiled, view_name
from jiancha.modelling.dialects import adapt
from jiancha.runs.errors import classify
from jiancha.runs.inputs import BoundInputs

PREVIEW_FULL_ROWS = 2_000_000
"""Above this many rows in the bound inputs together, the ``from`` input is sampled."""
PREVIEW_SAMPLE_MIN = 500_000
"""The fewest rows a sample of the ``from`` input keeps (when the other inputs are large)."""
SAMPLE_SEED = 20_240_101
FINAL = "preview_final"
SAMPLE, LEADS = "sample", "leads"


def _name(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def count_column(index: int) -> str:
    return f"rows_{index}"


def _with_steps(statement: exp.Select, compiled: Compiled) -> exp.Query:
    for name, cte in [*compiled.ctes, (FINAL, compiled.final)]:
        statement.with_(exp.to_identifier(name, quoted=True), as_=cte.copy(), copy=False)
    return adapt(statement, "duckdb")


def preview_sql(compiled: Compiled, lead_columns: list[str], *, samples: int) -> exp.Query:
    """The statement: ``rows_<i>`` per step, ``leads`` and ``sample`` (the first ``samples``
    final rows, as a list)."""
    parts = [
        f"(SELECT count(*) FROM {_name(f's{i + 1}')}) AS {_name(count_column(i))}"
        for i in range(len(compiled.spec.steps))
    ]
    distinct = ", ".join(_name(c) for c in dict.fromkeys(lead_columns))
    parts.append(
        f"(SELECT count(*) FROM (SELECT DISTINCT {distinct} FROM {_name(FINAL)}) AS d) "
        f"AS {_name(LEADS)}"
    )
    parts.append(
        f"(SELECT list(r) FROM (SELECT * FROM {_name(FINAL)} LIMIT {int(samples)}) AS r) "
        f"AS {_name(SAMPLE)}"
    )
    statement = sqlglot.parse_one("SELECT " + ", ".join(parts), read="duckdb")
    assert isinstance(statement, exp.Select)
    return _with_steps(statement, compiled)


def rows_sql(compiled: Compiled, step: int, limit: int) -> exp.Query:
    """The first ``limit`` rows after step ``step`` (from 0): a statement of its own, so that
    the engine stops reading once it has them."""
    chosen = exp.select("*").from_(exp.to_table(f"s{step + 1}", quoted=True)).limit(int(limit))
    return _with_steps(chosen, compiled)


def rows_of(result: pa.Table, column: str) -> pa.Table:
    """The rows the list column ``column`` of the one-row ``result`` holds, as a table."""
    cell = result.column(column).combine_chunks()
    if cell.null_count or len(cell) == 0:  # list() of no rows is NULL
        return pa.Table.from_struct_array(pa.array([], type=cell.type.value_type))
    return pa.Table.from_struct_array(cell.values)


def sample_size(from_rows: int, other_rows: int) -> int:
    """How many rows of the ``from`` input a sampled preview keeps."""
    return min(from_rows, max(PREVIEW_FULL_ROWS - other_rows, PREVIEW_SAMPLE_MIN))


def sample_view(con: duckdb.DuckDBPyConnection, view: str, whole: str, size: int) -> None:
    """``view`` as a reservoir sample of ``size`` rows of ``whole``, with a fixed seed."""
    con.execute(
        f"CREATE VIEW {_name(view)} AS SELECT * FROM {_name(whole)} "
        f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE ({SAMPLE_SEED})"
    )


def execute(
    statements: Sequence[tuple[exp.Query, Mapping[str, Any]]], inputs: BoundInputs, first: str
) -> tuple[list[pa.Table], str]:
    """Run the statements (each with the values of its parameters) on one connection over the
    bound inputs (``first``: the ``from`` input, sampled when the inputs are too large); their
    results and the note saying the input was sampled (or "")."""
    views = dict(inputs.views)
    note = ""
    engine = DuckDBEngine()
    try:
        if inputs.rows > PREVIEW_FULL_ROWS and view_name(first) in views:
            whole = f"{view_name(first)}_whole"
            views[whole] = views.pop(view_name(first))
            read = inputs.versions[first]
            size = sample_size(read["rows"], inputs.rows - read["rows"])
            engine.register(views)
            sample_view(engine.con, view_name(first), whole, size)
            note = (
                f"绑定的数据共 {inputs.rows:,} 行，超过 {PREVIEW_FULL_ROWS:,} 行：预览从输入 "
                f"`{first}`（数据集“{read['dataset']}”，{read['rows']:,} 行）中按固定种子随机"
                f"抽取 {size:,} 行计算，各步行数和线索数是抽样的结果，不是全量的结果"
            )
        else:
            engine.register(views)
        results = [
            engine.execute(statement.sql(dialect="duckdb"), params)
            for statement, params in statements
        ]
        return results, note
    except EngineFailure as error:
        raise JianchaError(
            f"预览失败：{classify(error)}", hint="请检查模型的条件和绑定的数据"
        ) from None
    finally:
        engine.close()
