"""Where Spark runs and how it reads the inputs: the ``JIANCHA_SPARK_*`` variables.

Owns: reading the master URL, the extra Spark confs and the storage path mapping from the
environment; checking that a cluster master answers before a session waits on it; turning a
workspace Parquet path into the absolute path or URI every executor reads. Must not touch: the
session itself (``jiancha.engines.spark``), SQL, specs or the metadata store.

- ``JIANCHA_SPARK_MASTER``: ``local[N]`` (default ``local[2]``), ``spark://host:7077``,
  ``yarn`` or ``k8s://https://host:port``.
- ``JIANCHA_SPARK_CONF``: extra confs, ``key=value`` pairs separated by commas; a comma not
  followed by ``key=`` stays in the value (``spark.jars=a.jar,b.jar``). Spark's own
  ``$SPARK_CONF_DIR/spark-defaults.conf`` is read as well; these pairs win over it.
- ``JIANCHA_SPARK_PATH_MAP``: ``LOCAL_PREFIX=URI_PREFIX`` — the workspace folder as executors
  see it (``/srv/jiancha=hdfs://nn:8020/jiancha``); without it, ``file://`` + the absolute path.
- ``JIANCHA_SPARK_CONNECT_TIMEOUT``: seconds to wait for the master to answer and for the first
  executor to join (default 60).
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jiancha.errors import JianchaError

DEFAULT_MASTER = "local[2]"
_PAIR_START = re.compile(r",(?=\s*[A-Za-z0-9_.\-]+=)")


@dataclass(frozen=True)
class SparkSettings:
    """What a session is built from; two equal settings share one session."""

    master: str
    conf: tuple[tuple[str, str], ...]
    path_map: tuple[str, str] | None
    timeout: float

    @property
    def is_cluster(self) -> bool:
        return not self.master.startswith("local")


def parse_conf(text: str) -> tuple[tuple[str, str], ...]:
    """``k=v,k=v`` into pairs; a value may hold commas that do not start a new ``k=``."""
    pairs: list[tuple[str, str]] = []
    for item in _PAIR_START.split(text):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise JianchaError(
                f"JIANCHA_SPARK_CONF 中的“{item.strip()}”不是 键=值 的形式",
                hint="例如 spark.executor.memory=4g,spark.executor.cores=2",
            )
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _path_map(text: str) -> tuple[str, str] | None:
    if not text.strip():
        return None
    local, sep, uri = text.partition("=")
    if not sep or not local.strip().startswith("/") or not uri.strip():
        raise JianchaError(
            f"JIANCHA_SPARK_PATH_MAP 的值“{text}”应为 本地绝对路径=URI",
            hint="例如 /srv/jiancha=hdfs://namenode:8020/jiancha",
        )
    return local.strip().rstrip("/"), uri.strip().rstrip("/")


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise JianchaError(f"JIANCHA_SPARK_CONNECT_TIMEOUT 的值“{text}”应为正数（秒）")
    return value


def read_settings() -> SparkSettings:
    """The settings in the environment now."""
    env = os.environ
    return SparkSettings(
        master=env.get("JIANCHA_SPARK_MASTER", "").strip() or DEFAULT_MASTER,
        conf=parse_conf(env.get("JIANCHA_SPARK_CONF", "")),
        path_map=_path_map(env.get("JIANCHA_SPARK_PATH_MAP", "")),
        timeout=_timeout(env.get("JIANCHA_SPARK_CONNECT_TIMEOUT", "60")),
    )


def master_addresses(master: str) -> list[tuple[str, int]]:
    """The host:port pairs a ``spark://`` (several for high availability) or ``k8s://`` master
    listens on; none for local mode and YARN (its address is in HADOOP_CONF_DIR)."""
    if master.startswith("spark://"):
        hosts = master.removeprefix("spark://").split(",")
        pairs = [urlsplit(f"//{host}") for host in hosts]
        return [(p.hostname or "", p.port or 7077) for p in pairs]
    if master.startswith("k8s://"):
        api = urlsplit(master.removeprefix("k8s://"))
        return [(api.hostname or "", api.port or (443 if api.scheme == "https" else 80))]
    return []


def check_master(master: str, timeout: float) -> None:
    """Fail at once, naming the master URL, when no address of the master accepts a
    connection — instead of a session that waits for a cluster that is not there."""
    addresses = master_addresses(master)
    errors: list[str] = []
    for host, port in addresses:
        try:
            with socket.create_connection((host, port), timeout=min(timeout, 10.0)):
                return
        except OSError as error:
            errors.append(f"{host}:{port}（{error.strerror or error}）")
    if addresses:
        raise JianchaError(
            f"无法连接 Spark 主节点 {master}：{'；'.join(errors)}",
            hint="请检查 JIANCHA_SPARK_MASTER 与集群是否已启动（scripts/spark-cluster.sh start）",
        )


def data_uri(path: Path, settings: SparkSettings) -> str:
    """The absolute location of a workspace file as every executor reads it."""
    absolute = str(path.resolve())
    if settings.path_map is not None:
        local, uri = settings.path_map
        if absolute == local or absolute.startswith(local + "/"):
            return uri + absolute[len(local) :]
    # Not percent-encoded: Hadoop's Path would encode the % again (Chinese folder names).
    return "file://" + absolute
