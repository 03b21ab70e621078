"""上架流程 in the console: the author office's modeller submits a model from its card, the data
administrator refuses 数据核查 from the review queue with a reason, and the modeller sees the
model returned with that reason — on the card and in the queue."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from jiancha.demo.datasets import demo_binds
from jiancha.demo.offices import PROVINCE_CODE
from jiancha.modelling import install, load_spec
from jiancha.store import open_store
from jiancha.templates import load_template
from tests.web.conftest import Account, DemoWorkspace
from tests.web.journey import Api

SLUG = "browser-fine-not-executed"
REASON = "浏览器测试：罚金数据未标明分级，请数据管理部门分级后再提交"


def text_area(page: Page, name: str) -> Any:
    return page.locator(f'textarea[data-test="{name}"], [data-test="{name}"] textarea').first


def a_draft(demo: DemoWorkspace) -> None:
    """A model of the province in 在建 of its own: a template under a slug of this test, so that
    whatever the demo published the model waits to be submitted."""
    template = load_template("fine-not-executed")
    text = re.sub(r"^id: .*$", f"id: {SLUG}", template.text, count=1, flags=re.MULTILINE)
    spec = load_spec(text, f"{SLUG}.yaml")
    store = open_store(demo.workspace)
    try:
        install(store, spec, demo_binds(spec), PROVINCE_CODE)
    finally:
        store.close()


def test_a_refused_step_returns_the_model_to_its_author(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
    demo_workspace: DemoWorkspace,
) -> None:
    a_draft(demo_workspace)
    modeller = page_as("modeller")
    modeller.goto(f"{base_url}/market/models/{SLUG}")
    expect(modeller.locator('[data-test="card-state"]')).to_have_text("在建")
    expect(modeller.locator('[data-test="card-rules"] li').first).to_be_visible()
    modeller.locator('[data-test="card-submit"]').click()
    dialog = modeller.locator('[data-test="submit-dialog"]')
    modeller.locator('[data-test="submit-send"]').click()
    expect(dialog).to_contain_text("请署名至少一位作者")  # checked beside the field
    modeller.locator('input[data-test="submit-authors"], [data-test="submit-authors"] input').fill(
        "浏览器甲、浏览器乙"
    )
    text_area(modeller, "submit-background").fill("判处罚金的判决生效后长期未执行完毕。")
    text_area(modeller, "submit-innovation").fill("判决与执行台账碰撞，发现罚金未执行。")
    text_area(modeller, "submit-scope").fill("适用于刑事执行检察部门的财产刑执行监督。")
    shot(modeller, "market-submit")
    modeller.locator('[data-test="submit-send"]').click()
    expect(dialog).to_be_hidden()
    expect(modeller.locator('[data-test="card-state"]')).to_have_text("已征集，待数据核查")
    expect(modeller.locator('[data-test="card-credit"]')).to_contain_text("浏览器甲、浏览器乙")

    reviewer = page_as("data_admin")
    reviewer.locator('[data-test="menu-/market/queue"]').click()
    row = reviewer.locator('[data-test="queue-table"] .el-table__row').filter(
        has=reviewer.locator(f'a[href="/market/models/{SLUG}"]')
    )
    expect(row.locator('[data-test="queue-step"]')).to_have_text("数据核查")
    row.locator('[data-test="queue-refuse"]').click()
    review = reviewer.locator('[data-test="review-dialog"]')
    review.locator('[data-test="review-submit"]').click()
    expect(review).to_contain_text("退回须写明理由")
    text_area(reviewer, "review-opinion").fill(REASON)
    shot(reviewer, "market-review-refuse")
    review.locator('[data-test="review-submit"]').click()
    expect(review).to_be_hidden()
    expect(row).to_have_count(0)  # no longer waiting for the data administrator

    modeller.reload()
    expect(modeller.locator('[data-test="card-state"]')).to_have_text("已退回作者")
    expect(modeller.locator('[data-test="card-returned"]')).to_contain_text("已在数据核查退回作者")
    expect(modeller.locator('[data-test="card-returned-reason"]')).to_have_text(REASON)
    expect(modeller.locator('[data-test="card-submit"]')).to_have_text("修改后重新提交")
    shot(modeller, "market-card-returned")
    modeller.locator('[data-test="menu-/market/queue"]').click()
    mine = modeller.locator('[data-test="queue-table"] .el-table__row').filter(
        has=modeller.locator(f'a[href="/market/models/{SLUG}"]')
    )
    expect(mine.locator('[data-test="queue-reason"]')).to_have_text(REASON)

    card = Api(base_url, accounts["modeller"]).get(f"/api/market/models/{SLUG}/card")
    assert card["state"] == "returned" and card["returned"]["reason"] == REASON
    assert [(d["step"], d["decision"]) for d in card["decisions"]][-2:] == [
        ("submitted", "approved"),
        ("data_checked", "refused"),
    ]
    assert card["decisions"][-1]["decided_by"] == accounts["data_admin"].username
