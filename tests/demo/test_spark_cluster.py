"""Every shipped template gives the same leads on a Spark standalone cluster as on DuckDB.

The cluster (``spark_cluster``: a master and a worker on 127.0.0.1, started from the installed
pyspark) reads the demo county's imported Parquet files from the test's workspace — storage the
driver and the executor both see — through the ``file://`` paths the engine passes, and ships
the leads back to the driver as Arrow. Each template runs on DuckDB and then on the cluster: the
Spark run must find exactly the DuckDB run's fingerprints — every lead seen again, none new, none
no longer hit. Spark local mode is checked template by template in tests/templates/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jiancha.demo.county import generate_county
from jiancha.demo.datasets import demo_binds
from jiancha.demo.workflow import import_county, import_documents
from jiancha.engines.spark import SparkEngine
from jiancha.errors import JianchaError
from jiancha.modelling import install
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.templates import load_templates
from tests.spark_cluster import LocalCluster

pytestmark = pytest.mark.spark
AS_OF = dt.date(2025, 6, 30)


def test_every_template_gives_duckdbs_leads_on_the_cluster(
    on_spark_cluster: LocalCluster, sqlite_store: Store, tmp_path: Path
) -> None:
    files = tmp_path / "county"
    generate_county(files, scale=2000, seed=5, as_of=AS_OF)
    import_county(sqlite_store, files, lambda _text: None)
    import_documents(sqlite_store, files, lambda _text: None)
    compared = {}
    for spec in load_templates():
        install(sqlite_store, spec, demo_binds(spec))
        duck = run_model(sqlite_store, spec.id, run_date=AS_OF)
        spark = run_model(sqlite_store, spec.id, engine="spark", run_date=AS_OF)
        counts = (spark["leads"], spark["new"], spark["seen_again"], spark["no_longer_hit"])
        compared[spec.id] = (duck["leads"], counts)
    assert all(leads > 0 for leads, _ in compared.values())
    assert {k: c for k, (leads, c) in compared.items() if c != (leads, 0, leads, 0)} == {}
    with SparkEngine() as engine:  # the runs above used the cluster's session
        assert engine.spark.sparkContext.master == on_spark_cluster.master
    status = on_spark_cluster.status()
    assert [(a["name"], a["state"]) for a in status["activeapps"]] == [("jiancha", "RUNNING")]
    assert [w["coresused"] for w in status["workers"]] == [1]  # its executor


def test_a_cluster_without_room_for_an_executor_is_named(
    on_spark_cluster: LocalCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_SPARK_CONF", f"{on_spark_cluster.conf},spark.executor.memory=8g")
    monkeypatch.setenv("JIANCHA_SPARK_CONNECT_TIMEOUT", "5")
    master = on_spark_cluster.master
    with pytest.raises(JianchaError, match=f"主节点 {master} 在 5 秒内没有分配执行器"):
        SparkEngine()
