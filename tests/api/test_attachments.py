"""Attachments over the API: upload (multipart) into the workspace by SHA-256, download back,
base names only, a size limit, sign-in required."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from jiancha.api import attachments
from jiancha.api.attachments import safe_name
from jiancha.store import Workspace
from tests.api.helpers import SLUG, login


def first_lead(client: TestClient, headers: dict[str, str]) -> int:
    page = client.get("/api/leads", params={"model": SLUG, "sort": "id"}, headers=headers)
    lead: int = page.json()["items"][0]["id"]
    return lead


def test_upload_then_download(client: TestClient) -> None:
    headers = login(client)
    lead = first_lead(client, headers)
    content = "收押台账（扫描件）\n".encode() * 1000
    sent = client.post(
        f"/api/leads/{lead}/attachments",
        files={"file": ("收押台账.pdf", content, "application/pdf")},
        headers=headers,
    )
    assert sent.status_code == 200, sent.text
    added = sent.json()
    sha = hashlib.sha256(content).hexdigest()
    assert added["filename"] == "收押台账.pdf"
    assert (added["size"], added["sha256"]) == (len(content), sha)
    records = client.get(f"/api/leads/{lead}/records", headers=headers).json()
    assert [f["id"] for f in records["attachments"]] == [added["id"]]
    got = client.get(f"/api/leads/{lead}/attachments/{added['id']}", headers=headers)
    assert got.status_code == 200 and got.content == content
    assert got.headers["content-type"] == "application/octet-stream"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "%E6%94%B6%E6%8A%BC" in disposition
    other = first_lead_but(client, headers, lead)
    wrong_lead = client.get(f"/api/leads/{other}/attachments/{added['id']}", headers=headers)
    assert wrong_lead.status_code == 404 and "没有编号为" in wrong_lead.json()["error"]


def first_lead_but(client: TestClient, headers: dict[str, str], lead: int) -> int:
    items = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"]
    return int(next(x["id"] for x in items if x["id"] != lead))


def test_only_the_base_name_is_kept(client: TestClient) -> None:
    headers = login(client)
    lead = first_lead(client, headers)
    sent = client.post(
        f"/api/leads/{lead}/attachments",
        files={"file": ("../../etc/passwd", b"root:x:0:0", "text/plain")},
        headers=headers,
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["filename"] == "passwd"
    got = client.get(f"/api/leads/{lead}/attachments/{sent.json()['id']}", headers=headers)
    assert got.content == b"root:x:0:0"
    assert got.headers["content-disposition"] == 'attachment; filename="passwd"'


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/abs/path/证据.docx", "证据.docx"),
        ("..", "附件"),
        ("", "附件"),
        (None, "附件"),
        ("a\x00b\r\n.txt", "ab.txt"),
        ("\u202egpj.exe", "gpj.exe"),
        ("证" * 300, "证" * 255),
    ],
)
def test_safe_name(raw: str | None, kept: str) -> None:
    assert safe_name(raw) == kept


def test_upload_over_the_limit_is_refused(
    client: TestClient, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = login(client)
    lead = first_lead(client, headers)
    monkeypatch.setattr(attachments, "MAX_UPLOAD", 1000)
    counted = client.post(  # within the framing slack: refused while the route copies it
        f"/api/leads/{lead}/attachments", files={"file": ("big.bin", b"x" * 1001)}, headers=headers
    )
    assert counted.status_code == 413
    assert counted.json() == {
        "error": "上传的内容超过上限（1000 字节）",
        "hint": "请压缩或拆分后再上传",
    }
    declared = client.post(  # far over: refused on its Content-Length, before it is read
        f"/api/leads/{lead}/attachments",
        files={"file": ("big.bin", b"x" * 200_000)},
        headers=headers,
    )
    assert declared.status_code == 413 and declared.json()["error"].startswith("上传的内容超过")
    exact = client.post(
        f"/api/leads/{lead}/attachments", files={"file": ("ok.bin", b"x" * 1000)}, headers=headers
    )
    assert exact.status_code == 200 and exact.json()["size"] == 1000
    records = client.get(f"/api/leads/{lead}/records", headers=headers).json()
    assert [f["filename"] for f in records["attachments"]] == ["ok.bin"]
    assert list(workspace.staging_dir.iterdir()) == []  # nothing left behind by the refusals


def test_attachments_need_sign_in_and_a_lead(client: TestClient) -> None:
    files = {"file": ("a.txt", b"a")}
    assert client.post("/api/leads/1/attachments", files=files).status_code == 401
    assert client.get("/api/leads/1/attachments/1").status_code == 401
    headers = login(client)
    missing = client.post("/api/leads/999999/attachments", files=files, headers=headers)
    assert missing.status_code == 404 and missing.json()["error"] == "没有编号为 999999 的线索"
    no_file = client.post("/api/leads/1/attachments", headers=headers)
    assert no_file.status_code == 422 and no_file.json()["fields"] == ["body.file"]
    assert client.get("/api/leads/1/attachments/424242", headers=headers).status_code == 404
