"""模型超市 and 专项 in the console: the marketplace lists the province's published models with
「我院可直接使用」 and 「N 个院 M 次」, and a leader starts and stops a campaign from its page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from jiancha import clock
from jiancha.demo.offices import PROVINCE_CODE
from jiancha.store import MarketModel, open_store
from jiancha.store.models import utcnow
from tests.web.conftest import Account, DemoWorkspace, field
from tests.web.journey import Api

SLUG = "custodial-sentence-not-executed"  # a template the demo's province adopted


def on_the_shelf(demo: DemoWorkspace, slug: str) -> None:
    """The template published in the marketplace (whatever the demo's publication did)."""
    store = open_store(demo.workspace)
    try:
        with store.session() as session:
            model = session.scalar(select(MarketModel).where(MarketModel.slug == slug))
            assert model is not None, slug
            if model.state != "published":
                model.state, model.published_at = "published", utcnow()
    finally:
        store.close()


def test_the_marketplace_lists_what_the_office_can_use(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    demo_workspace: DemoWorkspace,
) -> None:
    on_the_shelf(demo_workspace, SLUG)
    page = page_as("prosecutor")
    page.locator('[data-test="menu-/market"]').click()
    expect(page.locator('[data-test="market-totals"]')).to_contain_text("个院")
    field(page, "market-q").fill("审前未羁押")  # the shelf has more than one page
    page.locator('[data-test="market-search"]').click()
    card = page.locator(f'[data-test="market-card-{SLUG}"]')
    expect(card).to_be_visible()
    expect(card.locator('[data-test="usable-tag"]')).to_have_text("我院可直接使用")
    expect(card.locator('[data-test="adoption-label"]')).to_contain_text("个院")
    page.locator('[data-test="market-usable"]').click()  # only what the office can use
    expect(card).to_be_visible()
    shot(page, "market")


def test_a_leader_starts_and_stops_a_campaign(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
    demo_workspace: DemoWorkspace,
) -> None:
    on_the_shelf(demo_workspace, SLUG)
    today = clock.china_today()
    made = Api(base_url, accounts["leader"]).post(
        "/api/campaigns",
        {
            "name": f"浏览器专项 {utcnow().timestamp():.0f}",
            "line": "criminal_execution",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "offices": [PROVINCE_CODE],
            "models": [SLUG],
            "description": "浏览器测试",
        },
    )
    leader = page_as("leader")
    leader.locator('[data-test="menu-/campaigns"]').click()
    leader.locator(f'[data-test="campaign-link-{made["id"]}"]').click()
    state = leader.locator('[data-test="campaign-state"]')
    expect(state).to_have_text("未启动")
    leader.locator('[data-test="campaign-start"]').click()
    leader.locator(".el-message-box").get_by_role("button", name="启动").click()
    expect(state).to_have_text("进行中")
    expect(leader.locator('[data-test="campaign-start"]')).to_be_hidden()
    expect(leader.locator('[data-test="campaign-stats"]')).to_contain_text("精准率")
    shot(leader, "campaign-running")
    leader.locator('[data-test="campaign-stop"]').click()
    leader.locator(".el-message-box").get_by_role("button", name="停止").click()
    expect(state).to_have_text("已停止")
    expect(leader.locator('[data-test="campaign-stop"]')).to_be_hidden()
    answer = Api(base_url, accounts["leader"]).get(f"/api/campaigns/{made['id']}")
    assert (answer["state"], answer["stopped_by"]) == ("stopped", accounts["leader"].username)
