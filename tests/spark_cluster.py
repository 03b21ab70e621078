"""A Spark standalone cluster on 127.0.0.1 for the tests: one master, one worker, from pyspark.

The installed pyspark package is a Spark distribution (``bin/spark-class``, ``jars/``): the
master and the worker run from it as two child processes on free ports, and the cluster counts
as up once the master's JSON status (``/json/``) lists the worker ALIVE. Anything else — a
script missing, a process that exits, a worker that never registers — is an error naming the
log to read: the tests that need the cluster fail, they never skip.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Any

SPARK_HOME = Path(str(find_spec("pyspark").origin)).parent  # not imported: no Spark start-up
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalCluster:
    """A running master and worker; ``master`` is the URL to give Spark."""

    logs: Path
    port: int = field(default_factory=free_port)
    webui: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def master(self) -> str:
        return f"spark://{HOST}:{self.port}"

    @property
    def conf(self) -> str:
        """``JIANCHA_SPARK_CONF`` for a driver the executors reach on 127.0.0.1."""
        return f"spark.driver.host={HOST},spark.driver.bindAddress={HOST}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SPARK_HOME=str(SPARK_HOME),
            SPARK_LOCAL_IP=HOST,
            SPARK_LOG_DIR=str(self.logs),
            SPARK_WORKER_DIR=str(self.logs / "work"),
            PYSPARK_PYTHON=sys.executable,
        )
        return env

    def _spawn(self, name: str, *args: str) -> None:
        script = SPARK_HOME / "bin" / "spark-class"
        if not script.is_file():
            raise RuntimeError(f"pyspark 安装中没有 {script}，无法启动 Spark 集群")
        log = (self.logs / f"{name}.log").open("wb")
        self._logs.append(log)
        command = [str(script), *args]
        self.processes.append(
            subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._env(),
                start_new_session=True,
            )
        )

    def status(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"http://{HOST}:{self.webui}/json/", timeout=2) as answer:
            body: dict[str, Any] = json.load(answer)
            return body

    def start(self, timeout: float = 120.0) -> LocalCluster:
        self.logs.mkdir(parents=True, exist_ok=True)
        master = ["--host", HOST, "--port", str(self.port), "--webui-port", str(self.webui)]
        self._spawn("master", "org.apache.spark.deploy.master.Master", *master)
        worker = ["--host", HOST, "--port", str(free_port()), "--webui-port", str(free_port())]
        worker += ["--cores", "1", "--memory", "1g", "--work-dir", str(self.logs / "work")]
        self._spawn("worker", "org.apache.spark.deploy.worker.Worker", self.master, *worker)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"Spark 集群进程已退出（{process.args}），见 {self.logs}")
            try:
                workers = self.status().get("workers", [])
            except (OSError, ValueError):  # not listening yet, or not serving ``/json/`` yet:
                workers = []  # while it starts, the master's UI answered that path with HTML
            if any(w.get("state") == "ALIVE" for w in workers):
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            f"Spark 工作节点 {timeout:g} 秒内未在 {self.master} 注册，见 {self.logs}"
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()
