"""A killed import or run leaves nothing behind once the store is opened again (SQLite and
PostgreSQL): processes are really killed (SIGKILL) at the worst moments."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jiancha import catalogue
from jiancha.catalogue.staging import STALE_SECONDS, import_area
from jiancha.modelling import install, load_spec_file
from jiancha.runs import list_runs, run_model
from jiancha.runs.errors import INTERRUPTED
from jiancha.runs.recovery import alive
from jiancha.store import Dataset, DatasetVersion, Run, Store, open_store
from tests.catalogue.helpers import id18
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

SLUG = "custodial-sentence-not-executed"


def _python(store: Store, script: str) -> subprocess.Popen[str]:
    """``script`` in a new Python process over the same workspace (and metadata store)."""
    prelude = f"""
        import os, signal, time
        from pathlib import Path
        from jiancha import catalogue
        from jiancha.store import Workspace, open_store
        store = open_store(Workspace(Path({str(store.workspace.home)!r})))
    """
    code = textwrap.dedent(prelude) + textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code], text=True, stderr=subprocess.PIPE)


def _reopen(store: Store) -> Store:
    return open_store(store.workspace)


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        datasets = session.scalar(select(func.count()).select_from(Dataset)) or 0
        versions = session.scalar(select(func.count()).select_from(DatasetVersion)) or 0
    return datasets, versions


def _big_csv(path: Path, rows: int = 200_000) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("姓名,身份证号\n")
        person = id18()
        out.writelines(f"张{i},{person}\n" for i in range(rows))
    return path


def test_import_killed_while_writing_leaves_nothing(store: Store, tmp_path: Path) -> None:
    source = _big_csv(tmp_path / "大表.csv")
    child = _python(
        store,
        f"""
        source = catalogue.open_file(Path({str(source)!r}))
        catalogue.import_source(store, source, "大表", progress=lambda done: time.sleep(30))
        """,
    )
    staging = store.workspace.staging_dir
    deadline = time.monotonic() + 60
    while not list(staging.glob("import-*/version.parquet")):
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert list(staging.iterdir())  # what the killed import left …
    reopened = _reopen(store)
    try:
        assert list(staging.iterdir()) == []  # … is gone at the next start
        assert _counts(reopened) == (0, 0)
        assert not [p for p in store.workspace.data_dir.rglob("*") if p.is_file()]
    finally:
        reopened.close()


def test_import_killed_between_move_and_commit_leaves_no_file(store: Store, tmp_path: Path) -> None:
    # The worst moment: the version file is already in data/, its record not yet committed.
    source = tmp_path / "小表.csv"
    source.write_text(f"姓名,身份证号\n张三,{id18()}\n", encoding="utf-8")
    child = _python(
        store,
        f"""
        real = os.replace
        def replace_then_die(src, dst):
            real(src, dst)
            os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace_then_die
        catalogue.import_source(store, catalogue.open_file(Path({str(source)!r})), "小表")
        """,
    )
    assert child.wait(timeout=60) == -signal.SIGKILL
    left = [p for p in store.workspace.data_dir.rglob("*.parquet")]
    assert len(left) == 1 and _counts(store) == (0, 0)
    reopened = _reopen(store)
    try:
        assert not list(store.workspace.data_dir.rglob("*.parquet"))
        assert list(store.workspace.staging_dir.iterdir()) == []
        catalogue.import_source(reopened, catalogue.open_file(source), "小表")  # imports anew
        assert _counts(reopened) == (1, 1)
        shown = catalogue.show_dataset(reopened, "小表")
        assert reopened.workspace.resolve(shown["path"]).is_file()
    finally:
        reopened.close()


def test_live_imports_and_recent_files_are_kept(store: Store) -> None:
    staging = store.workspace.staging_dir
    fresh = staging / "0123abcd.upload"  # someone else's upload in progress
    fresh.write_bytes(b"x")
    stale = staging / "4567cdef.upload"
    stale.write_bytes(b"x")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    with import_area(store.workspace) as area:  # a live import (its lock held)
        (area / "version.parquet").write_bytes(b"partial")
        reopened = _reopen(store)
        reopened.close()
        assert area.is_dir() and fresh.is_file() and not stale.exists()
    assert not area.exists()


def test_run_killed_midway_is_marked_interrupted(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    child = _python(
        store,
        f"""
        import datetime as dt
        from jiancha.runs import runner
        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        runner.upsert_leads = die  # killed after the engine ran, before the leads are stored
        runner.run_model(store, {SLUG!r}, run_date=dt.date.fromisoformat({AS_OF.isoformat()!r}))
        """,
    )
    assert child.wait(timeout=120) == -signal.SIGKILL
    with store.session() as session:
        stuck = session.scalars(select(Run)).one()
        assert stuck.status == "running" and stuck.pid == child.pid
        assert stuck.host == socket.gethostname()
    assert not alive(child.pid)
    reopened = _reopen(store)
    try:
        [run] = list_runs(reopened, details=True)
        assert (run["status"], run["error"]) == ("failed", INTERRUPTED)
        assert str(child.pid) in run["error_detail"]
        with reopened.session() as session:
            assert session.scalars(select(Run)).one().finished_at is not None
        again = run_model(reopened, SLUG, run_date=AS_OF)  # the model runs normally afterwards
        assert again["new"] == 2
    finally:
        reopened.close()


@pytest.mark.parametrize("whose", ["this process", "another host"])
def test_runs_that_may_be_alive_are_left_running(store: Store, tmp_path: Path, whose: str) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    host = socket.gethostname() if whose == "this process" else "elsewhere.example"
    pid = os.getpid() if whose == "this process" else 999_999
    with store.session() as session:
        run = session.scalars(select(Run)).one()
        run.status, run.pid, run.host, run.finished_at = "running", pid, host, None
    reopened = _reopen(store)
    try:
        assert [r["status"] for r in list_runs(reopened)] == ["running"]
    finally:
        reopened.close()
