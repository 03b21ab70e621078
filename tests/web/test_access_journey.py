"""数据申请: a modeller asks to use a dataset through the console, and a leader of the office
owning it approves the request there; the grant then exists for the modeller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.web.conftest import Account
from tests.web.journey import Api

DATASET = "不起诉决定"
PURPOSE = "浏览器测试：核查不起诉案件的行刑反向衔接"


def text_area(page: Page, name: str) -> Any:
    """The text area marked ``data-test=name`` (Element Plus puts the mark on the textarea)."""
    return page.locator(f'textarea[data-test="{name}"], [data-test="{name}"] textarea').first


def rows(answer: Any) -> list[dict[str, Any]]:
    """A list answer's rows, paged (``{items, …}``) or not."""
    return list(answer["items"] if isinstance(answer, dict) else answer)


def test_modeller_requests_and_leader_approves(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
) -> None:
    modeller = page_as("modeller")
    modeller.goto(f"{base_url}/data/access?dataset={DATASET}")
    dialog = modeller.locator('[data-test="access-dialog"]')
    expect(dialog).to_be_visible()
    text_area(modeller, "access-purpose").fill("太短")
    modeller.locator('[data-test="access-submit"]').click()
    expect(dialog).to_contain_text("用途至少 4 个字")  # validated beside the field
    text_area(modeller, "access-purpose").fill(PURPOSE)
    shot(modeller, "modeller-access-request")
    modeller.locator('[data-test="access-submit"]').click()
    expect(dialog).to_be_hidden()
    row = modeller.locator('[data-test="request-table"] .el-table__row', has_text=PURPOSE)
    expect(row).to_contain_text("待审批")
    shot(modeller, "modeller-access-list")

    requested = [
        r
        for r in rows(Api(base_url, accounts["modeller"]).get("/api/access-requests"))
        if r["purpose"] == PURPOSE
    ]
    assert len(requested) == 1 and requested[0]["status"] == "pending"
    request_id = requested[0]["id"]

    leader = page_as("leader")
    leader.locator('[data-test="menu-/data/access"]').click()
    leader.locator(f'[data-test="access-approve-{request_id}"]').click()
    text_area(leader, "decision-reason").fill("同意，用于行刑反向衔接核查")
    shot(leader, "leader-access-approve")
    leader.locator('[data-test="decision-submit"]').click()
    expect(leader.locator(f'[data-test="request-status-{request_id}"]')).to_have_text("已批准")
    leader.get_by_role("tab", name="使用授权").click()
    expect(leader.locator('[data-test="grant-table"]')).to_contain_text(PURPOSE)
    shot(leader, "leader-access-grants")

    grants = rows(Api(base_url, accounts["modeller"]).get("/api/grants"))
    mine = [g for g in grants if g["request"] == request_id]
    assert (
        len(mine) == 1
        and mine[0]["active"]
        and mine[0]["granted_by"] == accounts["leader"].username
    )
