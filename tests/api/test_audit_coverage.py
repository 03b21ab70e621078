"""Every API route either writes exactly one audit entry (留痕) of its documented kind — who, from
which address, with what result — or is listed here as reaching no data, with the reason
(SQLite and PostgreSQL).

The route list comes from the app itself and the kinds are written down here independently of
the code: a route added without an entry in ``KINDS`` or ``NOT_DATA`` fails the first test, and
the walk through every route fails on a route that writes no entry, two, or one of another
kind. Refusals are recorded too, in a transaction of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from starlette.routing import Route

from jiancha.clock import CHINA
from jiancha.documents.intake import import_documents
from jiancha.governance import audit, create_user
from jiancha.governance.orgs import add_org
from jiancha.store import AuditEntry, Lead, MarketModel, Store, User
from tests.api.helpers import PASSWORD, SLUG, login
from tests.documents.intake.helpers import CORPUS, corpus_lines
from tests.modelling.fixtures import AS_OF, SPECS

README = Path(__file__).resolve().parents[2] / "README.md"
CLIENT = "api:testclient"  # the address Starlette's test client reports

# (method, path) → the audit kind documented in README's 留痕 section.
KINDS: dict[tuple[str, str], str] = {
    ("POST", "/api/login"): "login",
    ("POST", "/api/logout"): "logout",
    ("POST", "/api/password"): "password_change",
    ("GET", "/api/datasets"): "dataset_list",
    ("GET", "/api/datasets/{name}"): "dataset_read",
    ("GET", "/api/models"): "model_read",
    ("GET", "/api/models/{slug}"): "model_read",
    ("GET", "/api/models/{slug}/sql"): "model_read",
    ("POST", "/api/models/{slug}/runs"): "run",
    ("GET", "/api/runs"): "run_read",
    ("GET", "/api/runs/{run_id}"): "run_read",
    ("GET", "/api/leads"): "lead_list",
    ("GET", "/api/leads/{lead_id}"): "lead_read",
    ("GET", "/api/leads/{lead_id}/unmasked"): "unmasked_view",
    ("GET", "/api/leads/{lead_id}/history"): "lead_history",
    ("GET", "/api/leads/{lead_id}/records"): "lead_records",
    ("GET", "/api/leads/{lead_id}/steps/{step}/rows"): "lead_source_rows",
    ("POST", "/api/leads/{lead_id}/moves"): "lead_move",
    ("POST", "/api/leads/{lead_id}/actions"): "supervision_action",
    ("POST", "/api/actions/{action_id}/feedback"): "feedback",
    ("POST", "/api/leads/{lead_id}/comments"): "comment",
    ("POST", "/api/leads/{lead_id}/attachments"): "attachment_upload",
    ("GET", "/api/leads/{lead_id}/attachments/{attachment_id}"): "attachment_read",
    ("GET", "/api/leads/{lead_id}/draft"): "draft",
    ("GET", "/api/exports/leads"): "export",
    ("POST", "/api/leads/assign"): "assign",
    ("POST", "/api/leads/{lead_id}/referrals"): "referral",
    ("GET", "/api/referrals"): "referral_list",
    ("POST", "/api/referrals/{referral_id}/accept"): "referral_decision",
    ("POST", "/api/referrals/{referral_id}/decline"): "referral_decision",
    ("GET", "/api/orgs"): "org_read",
    ("GET", "/api/stats"): "stats_read",
    ("GET", "/api/stats/ledgers"): "stats_read",
    ("GET", "/api/stats.xlsx"): "stats_export",
    ("POST", "/api/access-requests"): "access_request",
    ("GET", "/api/access-requests"): "access_list",
    ("POST", "/api/access-requests/{request_id}/approve"): "access_decision",
    ("POST", "/api/access-requests/{request_id}/refuse"): "access_decision",
    ("GET", "/api/grants"): "access_list",
    ("POST", "/api/grants/{grant_id}/revoke"): "grant_revoked",
    ("GET", "/api/alerts"): "alert_list",
    ("POST", "/api/users/{username}/lift"): "breaker_lifted",
    ("PUT", "/api/users/{username}/limits"): "breaker_limits",
    ("POST", "/api/users/{username}/deactivate"): "user_deactivate",
    ("POST", "/api/users/{username}/activate"): "user_activate",
    ("GET", "/api/audit"): "audit_read",
    ("GET", "/api/audit/verify"): "audit_verify",
    ("POST", "/api/jobs/imports"): "job_submit",
    ("POST", "/api/jobs/runs"): "job_submit",
    ("POST", "/api/jobs/documents"): "job_submit",
    ("GET", "/api/documents"): "document_list",
    ("GET", "/api/documents/{document_id}"): "document_read",
    ("GET", "/api/market/models"): "market_read",
    ("GET", "/api/market/queue"): "market_read",
    ("GET", "/api/market/models/{slug}/card"): "market_read",
    ("GET", "/api/market/models/{slug}/versions"): "market_read",
    ("GET", "/api/market/models/{slug}/diff"): "market_read",
    ("GET", "/api/market/models/{slug}/figures"): "market_read",
    ("GET", "/api/market/models/{slug}/attachments/{sha256}"): "attachment_read",
    ("POST", "/api/market/models/{slug}/submission"): "market_submit",
    ("POST", "/api/market/models/{slug}/decisions"): "market_decision",
    ("POST", "/api/market/models/{slug}/adoptions"): "model_adopt",
    ("GET", "/api/campaigns"): "campaign_read",
    ("POST", "/api/campaigns"): "campaign_create",
    ("GET", "/api/campaigns/{campaign_id}"): "campaign_read",
    ("POST", "/api/campaigns/{campaign_id}/start"): "campaign_start",
    ("POST", "/api/campaigns/{campaign_id}/stop"): "campaign_stop",
    ("POST", "/api/campaigns/{campaign_id}/runs"): "job_submit",
    ("GET", "/api/campaigns/{campaign_id}/leads"): "lead_list",
    ("GET", "/api/campaigns/{campaign_id}/stats"): "campaign_read",
    ("POST", "/api/leads/{lead_id}/signoffs"): "lead_signoff",
    ("GET", "/api/jobs"): "job_read",
    ("GET", "/api/jobs/{job_id}"): "job_read",
    ("POST", "/api/jobs/{job_id}/cancel"): "job_cancel",
    ("GET", "/api/schedules"): "schedule_read",
    ("POST", "/api/schedules"): "schedule_create",
    ("DELETE", "/api/schedules/{schedule_id}"): "schedule_delete",
    ("GET", "/api/workbench"): "workbench_read",
    ("GET", "/api/users"): "user_list",
    ("POST", "/api/users"): "user_add",
    ("PUT", "/api/users/{username}/roles"): "user_role",
    ("GET", "/api/builder/datasets"): "dataset_list",
    ("GET", "/api/builder/models/{slug}"): "model_read",
    ("POST", "/api/builder/preview"): "builder_preview",
    ("POST", "/api/builder/save"): "builder_save",
}
# Routes that reach no stored data: no entry, and why.
NOT_DATA: dict[tuple[str, str], str] = {
    ("GET", "/"): "the landing page",
    ("GET", "/api/health"): "status and version only",
    ("GET", "/api/reference"): "the API's own description",
    ("GET", "/openapi.json"): "the API's own description",
    ("GET", "/api/me"): "the caller's own account",
    ("POST", "/api/models/validate"): "checks the YAML sent; reads nothing stored",
    ("GET", "/api/roles"): "the fixed table of roles and permissions",
    ("POST", "/api/builder/open"): "turns the YAML sent into a builder document",
    ("POST", "/api/builder/compose"): "checks the document sent against the catalogue's columns",
}


def app_routes(client: TestClient) -> set[tuple[str, str]]:
    """(method, path) of every route of the app, through the routers it includes."""
    app: Any = client.app
    found = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Route):
            path = context.path_format or route.path
            found |= {(m, path) for m in (route.methods or ()) if m != "HEAD"}
    return found


def documented_kinds() -> set[str]:
    """The kinds in README's table of audit kinds (the 留痕 section)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### 留痕") :]
    section = section[: section.index("\n### ", 5)]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))


