"""One audit entry (留痕) per API request that reaches data or decides something, with its
result — refusals included.

``AuditTrail`` is an ASGI middleware. For every request it starts an ``audit.Origin`` saying
where the request comes from (``api:<client address>``); ``deps.current_user`` adds who signed
in. Entries the route's own code writes (a lead move, an export, an unmasked view …) carry both.
When the response starts, before anything is sent to the client:

* a route listed in ``ROUTE_KINDS`` that succeeded without writing an entry gets one of its kind
  (a list read, a search, a logout …), naming the object in its path and the query asked;
* a request of such a route that was refused or failed (any status from 400) gets one of its kind
  marked ``refused`` (or ``failed`` from 500) with the status and the message shown, in its own
  transaction, so that it survives the refusal — unless the route already wrote one that says
  so. A request nobody signed in for (401) is not recorded here: failed sign-ins are, by
  ``accounts.authenticate``.

Routes not in ``ROUTE_KINDS`` reach no data (``NOT_AUDITED`` says why).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jiancha.governance import audit
from jiancha.store import Store

ROUTE_KINDS: dict[tuple[str, str], str] = {
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
NOT_AUDITED: dict[tuple[str, str], str] = {
    ("GET", "/"): "控制台页面（静态文件，其余页面地址与 /assets 同此），不涉及数据",
    ("GET", "/api/health"): "服务状态，不涉及数据",
    ("GET", "/api/reference"): "接口说明，不涉及数据",
    ("GET", "/openapi.json"): "接口说明，不涉及数据",
    ("GET", "/api/me"): "本人账号信息，不涉及他人数据",
    ("POST", "/api/models/validate"): "只检查提交的模型文本，不读取存储的数据",
    ("GET", "/api/roles"): "角色与权限的说明，不涉及数据",
    ("POST", "/api/builder/open"): "只把提交的 YAML 转为构建器文档，不读取数据",
    ("POST", "/api/builder/compose"): "只检查提交的模型和绑定（数据目录的元数据），不读取数据",
}
# The object a path parameter names (the first one in the path is the entry's object).
OBJECTS = {
    "lead_id": "lead",
    "action_id": "action",
    "attachment_id": "attachment",
    "referral_id": "referral",
    "request_id": "access_request",
    "grant_id": "grant",
    "run_id": "run",
    "job_id": "job",
    "schedule_id": "schedule",
    "slug": "model",
    "name": "dataset",
    "username": "user",
    "document_id": "document",
    "campaign_id": "campaign",
    "sha256": "attachment",
}
_LIMIT = 200  # characters kept of each query value


class AuditTrail:
    """ASGI middleware: the audit entry of each request, written before its response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        origin = audit.begin(f"api:{client[0] if client else '未知地址'}")
        held: Message | None = None

        async def send_audited(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                held = message  # sent with the first part of the body, after the entry
                return
            if held is not None and message["type"] == "http.response.body":
                start, held = held, None
                await run_in_threadpool(
                    settle, scope, origin, int(start["status"]), message.get("body", b"")
                )
                await send(start)
            await send(message)

        try:
            await self.app(scope, receive, send_audited)
        except Exception:
            if held is None and origin.actor is not None:
                await run_in_threadpool(settle, scope, origin, 500, b"")
            raise
        finally:
            audit.end()


def settle(scope: Scope, origin: audit.Origin, status: int, body: bytes) -> None:
    """Write the request's entry when nothing written for it already says what happened."""
    route = scope.get("route")
    kind = ROUTE_KINDS.get((scope["method"], getattr(route, "path", "")))
    if kind is None or origin.actor is None:
        return
    ok = status < 400
    if (ok and origin.written) or (not ok and origin.settled):
        return
    params: dict[str, Any] = dict(scope.get("path_params") or {})
    named = [p for p in OBJECTS if p in params]
    first = min(named, key=lambda p: getattr(route, "path", "").index("{" + p)) if named else None
    notes = origin.notes
    detail: dict[str, Any] = {"request": f"{scope['method']} {scope['path']}"}
    query = _query(scope)
    if query:
        detail["query"] = query
    detail |= {k: v for k, v in params.items() if k != first}
    detail |= notes.get("detail", {})
    store: Store = scope["app"].state.store
    audit.record_now(
        store,
        actor=origin.actor,
        action=kind,
        object_type=OBJECTS[first] if first else _PLURAL.get(kind, kind),
        object_id=notes.get("object_id", params.get(first) if first else _own(kind, origin)),
        rows=notes.get("rows"),
        detail=detail,
        result="ok" if ok else "refused" if status < 500 else "failed",
        refusal=None if ok else _message(body, status),
        status=None if ok else status,
    )


_PLURAL = {
    "lead_list": "leads",
    "market_read": "models",
    "campaign_read": "campaigns",
    "dataset_list": "datasets",
    "model_read": "models",
    "run_read": "runs",
    "referral_list": "referrals",
    "org_read": "orgs",
    "stats_read": "stats",
    "stats_export": "stats",
    "export": "leads",
    "access_list": "access",
    "access_request": "access_request",
    "alert_list": "alerts",
    "audit_read": "audit",
    "audit_verify": "audit",
    "assign": "leads",
    "login": "user",
    "logout": "user",
    "password_change": "user",
    "workbench_read": "workbench",
    "user_list": "users",
    "user_add": "user",
    "job_submit": "job",
    "job_read": "jobs",
    "job_cancel": "job",
    "schedule_create": "schedule",
    "schedule_delete": "schedule",
    "schedule_read": "schedules",
    "document_list": "documents",
}


def _own(kind: str, origin: audit.Origin) -> str | None:
    """The account itself is the object of signing out and of changing one's password."""
    return origin.actor if kind in ("login", "logout", "password_change") else None


def _query(scope: Scope) -> dict[str, str]:
    raw = scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(raw, keep_blank_values=True)
    found: dict[str, str] = {}
    for key, value in pairs:
        key = key[:64]
        found[key] = (found[key] + "," if key in found else "") + value[:_LIMIT]
    return found


def _message(body: bytes, status: int) -> str:
    """The ``error`` of the API's error body, else the status."""
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    error = parsed.get("error") if isinstance(parsed, dict) else None
    return error if isinstance(error, str) else f"HTTP {status}"
