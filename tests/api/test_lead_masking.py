"""Every personal field of a lead is masked wherever the lead is shown, not only its subject.

A bribery-like model names two persons (the giver, its subject, and the official, who is not),
a phone number, a plate, a column the dataset classifies ``core`` and two derived columns (one
passing the official's name on, one concatenating both names). Over the API — list, detail,
search, history, records, CSV and XLSX exports, the draft — and in the command line's export,
none of their raw values may appear; the title search runs on the masked title and counts
against the circuit breaker even when it finds nothing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from jiancha import catalogue
from jiancha.cli.app import app
from jiancha.governance import create_user
from jiancha.governance.masking import mask_id_card
from jiancha.modelling import install, load_spec
from jiancha.runs import run_model
from jiancha.store import Store, Workspace
from tests.conftest import seeds_client
from tests.modelling.fixtures import AS_OF, pid

PASSWORD = "demo-password-123"
SLUG = "bribe-masking"
GIVER, OFFICIAL = "欧阳明华", "李建国"
PHONE, PLATE, NOTE = "13912345678", "浙A12345", "曾任城建局副局长"
GIVER_ID = pid(8)
RAW = [GIVER, OFFICIAL, GIVER_ID, PHONE, PLATE, NOTE, f"{GIVER}/{OFFICIAL}"]
WRONG_CHECK = GIVER_ID[:-1] + ("0" if GIVER_ID[-1] != "0" else "1")  # check digit wrong
FIFTEEN = "632123800101001"  # a 15-digit ID number
SPEC = f"""
spec: 1
id: {SLUG}
version: 1.0.0
name: 行贿脱敏测试模型
area: criminal
line: duty_crime
kind: collision
risk: high
description: 测试：线索中每个个人信息字段均须脱敏。
legal_basis:
  - 《中华人民共和国刑法》第三百八十九条
parameters:
  min_amount: {{type: number, default: 30000}}
inputs:
  b:
    label: 行贿人名录
    fields: {{case_no: text, name: person_name, person_id: id_card, official: person_name,
             phone: phone, plate: plate, note: text, court: org, amount: money}}
steps:
  - from: b
  - filter: "amount >= :min_amount"
  - filter: "official IS NOT NULL AND name <> official"
  - derive: {{who: "name || '/' || official", boss: "upper(official)"}}
lead:
  subject: {{type: person, key: person_id, name: name}}
  title: >-
    {{name}}向{{official}}行贿（{{case_no}}），车辆{{plate}}，电话{{phone}}，备注{{note}}，{{who}}
  jurisdiction: court
  evidence: [case_no, name, person_id, official, boss, phone, plate, note, who, amount]
  amount: amount
