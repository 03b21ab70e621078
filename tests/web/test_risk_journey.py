"""A ``high`` model's lead cannot reach 已成案 in the console without two verifiers and a leader's
approval (issue 17): the lead page shows the grade and the sign-offs it asks, offers 复核 and
审批 only to those who may give them, and offers 成案 only once they are complete; the province's
leader, above the lead's office, cannot even open the lead. A screenshot of each page is saved.

The scene: the oldest new lead of a ``high`` model in a district office, and three accounts of
that office made for the test — the prosecutor who verifies it, a second prosecutor and the
office's leader.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.store import Lead, Org, SupervisionModel, open_store
from tests.web.conftest import Account, DemoWorkspace, new_context, sign_in
from tests.web.journey import Api, box, expect_status

PASSWORD = "Risk-journey-2025!"


@pytest.fixture
def scene(demo_workspace: DemoWorkspace) -> tuple[int, dict[str, Account]]:
    """The lead, and the accounts of its office: ``first``, ``second`` and ``leader``."""
    store = open_store(demo_workspace.workspace)
    try:
        with store.session() as session:
            found = session.execute(
                select(Lead.id, Org.code)
                .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
                .join(Org, Org.id == Lead.org_id)
                .where(SupervisionModel.risk == "high", Lead.status == "new")
                .where(Org.level == "district")
                .order_by(Lead.id)
                .limit(1)
            ).first()
        assert found is not None, "演示数据中没有区院的高风险模型新线索"
        lead_id, office = found
        people = {}
        for key, role in (("first", "prosecutor"), ("second", "prosecutor"), ("leader", "leader")):
            username = f"risk.{key}.{lead_id}"
            create_user(store, username, PASSWORD, key, office, role=role, must_change=False)
            people[key] = Account(role, username, PASSWORD, key)
    finally:
        store.close()
    return lead_id, people


@pytest.fixture
def page_of(chromium: Browser, base_url: str) -> Iterator[Callable[[Account], Page]]:
    contexts = []

    def open_as(account: Account) -> Page:
        context = new_context(chromium)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, base_url, account)
        return page

    yield open_as
    for context in contexts:
        context.close()


def sign(page: Page, kind: str, opinion: str) -> None:
    page.locator(f'[data-test="signoff-{kind}"]').click()
    box(page, "signoff-opinion").fill(opinion)
    page.locator('[data-test="signoff-submit"]').click()
    expect(page.locator(f'[data-test="signoff-row-{kind}"]')).to_contain_text("已签署")


def test_a_high_lead_needs_two_verifiers_and_an_approval_in_the_console(
    scene: tuple[int, dict[str, Account]],
    page_of: Callable[[Account], Page],
    base_url: str,
    accounts: dict[str, Account],
    shot: Callable[[Page, str], Path],
) -> None:
    lead_id, people = scene
    first, second, leader = people["first"], people["second"], people["leader"]
    office_leader = Api(base_url, leader)
    office_leader.post(
        f"/api/leads/{lead_id}/moves", {"to": "assigned", "assignee": first.username}
    )
    verifier = Api(base_url, first)
    verifier.post(f"/api/leads/{lead_id}/moves", {"to": "verifying"})
    verifier.post(f"/api/leads/{lead_id}/moves", {"to": "confirmed", "note": "调取卷宗核实属实"})
    with pytest.raises(urllib.error.HTTPError) as hidden:  # the province, above the office
        Api(base_url, accounts["leader"]).get(f"/api/leads/{lead_id}")
    assert hidden.value.code == 404

    page = page_of(first)
    page.goto(f"{base_url}/leads/{lead_id}")
    expect_status(page, "核查属实")
    expect(page.locator('[data-test="lead-risk"]')).to_have_text("高风险")
    panel = page.locator('[data-test="signoffs"]')
    expect(panel).to_contain_text("第二人核查（复核）：尚缺")
    expect(panel).to_contain_text("院领导审批：尚缺")
    expect(page.locator('[data-test="move-case_opened"]')).to_have_count(0)
    expect(page.locator('[data-test="signoff-second_verification"]')).to_have_count(0)
    shot(page, "risk-journey-1-first-verifier")
    with pytest.raises(urllib.error.HTTPError) as refused:  # nor through the API
        verifier.post(f"/api/leads/{lead_id}/moves", {"to": "case_opened"})
    assert refused.value.code == 403

    page = page_of(second)
    page.goto(f"{base_url}/leads/{lead_id}")
    expect_status(page, "核查属实")  # the page is in: the absences below are not just early
    expect(page.locator('[data-test="signoffs"]')).to_contain_text("第二人核查（复核）：尚缺")
    expect(page.locator('[data-test="move-case_opened"]')).to_have_count(0)
    expect(page.locator('[data-test="signoff-approval"]')).to_have_count(0)
    sign(page, "second_verification", "独立调取判决书和收押记录，属实")
    shot(page, "risk-journey-2-second-verifier")
    expect(page.locator('[data-test="move-case_opened"]')).to_have_count(0)

    page = page_of(leader)
    page.goto(f"{base_url}/leads/{lead_id}")
    expect(page.locator('[data-test="signoffs"]')).to_contain_text("院领导审批：尚缺")
    expect(page.locator('[data-test="signoff-second_verification"]')).to_have_count(0)
    sign(page, "approval", "同意成案")
    shot(page, "risk-journey-3-leader")

    page = page_of(first)
    page.goto(f"{base_url}/leads/{lead_id}")
    page.locator('[data-test="move-case_opened"]').click()
    box(page, "move-note").fill("依法成案办理")
    page.locator('[data-test="move-submit"]').click()
    expect_status(page, "已成案")
    history = page.locator('[data-test="history"]')
    expect(history.locator('[data-test="history-signoff"]')).to_have_count(2)
    expect(history).to_contain_text("院领导审批")
    shot(page, "risk-journey-4-case-opened")
    signed = [e["signoff"] for e in verifier.get(f"/api/leads/{lead_id}/history") if e["signoff"]]
    assert signed == ["second_verification", "approval"]
