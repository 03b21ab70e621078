"""An auditor reads the audit trail (管理 → 审计记录) and verifies it: the console shows the
check's result — intact, with the number of entries the API counted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import Account
from tests.web.journey import Api


def test_auditor_verifies_the_trail(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
) -> None:
    page = page_as("auditor")
    page.locator('[data-test="menu-/admin/audit"]').click()
    table = page.locator('[data-test="audit-table"]')
    expect(table.locator(".el-table__row").first).to_be_visible()
    expect(table).to_contain_text("登录")  # the auditor's own sign-in is on the trail
    shot(page, "auditor-audit-trail")

    page.locator('[data-test="audit-verify"]').click()
    result = page.locator('[data-test="audit-verify-result"]')
    expect(result).to_have_attribute("data-intact", "true")
    expect(result).to_contain_text("留痕完整")
    counted = Api(base_url, accounts["auditor"]).get("/api/audit/verify")
    assert counted["intact"] is True
    shown = int(result.inner_text().split("共 ")[1].split(" 条")[0].replace(",", ""))
    assert 0 < shown <= counted["entries"]  # the second check counts the first one's entry
    shot(page, "auditor-audit-verified")
