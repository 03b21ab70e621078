"""A leader assigns ten new leads of one office to that office's prosecutor at once from the
inbox (filter by office, multi-select, 批量分派) and the API shows all ten assigned to that
prosecutor; a screenshot of each page and of the dialog is saved.

A lead may only be assigned to someone of its own office, and the demo's accounts all belong to
the province; so the scene is set up through the API first: a prosecutor account for the
district office with the most new leads. That prosecutor then signs in for the first time: the
console sends them to change the initial password (the rules shown as hints, a weak password
refused beside the field) and on to the workbench, where the ten leads wait as 已分派."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import Account, new_context
from tests.web.journey import Api, box


def test_leader_assigns_ten_leads_in_bulk(
    page_as: Callable[[str], Page],
    chromium: Browser,
    base_url: str,
    accounts: dict[str, Account],
    shot: Callable[[Page, str], Path],
) -> None:
    leader = Api(base_url, accounts["leader"])
    news = leader.get("/api/leads", status="new", size=500)["items"]
    codes = {o["name"]: o["code"] for o in leader.get("/api/orgs") if o["level"] != "province"}
    counts = Counter(lead["org"] for lead in news if lead["org"] in codes)
    office, count = counts.most_common(1)[0]
    assert count >= 10, f"演示数据中{office}只有 {count} 条新线索"
    admin = Api(base_url, accounts["admin"])
    created = admin.post(
        "/api/users",
        {
            "username": "district_prosecutor",
            "display_name": "区院检察官",
            "roles": ["prosecutor"],
            "office": codes[office],
        },
    )
    assignee = created["username"]

    page = page_as("leader")
    shot(page, "leader-journey-1-workbench")

    page.goto(f"{base_url}/leads?status=new&org={codes[office]}")
    rows = page.locator('[data-test="lead-table"] .el-table__body tr')
    expect(rows.nth(9)).to_be_visible()
    shot(page, "leader-journey-2-inbox")
    ids: list[int] = []
    for index in range(10):
        row = rows.nth(index)
        mark = row.locator('[data-test^="lead-link-"]').get_attribute("data-test") or ""
        ids.append(int(mark.removeprefix("lead-link-")))
        row.locator(".el-checkbox").click()
    assert len(set(ids)) == 10
    expect(page.locator('[data-test="bulk-assign"]')).to_contain_text("10")
    page.locator('[data-test="bulk-assign"]').click()

    box(page, "assign-assignee").fill(assignee)
    box(page, "assign-note").fill("请于三十日内核查")
    shot(page, "leader-journey-3-assign-dialog")
    page.locator('[data-test="assign-submit"]').click()
    expect(page.locator(".el-message--success")).to_contain_text("已分派 10 条线索")
    for lead_id in ids:  # the list reloads: the assigned leads left 「新线索」
        expect(page.locator(f'[data-test="lead-link-{lead_id}"]')).to_have_count(0)
    shot(page, "leader-journey-4-inbox-after")

    for lead_id in ids:
        lead = leader.get(f"/api/leads/{lead_id}")
        assert (lead["status"], lead["assignee"], lead["org"]) == ("assigned", assignee, office)

    context = new_context(chromium)  # the district prosecutor's first sign-in
    try:
        first = context.new_page()
        first.goto(f"{base_url}/leads")
        box(first, "login-username").fill(assignee)
        box(first, "login-password").fill(created["password"])
        first.locator('[data-test="login-submit"]').click()
        first.wait_for_url("**/password**")
        expect(first.locator('[data-test="password-rules"]')).to_contain_text("至少 10 位")
        box(first, "password-old").fill(created["password"])
        box(first, "password-new").fill("short")
        box(first, "password-again").fill("short")
        first.locator('[data-test="password-submit"]').click()
        expect(first.locator(".el-form-item__error")).to_contain_text("新密码至少 10 位")
        shot(first, "leader-journey-5-first-password")
        box(first, "password-new").fill("Xihu-Jiancha-2025")
        box(first, "password-again").fill("Xihu-Jiancha-2025")
        first.locator('[data-test="password-submit"]').click()
        first.wait_for_url(f"{base_url}/leads")  # on to the page first asked for
        first.goto(f"{base_url}/")
        mine = first.locator('[data-test="my-status-assigned"]')
        expect(mine).to_contain_text("10")
        shot(first, "leader-journey-6-prosecutor-workbench")
        mine.click()
        first.wait_for_url("**/leads?**")
        for lead_id in ids:
            expect(first.locator(f'[data-test="lead-link-{lead_id}"]')).to_be_visible()
    finally:
        context.close()
