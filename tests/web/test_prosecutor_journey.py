"""A prosecutor handles a lead end to end in the console: finds it in the inbox, reads its
evidence and explanation, starts verification, finds it true, opens a case, issues a 检察建议
and records the feedback — every step through the UI's buttons and dialogs — and the lead then
shows its new state and its history. The API confirms each change was stored. A screenshot of
every page and dialog visited is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import Account
from tests.web.journey import Api, box, expect_status


def move(page: Page, target: str, note: str = "") -> None:
    page.locator(f'[data-test="move-{target}"]').click()
    if note:
        box(page, "move-note").fill(note)
    page.locator('[data-test="move-submit"]').click()


def test_prosecutor_verifies_opens_case_issues_suggestion_and_records_feedback(
    page_as: Callable[[str], Page],
    base_url: str,
    accounts: dict[str, Account],
    shot: Callable[[Page, str], Path],
) -> None:
    prosecutor = accounts["prosecutor"]
    leader = Api(base_url, accounts["leader"])
    office = leader.get("/api/me")["org_name"]  # the demo's accounts are all of the province
    news = leader.get("/api/leads", status="new", sort="id", size=500)["items"]
    medium = {m["id"] for m in leader.get("/api/models") if m["risk"] == "medium"}
    lead_id = next(x["id"] for x in news if x["org"] == office and x["model"] in medium)
    leader.post(f"/api/leads/{lead_id}/moves", {"to": "assigned", "assignee": prosecutor.username})

    page = page_as("prosecutor")
    expect(page.locator('[data-test="who"]')).to_contain_text(prosecutor.name)
    shot(page, "prosecutor-journey-1-workbench")

    page.goto(f"{base_url}/leads?assignee={prosecutor.username}&status=assigned")
    link = page.locator(f'[data-test="lead-link-{lead_id}"]')
    expect(link).to_be_visible()
    shot(page, "prosecutor-journey-2-inbox")
    link.click()
    page.wait_for_url(f"**/leads/{lead_id}")
    expect_status(page, "已分派")
    expect(page.locator('[data-test="evidence"]')).to_be_visible()
    names = page.locator('[data-test="evidence-label"]')  # Chinese names only, no code names
    expect(names.first).to_be_visible()
    assert [n for n in names.all_inner_texts() if any(c.isascii() and c.isalpha() for c in n)] == []
    expect(page.locator('[data-test="draft-reminder"]')).to_contain_text("线索尚未核查属实")
    sentences = page.locator('[data-test="explanation-text"]')
    expect(sentences.first).to_be_visible()
    assert sentences.count() >= 2
    # the technical details stay folded until asked for
    technical = page.locator('[data-test="technical"] .el-collapse-item__wrap')
    expect(technical).to_be_hidden()
    shot(page, "prosecutor-journey-3-lead")
    page.locator('[data-test="technical"] .el-collapse-item__header').click()
    expect(technical).to_be_visible()
    expect(page.locator('[data-test="technical-sql"]')).to_contain_text("SELECT")
    page.locator('[data-test="explanation-rows-0"]').click()  # the rows the first step read
    drawer = page.locator(".el-drawer")
    expect(drawer.locator(".el-descriptions").first).to_be_visible()
    expect(drawer).to_contain_text("第")
    shot(page, "prosecutor-journey-3b-source-rows")
    drawer.get_by_role("button", name="关闭此对话框").click()
    expect(drawer).to_be_hidden()

    move(page, "verifying")
    expect_status(page, "核查中")
    page.locator('[data-test="move-confirmed"]').click()
    page.locator('[data-test="move-submit"]').click()  # without the required note: refused
    expect(page.locator(".el-form-item__error")).to_contain_text("请写明核查或办结情况")
    box(page, "move-note").fill("经调取原始卷宗核实，线索属实")
    shot(page, "prosecutor-journey-4-confirm-dialog")
    page.locator('[data-test="move-submit"]').click()
    expect_status(page, "核查属实")
    # a medium model's lead: a case is opened only once a leader has approved (审批)
    expect(page.locator('[data-test="signoffs"]')).to_contain_text("院领导审批：尚缺")
    expect(page.locator('[data-test="move-case_opened"]')).to_have_count(0)
    leader.post(f"/api/leads/{lead_id}/signoffs", {"kind": "approval", "opinion": "同意成案"})
    page.reload()
    expect(page.locator('[data-test="signoffs"]')).to_contain_text("院领导审批：已签署")
    move(page, "case_opened", "依法成案办理")
    expect_status(page, "已成案")
    reminder = page.locator('[data-test="draft-reminder"]')
    expect(reminder).to_have_text("草稿须经承办检察官核实、修改并按规定审批后方可制发")

    page.locator('[data-test="issue-action"]').click()
    box(page, "action-no").fill("浙检建〔2025〕17号")
    box(page, "action-receiver").fill("某区税务局")
    box(page, "action-content").fill("建议依法追缴并完善监管机制")
    shot(page, "prosecutor-journey-5-action-dialog")
    page.locator('[data-test="action-submit"]').click()
    expect_status(page, "已制发监督文书")
    expect(page.locator('[data-test="action-card"]')).to_contain_text("浙检建〔2025〕17号")

    page.get_by_role("button", name="登记整改反馈").click()
    box(page, "feedback-content").fill("已全部整改，追缴税款")
    box(page, "feedback-amount").fill("1.5万元")
    shot(page, "prosecutor-journey-6-feedback-dialog")
    page.locator('[data-test="feedback-submit"]').click()
    expect_status(page, "已收到整改反馈")
    expect(page.locator('[data-test="feedback-item"]')).to_contain_text("15000.00")

    history = page.locator('[data-test="history"]')
    for label in ("核查中", "核查属实", "已成案", "已制发监督文书", "已收到整改反馈"):
        expect(history).to_contain_text(label)
    shot(page, "prosecutor-journey-7-lead-after")

    stored = leader.get(f"/api/leads/{lead_id}")
    assert stored["status"] == "feedback_received"
    records = leader.get(f"/api/leads/{lead_id}/records")
    assert [a["document_no"] for a in records["actions"]] == ["浙检建〔2025〕17号"]
    assert records["actions"][0]["kind"] == "suggestion"
    assert records["actions"][0]["feedback"][0]["recovered_amount"] == "15000.00"
    steps = [e["to"] for e in leader.get(f"/api/leads/{lead_id}/history") if e["kind"] == "move"]
    assert steps == [
        "assigned",
        "verifying",
        "confirmed",
        "case_opened",
        "actions_issued",
        "feedback_received",
    ]
