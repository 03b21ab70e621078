"""Distinct counts of a written dataset version, computed by DuckDB on the Parquet file.

Counting distinct values of ten million ID numbers in Python would hold them all in memory;
DuckDB's aggregate spills to disk, so a version larger than memory still gets exact figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

MEMORY_LIMIT = "512MB"
"""DuckDB's budget for the count; beyond it the aggregate spills to the staging folder."""


def quote(name: str) -> str:
    """A DuckDB identifier for any column name (embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def distinct_counts(path: Path, columns: Sequence[str], temp_dir: Path) -> dict[str, int]:
    if not columns:
        return {}
    select = ", ".join(f"count(DISTINCT {quote(c)})" for c in columns)
    with duckdb.connect() as con:
        con.execute("SET temp_directory = ?", [str(temp_dir)])
        con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
        con.execute("SET preserve_insertion_order = false")
        row = con.execute(f"SELECT {select} FROM read_parquet(?)", [str(path)]).fetchall()[0]
    return {c: int(n) for c, n in zip(columns, row, strict=True)}