def test_every_route_has_a_documented_kind_or_a_reason(client: TestClient) -> None:
    assert app_routes(client) == set(KINDS) | set(NOT_DATA)
    assert not set(KINDS) & set(NOT_DATA)
    assert set(KINDS.values()) <= set(audit.ACTIONS)
    assert set(audit.ACTIONS) == documented_kinds()


def count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(AuditEntry.id))) or 0


def since(store: Store, seen: int) -> list[AuditEntry]:
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.seq > seen).order_by(AuditEntry.seq)
        return list(session.scalars(query))


def period(days: int = 30) -> dict[str, str]:
    today = dt.datetime.now(CHINA).date()
    return {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days)).isoformat()}


class Walk:
    """Calls routes one by one and checks the entries each one wrote."""

    def __init__(self, client: TestClient, store: Store) -> None:
        self.client, self.store = client, store
        self.done: set[tuple[str, str]] = set()

    def call(
        self,
        method: str,
        template: str,
        headers: dict[str, str],
        actor: str,
        *,
        status: int = 200,
        **kwargs: Any,
    ) -> Any:
        path = kwargs.pop("path", template)
        before = count(self.store)
        response = self.client.request(method, path, headers=headers, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        written = since(self.store, before)
        key = (method, template)
        if key in NOT_DATA:
            assert written == [], f"{method} {template} wrote {[e.action for e in written]}"
        else:
            kinds = [(e.action, e.actor, e.detail["client"], e.detail["result"]) for e in written]
            assert kinds == [(KINDS[key], actor, CLIENT, "ok")], f"{method} {template}: {kinds}"
        self.done.add(key)
        return response.json() if "json" in response.headers.get("content-type", "") else None


def lead_ids(store: Store) -> list[int]:
    with store.session() as session:
        return list(session.scalars(select(Lead.id).order_by(Lead.id)))


def test_every_route_writes_one_entry_of_its_kind(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, "330100", "杭州市人民检察院", "city", "330000")
    add_org(store, "330106", "杭州市西湖区人民检察院", "district", "330100")
    add_org(store, "330108", "杭州市滨江区人民检察院", "district", "330100")
    for name in ("chief", "clerk"):
        create_user(store, name, PASSWORD, role="admin", must_change=False)
    first, second = lead_ids(store)
    walk = Walk(client, store)
    call: Callable[..., Any] = walk.call

    before = count(store)
    demo = login(client)
    assert [e.action for e in since(store, before)] == ["login"]
    walk.done.add(("POST", "/api/login"))
    chief = login_as(client, "chief")

    for template, path in [
        ("/", "/"),
        ("/api/health", "/api/health"),
        ("/api/reference", "/api/reference"),
        ("/openapi.json", "/openapi.json"),
        ("/api/me", "/api/me"),
    ]:
        call("GET", template, demo, "demo", path=path)
    call("POST", "/api/models/validate", demo, "demo", json={"spec": "spec: 1"})

    call("GET", "/api/datasets", demo, "demo")
    call("GET", "/api/datasets/{name}", demo, "demo", path="/api/datasets/判决")
    call("GET", "/api/models", demo, "demo")
    call("GET", "/api/models/{slug}", demo, "demo", path=f"/api/models/{SLUG}")
    call("GET", "/api/models/{slug}/sql", demo, "demo", path=f"/api/models/{SLUG}/sql")
    call("GET", "/api/runs", demo, "demo")
    call("GET", "/api/runs/{run_id}", demo, "demo", path="/api/runs/1")
    # The model builder: open an installed model, check it, bind it (previewed and saved below).
    path = f"/api/builder/models/{SLUG}"
    opened = call("GET", "/api/builder/models/{slug}", demo, "demo", path=path)
    call("GET", "/api/builder/datasets", demo, "demo")
    call("POST", "/api/builder/open", demo, "demo", json={"yaml": opened["yaml"]})
    built = {"document": opened["document"], "bindings": opened["bindings"]}
    call("POST", "/api/builder/compose", demo, "demo", json=built)

    # Data access under grants: ask, decide, run, read unmasked, revoke.
    ids = []
    for dataset in ("判决", "收押", "判决"):
        asked = {"dataset": dataset, "purpose": "办理刑罚执行监督案件", "unmask": True}
        body: dict[str, Any] = asked | period()
        filed = call("POST", "/api/access-requests", demo, "demo", json=body)
        ids.append(filed["id"])
    call("GET", "/api/access-requests", demo, "demo")
    for request_id in ids[:2]:
        path = f"/api/access-requests/{request_id}/approve"
        call(
            "POST", "/api/access-requests/{request_id}/approve", chief, "chief", path=path, json={}
        )
    path = f"/api/access-requests/{ids[2]}/refuse"
    body = {"reason": "重复申请"}
    call("POST", "/api/access-requests/{request_id}/refuse", chief, "chief", path=path, json=body)
    grants = call("GET", "/api/grants", demo, "demo")
    path = f"/api/models/{SLUG}/runs"
    run_body = {"as_of": AS_OF.isoformat()}
    call("POST", "/api/models/{slug}/runs", demo, "demo", path=path, json=run_body)
    call("POST", "/api/builder/preview", demo, "demo", json=built)
    saved = built | {"changelog": "构建器中保存（未改动）"}
    call("POST", "/api/builder/save", demo, "demo", json=saved)
    files = {"file": ("名单.csv", "姓名\n张三\n".encode("gbk"))}
    form = {"files": files, "data": {"name": "名单"}}
    queued = call("POST", "/api/jobs/imports", demo, "demo", status=202, **form)
    body = {"model": SLUG, "as_of": AS_OF.isoformat()}
    call("POST", "/api/jobs/runs", demo, "demo", status=202, json=body)
    docs = {"file": ("判决书.jsonl", CORPUS.read_bytes().split(b"\n", 1)[0])}
    form = {"files": docs, "data": {"name": "判决书"}}
    call("POST", "/api/jobs/documents", demo, "demo", status=202, **form)
    import_documents(store, corpus_lines(tmp_path, 2), "判决书")
    listed = call("GET", "/api/documents", demo, "demo", params={"dataset": "判决书"})
    path = f"/api/documents/{listed['items'][0]['id']}"
    call("GET", "/api/documents/{document_id}", demo, "demo", path=path)
    call("GET", "/api/jobs", demo, "demo", params={"mine": "true"})
    call("GET", "/api/jobs/{job_id}", demo, "demo", path=f"/api/jobs/{queued['id']}")
    path = f"/api/jobs/{queued['id']}/cancel"
    call("POST", "/api/jobs/{job_id}/cancel", demo, "demo", path=path)
    timed = {"model": SLUG, "cron": "0 2 * * *"}
    made = call("POST", "/api/schedules", demo, "demo", status=201, json=timed)
    call("GET", "/api/schedules", demo, "demo")
    path = f"/api/schedules/{made['id']}"
    call("DELETE", "/api/schedules/{schedule_id}", demo, "demo", path=path)
    path = f"/api/leads/{first}/unmasked"
    call("GET", "/api/leads/{lead_id}/unmasked", demo, "demo", path=path)

    # Leads: list and search, read, handle.
    call("GET", "/api/leads", demo, "demo", params={"q": "判处"})
    call("GET", "/api/leads/{lead_id}", demo, "demo", path=f"/api/leads/{first}")
    body = {"lead_ids": [first], "assignee": "demo"}
    call("POST", "/api/leads/assign", demo, "demo", json=body)
    for step in ({"to": "verifying"}, {"to": "confirmed", "note": "属实"}):
        path = f"/api/leads/{first}/moves"
        call("POST", "/api/leads/{lead_id}/moves", demo, "demo", path=path, json=step)
    path = f"/api/leads/{first}/signoffs"
    body = {"kind": "approval", "opinion": "同意成案"}
    call("POST", "/api/leads/{lead_id}/signoffs", chief, "chief", path=path, json=body)
    path = f"/api/leads/{first}/moves"
    call("POST", "/api/leads/{lead_id}/moves", demo, "demo", path=path, json={"to": "case_opened"})
    call("GET", "/api/leads/{lead_id}/history", demo, "demo", path=f"/api/leads/{first}/history")
    today = dt.datetime.now(CHINA).date().isoformat()
    action = {
        "kind": "suggestion",
        "document_no": "检建〔2025〕1号",
        "issued_on": today,
        "receiver": "某法院",
    }
    path = f"/api/leads/{first}/actions"
    issued = call("POST", "/api/leads/{lead_id}/actions", demo, "demo", path=path, json=action)
    path = f"/api/actions/{issued['id']}/feedback"
    body = {"received_on": today, "outcome": "rectified", "content": "已收监"}
    call("POST", "/api/actions/{action_id}/feedback", demo, "demo", path=path, json=body)
    with store.session() as session:  # each one entry, noting the move it made
        kinds = ("supervision_action", "feedback")
        query = select(AuditEntry).where(AuditEntry.action.in_(kinds)).order_by(AuditEntry.seq)
        moved = [(e.action, e.detail["moved"]) for e in session.scalars(query)]
    assert [(a, m["from"], m["to"]) for a, m in moved] == [
        ("supervision_action", "case_opened", "actions_issued"),
        ("feedback", "actions_issued", "feedback_received"),
    ]
    path = f"/api/leads/{first}/comments"
    call("POST", "/api/leads/{lead_id}/comments", demo, "demo", path=path, json={"text": "核实"})
    path = f"/api/leads/{first}/attachments"
    files = {"file": ("台账.txt", "收押台账".encode())}
    added = call("POST", "/api/leads/{lead_id}/attachments", demo, "demo", path=path, files=files)
    path = f"/api/leads/{first}/attachments/{added['id']}"
    template = "/api/leads/{lead_id}/attachments/{attachment_id}"
    call("GET", template, demo, "demo", path=path)
    call("GET", "/api/leads/{lead_id}/records", demo, "demo", path=f"/api/leads/{first}/records")
    path = f"/api/leads/{first}/steps/1/rows"
    call("GET", "/api/leads/{lead_id}/steps/{step}/rows", demo, "demo", path=path)
    path = f"/api/leads/{first}/draft"
    call(
        "GET", "/api/leads/{lead_id}/draft", demo, "demo", path=path, params={"kind": "suggestion"}
    )
    call("GET", "/api/exports/leads", demo, "demo")

    # Referral between offices.
    path = f"/api/leads/{second}/referrals"
    body = {"to": "330106", "note": "属西湖区管辖"}
    referred = call("POST", "/api/leads/{lead_id}/referrals", demo, "demo", path=path, json=body)
    call("GET", "/api/referrals", demo, "demo")
    path = f"/api/referrals/{referred['id']}/accept"
    body = {"note": "接收"}
    call("POST", "/api/referrals/{referral_id}/accept", demo, "demo", path=path, json=body)
    path = f"/api/leads/{second}/referrals"
    body = {"to": "330108", "note": "属滨江区管辖"}
    again = call("POST", "/api/leads/{lead_id}/referrals", demo, "demo", path=path, json=body)
    path = f"/api/referrals/{again['id']}/decline"
    body = {"note": "不属本院管辖"}
    call("POST", "/api/referrals/{referral_id}/decline", demo, "demo", path=path, json=body)

    call("GET", "/api/orgs", demo, "demo")
    call("GET", "/api/stats", demo, "demo")
    call("GET", "/api/stats/ledgers", demo, "demo")
    call("GET", "/api/stats.xlsx", demo, "demo")

    # The marketplace: card, versions, submission, a decision with a file, browsing, adoption.
    base = f"/api/market/models/{SLUG}"
    call("GET", "/api/market/models/{slug}/card", demo, "demo", path=f"{base}/card")
    call("GET", "/api/market/models/{slug}/versions", demo, "demo", path=f"{base}/versions")
    versions = {"from": "1.0.0", "to": "1.0.0"}
    path = f"{base}/diff"
    call("GET", "/api/market/models/{slug}/diff", demo, "demo", path=path, params=versions)
    card = {
        "background": "判处实刑未交付执行",
        "innovation": "判决与收押碰撞",
        "scope": "各级检察院",
    }
    spec = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
    body = card | {"authors": ["张检察官"], "org": "330000", "spec": spec}
    path = f"{base}/submission"
    call("POST", "/api/market/models/{slug}/submission", demo, "demo", path=path, json=body)
    call("GET", "/api/market/queue", chief, "chief")
    form = {"step": "data_checked", "decision": "refused", "opinion": "提交院尚未采用，退回"}
    files = {"files": ("核查记录.txt", "数据齐全".encode())}
    path = f"{base}/decisions"
    decided = call(
        "POST",
        "/api/market/models/{slug}/decisions",
        chief,
        "chief",
        path=path,
        data=form,
        files=files,
    )
    path = f"{base}/attachments/{decided['attachments'][0]['sha256']}"
    call("GET", "/api/market/models/{slug}/attachments/{sha256}", demo, "demo", path=path)
    call("GET", "/api/market/models", demo, "demo", params={"review": "true"})
    call("GET", "/api/market/models/{slug}/figures", demo, "demo", path=f"{base}/figures")
    with store.session() as session:  # the other steps are the publication tests' concern
        session.execute(update(MarketModel).values(state="published"))
    judged = {"person_id": "公民身份号码", "name": "姓名", "court": "审判法院"}
    judged |= {"sentence_type": "刑罚", "probation": "是否缓刑", "pretrial_measure": "审前强制措施"}
    judged |= {"effective_date": "判决生效日期"}
    taken = {"person_id": "身份证号", "intake_date": "收押日期"}
    bindings = {
        "j": {"dataset": "判决", "fields": judged},
        "p": {"dataset": "收押", "fields": taken},
    }
    body = {"bindings": bindings, "org": "330108"}
    path = f"{base}/adoptions"
    call(
        "POST",
        "/api/market/models/{slug}/adoptions",
        demo,
        "demo",
        path=path,
        json=body,
        status=201,
    )

    # A campaign (专项): made, started, run, read, stopped.
    plan = {"name": "刑罚执行专项", "line": "criminal_execution", **period()}
    body = plan | {"offices": ["330000"], "models": [SLUG]}
    made = call("POST", "/api/campaigns", demo, "demo", json=body, status=201)
    path = f"/api/campaigns/{made['id']}"
    call("POST", "/api/campaigns/{campaign_id}/start", demo, "demo", path=f"{path}/start")
    call("GET", "/api/campaigns", demo, "demo")
    call("GET", "/api/campaigns/{campaign_id}", demo, "demo", path=path)
    call(
        "POST",
        "/api/campaigns/{campaign_id}/runs",
        demo,
        "demo",
        path=f"{path}/runs",
        json={},
        status=202,
    )
    call("GET", "/api/campaigns/{campaign_id}/leads", demo, "demo", path=f"{path}/leads")
    call("GET", "/api/campaigns/{campaign_id}/stats", demo, "demo", path=f"{path}/stats")
    call("POST", "/api/campaigns/{campaign_id}/stop", demo, "demo", path=f"{path}/stop")

    # Administration: the breaker, accounts, the audit trail itself.
    path = f"/api/grants/{grants[0]['id']}/revoke"
    call("POST", "/api/grants/{grant_id}/revoke", chief, "chief", path=path)
    call("GET", "/api/alerts", demo, "demo")
    with store.session() as session:
        session.execute(
            update(User)
            .where(User.username == "clerk")
            .values(suspended_at=dt.datetime.now(dt.UTC))
        )
    call("POST", "/api/users/{username}/lift", demo, "demo", path="/api/users/clerk/lift")
    path = "/api/users/clerk/limits"
    body = {"evidence_reads": 10, "exported_rows": 20}
    call("PUT", "/api/users/{username}/limits", demo, "demo", path=path, json=body)
    path = "/api/users/clerk/deactivate"
    call("POST", "/api/users/{username}/deactivate", demo, "demo", path=path)
    call("POST", "/api/users/{username}/activate", demo, "demo", path="/api/users/clerk/activate")
    call("GET", "/api/workbench", demo, "demo")
    call("GET", "/api/roles", demo, "demo")
    call("GET", "/api/users", demo, "demo", params={"q": "cl", "sort": "-created_at"})
    body = {"username": "newbie", "display_name": "新人", "roles": ["prosecutor"]}
    call("POST", "/api/users", demo, "demo", status=201, json=body)
    path = "/api/users/newbie/roles"
    call("PUT", "/api/users/{username}/roles", demo, "demo", path=path, json={"roles": ["leader"]})
    call("GET", "/api/audit", demo, "demo")
    call("GET", "/api/audit/verify", demo, "demo")

    body = {"old": PASSWORD, "new": "Another-pass-2025"}
    changed = call("POST", "/api/password", demo, "demo", json=body)
    fresh = {"Authorization": f"Bearer {changed['token']}"}
    call("POST", "/api/logout", fresh, "demo")

    assert walk.done == set(KINDS) | set(NOT_DATA)


def login_as(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_refused_unmasked_view_is_recorded_and_survives(client: TestClient, store: Store) -> None:
    headers = login(client)
    first = lead_ids(store)[0]
    before = count(store)
    response = client.get(f"/api/leads/{first}/unmasked", headers=headers)
    assert response.status_code == 403
    [entry] = since(store, before)
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "unmasked_view",
        "demo",
        "lead",
        str(first),
    )
    assert entry.detail["result"] == "refused" and entry.detail["status"] == 403
    assert entry.detail["refusal"] == response.json()["error"]
    assert entry.detail["client"] == CLIENT


def test_refusals_of_reads_and_decisions_are_recorded(client: TestClient, store: Store) -> None:
    create_user(store, "reader", PASSWORD, role="auditor", must_change=False)
    headers = login_as(client, "reader")
    before = count(store)
    assert client.get("/api/leads", headers=headers).status_code == 403  # not an auditor's
    assert client.get("/api/leads/999999", headers=login(client)).status_code == 404
    written = since(store, before)
    shown = [(e.action, e.actor, e.detail["result"], e.detail.get("status")) for e in written]
    assert shown == [
        ("lead_list", "reader", "refused", 403),
        ("login", "demo", "ok", None),
        ("lead_read", "demo", "refused", 404),
    ]
    anonymous = client.get("/api/leads")  # nobody signed in: nothing to say who
    assert anonymous.status_code == 401 and len(since(store, before)) == 3


def test_a_refusal_naming_an_overlong_object_is_recorded_not_a_500(
    client: TestClient, store: Store
) -> None:
    """Found by the fuzz run on PostgreSQL: a 422 for a 300-character user name was recorded
    with the whole name as its object, past the column's 200 characters, and answered 500."""
    before = count(store)
    long_name = "甲" * 300
    answer = client.post(f"/api/users/{long_name}/deactivate", headers=login(client))
    assert answer.status_code == 422
    refused = [e for e in since(store, before) if e.action == "user_deactivate"]
    assert len(refused) == 1 and refused[0].detail["result"] == "refused"
    assert refused[0].object_id == long_name[:200]
