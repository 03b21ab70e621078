"""No raw identifier of the demo county — an ID number, a phone number, a person's full name,
as the generated files carry them and as the import standardises them — appears in the text of
any console page for a user whose data access was never approved for unmasking: every dataset's
page, lead pages of every model with the drawers of their source rows opened, and the technical
details unfolded. Read in Chromium, as the user would see them. Every page of the menu and the
detail pages are checked the same way by ``test_every_page``, which opens them all for every
role anyway."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from jiancha.demo.datasets import COUNTY
from jiancha.governance.roles import PERMISSIONS
from tests.web.conftest import Account, DemoWorkspace, settle
from tests.web.identifiers_shown import leaks

# Every role: no demo account holds a grant to see data unmasked (the modeller holds the grants
# the templates run under, none of them unmasked; the test checks it).
DRAWER_LEADS = 4
ROLES = ("prosecutor", "leader", "data_admin", "modeller", "auditor", "admin")


def api_items(page: Page, url: str, **params: str | int) -> list[dict[str, object]]:
    answer = page.request.get(url, params=params)
    assert answer.ok, f"{url}: {answer.status}"
    body = answer.json()
    items = body["items"] if isinstance(body, dict) else body
    assert isinstance(items, list)
    return items


def one_lead_per_model(page: Page, base_url: str) -> list[int]:
    chosen: dict[object, int] = {}
    for lead in api_items(page, f"{base_url}/api/leads", size=200):
        chosen.setdefault(lead["model"], int(str(lead["id"])))
    return list(chosen.values())


def open_every_drawer(page: Page, secrets: set[str], where: str) -> int:
    """Open each explanation step's source rows; check each drawer; how many were opened."""
    links = page.locator('[data-test^="explanation-rows-"]')
    for i in range(links.count()):
        links.nth(i).click()
        drawer = page.locator('[data-test="source-rows"]').last
        drawer.wait_for(state="visible")
        settle(page)
        assert leaks(page, secrets) == [], f"{where}, source rows {i}"
        page.keyboard.press("Escape")
        drawer.wait_for(state="hidden")
    return links.count()


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_identifier(
    role: str,
    page_as: Callable[[str], Page],
    base_url: str,
    accounts: dict[str, Account],
    secrets: set[str],
    shot: Callable[[Page, str], Path],
) -> None:
    page = page_as(role)
    if "datasets.request" in PERMISSIONS[role]:  # the account may not see anything unmasked
        username = accounts[role].username
        mine = [g for g in api_items(page, f"{base_url}/api/grants") if g["user"] == username]
        assert not [g for g in mine if g["unmask"]], mine

    permissions = PERMISSIONS[role]
    if "datasets.read" in permissions:
        for dataset in COUNTY:
            page.goto(f"{base_url}/data/datasets/{quote(dataset.name)}")
            settle(page)
            assert leaks(page, secrets) == [], f"{role} dataset {dataset.name}"

    if "leads.read" in permissions:
        lead_ids = one_lead_per_model(page, base_url)
        assert len(lead_ids) >= 15, "every template's leads"
        drawers = masked = 0
        # The prosecutor reads a lead of every model, and the source rows behind the first
        # DRAWER_LEADS of them (one masking path serves every drawer); the other roles 3 leads.
        for n, lead_id in enumerate(lead_ids if role == "prosecutor" else lead_ids[:3]):
            where = f"{role} lead {lead_id}"
            page.goto(f"{base_url}/leads/{lead_id}")
            settle(page)
            technical = page.locator('[data-test="technical"] .el-collapse-item__header')
            if technical.count():
                technical.first.click()
            assert leaks(page, secrets) == [], where
            evidence = page.locator('[data-test="evidence"]')
            evidence.wait_for()
            masked += "*" in evidence.inner_text()
            if n < (DRAWER_LEADS if role == "prosecutor" else 1):
                drawers += open_every_drawer(page, secrets, where)
        assert masked > 0, "the evidence of leads about people shows their identifiers, masked"
        assert drawers > 0, "the lead pages offer the source rows of their explanations"
        shot(page, f"{role}-lead-masked")


def test_the_check_sees_an_identifier_on_a_page(
    anonymous_page: Page, secrets: set[str], demo_workspace: DemoWorkspace
) -> None:
    """The detector itself: a page showing one ID number and one name is caught."""
    id_number = next(s for s in sorted(secrets) if len(s) == 18 and s[:17].isdigit())
    name = next(s for s in sorted(secrets) if len(s) == 3 and not s.isascii())
    anonymous_page.set_content(f"<p>当事人 {name}，身份证号 {id_number}。</p>")
    assert leaks(anonymous_page, secrets) == sorted({name, id_number})
