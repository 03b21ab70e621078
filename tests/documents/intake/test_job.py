"""The ``documents_import`` job over the API (SQLite and PostgreSQL): queued at once (202), then
run by the worker through the same import as the command line, as the job's creator."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.jobs import run_next
from jiancha.store import AuditEntry, Store
from jiancha.store.models import Document
from tests.api.helpers import login
from tests.documents.intake.helpers import corpus_docs, jsonl


def test_a_json_lines_upload_is_imported_by_the_worker(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    headers = login(client)
    data = jsonl(tmp_path / "in.jsonl", corpus_docs(2), '{"id": "坏", "text": ""}').read_bytes()
    files = {"file": ("判决书.jsonl", data, "application/jsonl")}
    form = {"name": "判决书", "skip_errors": "true"}
    answer = client.post("/api/jobs/documents", headers=headers, files=files, data=form)
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert (job["kind"], job["status"]) == ("documents_import", "queued")
    assert job["title"] == "导入文书 判决书.jsonl 为 判决书"
    assert run_next(store) == job["id"]
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert done["status"] == "succeeded", done
    assert done["result"]["documents"] == 2 and done["result"]["name"] == "判决书"
    assert done["result"]["errors"] == [{"id": "坏", "error": "文书“坏”的内容为空"}]
    assert list((store.workspace.home / "jobs" / "uploads").iterdir()) == []
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == "import")
        imported = session.scalars(query.where(AuditEntry.object_id == "判决书")).all()
        assert [(e.actor, e.object_id) for e in imported] == [("demo", "判决书")]
        assert len(session.scalars(select(Document)).all()) == 2


def test_txt_files_are_imported_as_one_folder_and_other_files_refused(
    client: TestClient, store: Store
) -> None:
    headers = login(client)
    docs = corpus_docs(2)
    files = [("file", (f"{i}.txt", t.encode("gb18030"), "text/plain")) for i, t in docs]
    answer = client.post(
        "/api/jobs/documents", headers=headers, files=files, data={"name": "判决文书"}
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["title"] == "导入文书 2 个文件 为 判决文书"
    assert run_next(store) == answer.json()["id"]
    done = client.get(f"/api/jobs/{answer.json()['id']}", headers=headers).json()
    assert done["status"] == "succeeded", done["error"]
    assert done["result"]["documents"] == 2
    with store.session() as session:
        assert sorted(d.doc_id for d in session.scalars(select(Document))) == sorted(
            i for i, _ in docs
        )
    odd = [("file", ("名单.csv", b"a,b\n", "text/csv"))]
    refused = client.post("/api/jobs/documents", headers=headers, files=odd, data={"name": "x"})
    assert refused.status_code == 400 and "不支持的文件：名单.csv" in refused.json()["error"]
    assert list((store.workspace.home / "jobs" / "uploads").iterdir()) == []
