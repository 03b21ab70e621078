"""Where things happen, the audit trail records them: sign-in, import, run, lead moves, reads of
evidence, downloads and exports — and the trail stays a valid chain throughout."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api import create_app
from jiancha.errors import JianchaError
from jiancha.governance import authenticate
from jiancha.governance.audit_check import verify
from jiancha.leads import Move, list_leads, move_lead
from jiancha.store import AuditEntry, Store, Workspace
from tests.api.helpers import login, seed
from tests.catalogue.helpers import write
from tests.test_cli import Completed
from tests.test_cli import jiancha as run_cli


def entries(store: Store, action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    with store.session() as session:
        return list(session.scalars(query))


def intact(store: Store) -> bool:
    with store.session() as session:
        return verify(session) == []


def test_import_run_sign_in_and_moves_are_recorded(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_USER", "importer")
    seed(store, tmp_path)  # two imports, one run, the user ``demo``
    imports = entries(store, "import")
    assert [(e.object_id, e.actor) for e in imports] == [("判决", "importer"), ("收押", "importer")]
    assert all(e.rows and e.rows > 0 and e.detail["version"] == 1 for e in imports)
    [run] = entries(store, "run")
    assert run.actor == "importer" and run.object_type == "run" and run.rows == 2
    assert run.detail["model"] == "custodial-sentence-not-executed"
    assert run.detail["engine"] == "duckdb" and run.detail["new"] == 2

    authenticate(store, "demo", "demo-password-123")
    with pytest.raises(JianchaError):
        authenticate(store, "demo", "wrong-password!")
    with pytest.raises(JianchaError):
        authenticate(store, "nobody", "wrong-password!")
    signs = [(e.action, e.actor) for e in entries(store) if e.object_type == "user"]
    assert signs == [("login", "demo"), ("login_failed", "demo"), ("login_failed", "nobody")]

    with store.session() as session:
        lead = list_leads(session)[0]["id"]
    move_lead(store, lead, Move("assigned", assignee="zhang.san"), "chief")
    move_lead(store, lead, Move("verifying"), "zhang.san")
    with pytest.raises(JianchaError):  # refused: nothing recorded
        move_lead(store, lead, Move("closed"), "zhang.san")
    moves = [e for e in entries(store) if e.object_type == "lead"]
    assert [(e.action, e.actor, e.detail["to"]) for e in moves] == [
        ("assign", "chief", "assigned"),
        ("lead_move", "zhang.san", "verifying"),
    ]
    assert moves[0].object_id == str(lead) and moves[0].detail["assignee"] == "zhang.san"
    assert [e.seq for e in entries(store)] == list(range(1, 9))
    assert intact(store)


def test_api_reads_and_sign_in_are_recorded(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    seed(store, tmp_path)
    with TestClient(create_app(workspace)) as client:
        headers = login(client)
        lead = client.get("/api/leads", headers=headers).json()["items"][0]["id"]
        assert client.get(f"/api/leads/{lead}", headers=headers).status_code == 200
        assert client.get("/api/leads/999999", headers=headers).status_code == 404
        assert client.get("/api/stats.xlsx", headers=headers).status_code == 200
    read, missing = entries(store, "lead_read")
    assert (read.actor, read.object_id, read.detail["result"]) == ("demo", str(lead), "ok")
    assert (missing.object_id, missing.detail["result"], missing.detail["status"]) == (
        "999999",
        "refused",
        404,
    )
    assert read.detail["client"] == missing.detail["client"] == "api:testclient"
    [listed] = entries(store, "lead_list")
    assert listed.actor == "demo" and listed.rows == 2
    assert [e.actor for e in entries(store, "login")] == ["demo"]
    [export] = entries(store, "stats_export")
    assert export.actor == "demo" and export.detail["group_by"] == "model"
    assert intact(store)


def jiancha(home: Path, *args: str, ok: bool = True) -> Completed:
    return run_cli(home, *args, ok=ok, env={"JIANCHA_USER": "clerk"})


def test_cli_export_list_anchor_and_verify(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    jiancha(home, "init")
    csv = write(tmp_path / "名单.csv", "姓名,金额\n张三,1\n李四,2\n", "utf-8")
    jiancha(home, "dataset", "import", str(csv), "--name", "名单")
    jiancha(home, "leads", "export", "--out", str(tmp_path / "out.csv"))
    listed: list[dict[str, Any]] = json.loads(jiancha(home, "audit", "list", "--json").stdout)
    assert [(e["seq"], e["action"], e["actor"], e["rows"]) for e in listed] == [
        (2, "export", "clerk", 0),
        (1, "import", "clerk", 2),
    ]
    assert listed[0]["action_label"] == "导出线索"
    assert listed[0]["client"].startswith("cli:") and listed[0]["result"] == "ok"
    only = json.loads(jiancha(home, "audit", "list", "--action", "import", "--json").stdout)
    assert [e["seq"] for e in only] == [1]
    reads = json.loads(jiancha(home, "audit", "list", "--action", "audit_read", "--json").stdout)
    assert [(e["seq"], e["actor"]) for e in reads] == [(4, "clerk"), (3, "clerk")]  # both lists
    made = json.loads(jiancha(home, "audit", "anchor", "--json").stdout)
    assert made["seq"] == 5 and Path(made["file"]) == home / "audit-anchors.jsonl"
    assert "留痕完好" in jiancha(home, "audit", "verify").stdout

    with sqlite3.connect(home / "metadata.db") as db:
        db.execute("UPDATE audit_entries SET rows = 0 WHERE seq = 1")
    bad = jiancha(home, "audit", "verify", ok=False)  # verifying is audited: seq 7
    assert bad.returncode == 1 and "第 1 条的内容与哈希不符" in bad.stderr
    report = json.loads(jiancha(home, "audit", "verify", "--json", ok=False).stdout)
    assert report["intact"] is False and report["problems"][0]["kind"] == "changed"

    with sqlite3.connect(home / "metadata.db") as db:
        db.execute("DELETE FROM audit_entries")
        db.execute("DELETE FROM audit_anchors")
    gone = jiancha(home, "audit", "verify", ok=False)
    assert gone.returncode == 1 and "锚点文件第 1 行记录的第 5 条与日志不符" in gone.stderr
