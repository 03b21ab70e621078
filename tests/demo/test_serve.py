"""``jiancha serve`` as a real process: it answers on the port it printed, and signs in; its
worker runs queued jobs unless it is started with ``--no-worker``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from jiancha.jobs.worker import POLL_SECONDS
from jiancha.store import Job, init_workspace, open_store
from tests.jobs.helpers import HEADER, gbk_rows
from tests.jobs.test_job_cli import queue_import


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _call(url: str, body: dict[str, str] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_serve_answers_and_signs_in(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JIANCHA_DATABASE_URL"}
    home = str(tmp_path / "ws")
    base = [sys.executable, "-m", "jiancha", "--home", home]
    subprocess.run([*base, "init"], check=True, env=env, capture_output=True)
    added = subprocess.run(
        [*base, "user", "add", "li.si", "--json"], check=True, env=env, capture_output=True
    )
    password = json.loads(added.stdout)["password"]
    server, url = _serving(Path(home))
    try:
        login = _call(f"{url}/api/login", {"username": "li.si", "password": password})
        assert len(login["token"]) >= 32
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"{url}/" in output


def _serving(home: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """``jiancha serve`` on a free port, once it answers: the process and its base URL."""
    env = {k: v for k, v in os.environ.items() if k != "JIANCHA_DATABASE_URL"}
    port = _free_port()
    command = [sys.executable, "-m", "jiancha", "--home", str(home), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, *options], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(server, url)
    except BaseException:
        server.kill()
        server.communicate(timeout=10)
        raise
    return server, url


def _wait_for_health(server: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            health = _call(f"{url}/api/health")
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "serve exited early"
            assert time.monotonic() < deadline, "serve did not answer within 30 s"
            time.sleep(0.2)
            continue
        assert health["status"] == "ok", health
        return


def test_serve_runs_jobs_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--no-worker``: the server answers but leaves queued jobs to a ``jiancha worker`` (a
    deployment with workers of its own); without it, the server's worker runs them."""
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    workspace, _ = init_workspace(tmp_path / "ws")
    store = open_store(workspace)
    try:
        job_id = queue_import(store, "名单", HEADER + "\n" + gbk_rows(20))

        def status() -> str:
            with store.session() as session:
                job = session.get(Job, job_id)
                assert job is not None
                return job.status

        server, _ = _serving(workspace.home, "--no-worker")
        try:
            time.sleep(4 * POLL_SECONDS)  # a worker would have claimed it at once, and polled
            assert status() == "queued"
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=10)
        assert "jiancha worker" in output

        server, _ = _serving(workspace.home)
        try:
            deadline = time.monotonic() + 60
            while status() == "queued" or status() == "running":
                assert time.monotonic() < deadline, "the server's worker never ran the job"
                time.sleep(0.1)
            assert status() == "succeeded"
        finally:
            server.terminate()
            server.communicate(timeout=10)
    finally:
        store.close()
