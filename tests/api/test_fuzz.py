"""Schema-based fuzzing (Schemathesis) of the real app, signed in, over real data: whatever the
OpenAPI document allows — and, in negative mode, what it does not — no answer is a 5xx, and
every answer is one the document publishes (status code, media type, body shape).

Runs once per metadata backend (SQLite, PostgreSQL), each with its share of the phases
(``PHASES``). Bounded per operation (``EXAMPLES``) so that the whole run stays short on two
cores; under ``CI`` the examples are derandomised (the Hypothesis profile of
``tests/conftest.py``), so a submission is judged on the same requests.
Every 5xx found here became a plain regression test in ``test_regressions.py``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case, checks
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.schemas import OpenApiSchema

from jiancha.api import create_app
from jiancha.clock import china_today
from jiancha.governance import authenticate, start_session
from jiancha.governance.orgs import add_org
from jiancha.store import Store, Workspace
from tests.api.helpers import PASSWORD, SLUG, login, open_case, seed

EXAMPLES = 10
# Schemathesis's phases split between the backends (each phase is about half the time): the
# coverage phase's boundary values (huge integers, empty and over-long strings, every enum, the
# negative cases) on PostgreSQL, whose types refuse more than SQLite's and so show the errors a
# backend can add; the random fuzzing on SQLite, where the app's own logic answers the same.
# Both run the schema's own examples.
PHASES = {"sqlite": ["examples", "fuzzing"], "postgres": ["examples", "coverage"]}
CONFORMANCE = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


class Fuzz:
    """The app under test, a live token, and what was sent (operations and examples)."""

    def __init__(self, store: Store, app: FastAPI) -> None:
        self.store = store
        self.app = app
        self.token = self.new_token()
        self.sent: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.server_errors = 0

    def new_token(self) -> str:
        token, _ = start_session(self.store, authenticate(self.store, "demo", PASSWORD))
        return token


def enrich(app: FastAPI) -> None:
    """Beyond ``seed``: a lead with an action, feedback, a comment and an attachment."""
    with TestClient(app) as client:
        headers = login(client)
        lead = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"][0]
        open_case(client, headers, lead["id"])
        action = {"kind": "suggestion", "document_no": "检建〔2025〕1号"}
        today = china_today().isoformat()  # not before the lead was found, not in the future
        action |= {"issued_on": today, "receiver": "乐都县人民法院"}
        issued = client.post(f"/api/leads/{lead['id']}/actions", json=action, headers=headers)
        feedback = {"received_on": today, "outcome": "rectified", "content": "已收监"}
        done = [
            issued,
            client.post(
                f"/api/actions/{issued.json()['id']}/feedback", json=feedback, headers=headers
            ),
            client.post(
                f"/api/leads/{lead['id']}/comments", json={"text": "核实"}, headers=headers
            ),
            client.post(
                f"/api/leads/{lead['id']}/attachments",
                files={"file": ("台账.pdf", b"%PDF-1.4")},
                headers=headers,
            ),
        ]
        assert [r.status_code for r in done] == [200] * len(done), [r.text for r in done]


@pytest.fixture
def fuzz(store: Store, workspace: Workspace, tmp_path: Path) -> Iterator[Fuzz]:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, "630202", "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    seed(store, tmp_path)
    app = create_app(workspace)
    enrich(app)
    started = time.monotonic()
    state = Fuzz(store, app)
    yield state
    shutdown_lifespans()  # the app's store, opened by Schemathesis's client
    took = time.monotonic() - started
    print(  # the figures of the run, shown with `pytest -s`
        f"\nfuzz: {len(state.sent)} operations, {sum(state.sent.values())} requests, "
        f"{took:.1f} s, 5xx responses: {state.server_errors}"
    )
    for label, seconds in sorted(state.seconds.items(), key=lambda item: -item[1]):
        print(f"  {label}: {state.sent[label]} requests, {seconds:.2f} s")
    published = {
        f"{method.upper()} {path}"
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    assert set(state.sent) == published  # every operation was fuzzed


@pytest.fixture
def api_schema(fuzz: Fuzz, backend: str, request: pytest.FixtureRequest) -> OpenApiSchema:
    if not hasattr(request.node, "_nodeid"):
        # Schemathesis 4.32 reads ``Function._nodeid``, which pytest 9.2 no longer has; it
        # only uses it to rename the test in reports.
        request.node._nodeid = request.node.nodeid
    signed_in = {"Authorization": f"Bearer {fuzz.token}"}  # the document needs a sign-in
    loaded = schemathesis.openapi.from_asgi("/openapi.json", fuzz.app, headers=signed_in)
    loaded.config.phases.update(phases=PHASES[backend])
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck))
@schema.parametrize()
def test_no_server_errors(case: Case[Any], fuzz: Fuzz) -> None:
    # Signing out would end the shared token: that operation gets a token of its own.
    token = fuzz.new_token() if case.operation.path == "/api/logout" else fuzz.token
    began = time.monotonic()
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    fuzz.seconds[case.operation.label] += time.monotonic() - began
    fuzz.sent[case.operation.label] += 1
    if response.status_code >= 500:
        fuzz.server_errors += 1
    assert response.status_code < 500, (response.status_code, response.text, case.as_curl_command())
    # And the answer is the one the document publishes: its status, media type and shape.
    case.validate_response(response, checks=CONFORMANCE)
