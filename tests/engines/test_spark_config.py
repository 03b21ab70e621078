"""The Spark settings read from the environment, the master check and the executors' paths.

None of these start Spark: the master check is a TCP connect, refused on a port nobody holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.engines.spark import SparkEngine
from jiancha.engines.spark_config import (
    check_master,
    data_uri,
    master_addresses,
    parse_conf,
    read_settings,
)
from jiancha.errors import JianchaError
from tests.spark_cluster import free_port


def test_conf_pairs_keep_commas_inside_a_value() -> None:
    text = "spark.executor.memory=2g, spark.jars=/opt/a.jar,/opt/b.jar,spark.executor.cores=1"
    assert parse_conf(text) == (
        ("spark.executor.memory", "2g"),
        ("spark.jars", "/opt/a.jar,/opt/b.jar"),
        ("spark.executor.cores", "1"),
    )


def test_a_conf_item_without_a_value_is_named() -> None:
    with pytest.raises(JianchaError, match=r"“spark\.executor\.memory”不是 键=值"):
        parse_conf("spark.executor.memory")


def test_settings_default_to_local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MASTER", "CONF", "PATH_MAP", "CONNECT_TIMEOUT"):
        monkeypatch.delenv(f"JIANCHA_SPARK_{name}", raising=False)
    settings = read_settings()
    assert (settings.master, settings.conf, settings.path_map) == ("local[2]", (), None)
    assert not settings.is_cluster and settings.timeout == 60


def test_a_bad_timeout_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANCHA_SPARK_CONNECT_TIMEOUT", "soon")
    with pytest.raises(JianchaError, match="“soon”应为正数"):
        read_settings()


def test_master_addresses() -> None:
    assert master_addresses("spark://a:7077,b:7078") == [("a", 7077), ("b", 7078)]
    assert master_addresses("spark://node1") == [("node1", 7077)]
    assert master_addresses("k8s://https://api.example:6443") == [("api.example", 6443)]
    assert master_addresses("k8s://https://api.example") == [("api.example", 443)]
    assert master_addresses("yarn") == [] and master_addresses("local[4]") == []


def test_an_unreachable_master_fails_at_once_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    master = f"spark://127.0.0.1:{free_port()}"
    monkeypatch.setenv("JIANCHA_SPARK_MASTER", master)
    with pytest.raises(JianchaError, match=f"无法连接 Spark 主节点 {master}"):
        SparkEngine()
    check_master("local[2]", 1.0)  # nothing to connect to in local mode


def test_paths_are_absolute_file_uris_not_percent_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JIANCHA_SPARK_PATH_MAP", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "数据").mkdir()
    assert (
        data_uri(Path("数据/v1.parquet"), read_settings()) == f"file://{tmp_path}/数据/v1.parquet"
    )


def test_the_path_map_gives_the_executors_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_SPARK_PATH_MAP", f"{tmp_path}/=hdfs://nn:8020/jiancha/")
    settings = read_settings()
    assert (
        data_uri(tmp_path / "ds" / "v1.parquet", settings) == "hdfs://nn:8020/jiancha/ds/v1.parquet"
    )
    elsewhere = tmp_path.parent / "other.parquet"
    assert data_uri(elsewhere, settings) == f"file://{elsewhere}"


def test_a_path_map_without_an_absolute_prefix_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANCHA_SPARK_PATH_MAP", "ws=hdfs://nn/ws")
    with pytest.raises(JianchaError, match="“ws=hdfs://nn/ws”应为 本地绝对路径=URI"):
        read_settings()
