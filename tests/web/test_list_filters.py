"""The console's audit trail, access requests and alerts are paged, filtered and sorted by the
server: the requests the browser sends carry page, size, sort and the filters, and the page
shows the server's total (not a count of the rows it received)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, Response, expect

from tests.web.conftest import Account
from tests.web.journey import Api, box


def _sent(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _is_list(path: str) -> Callable[[Response], bool]:
    """A response of the list at ``path`` asked for by page (not the plain list)."""
    return lambda r: urlparse(r.url).path == path and "page" in _sent(r.url)


def test_audit_filters_and_sort_go_to_the_server(
    page_as: Callable[[str], Page], base_url: str, accounts: dict[str, Account]
) -> None:
    actor = accounts["prosecutor"].username
    Api(base_url, accounts["prosecutor"])  # signs in: an entry by them, and none while we look
    page = page_as("auditor")
    with page.expect_response(_is_list("/api/audit")) as first:
        page.locator('[data-test="menu-/admin/audit"]').click()
    sent = _sent(first.value.url)
    assert (sent["page"], sent["size"], sent["sort"]) == ("1", "20", "-seq")

    box(page, "audit-actor").fill(actor)
    with page.expect_response(_is_list("/api/audit")) as filtered:
        page.locator('[data-test="audit-search"]').click()
    sent = _sent(filtered.value.url)
    assert sent["actor"] == actor and sent["page"] == "1" and "limit" not in sent
    answer = filtered.value.json()
    expected = Api(base_url, accounts["auditor"]).get("/api/audit", actor=actor, page=1, size=20)
    assert answer["total"] == expected["total"] > 0
    table = page.locator('[data-test="audit-table"]')
    rows = table.locator(".el-table__body-wrapper .el-table__row")
    expect(rows.first).to_be_visible()
    assert rows.count() == min(20, answer["total"])
    assert page.locator(".el-pagination__total").inner_text().replace(" ", "") == (
        f"共{answer['total']}条"
    )

    with page.expect_response(_is_list("/api/audit")) as sorted_:
        table.locator("th", has_text="操作人").locator(".sort-caret.ascending").click()
    assert _sent(sorted_.value.url)["sort"] == "actor"
    assert _sent(sorted_.value.url)["actor"] == actor


def test_access_requests_filter_on_the_server(page_as: Callable[[str], Page]) -> None:
    page = page_as("leader")
    with page.expect_response(_is_list("/api/access-requests")) as first:
        page.locator('[data-test="menu-/data/access"]').click()
    assert _sent(first.value.url)["sort"] == "-id"
    page.locator('[data-test="request-status"]').click()
    page.locator(".el-select-dropdown__item", has_text="已批准").click()
    with page.expect_response(_is_list("/api/access-requests")) as filtered:
        page.get_by_role("button", name="查询").first.click()
    assert _sent(filtered.value.url)["status"] == "approved"
    assert all(r["status"] == "approved" for r in filtered.value.json()["items"])
