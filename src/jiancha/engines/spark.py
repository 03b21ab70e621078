"""Spark (local mode by default): the same Parquet files, the same spec, the same leads.

PySpark is an optional extra (``pip install 'jiancha[spark]'``), imported only here and only
when asked for, with a clear message when it is missing. ``JIANCHA_SPARK_MASTER`` chooses the
master (default ``local[2]``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from jiancha.engines.base import Engine
from jiancha.errors import JianchaError

_SESSION: Any = None


def _session() -> Any:
    global _SESSION
    if _SESSION is not None:
        return _SESSION
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise JianchaError(
            "未安装 Spark 引擎（pyspark）",
            hint="请运行 pip install 'jiancha[spark]'，并安装 Java 17",
        ) from None
    master = os.environ.get("JIANCHA_SPARK_MASTER", "local[2]")
    _SESSION = (
        SparkSession.builder.master(master)
        .appName("jiancha")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.memory", os.environ.get("JIANCHA_SPARK_MEMORY", "4g"))
        .getOrCreate()
    )
    _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


class SparkEngine(Engine):
    """One Spark session per process (starting one costs seconds); views are per engine."""

    name = "spark"
    dialect = "spark"

    def __init__(self) -> None:
        self.spark = _session()
        self._views: list[str] = []

    def _register(self, views: Mapping[str, Path]) -> None:
        for view, path in views.items():
            self.spark.read.parquet(str(path.resolve())).createOrReplaceTempView(view)
            self._views.append(view)

    def _execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        frame = self.spark.sql(sql, args=dict(parameters))
        table: pa.Table = frame.toArrow()
        return table

    def close(self) -> None:
        for view in self._views:
            self.spark.catalog.dropTempView(view)
        self._views.clear()
