"""Every role against every API route (SQLite and PostgreSQL): allowed or denied as designed.

The route list comes from the app's own OpenAPI document, and each route's rule is written down
here independently of the code: a route added without a rule fails the first test, and a role
table that drifts from this one fails the matrix. "Denied" means the role refusal (403 naming
the role); an allowed call may still answer 400, 404 or 422 for its input, but never that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Run, Store
from tests.conftest import seeds_client
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "Matrix-password-2024"
SLUG = "custodial-sentence-not-executed"
ROLES = ("admin", "data_admin", "modeller", "prosecutor", "leader", "auditor")
PUBLIC, SIGNED_IN, SEES_REQUESTS = "public", "signed in", "sees requests"
REVIEWS = "reviews a publication step"
_REVIEWING = {"market.check_data", "market.review_rules", "market.validate", "market.publish"}

# (method, path) → what it needs: a permission code, PUBLIC, SIGNED_IN, SEES_REQUESTS or REVIEWS.
RULES: dict[tuple[str, str], str] = {
    ("GET", "/api/reference"): SIGNED_IN,  # public only with `serve --public-docs`
    ("GET", "/api/health"): PUBLIC,
    ("POST", "/api/login"): PUBLIC,
    ("POST", "/api/logout"): SIGNED_IN,
    ("GET", "/api/me"): SIGNED_IN,
    ("POST", "/api/password"): SIGNED_IN,
    ("GET", "/api/datasets"): "datasets.read",
    ("GET", "/api/datasets/{name}"): "datasets.read",
    ("GET", "/api/models"): "models.read",
    ("GET", "/api/models/{slug}"): "models.read",
    ("GET", "/api/models/{slug}/sql"): "models.read",
    ("POST", "/api/models/validate"): "models.install",
    ("GET", "/api/builder/datasets"): "models.install",
    ("GET", "/api/builder/models/{slug}"): "models.read",
    ("POST", "/api/builder/open"): "models.install",
    ("POST", "/api/builder/compose"): "models.install",
    ("POST", "/api/builder/preview"): "models.install",
    ("POST", "/api/builder/save"): "models.install",
    ("POST", "/api/models/{slug}/runs"): "models.run",
    ("GET", "/api/runs"): "models.read",
    ("GET", "/api/runs/{run_id}"): "models.read",
    ("GET", "/api/leads"): "leads.read",
    ("GET", "/api/leads/{lead_id}"): "leads.read",
    ("GET", "/api/leads/{lead_id}/unmasked"): "leads.read",
    ("GET", "/api/leads/{lead_id}/history"): "leads.read",
    ("GET", "/api/leads/{lead_id}/records"): "leads.read",
    ("GET", "/api/leads/{lead_id}/steps/{step}/rows"): "leads.read",
    ("POST", "/api/leads/{lead_id}/moves"): "leads.handle",
    ("POST", "/api/leads/{lead_id}/actions"): "leads.handle",
    ("POST", "/api/actions/{action_id}/feedback"): "leads.handle",
    ("POST", "/api/leads/{lead_id}/comments"): "leads.handle",
    ("POST", "/api/leads/{lead_id}/attachments"): "leads.handle",
    ("GET", "/api/leads/{lead_id}/attachments/{attachment_id}"): "leads.read",
    ("GET", "/api/leads/{lead_id}/draft"): "leads.handle",
    ("GET", "/api/exports/leads"): "leads.export",
    ("POST", "/api/leads/assign"): "leads.assign",
    ("POST", "/api/leads/{lead_id}/referrals"): "leads.refer",
    ("GET", "/api/referrals"): "leads.read",
    ("POST", "/api/referrals/{referral_id}/accept"): "referrals.decide",
    ("POST", "/api/referrals/{referral_id}/decline"): "referrals.decide",
    ("GET", "/api/orgs"): "orgs.read",
    ("GET", "/api/stats"): "stats.read",
    ("GET", "/api/stats/ledgers"): "stats.read",
    ("GET", "/api/stats.xlsx"): "stats.read",
    ("POST", "/api/access-requests"): "datasets.request",
    ("GET", "/api/access-requests"): SEES_REQUESTS,
    ("POST", "/api/access-requests/{request_id}/approve"): "access.decide",
    ("POST", "/api/access-requests/{request_id}/refuse"): "access.decide",
    ("GET", "/api/grants"): SEES_REQUESTS,
    ("POST", "/api/grants/{grant_id}/revoke"): "access.decide",
    ("GET", "/api/alerts"): "users.manage",
    ("POST", "/api/users/{username}/lift"): "users.manage",
    ("PUT", "/api/users/{username}/limits"): "users.manage",
    ("POST", "/api/users/{username}/deactivate"): "users.manage",
    ("POST", "/api/users/{username}/activate"): "users.manage",
    ("GET", "/api/audit"): "audit.read",
    ("GET", "/api/audit/verify"): "audit.read",
    ("POST", "/api/jobs/imports"): "datasets.import",
    ("POST", "/api/jobs/runs"): "models.run",
    ("POST", "/api/jobs/documents"): "datasets.import",
    ("GET", "/api/documents"): "datasets.read",
    ("GET", "/api/documents/{document_id}"): "datasets.read",
    ("GET", "/api/market/models"): "models.read",
    ("GET", "/api/market/queue"): SIGNED_IN,
    ("GET", "/api/market/models/{slug}/card"): "models.read",
    ("GET", "/api/market/models/{slug}/versions"): "models.read",
    ("GET", "/api/market/models/{slug}/diff"): "models.read",
    ("GET", "/api/market/models/{slug}/figures"): "models.read",
    ("GET", "/api/market/models/{slug}/attachments/{sha256}"): "models.read",
    ("POST", "/api/market/models/{slug}/submission"): "models.submit",
    ("POST", "/api/market/models/{slug}/decisions"): REVIEWS,
    ("POST", "/api/market/models/{slug}/adoptions"): "models.install",
    ("GET", "/api/campaigns"): "stats.read",
    ("POST", "/api/campaigns"): "campaigns.manage",
    ("GET", "/api/campaigns/{campaign_id}"): "stats.read",
    ("POST", "/api/campaigns/{campaign_id}/start"): "campaigns.manage",
    ("POST", "/api/campaigns/{campaign_id}/stop"): "campaigns.manage",
    ("POST", "/api/campaigns/{campaign_id}/runs"): "models.run",
    ("GET", "/api/campaigns/{campaign_id}/leads"): "leads.read",
    ("GET", "/api/campaigns/{campaign_id}/stats"): "stats.read",
    ("POST", "/api/leads/{lead_id}/signoffs"): "leads.handle",
    ("GET", "/api/jobs"): SIGNED_IN,
    ("GET", "/api/jobs/{job_id}"): SIGNED_IN,
    ("POST", "/api/jobs/{job_id}/cancel"): SIGNED_IN,
    ("GET", "/api/schedules"): SIGNED_IN,
    ("POST", "/api/schedules"): "models.run",
    ("DELETE", "/api/schedules/{schedule_id}"): SIGNED_IN,
    ("GET", "/api/workbench"): SIGNED_IN,
    ("GET", "/api/users"): "users.manage",
    ("POST", "/api/users"): "users.manage",
    ("PUT", "/api/users/{username}/roles"): "users.manage",
    ("GET", "/api/roles"): SIGNED_IN,
}

# What each role may do, written out by hand (not read from jiancha.governance.roles).
_READS = {"datasets.read", "models.read", "orgs.read"}
_HANDLES = _READS | {"datasets.request", "leads.read", "leads.handle", "leads.export"}
MAY: dict[str, set[str]] = {
    "admin": {p for p in RULES.values() if "." in p} | _REVIEWING,
    "data_admin": _READS | {"datasets.import", "market.check_data"},
    "modeller": _READS
    | {"datasets.request", "models.install", "models.run", "models.submit", "stats.read"},
    "prosecutor": _HANDLES | {"stats.read"},
    "leader": _HANDLES
    | {"stats.read", "leads.assign", "leads.refer", "referrals.decide", "access.decide"}
    | {"market.review_rules", "market.validate", "market.publish", "campaigns.manage"},
    "auditor": {"audit.read", "stats.read", "orgs.read"},
}


def _allowed(role: str, rule: str) -> bool:
    if rule in (PUBLIC, SIGNED_IN):
        return True
    if rule == SEES_REQUESTS:
        return bool(MAY[role] & {"datasets.request", "access.decide", "audit.read"})
    if rule == REVIEWS:
        return bool(MAY[role] & _REVIEWING)
    return rule in MAY[role]


def city_with_every_role(store: Store, files: Path) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000", ["乐都县人民法院"])
    load_county(store, files)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="630200")
    run_model(store, SLUG, run_date=AS_OF)
    for role in ROLES:
        create_user(store, role, PASSWORD, org="630200", role=role, must_change=False)


workspace_seed = seeds_client(city_with_every_role)


def _ids(store: Store) -> dict[str, str]:
    with store.session() as session:
        lead = session.scalar(select(Lead.id).order_by(Lead.id))
        run = session.scalar(select(Run.id).order_by(Run.id))
    return {
        "lead_id": str(lead),
        "run_id": str(run),
        "job_id": "1",
        "schedule_id": "1",
        "slug": SLUG,
        "name": "判决",
        "action_id": "1",
        "attachment_id": "1",
        "referral_id": "1",
        "request_id": "1",
        "grant_id": "1",
        "username": "prosecutor",
        "step": "1",
        "document_id": "1",
        "campaign_id": "1",
        "sha256": "0" * 64,
    }


def _login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()  # the bearer header alone, as an integration would call
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _routes(client: TestClient) -> set[tuple[str, str]]:
    paths = client.get("/openapi.json", headers=_login(client, "admin")).json()["paths"]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


def test_every_route_has_a_rule(client: TestClient) -> None:
    assert _routes(client) == set(RULES)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> tuple[int, str]:
    body = None if method == "GET" else {}
    response = client.request(method, path, headers=headers, json=body)
    error = response.json().get("error", "") if response.status_code >= 400 else ""
    return response.status_code, str(error)


@pytest.mark.parametrize("role", ROLES)
def test_role_against_every_route(client: TestClient, store: Store, role: str) -> None:
    ids = _ids(store)
    headers = _login(client, role)
    wrong: list[str] = []
    # Sign-out last: it ends the session the other calls use.
    for method, template in sorted(RULES, key=lambda r: r == ("POST", "/api/logout")):
        rule = RULES[(method, template)]
        path = template.format(**ids)
        status, error = _call(client, method, path, headers)
        denied = status == 403 and "当前角色" in error
        expected = not _allowed(role, rule)
        if denied != expected or (status == 401 and rule != PUBLIC):
            wrong.append(f"{method} {path}: {status} {error}")
    assert wrong == []


def test_every_private_route_needs_sign_in(client: TestClient, store: Store) -> None:
    ids = _ids(store)
    private = [r for r, rule in RULES.items() if rule != PUBLIC]
    assert len(private) == len(RULES) - 2
    for method, template in private:
        status, error = _call(client, method, template.format(**ids), {})
        assert status == 401, f"{method} {template}: {status}"
        assert error == "未登录或登录已过期，请先登录"


def test_matrix_agrees_with_the_published_role_table() -> None:
    from jiancha.governance.roles import PERMISSIONS

    routed = {rule for rule in RULES.values() if "." in rule}
    for role in ROLES:
        assert PERMISSIONS[role] & routed == MAY[role] & routed, role
