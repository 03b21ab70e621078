"""The sign-in page, as someone who has not signed in sees it: every page address sends them
there, and a refused sign-in says the same thing for a wrong password as for an unknown user
(no account enumeration), in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page

from tests.web.conftest import field


def refusal(page: Page, username: str, password: str) -> str:
    field(page, "login-username").fill(username)
    field(page, "login-password").fill(password)
    page.locator('[data-test="login-submit"]').click()
    error = page.locator('[data-test="login-error"]')
    error.wait_for()
    return error.inner_text().strip()


def test_a_visitor_is_sent_to_sign_in_and_refusals_say_the_same(
    anonymous_page: Page, base_url: str, shot: Callable[[Page, str], Path]
) -> None:
    page = anonymous_page
    page.goto(f"{base_url}/leads?status=new")
    page.wait_for_url("**/login**")
    assert urlparse(page.url).path == "/login"
    assert parse_qs(urlparse(page.url).query)["next"] == ["/leads?status=new"]
    text = page.locator("body").inner_text()
    assert "法律监督平台" in text and "用户名" in text and "密码" in text
    shot(page, "anonymous-login")

    wrong_password = refusal(page, "demo", "not-the-password-1A!")
    unknown_user = refusal(page, "nobody-here", "not-the-password-1A!")
    assert wrong_password == unknown_user  # the same words: nothing tells which accounts exist
    assert any("\u4e00" <= ch <= "\u9fff" for ch in wrong_password), wrong_password
    assert urlparse(page.url).path == "/login"
    shot(page, "anonymous-login-refused")
