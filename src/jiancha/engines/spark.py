"""Spark, in local mode or on a cluster: the same Parquet files, the same spec, the same leads.

Owns: the process's one Spark session (built from ``jiancha.engines.spark_config``'s settings,
rebuilt only when they change), waiting for a standalone cluster's first executor, exposing
each input as a view over the absolute path or URI every executor reads, and bringing the
result back to the driver as Arrow. Must not touch: SQL generation, specs, leads or the store.

PySpark is an optional extra (``pip install 'jiancha[spark]'``), imported only here and only
when asked for, with a clear message when it is missing. docs/spark.md tells how to run it on a
standalone cluster, YARN or Kubernetes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from jiancha.engines.base import Engine
from jiancha.engines.spark_config import SparkSettings, check_master, data_uri, read_settings
from jiancha.errors import JianchaError

_SESSION: Any = None
_SETTINGS: SparkSettings | None = None


def _build(settings: SparkSettings) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise JianchaError(
            "未安装 Spark 引擎（pyspark）",
            hint="请运行 pip install 'jiancha[spark]'，并安装 Java 17",
        ) from None
    # Executors start Python workers with this interpreter: the same version as the driver.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(settings.master)
        .appName("jiancha")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.memory", os.environ.get("JIANCHA_SPARK_MEMORY", "4g"))
    )
    for key, value in settings.conf:
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _executors(session: Any) -> int:
    """Executors registered with the driver (the driver's own block manager not counted)."""
    return int(session.sparkContext._jsc.sc().getExecutorMemoryStatus().size()) - 1


def _wait_for_executor(session: Any, settings: SparkSettings) -> None:
    dynamic = dict(settings.conf).get("spark.dynamicAllocation.enabled", "false")
    if not settings.master.startswith("spark://") or dynamic.lower() == "true":
        return
    deadline = time.monotonic() + settings.timeout
    while _executors(session) < 1:
        if time.monotonic() > deadline:
            session.stop()
            raise JianchaError(
                f"Spark 主节点 {settings.master} 在 {settings.timeout:g} 秒内没有分配执行器",
                hint="集群没有空闲的工作节点，或工作节点的内存、核数小于 "
                "spark.executor.memory / spark.executor.cores（见 docs/spark.md）",
            )
        time.sleep(0.2)


def _session() -> Any:
    """The process's session for the settings in the environment now."""
    global _SESSION, _SETTINGS
    settings = read_settings()
    if _SESSION is not None and settings == _SETTINGS:
        return _SESSION
    check_master(settings.master, settings.timeout)
    if _SESSION is not None:
        _SESSION.stop()
        _SESSION = _SETTINGS = None
    session = _build(settings)
    session.sparkContext.setLogLevel("ERROR")
    _wait_for_executor(session, settings)
    _SESSION, _SETTINGS = session, settings
    return session


def stop_session() -> None:
    """Stop the process's session (the next engine builds a new one)."""
    global _SESSION, _SETTINGS
    if _SESSION is not None:
        _SESSION.stop()
    _SESSION = _SETTINGS = None


class SparkEngine(Engine):
    """One Spark session per process (starting one costs seconds); views are per engine."""

    name = "spark"
    dialect = "spark"

    def __init__(self) -> None:
        self.spark = _session()
        self.settings = _SETTINGS or read_settings()
        self._views: list[str] = []

    def _register(self, views: Mapping[str, Path]) -> None:
        for view, path in views.items():
            location = data_uri(path, self.settings)
            self.spark.read.parquet(location).createOrReplaceTempView(view)
            self._views.append(view)

    def _execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        frame = self.spark.sql(sql, args=dict(parameters))
        table: pa.Table = frame.toArrow()
        return table

    def close(self) -> None:
        for view in self._views:
            self.spark.catalog.dropTempView(view)
        self._views.clear()
