"""The document API: list and view, masked by default with same-length masks (so that the
highlights stay on the right characters), unmasked only under an unmasking grant, 403/404,
every read audited (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.clock import CHINA
from jiancha.documents.extraction import extract
from jiancha.documents.intake import import_documents
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.store import AuditEntry, Store
from tests.api.helpers import PASSWORD, login
from tests.documents.intake.helpers import corpus_docs, corpus_lines

NAME = "判决书"


def _setup(client: TestClient, store: Store, tmp_path: Path) -> dict[str, str]:
    import_documents(store, corpus_lines(tmp_path, 3), NAME)
    return login(client)


def _as(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_list_pages_and_searches_with_masked_names(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    headers = _setup(client, store, tmp_path)
    docs = corpus_docs(3)
    page = client.get("/api/documents", params={"dataset": NAME, "size": 2}, headers=headers)
    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["total"], body["page"], len(body["items"])) == (3, 1, 2)
    first = body["items"][0]
    names = [p["name"] for p in extract(first["id"], dict(docs)[first["id"]])["defendants"]]
    assert first["defendants"] == [n[0] + "＊" * (len(n) - 1) for n in names]
    assert first["doc_type_label"] == "刑事判决书" and first["masked"] is True
    number = first["case_number"]
    found = client.get("/api/documents", params={"q": number[3:12]}, headers=headers).json()
    assert [i["id"] for i in found["items"]] == [first["id"]]


def _text_of(doc_id: str) -> str:
    return dict(corpus_docs(3))[doc_id]


def test_a_document_is_masked_by_default_and_highlights_stay_in_place(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    headers = _setup(client, store, tmp_path)
    doc_id = corpus_docs(1)[0][0]
    answer = client.get(f"/api/documents/{doc_id}", params={"dataset": NAME}, headers=headers)
    assert answer.status_code == 200, answer.text
    shown, original = answer.json(), _text_of(doc_id)
    assert shown["masked"] is True and len(shown["text"]) == len(original)
    person = extract(doc_id, original)["defendants"][0]
    name = person["name"]
    assert name not in shown["text"]
    spots = {(h["field"], h["defendant_no"]): h for h in shown["highlights"]}
    mark = spots[("name", 1)]
    assert mark["label"] == "姓名"
    assert shown["text"][mark["start"] : mark["end"]] == name[0] + "＊" * (len(name) - 1)
    number = spots[("case_number", None)]
    assert number["label"] == "文号"
    assert (
        shown["text"][number["start"] : number["end"]] == original[number["start"] : number["end"]]
    )
    year, month, day = person["birth_date"].split("-")
    written = f"{year}年{int(month)}月{int(day)}日出生"
    assert written in original and written not in shown["text"]
    assert "＊＊＊＊年" in shown["text"]
    masked_person = shown["fields"]["defendants"][0]
    assert masked_person["name"] == name[0] + "＊" * (len(name) - 1)
    assert masked_person["birth_date"] == "＊＊＊＊-＊＊-＊＊"
    with store.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "document_read")
        ).one()
    assert (entry.object_type, entry.object_id, entry.actor) == ("document", doc_id, "demo")
    assert entry.detail["masked"] is True and entry.detail["dataset"] == NAME


def _grant(store: Store, username: str) -> None:
    today = dt.datetime.now(CHINA).date()
    asked: dict[str, Any] = request_access(
        store, username, NAME, purpose="审查刑事判决", starts_on=today, ends_on=today, unmask=True
    )
    create_user(store, "chief", PASSWORD, role="admin", must_change=False)
    decide(store, "chief", asked["id"], approve=True)


def test_unmasked_needs_an_unmasking_grant(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    headers = _setup(client, store, tmp_path)
    doc_id = corpus_docs(1)[0][0]
    path = f"/api/documents/{doc_id}"
    refused = client.get(path, params={"unmasked": "true"}, headers=headers)
    assert refused.status_code == 403 and "未脱敏" in refused.json()["error"]
    _grant(store, "demo")
    shown = client.get(path, params={"unmasked": "true"}, headers=headers).json()
    assert shown["masked"] is False and shown["text"] == _text_of(doc_id)
    assert shown["fields"]["defendants"][0]["name"] in shown["text"]


def test_unknown_documents_and_roles_without_the_catalogue_are_refused(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    headers = _setup(client, store, tmp_path)
    missing = client.get("/api/documents/没有这份", headers=headers)
    assert missing.status_code == 404 and "没有编号为“没有这份”的文书" in missing.json()["error"]
    other = client.get("/api/documents/x", params={"dataset": "别的"}, headers=headers)
    assert other.status_code == 404
    create_user(store, "shenji", PASSWORD, role="auditor", must_change=False)
    auditor = _as(client, "shenji")
    assert client.get("/api/documents", headers=auditor).status_code == 403
    doc_id = corpus_docs(1)[0][0]
    assert client.get(f"/api/documents/{doc_id}", headers=auditor).status_code == 403
