"""The lead page's explanation over the API: plain sentences, values under the datasets' column
names, references to the source rows of each step, and those rows fetched masked."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from jiancha.governance.masking import mask_id_card
from tests.api.helpers import login
from tests.modelling.fixtures import pid


def _lead(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    listed = client.get("/api/leads", headers=headers).json()["items"]
    first = next(x for x in listed if x["subject_key"] == mask_id_card(pid(1)))
    detail = client.get(f"/api/leads/{first['id']}", headers=headers)
    assert detail.status_code == 200
    found: dict[str, Any] = detail.json()
    return found


def test_each_step_says_what_it_checked_and_where_its_rows_are(client: TestClient) -> None:
    headers = login(client)
    lead = _lead(client, headers)
    steps = {step["step"]: step for step in lead["explanation"]}
    assert steps[4]["text"] == "判决生效日期 不晚于 运行当日前 30 日（宽限天数）"
    assert steps[4]["values"] == {"判决生效日期": "2024-01-03"}
    assert steps[4]["rows"] == [
        {"input": "j", "label": "刑事判决", "dataset": "判决", "version": 1, "row": 2}
    ]
    assert steps[5]["values"] == {"公民身份号码": mask_id_card(pid(1))}  # masked
    technical = steps[4]["technical"]
    assert set(technical) == {"condition", "parameters", "sql", "spec_step"}
    assert technical["parameters"] == {"grace_days": 30, "current_date": "2024-10-23"}


def test_the_rows_of_a_step_are_fetched_masked(client: TestClient) -> None:
    headers = login(client)
    lead = _lead(client, headers)
    response = client.get(f"/api/leads/{lead['id']}/steps/2/rows", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["step"] == 2 and body["text"].startswith("刑罚 属于")
    [row] = body["rows"]
    assert (row["dataset"], row["version"], row["row"]) == ("判决", 1, 2)
    values = row["values"]
    assert values["姓名"] == "张**" and values["公民身份号码"] == mask_id_card(pid(1))
    assert values["刑罚"] == "有期徒刑" and values["审判法院"] == "乐都县人民法院"
    assert pid(1) not in response.text and "张甲" not in response.text
    anti = client.get(f"/api/leads/{lead['id']}/steps/5/rows", headers=headers)
    assert anti.status_code == 200 and anti.json()["rows"] == []  # found nowhere
    missing = client.get(f"/api/leads/{lead['id']}/steps/99/rows", headers=headers)
    assert missing.status_code == 404
