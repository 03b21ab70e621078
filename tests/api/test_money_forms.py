"""The API reads money in the forms the command line does (``--recovered 1.5万元``), and refuses
unreadable text with a 422 naming the field."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.api.helpers import SLUG, login, open_case


def test_feedback_amount_in_the_cli_forms(client: TestClient) -> None:
    headers = login(client)
    leads = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"]
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()  # China
    action_ids = []
    for lead in leads[:2]:
        open_case(client, headers, lead["id"])
        action = {"kind": "suggestion", "document_no": f"检建〔2026〕{lead['id']}号"}
        action |= {"issued_on": today, "receiver": "乐都县人民法院"}
        issued = client.post(f"/api/leads/{lead['id']}/actions", json=action, headers=headers)
        assert issued.status_code == 200, issued.text
        action_ids.append(issued.json()["id"])
    feedback = {"received_on": today, "outcome": "rectified", "content": "已整改"}
    for amount in ("abc", "1.5万万元", "-50", "1e16"):
        wrong = client.post(
            f"/api/actions/{action_ids[0]}/feedback",
            json={**feedback, "recovered_amount": amount},
            headers=headers,
        )
        assert wrong.status_code == 422, (amount, wrong.text)
        assert wrong.json()["fields"] == ["body.recovered_amount"], amount
    assert "请求体“recovered_amount”" in wrong.json()["error"]
    refused = client.post(
        f"/api/actions/{action_ids[0]}/feedback",
        json={**feedback, "recovered_amount": "一点五个亿"},
        headers=headers,
    )
    assert "recovered_amount”不是可识别的金额：“一点五个亿”" in refused.json()["error"]
    shown = []
    for action_id, amount in zip(action_ids, ("1.5万元", "人民币壹仟贰佰元整"), strict=True):
        done = client.post(
            f"/api/actions/{action_id}/feedback",
            json={**feedback, "recovered_amount": amount},
            headers=headers,
        )
        assert done.status_code == 200, done.text
        shown.append(done.json()["recovered_amount"])
    assert shown == ["15000.00", "1200.00"]
