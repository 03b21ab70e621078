"""An auditor reads the trail of its own office subtree only; accounts can be deactivated (API and
command line, audited, sessions and tokens ended at once); a password change ends every session
and API token but the one it returns; failed and killed runs are audited (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.governance import create_token, create_user, token_user
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec
from jiancha.runs import run_model
from jiancha.runs.recovery import mark_interrupted, this_host
from jiancha.store import AuditEntry, Lead, Org, Run, Store, Workspace
from tests.api.helpers import PASSWORD, login
from tests.modelling.fixtures import AS_OF
from tests.modelling.steps_specs import BINDS as STEP_BINDS
from tests.modelling.steps_specs import spec_text


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def entries(store: Store, action: str) -> list[AuditEntry]:
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        return list(session.scalars(query))


def offices(store: Store) -> None:
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, "330100", "杭州市人民检察院", "city", "330000")
    add_org(store, "330106", "杭州市西湖区人民检察院", "district", "330100")
    add_org(store, "330108", "杭州市滨江区人民检察院", "district", "330100")


def test_an_auditor_reads_its_own_office_subtree_only(
    client: TestClient, store: Store, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    offices(store)
    for name, role, org in [
        ("shenji.xh", "auditor", "330106"),
        ("shenji.all", "auditor", None),
        ("xh", "prosecutor", "330106"),
        ("bj", "prosecutor", "330108"),
    ]:
        create_user(store, name, PASSWORD, role=role, org=org, must_change=False)
    with store.session() as session:
        lead = session.scalar(select(Lead.id).order_by(Lead.id))
        assert lead is not None
        xihu = session.scalar(select(Org.id).where(Org.code == "330106"))
        session.execute(update(Lead).where(Lead.id == lead).values(org_id=xihu))
    xh, bj, demo = sign_in(client, "xh"), sign_in(client, "bj"), login(client)
    assert client.get("/api/leads", headers=xh).status_code == 200
    assert client.get("/api/leads", headers=bj).status_code == 200
    assert client.get(f"/api/leads/{lead}", headers=demo).status_code == 200  # a 西湖 lead

    def seen(username: str) -> list[tuple[str, str, str | None]]:
        found = client.get("/api/audit", headers=sign_in(client, username), params={"limit": 1000})
        assert found.status_code == 200, found.text
        return [(e["actor"], e["action"], e["object_id"]) for e in found.json()]

    district = seen("shenji.xh")
    assert {actor for actor, _, _ in district} == {"xh", "demo", "shenji.xh"}
    assert ("xh", "login", "xh") in district and ("xh", "lead_list", None) in district
    assert ("demo", "lead_read", str(lead)) in district  # by someone above, about a lead within
    assert not [e for e in district if e[0] == "demo" and e[1] != "lead_read"]
    everything = seen("shenji.all")
    assert ("bj", "lead_list", None) in everything and ("demo", "login", "demo") in everything

    monkeypatch.setenv("JIANCHA_USER", "operator")
    runner = CliRunner()
    home = ["--home", str(workspace.home)]
    listed = runner.invoke(app, [*home, "audit", "list", "--user", "shenji.xh", "--json"])
    assert listed.exit_code == 0, listed.output
    assert {e["actor"] for e in json.loads(listed.stdout)} == {"xh", "demo", "shenji.xh"}
    refused = runner.invoke(app, [*home, "audit", "list", "--user", "xh", "--json"])
    assert refused.exit_code == 2 and "无权查看留痕" in refused.stdout


def test_deactivation_ends_sessions_and_tokens_at_once(client: TestClient, store: Store) -> None:
    create_user(store, "xh", PASSWORD, role="prosecutor", must_change=False)
    session_headers = sign_in(client, "xh")
    api_token = {"Authorization": f"Bearer {create_token(store, 'xh', '案管系统')}"}
    admin = login(client)
    assert client.get("/api/leads", headers=api_token).status_code == 200

    stopped = client.post("/api/users/xh/deactivate", headers=admin)
    assert stopped.status_code == 200 and stopped.json() == {"username": "xh", "active": False}
    for headers in (session_headers, api_token):
        assert client.get("/api/me", headers=headers).status_code == 401
    refused = client.post("/api/login", json={"username": "xh", "password": PASSWORD})
    assert refused.status_code == 401 and refused.json()["error"] == "用户名或密码错误"

    assert client.post("/api/users/xh/activate", headers=admin).status_code == 200
    assert client.get("/api/me", headers=sign_in(client, "xh")).status_code == 200
    for headers in (session_headers, api_token):  # what was revoked stays revoked
        assert client.get("/api/me", headers=headers).status_code == 401

    own = client.post("/api/users/demo/deactivate", headers=admin)
    assert own.status_code == 400 and own.json()["error"] == "不能停用自己的账号"
    not_admin = client.post("/api/users/demo/deactivate", headers=sign_in(client, "xh"))
    assert not_admin.status_code == 403
    shown = [(e.actor, e.object_id, e.detail["result"]) for e in entries(store, "user_deactivate")]
    assert shown == [("demo", "xh", "ok"), ("demo", "demo", "refused"), ("xh", "demo", "refused")]
    assert [(e.actor, e.object_id) for e in entries(store, "user_activate")] == [("demo", "xh")]


def test_deactivation_on_the_command_line(
    store: Store, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_USER", "operator")
    create_user(store, "xh", PASSWORD, role="prosecutor", must_change=False)
    token = create_token(store, "xh", "案管系统")
    runner = CliRunner()
    home = ["--home", str(workspace.home)]
    done = runner.invoke(app, [*home, "user", "deactivate", "xh", "--json"])
    assert done.exit_code == 0, done.output
    assert token_user(store, token) is None
    listed = json.loads(runner.invoke(app, [*home, "user", "list", "--json"]).stdout)
    assert [u["active"] for u in listed if u["username"] == "xh"] == [False]
    [entry] = entries(store, "user_deactivate")
    assert (entry.actor, entry.object_id, entry.detail["result"]) == ("operator", "xh", "ok")
    assert entry.detail["client"].startswith("cli:")


def test_a_password_change_ends_every_other_session_and_token(
    client: TestClient, store: Store
) -> None:
    create_user(store, "xh", PASSWORD, role="prosecutor", must_change=False)
    first, second = sign_in(client, "xh"), sign_in(client, "xh")
    api_token = {"Authorization": f"Bearer {create_token(store, 'xh', '案管系统')}"}
    body = {"old": PASSWORD, "new": "Brand-new-pass-2025"}
    changed = client.post("/api/password", json=body, headers=first)
    assert changed.status_code == 200, changed.text
    fresh = {"Authorization": f"Bearer {changed.json()['token']}"}
    for headers in (first, second, api_token):
        assert client.get("/api/me", headers=headers).status_code == 401
    assert client.get("/api/me", headers=fresh).status_code == 200
    [entry] = entries(store, "password_change")
    assert (entry.actor, entry.object_id, entry.detail["result"]) == ("xh", "xh", "ok")
    wrong = client.post("/api/password", json=body | {"old": "Not-the-old-1"}, headers=fresh)
    assert wrong.status_code == 400
    refused = entries(store, "password_change")[-1]
    assert refused.detail["result"] == "refused" and refused.detail["refusal"] == "原密码不正确"
    logout = client.post("/api/logout", headers=fresh)
    assert logout.status_code == 200
    assert [e.actor for e in entries(store, "logout")] == ["xh"]


CAST = '  - from: j\n  - filter: "CAST(name AS INTEGER) > 0"\n'


def test_failed_and_killed_runs_are_audited(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.modelling.fixtures import load_county

    load_county(store, tmp_path)
    spec = load_spec(spec_text("aggregate-having").replace("  - from: j\n", CAST), "broken")
    install(store, spec, STEP_BINDS)
    with pytest.raises(Exception, match="失败"):
        run_model(store, spec.id, run_date=AS_OF)
    [failed] = entries(store, "run_failed")
    assert failed.detail["result"] == "failed" and failed.detail["model"] == spec.id
    assert failed.detail["refusal"] and "张" not in failed.detail["refusal"]  # no data values

    good = load_spec(spec_text("semi-join-where"), "good")
    install(store, good, STEP_BINDS)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("jiancha.runs.runner.upsert_leads", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_model(store, good.id, run_date=AS_OF)
    killed = entries(store, "run_failed")[-1]
    assert killed.detail["result"] == "killed" and killed.detail["model"] == good.id


def test_a_run_found_interrupted_at_start_up_is_audited(store: Store, tmp_path: Path) -> None:
    from tests.modelling.fixtures import BINDS, SPECS, load_county

    load_county(store, tmp_path)
    install(store, load_spec((SPECS / "custodial.yaml").read_text(encoding="utf-8"), "x"), BINDS)
    run_id = run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)["run_id"]
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id that no longer exists
    with store.session() as session:
        values = {"status": "running", "pid": gone.pid, "host": this_host()}
        session.execute(update(Run).where(Run.id == run_id).values(**values))
    assert mark_interrupted(store) == [run_id]
    [entry] = entries(store, "run_failed")
    assert (entry.object_id, entry.detail["result"]) == (str(run_id), "killed")
    assert entry.detail["refusal"] == "运行被中断" and entry.detail["process"] == gone.pid
