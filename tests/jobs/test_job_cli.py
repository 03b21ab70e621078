"""``jiancha job list | show [--follow]`` and ``jiancha worker`` on a SQLite workspace: the
worker started as its own process runs queued jobs until interrupted; ``--follow`` waits for
the end and exits 1 with the error of a failed job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jiancha.jobs import Worker, enqueue, upload_folder
from jiancha.store import Job, Store, init_workspace, open_store
from tests.jobs.helpers import HEADER, gbk_rows
from tests.test_cli import jiancha


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    workspace, _ = init_workspace(tmp_path / "home")
    store = open_store(workspace)
    yield store
    store.close()


def queue_import(store: Store, name: str, text: str) -> int:
    path = upload_folder(store.workspace) / f"{name}.csv"
    path.write_bytes(text.encode("gbk"))
    payload = {"upload": path.relative_to(store.workspace.home).as_posix()}
    payload |= {"filename": path.name, "name": name}
    job = enqueue(
        store,
        kind="import",
        subject=name,
        title=f"导入 {path.name} 为 {name}",
        payload=payload,
        created_by="clerk",
        org_id=None,
    )
    return job.id


def test_follow_shows_the_end_and_fails_with_the_error(local: Store) -> None:
    home = local.workspace.home
    good = queue_import(local, "名单", HEADER + "\n" + gbk_rows(300))
    bad = queue_import(local, "坏名单", HEADER + "\n" + gbk_rows(2) + "王五\n")
    listed = json.loads(jiancha(home, "job", "list", "--json").stdout)
    assert [(j["id"], j["status"]) for j in listed] == [(bad, "queued"), (good, "queued")]
    worker = Worker(open_store(local.workspace), poll=0.05, owned=True).start()
    try:
        done = jiancha(home, "job", "show", str(good), "--follow", "--json")
        failed = jiancha(home, "job", "show", str(bad), "--follow", ok=False)
    finally:
        worker.stop()
    shown = json.loads(done.stdout)
    assert (shown["status"], shown["progress"]["rows_read"], shown["result"]["rows"]) == (
        "succeeded",
        300,
        300,
    )
    assert failed.returncode == 1
    assert "失败" in failed.stderr and "第 4 行" in failed.stderr, failed.stderr
    plain = jiancha(home, "job", "show", str(good))
    assert "已完成" in plain.stdout and "已读 300 行" in plain.stdout
    missing = jiancha(home, "job", "show", "999", ok=False)
    assert missing.returncode == 2 and "没有编号为 999 的后台任务" in missing.stderr


def test_the_worker_command_runs_jobs_until_interrupted(local: Store) -> None:
    job_id = queue_import(local, "名单", HEADER + "\n" + gbk_rows(50))
    env = {k: v for k, v in os.environ.items() if k != "JIANCHA_DATABASE_URL"}
    command = [sys.executable, "-m", "jiancha", "--home", str(local.workspace.home), "worker"]
    worker = subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with local.session() as session:
                job = session.get(Job, job_id)
                assert job is not None
            if job.status in ("succeeded", "failed"):
                break
            time.sleep(0.1)
        assert job.status == "succeeded" and job.pid == worker.pid
        worker.send_signal(signal.SIGINT)
        out, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0 and "已停止" in out
