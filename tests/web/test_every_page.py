"""Every page of the console, for every role, in Chromium: the menu offers exactly the pages the
role may open; each page (menu pages, the detail pages of a lead, a dataset and a model, the
password page and the 404 page) renders without an error, a server failure, a script error or
a request to another origin, and shows no raw identifier of the demo county (an ID number, a
phone number, a full name: no demo account may see data unmasked; ``test_no_unmasked_identifiers``
opens every dataset, the leads of every model and their source rows the same way); a page the
role may not open sends it back to the workbench. A screenshot of each is saved as
``<role>-<page>.png`` in the test output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Request, Response

from jiancha.governance.roles import PERMISSIONS, ROLES
from tests.web.conftest import settle
from tests.web.identifiers_shown import leaks


@dataclass(frozen=True)
class ConsolePage:
    name: str  # the screenshot's name after the role
    path: str  # may name {lead}, {dataset}, {model}, {document}, {campaign}
    permission: str | None  # what the route table asks (web/src/router/routes.ts)
    in_menu: bool


PAGES = [
    ConsolePage("workbench", "/", None, True),
    ConsolePage("leads", "/leads", "leads.read", True),
    ConsolePage("lead", "/leads/{lead}", "leads.read", False),
    ConsolePage("datasets", "/data", "datasets.read", True),
    ConsolePage("dataset", "/data/datasets/{dataset}", "datasets.read", False),
    ConsolePage("import", "/data/import", "datasets.import", True),
    ConsolePage("access", "/data/access", "datasets.request", True),
    ConsolePage("models", "/models", "models.read", True),
    ConsolePage("model", "/models/{model}", "models.read", False),
    ConsolePage("builder-new", "/models/new/builder", "models.install", True),
    ConsolePage("builder-edit", "/models/{model}/builder", "models.install", False),
    ConsolePage("market", "/market", "models.read", True),
    ConsolePage("market-queue", "/market/queue", "models.read", True),
    ConsolePage("model-card", "/market/models/{model}", "models.read", False),
    ConsolePage("campaigns", "/campaigns", "stats.read", True),
    ConsolePage("campaign", "/campaigns/{campaign}", "stats.read", False),
    ConsolePage("documents", "/documents", "datasets.read", True),
    ConsolePage("document", "/documents/{document}", "datasets.read", False),
    ConsolePage("jobs", "/jobs", None, True),
    ConsolePage("stats", "/stats", "stats.read", True),
    ConsolePage("users", "/admin/users", "users.manage", True),
    ConsolePage("offices", "/admin/offices", "orgs.read", True),
    ConsolePage("breaker", "/admin/breaker", "users.manage", True),
    ConsolePage("audit", "/admin/audit", "audit.read", True),
    ConsolePage("password", "/password", None, False),
    ConsolePage("not-found", "/no-such-page", None, False),
]
# Text that only a broken page shows (a placeholder, a value rendered wrongly, a crash page).
BROKEN = ("[object Object]", "undefined", "NaN", "Internal Server Error", "建设中")


def may_open(role: str, page: ConsolePage) -> bool:
    return page.permission is None or page.permission in PERMISSIONS[role]


@dataclass
class Watch:
    """What a page did besides rendering: script errors, server failures, foreign requests."""

    base_url: str
    script_errors: list[str]
    server_failures: list[str]
    foreign: list[str]

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("response", self._response)
        page.on("request", self._request)

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_failures.append(f"{response.status} {response.url}")

    def _request(self, request: Request) -> None:
        url = request.url
        if not url.startswith((self.base_url, "data:", "blob:")):
            self.foreign.append(url)

    def assert_clean(self, where: str) -> None:
        assert self.script_errors == [], f"{where}: {self.script_errors}"
        assert self.server_failures == [], f"{where}: {self.server_failures}"
        assert self.foreign == [], f"{where}: {self.foreign}"


def sample_ids(page: Page, base_url: str) -> dict[str, str]:
    """A lead, a dataset, a model, a document and a campaign of the demo, read through the API as
    the admin."""
    leads = page.request.get(f"{base_url}/api/leads", params={"size": 1}).json()
    datasets = page.request.get(f"{base_url}/api/datasets").json()
    models = page.request.get(f"{base_url}/api/models").json()
    documents = page.request.get(f"{base_url}/api/documents", params={"size": 1}).json()
    campaigns = page.request.get(f"{base_url}/api/campaigns").json()

    def first(listing: object) -> dict[str, object]:
        items = listing["items"] if isinstance(listing, dict) else listing
        assert isinstance(items, list) and items, listing
        entry = items[0]
        assert isinstance(entry, dict)
        return entry

    return {
        "lead": str(first(leads)["id"]),
        "dataset": quote(str(first(datasets)["name"])),
        "model": str(first(models).get("slug") or first(models)["id"]),
        "document": quote(str(first(documents)["id"])),
        "campaign": str(first(campaigns)["id"]),
    }


def menu_paths(page: Page) -> list[str]:
    entries = page.locator('[data-test="menu"] [data-test^="menu-"]')
    marks = [entries.nth(i).get_attribute("data-test") or "" for i in range(entries.count())]
    return [mark.removeprefix("menu-") for mark in marks]


def visible_errors(page: Page) -> list[str]:
    shown = page.locator(".el-message--error, .el-alert--error, .el-notification .el-icon-error")
    return [shown.nth(i).inner_text() for i in range(shown.count()) if shown.nth(i).is_visible()]


@pytest.fixture
def ids(page_as: Callable[[str], Page], base_url: str) -> dict[str, str]:
    return sample_ids(page_as("admin"), base_url)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_renders_for_every_role(
    role: str,
    page_as: Callable[[str], Page],
    base_url: str,
    ids: dict[str, str],
    shot: Callable[[Page, str], Path],
    secrets: set[str],
) -> None:
    page = page_as(role)
    watch = Watch(base_url, [], [], [])
    watch.attach(page)
    settle(page)
    expected_menu = [p.path for p in PAGES if p.in_menu and may_open(role, p)]
    assert sorted(menu_paths(page)) == sorted(expected_menu), role

    for console_page in PAGES:
        where = f"{role} {console_page.path}"
        page.goto(base_url + console_page.path.format(**ids))
        settle(page)
        if not may_open(role, console_page):
            assert page.url.rstrip("/") == base_url, f"{where}: not sent back, at {page.url}"
            continue
        shot(page, f"{role}-{console_page.name}")
        text = page.locator("body").inner_text()
        assert text.strip(), f"{where}: blank page"
        for sign in BROKEN:
            assert sign not in text, f"{where}: shows {sign!r}"
        if console_page.name != "not-found":
            assert "页面不存在" not in text, f"{where}: the console has no such page"
        assert visible_errors(page) == [], f"{where}: {visible_errors(page)}"
        assert leaks(page, secrets) == [], f"{where}: shows identifiers unmasked"
        watch.assert_clean(where)
