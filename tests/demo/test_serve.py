"""``jiancha serve`` as a real process: it answers on the port it printed, and signs in."""

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
    port = _free_port()
    server = subprocess.Popen(
        [*base, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert _call(f"{url}/api/health")["status"] == "ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "serve exited early"
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.2)
        login = _call(f"{url}/api/login", {"username": "li.si", "password": password})
        assert len(login["token"]) >= 32
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output
