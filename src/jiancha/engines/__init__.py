"""Engines: where compiled SQL runs (DuckDB embedded, Spark local or cluster).

Owns: connecting to an engine, exposing each bound dataset version as a view, executing one
statement with bound parameters, and returning an Arrow table. Must not touch: specs, SQL
generation (the modelling compiler owns that), leads or the metadata store.
"""

from __future__ import annotations

from jiancha.engines.base import Engine, EngineFailure
from jiancha.errors import JianchaError

ENGINE_NAMES = ("duckdb", "spark")

__all__ = ["ENGINE_NAMES", "Engine", "EngineFailure", "open_engine"]


def open_engine(name: str) -> Engine:
    """A fresh engine session; Spark is imported only when asked for."""
    if name == "duckdb":
        from jiancha.engines.duckdb import DuckDBEngine

        return DuckDBEngine()
    if name == "spark":
        from jiancha.engines.spark import SparkEngine

        return SparkEngine()
    raise JianchaError(f"未知的引擎：{name}", hint=f"可用：{'、'.join(ENGINE_NAMES)}")
