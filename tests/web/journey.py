"""Helpers the console journeys share: the API as a demo user (bearer token, stdlib HTTP) for
setting a scene up and checking what the UI did, and waiting on Element Plus widgets.

Owns these helpers only; the fixtures (served demo, Chromium, signed-in pages) are
``conftest``'s.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, expect

from tests.web.conftest import Account


class Api:
    """The demo's API as one user, signed in with a bearer token."""

    def __init__(self, base_url: str, account: Account) -> None:
        self.base_url = base_url
        answer = self._send(
            "POST",
            "/api/login",
            {"username": account.username, "password": account.password},
            token=None,
        )
        self.token: str = answer["token"]

    def _send(self, method: str, path: str, body: Any, token: str | None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode())

    def get(self, path: str, **query: Any) -> Any:
        suffix = f"?{urlencode(query)}" if query else ""
        return self._send("GET", f"{path}{suffix}", None, self.token)

    def post(self, path: str, body: Any) -> Any:
        return self._send("POST", path, body, self.token)


def box(page: Page, name: str) -> Locator:
    """The text box or text area marked ``data-test=name`` (on it or on Element Plus' wrapper)."""
    marked = f'[data-test="{name}"]'
    return page.locator(f"input{marked}, textarea{marked}, {marked} input, {marked} textarea").first


def expect_status(page: Page, label: str) -> None:
    expect(page.locator('[data-test="lead-status"]')).to_have_text(label)
