"""DuckDB, embedded: the default engine.

Defence in depth behind the expression whitelist: once the input views are registered, the
session may read only those Parquet files (``allowed_paths``), may not touch any other file or
the network (``enable_external_access = false``), and cannot change that (``lock_configuration``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from jiancha.engines.base import Engine


class DuckDBEngine(Engine):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        self.con = duckdb.connect()
        if threads:
            self.con.execute("SET threads = ?", [threads])
        if memory_limit:
            self.con.execute("SET memory_limit = ?", [memory_limit])

    def _register(self, views: Mapping[str, Path]) -> None:
        paths = [str(p.resolve()) for p in views.values()]
        self.con.execute("SET allowed_paths = ?", [paths])
        for view, path in views.items():
            self.con.read_parquet(str(path.resolve())).create_view(view)
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    def _execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        return self.con.sql(sql, params=dict(parameters)).to_arrow_table()

    def close(self) -> None:
        self.con.close()
