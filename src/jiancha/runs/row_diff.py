"""The rows two versions of one dataset do not share, over the columns a model reads, in DuckDB.

Owns the row diff of an incremental run (``runs.incremental``): the rows of the current version
not in the previous one (*new*, with the current version's ``_row``), the rows of the previous
version not in the current one (*removed*: deleted or changed), and the current rows whose
subject key is one of a given set (*re-checked*). Results are written as Parquet files in a
directory the caller owns, to be read by any engine as the driving input. Rows are compared on
the bound columns only, as sets (``ANTI JOIN`` with ``IS NOT DISTINCT FROM``, so that NULLs
match): a row differing in a column the model does not read, or only in its row number, is the
same row to the model. Measured against ``EXCEPT ALL`` and a hash anti-join in
``benchmarks/incremental_bench.py``. Reads and writes only the files it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from sqlglot import exp

from jiancha.modelling.relation import ROW


@dataclass(frozen=True)
class RowDiff:
    new: Path
    removed: Path
    new_rows: int
    removed_rows: int


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def _lit(path: Path) -> str:
    return exp.Literal.string(str(path)).sql(dialect="duckdb")


def _kept(columns: Sequence[str]) -> str:
    """The columns a diff writes: the row number and the compared columns (what a run reads)."""
    return ", ".join(f"a.{_q(c)}" for c in [ROW, *columns])


def anti_join_sql(left: Path, right: Path, columns: Sequence[str]) -> str:
    """Every row of ``left`` (its ``_row`` and ``columns``) whose ``columns`` match no row of
    ``right``."""
    on = " AND ".join(f"a.{_q(c)} IS NOT DISTINCT FROM b.{_q(c)}" for c in columns)
    listed = ", ".join(_q(c) for c in columns)
    return (
        f"SELECT {_kept(columns)} FROM read_parquet({_lit(left)}) AS a "
        f"ANTI JOIN (SELECT {listed} FROM read_parquet({_lit(right)})) AS b ON {on}"
    )


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> int:
    con.execute(f"COPY ({query}) TO {_lit(target)} (FORMAT parquet)")
    found = con.sql(f"SELECT count(*) FROM read_parquet({_lit(target)})").fetchall()
    return int(found[0][0])


def column_types(path: Path, columns: Sequence[str]) -> dict[str, str]:
    """The DuckDB type of each of ``columns`` in the Parquet file ``path``."""
    with duckdb.connect() as con:
        rows = con.sql(f"DESCRIBE SELECT * FROM read_parquet({_lit(path)})").fetchall()
    wanted = set(columns)
    return {str(r[0]): str(r[1]) for r in rows if r[0] in wanted}


def row_diff(previous: Path, current: Path, columns: Sequence[str], out: Path) -> RowDiff:
    """The new and removed rows between ``previous`` and ``current`` over ``columns``."""
    compared = [c for c in columns if c != ROW]
    new, removed = out / "new.parquet", out / "removed.parquet"
    with duckdb.connect() as con:
        new_rows = _copy(con, anti_join_sql(current, previous, compared), new)
        removed_rows = _copy(con, anti_join_sql(previous, current, compared), removed)
    return RowDiff(new, removed, new_rows, removed_rows)


def with_subjects(
    diff: RowDiff, current: Path, columns: Sequence[str], column: str, keys: pa.Array, out: Path
) -> int:
    """Write to ``out`` the new rows plus the rows of ``current`` whose ``column`` is one of
    ``keys`` (NULL matching NULL); returns how many rows that adds to the new ones."""
    table = pa.table({"k": keys})
    with duckdb.connect() as con:
        con.register("subject_keys", table)
        rechecked = (
            f"SELECT {_kept([c for c in columns if c != ROW])} "
            f"FROM read_parquet({_lit(current)}) AS a "
            f"SEMI JOIN subject_keys AS s ON a.{_q(column)} IS NOT DISTINCT FROM s.k"
        )
        query = f"SELECT * FROM read_parquet({_lit(diff.new)}) UNION {rechecked}"
        return _copy(con, query, out) - diff.new_rows