"""
BINDS = [
    "b=行贿",
    "b.case_no=案号",
    "b.name=姓名",
    "b.person_id=身份证号",
    "b.official=受贿人",
    "b.phone=电话",
    "b.plate=车牌",
    "b.note=备注",
    "b.court=法院",
    "b.amount=金额",
]


def seed(store: Store, tmp_path: Path) -> None:
    rows = [
        f"（2024）青0202刑初1号,{GIVER},{GIVER_ID},{OFFICIAL},{PHONE},{PLATE},{NOTE},乐都县人民法院,5万元",
        f"（2024）青0202刑初2号,王五,{pid(9)},赵六,13800001111,青B54321,无,乐都县人民法院,1000元",
    ]
    path = tmp_path / "行贿.csv"
    path.write_text("案号,姓名,身份证号,受贿人,电话,车牌,备注,法院,金额\n" + "\n".join(rows) + "\n")
    catalogue.import_source(store, catalogue.open_file(path), "行贿")
    catalogue.classify(store, "行贿", "core", field="备注")
    install(store, load_spec(SPEC, "test"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    create_user(store, "demo", PASSWORD, "演示用户", role="admin", must_change=False)


workspace_seed = seeds_client(seed)


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/login", json={"username": "demo", "password": PASSWORD})
    assert response.status_code == 200
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def no_raw(text: str) -> None:
    for raw in RAW:
        assert raw not in text, raw


def test_every_personal_field_is_masked(client: TestClient) -> None:
    headers = login(client)
    listed = client.get("/api/leads", headers=headers)
    assert listed.status_code == 200 and listed.json()["total"] == 1
    no_raw(listed.text)
    [lead] = listed.json()["items"]
    evidence = lead["evidence"]
    assert evidence["name"] == "欧**" and evidence["official"] == "李**"
    assert evidence["boss"] == "李**"  # upper(official): still the official's name
    assert evidence["person_id"] == mask_id_card(GIVER_ID)
    assert evidence["phone"] == "139****5678" and evidence["plate"] == "浙A***45"
    assert evidence["note"] == "***" and evidence["who"] == "***"
    assert evidence["case_no"] == "（2024）青0202刑初1号"
    assert lead["title"] == (
        "欧**向李**行贿（（2024）青0202刑初1号），车辆浙A***45，电话139****5678，备注***，***"
    )
    assert lead["subject_name"] == "欧**" and "personal" not in lead
    detail = client.get(f"/api/leads/{lead['id']}", headers=headers)
    assert detail.status_code == 200 and detail.json()["title"] == lead["title"]
    no_raw(detail.text)
    assert "李**" in json.dumps(detail.json()["explanation"], ensure_ascii=False)


def test_history_records_and_drafts_mask_the_leads_values(client: TestClient) -> None:
    headers = login(client)
    [lead] = client.get("/api/leads", headers=headers).json()["items"]
    note = f"{OFFICIAL}称{GIVER}（{WRONG_CHECK}，旧证 {FIFTEEN}）电话{PHONE}"
    moved = client.post(
        f"/api/leads/{lead['id']}/moves",
        json={"to": "assigned", "assignee": "demo", "note": note},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    commented = client.post(
        f"/api/leads/{lead['id']}/comments", json={"text": note}, headers=headers
    )
    assert commented.status_code == 200, commented.text
    history = client.get(f"/api/leads/{lead['id']}/history", headers=headers)
    records = client.get(f"/api/leads/{lead['id']}/records", headers=headers)
    for response in (history, records):
        assert response.status_code == 200
        no_raw(response.text)
        assert WRONG_CHECK not in response.text and FIFTEEN not in response.text
        assert mask_id_card(WRONG_CHECK) in response.text and "632123*****1001" in response.text
        assert "李**称欧**" in response.text
    draft = client.get(
        f"/api/leads/{lead['id']}/draft", params={"kind": "suggestion"}, headers=headers
    )
    assert draft.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(draft.content)).paragraphs)
    no_raw(text)
    assert "李**" in text


def test_exports_mask_every_personal_field(client: TestClient) -> None:
    headers = login(client)
    csv = client.get("/api/exports/leads", params={"format": "csv"}, headers=headers)
    assert csv.status_code == 200
    no_raw(csv.content.decode("utf-8-sig"))
    assert "李**" in csv.content.decode("utf-8-sig")
    book = client.get("/api/exports/leads", params={"format": "xlsx"}, headers=headers)
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    cells = json.dumps([list(r) for r in sheet.iter_rows(values_only=True)], ensure_ascii=False)
    no_raw(cells)
    assert "浙A***45" in cells


def test_title_search_reads_the_masked_title_and_counts_as_a_read(client: TestClient) -> None:
    headers = login(client)
    limited = client.put("/api/users/demo/limits", json={"evidence_reads": 5}, headers=headers)
    assert limited.status_code == 200

    def total(q: str) -> int:
        found = client.get("/api/leads", params={"q": q}, headers=headers)
        assert found.status_code == 200, found.text
        return int(found.json()["total"])

    # A guessed name, ID or plate confirms nothing: the masked title does not contain it.
    assert total(OFFICIAL) == 0 and total(GIVER[:2]) == 0 and total(PLATE) == 0
    assert total("李**") == 1 and total("刑初1号") == 1
    # Five reads so far, three of them searches that found nothing: the sixth is refused.
    refused = client.get("/api/leads", params={"q": "没有"}, headers=headers)
    assert refused.status_code == 403 and "超过阈值 5 条" in refused.json()["error"]


def test_cli_export_masks_every_personal_field(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    seed(store, tmp_path)
    out = tmp_path / "线索.csv"
    result = CliRunner().invoke(
        app, ["--home", str(workspace.home), "leads", "export", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    no_raw(text)
    assert "欧**向李**行贿" in text
