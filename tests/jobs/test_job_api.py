"""Jobs over the API (SQLite and PostgreSQL): an upload or a run is answered 202 while still
queued, a worker then does the very work the synchronous paths do, with real progress figures,
and failures say what a prosecutor can act on."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.jobs import run_next
from jiancha.modelling import load_spec_file
from jiancha.store import AuditEntry, Job, Run, Store
from tests.api.helpers import PASSWORD, SLUG, login
from tests.jobs.helpers import HEADER, gbk_rows, grant_demo, zhejiang
from tests.modelling.fixtures import AS_OF, SPECS


def upload(
    client: TestClient, headers: dict[str, str], filename: str, data: bytes, **form: str
) -> Any:
    files = {"file": (filename, data, "text/csv")}
    return client.post("/api/jobs/imports", headers=headers, files=files, data=form)


def entries(store: Store, action: str) -> list[AuditEntry]:
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        return list(session.scalars(query))


def test_import_job_is_queued_then_run_with_real_progress(client: TestClient, store: Store) -> None:
    headers = login(client)
    data = (HEADER + "\n" + gbk_rows(1234)).encode("gbk")
    answer = upload(client, headers, "判决书.csv", data, name="罚金名单", encoding="GBK")
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert (job["status"], job["status_label"], job["kind"]) == ("queued", "排队中", "import")
    assert job["title"] == "导入 判决书.csv 为 罚金名单" and job["subject"] == "罚金名单"
    assert job["created_at"].endswith("+08:00") and job["progress"]["rows_read"] == 0
    uploads = list((store.workspace.home / "jobs" / "uploads").iterdir())
    assert [p.name for p in uploads[0].iterdir()] == ["判决书.csv"]  # kept in the workspace

    assert run_next(store) == job["id"]
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert (done["status"], done["status_label"]) == ("succeeded", "已完成")
    assert done["progress"]["rows_read"] == 1234 and done["progress"]["fraction"] == 1.0
    assert done["result"]["rows"] == 1234 and done["result"]["dataset"] == "罚金名单"
    assert done["result"]["version"] == 1 and done["result"]["encoding"] == "gbk"
    assert done["started_at"] <= done["finished_at"]
    assert list((store.workspace.home / "jobs" / "uploads").iterdir()) == []  # removed
    shown = client.get("/api/datasets/罚金名单", headers=headers).json()
    assert shown["rows"] == 1234 and shown["source"] == "判决书.csv"

    [queued] = entries(store, "job_submit")
    assert (queued.actor, queued.object_type, queued.object_id) == ("demo", "job", str(job["id"]))
    assert queued.detail["client"] == "api:testclient"
    imported = [e for e in entries(store, "import") if e.object_id == "罚金名单"]
    assert [(e.actor, e.rows, e.detail["client"]) for e in imported] == [
        ("demo", 1234, f"job:{job['id']}")
    ]


def test_gbk_file_with_a_bad_row_fails_naming_the_line(client: TestClient, store: Store) -> None:
    headers = login(client)
    text = HEADER + "\n" + gbk_rows(3) + "王五,11010519491231002X\n" + gbk_rows(2)
    answer = upload(client, headers, "名单.csv", text.encode("gbk"), name="名单")
    assert answer.status_code == 202, answer.text
    run_next(store)
    job = client.get(f"/api/jobs/{answer.json()['id']}", headers=headers).json()
    assert (job["status"], job["status_label"], job["result"]) == ("failed", "失败", None)
    assert "第 5 行" in job["error"] and "名单.csv" in job["error"], job["error"]
    assert str(store.workspace.home) not in job["error"]
    # the office's other users may read the job: the bad line's ID number is masked
    assert "11010519491231002X" not in job["error"] and "110105********002X" in job["error"]
    assert client.get("/api/datasets/名单", headers=headers).status_code == 404  # nothing kept
    [failed] = [e for e in entries(store, "import") if e.object_id == "名单"]
    assert (failed.actor, failed.detail["result"]) == ("demo", "failed")
    assert failed.detail["client"] == f"job:{job['id']}" and "第 5 行" in failed.detail["refusal"]


def test_an_unreadable_upload_is_refused_at_once(client: TestClient, store: Store) -> None:
    headers = login(client)
    data = (HEADER + "\n" + gbk_rows(2)).encode("gbk")
    refused = upload(client, headers, "a.csv", data, name="甲", encoding="klingon")
    assert refused.status_code == 400 and "不支持的编码" in refused.json()["error"]
    empty = upload(client, headers, "空.csv", b"", name="乙")
    assert empty.status_code == 400 and "空文件" in empty.json()["error"]
    assert str(store.workspace.home) not in empty.json()["error"]
    assert list((store.workspace.home / "jobs" / "uploads").iterdir()) == []
    with store.session() as session:
        assert session.scalars(select(Job)).all() == []


def test_run_job_checks_parameters_now_and_writes_the_runs_leads(
    client: TestClient, store: Store
) -> None:
    grant_demo(store)
    headers = login(client)
    bad = {"model": SLUG, "parameters": {"grace_days": "三十"}, "as_of": AS_OF.isoformat()}
    refused = client.post("/api/jobs/runs", headers=headers, json=bad)
    assert refused.status_code == 422 and "grace_days" in refused.json()["error"]
    assert refused.json()["fields"] == ["body.parameters.grace_days"]
    assert "不是整数" in refused.json()["error"]
    unknown = {"model": SLUG, "parameters": {"grace": 1}}
    refused = client.post("/api/jobs/runs", headers=headers, json=unknown)
    assert refused.status_code == 422 and "grace" in refused.json()["error"]
    missing = client.post("/api/jobs/runs", headers=headers, json={"model": "no-such-model"})
    assert missing.status_code == 404

    body = {"model": SLUG, "parameters": {"grace_days": 5}, "as_of": AS_OF.isoformat()}
    answer = client.post("/api/jobs/runs", headers=headers, json=body)
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["status"] == "queued" and job["title"].startswith("运行模型 审前未羁押")
    assert run_next(store) == job["id"]
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert done["status"] == "succeeded", done
    with store.session() as session:
        run = session.get(Run, done["result"]["run_id"])
        assert run is not None and run.user == "demo" and run.parameters["grace_days"] == 5
        assert run.leads is not None
    steps = len(load_spec_file(SPECS / "custodial.yaml").steps)
    assert done["progress"]["leads_written"] == run.leads == done["result"]["leads"] == 3
    assert done["progress"]["steps_done"] == done["progress"]["steps_total"] == steps
    assert done["progress"]["rows_read"] == run.rows_read > 0
    [ran] = [e for e in entries(store, "run") if e.detail["client"] == f"job:{job['id']}"]
    assert ran.actor == "demo" and ran.rows == 3


def test_a_run_without_grants_is_refused_at_once(client: TestClient, store: Store) -> None:
    answer = client.post("/api/jobs/runs", headers=login(client), json={"model": SLUG})
    assert answer.status_code == 403 and "授权" in answer.json()["error"]


def test_lists_are_paged_filtered_and_limited_to_what_a_user_may_see(
    client: TestClient, store: Store
) -> None:
    zhejiang(store)
    create_user(store, "xihu", PASSWORD, role="data_admin", org="330106", must_change=False)
    create_user(store, "auditor", PASSWORD, role="auditor", org="330000", must_change=False)
    demo = login(client)
    xihu = sign_in(client, "xihu")
    data = (HEADER + "\n" + gbk_rows(2)).encode("gbk")
    first = upload(client, demo, "a.csv", data, name="甲").json()
    second = upload(client, xihu, "b.csv", data, name="乙").json()
    third = upload(client, xihu, "c.csv", data, name="丙").json()
    assert second["office"] == "330106" and second["office_name"] == "杭州市西湖区人民检察院"

    page = client.get("/api/jobs", headers=demo, params={"size": 2, "sort": "-created_at"}).json()
    assert page["total"] == 3 and [j["id"] for j in page["items"]] == [third["id"], second["id"]]
    later = client.get("/api/jobs", headers=demo, params={"size": 2, "page": 2}).json()
    assert [j["id"] for j in later["items"]] == [first["id"]]
    mine = client.get("/api/jobs", headers=demo, params={"mine": "true"}).json()
    assert [j["id"] for j in mine["items"]] == [first["id"]]

    own = client.get("/api/jobs", headers=xihu, params={"sort": "id"}).json()
    assert [j["id"] for j in own["items"]] == [second["id"], third["id"]]  # not demo's
    assert client.get(f"/api/jobs/{first['id']}", headers=xihu).status_code == 404
    audits = client.get("/api/jobs", headers=sign_in(client, "auditor")).json()
    assert audits["total"] == 2  # the offices below the auditor's; demo's has no office

    run_next(store)
    failed = client.get("/api/jobs", headers=demo, params={"status": "succeeded"}).json()
    assert [j["id"] for j in failed["items"]] == [first["id"]]
    runs = client.get("/api/jobs", headers=demo, params={"kind": "run"}).json()
    assert runs["total"] == 0
    bad = client.get("/api/jobs", headers=demo, params={"sort": "title"})
    assert bad.status_code == 400 and "排序" in bad.json()["error"]


def test_importing_needs_the_import_permission(client: TestClient, store: Store) -> None:
    create_user(store, "zhang", PASSWORD, role="prosecutor", must_change=False)
    data = (HEADER + "\n" + gbk_rows(2)).encode("gbk")
    refused = upload(client, sign_in(client, "zhang"), "a.csv", data, name="甲")
    assert refused.status_code == 403
    assert list((store.workspace.home / "jobs" / "uploads").glob("*/*")) == []


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}
