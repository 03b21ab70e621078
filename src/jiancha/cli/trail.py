"""One audit entry (留痕) per command that reaches data or decides something, with its result.

``begin`` (the root command's callback) starts an ``audit.Origin`` for the invocation:
``cli:<operating-system user>@<host>`` is where it comes from, the operator (``JIANCHA_USER``,
else the operating-system user) is who acts unless the command names an account (``--user``,
``--by``). ``output.handled``, which every command's work runs in, says which command runs
(``started``) and what refused it (``refused``). When the invocation ends, a command listed in
``COMMAND_KINDS`` that succeeded without its own code writing an entry gets one of its kind, and
one that was refused gets one marked ``refused`` with the message shown — unless its code
already wrote one that says so. Commands not listed reach no stored data (``NOT_AUDITED``).
"""

from __future__ import annotations

import getpass
import importlib
import os
import socket
from pathlib import Path
from typing import Any

import typer

from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.store import open_store, open_workspace


def current_user() -> str:
    """The operator: ``JIANCHA_USER``, else the operating-system user (as an import records
    it; not imported from ``catalogue``, which would load the import engine for every command)."""
    return os.environ.get("JIANCHA_USER") or getpass.getuser()


# command path → (audit kind, object type)
COMMAND_KINDS: dict[str, tuple[str, str]] = {
    "dataset import": ("import", "dataset"),
    "dataset list": ("dataset_list", "datasets"),
    "dataset show": ("dataset_read", "dataset"),
    "dataset classify": ("dataset_classify", "dataset"),
    "dataset owner": ("dataset_owner", "dataset"),
    "model install": ("model_install", "model"),
    "model sql": ("model_read", "model"),
    "model run": ("run", "model"),
    "leads list": ("lead_list", "leads"),
    "leads show": ("lead_read", "lead"),
    "leads export": ("export", "leads"),
    "leads move": ("lead_move", "lead"),
    "leads history": ("lead_history", "lead"),
    "leads retally": ("lead_retally", "leads"),
    "leads act": ("supervision_action", "lead"),
    "leads feedback": ("feedback", "action"),
    "leads comment": ("comment", "lead"),
    "leads attach": ("attachment_upload", "lead"),
    "leads records": ("lead_records", "lead"),
    "leads draft": ("draft", "lead"),
    "leads assign": ("assign", "leads"),
    "leads refer": ("referral", "lead"),
    "leads referrals": ("referral_list", "referrals"),
    "leads accept": ("referral_decision", "referral"),
    "leads decline": ("referral_decision", "referral"),
    "user add": ("user_add", "user"),
    "user list": ("user_list", "users"),
    "user unlock": ("user_unlock", "user"),
    "user token": ("token_issue", "user"),
    "user revoke-token": ("token_revoke", "token"),
    "user deactivate": ("user_deactivate", "user"),
    "user activate": ("user_activate", "user"),
    "org add": ("org_add", "org"),
    "org alias": ("org_alias", "org"),
    "org list": ("org_read", "orgs"),
    "access request": ("access_request", "dataset"),
    "access list": ("access_list", "access"),
    "access approve": ("access_decision", "access_request"),
    "access refuse": ("access_decision", "access_request"),
    "access grants": ("access_list", "access"),
    "access revoke": ("grant_revoked", "grant"),
    "breaker alerts": ("alert_list", "alerts"),
    "breaker lift": ("breaker_lifted", "user"),
    "breaker limits": ("breaker_limits", "user"),
    "audit verify": ("audit_verify", "audit"),
    "audit list": ("audit_read", "audit"),
    "audit anchor": ("audit_anchor", "audit"),
    "stats": ("stats_read", "stats"),
    "stats ledgers": ("stats_read", "stats"),
    "job list": ("job_read", "jobs"),
    "job show": ("job_read", "job"),
    "job cancel": ("job_cancel", "job"),
    "model schedule": ("schedule_create", "schedule"),
    "model schedules": ("schedule_read", "schedules"),
    "model unschedule": ("schedule_delete", "schedule"),
    "documents import": ("import", "dataset"),
    "documents rules": ("model_install", "model"),
    "leads signoff": ("lead_signoff", "lead"),
    "market submit": ("market_submit", "model"),
    "market decide": ("market_decision", "model"),
    "market queue": ("market_read", "models"),
    "market card": ("market_read", "model"),
    "market versions": ("market_read", "model"),
    "market diff": ("market_read", "model"),
    "market list": ("market_read", "models"),
    "market show": ("market_read", "model"),
    "campaign create": ("campaign_create", "campaign"),
    "campaign start": ("campaign_start", "campaign"),
    "campaign stop": ("campaign_stop", "campaign"),
    "campaign list": ("campaign_read", "campaigns"),
    "campaign show": ("campaign_read", "campaign"),
    "campaign run": ("run", "campaign"),
}
NOT_AUDITED: dict[str, str] = {
    "init": "只创建工作区",
    "serve": "启动服务；经 API 的每次操作另行留痕",
    "worker": "执行后台任务；每个任务中的导入、运行各自留痕",
    "demo": "用生成的演示数据建立工作区；其中每次导入、运行各自留痕",
    "demo generate": "只生成演示数据文件，不读写工作区",
    "eval": "在临时工作区中评估模板，不读写本工作区",
    "model schema": "只输出模型规范的 JSON Schema",
    "model validate": "只检查给出的模型文件，不读写工作区",
    "documents extract": "只抽取给出的文书，不读写工作区",
}
# The parameter naming the account that acts, where it is not ``account`` (``--user``).
ACTOR_PARAMS = {
    "access request": "user",
    "access approve": "by",
    "access refuse": "by",
    "access revoke": "by",
}
_HIDDEN = frozenset({"as_json", "password"})


def begin(ctx: typer.Context) -> None:
    """Start the invocation's origin; its entry is settled when the invocation ends."""
    where = f"cli:{getpass.getuser()}@{socket.gethostname()}"
    origin = audit.begin(where, actor=current_user())
    home: Path | None = ctx.obj["home"] if ctx.obj else None
    ctx.call_on_close(lambda: _close(origin, home))


def started() -> None:
    """Note which command runs (called when its work starts)."""
    origin = audit.current_origin()
    leaf = _current_context()
    if origin is None or leaf is None or "command" in origin.notes:
        return
    names: list[str] = []
    ctx = leaf
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    origin.notes["command"] = " ".join(reversed(names))
    origin.notes["params"] = dict(leaf.params)
    arguments = [p.name for p in leaf.command.params if p.param_type_name == "argument"]
    origin.notes["arguments"] = arguments


def _current_context() -> Any:
    """The context of the command running now. Typer keeps its own copy of Click (``typer._click``
    in recent versions), whose contexts the real Click does not see; either is asked."""
    for module in ("typer._click.globals", "click.globals"):
        try:
            found = importlib.import_module(module).get_current_context(silent=True)
        except ImportError:
            continue
        if found is not None:
            return found
    return None


def refused(message: str, result: str = "refused") -> None:
    """Note what refused the command."""
    origin = audit.current_origin()
    if origin is not None:
        origin.notes.setdefault("refusal", (result, message))


def _close(origin: audit.Origin, home: Path | None) -> None:
    try:
        _settle(origin, home)
    except JianchaError:
        pass  # no workspace to record in: the command itself could not have used one
    finally:
        audit.end()


def _settle(origin: audit.Origin, home: Path | None) -> None:
    notes = origin.notes
    found = COMMAND_KINDS.get(notes.get("command", ""))
    if found is None:
        return
    result, refusal = notes.get("refusal", ("ok", None))
    if (result == "ok" and origin.written) or (result != "ok" and origin.settled):
        return
    kind, object_type = found
    params: dict[str, Any] = notes["params"]
    named = params.get(ACTOR_PARAMS.get(notes["command"], "account"))
    actor = named if isinstance(named, str) else None
    arguments: list[str] = notes["arguments"]
    object_id = params.get(arguments[0]) if arguments else None
    if isinstance(object_id, list | tuple):
        object_id = ",".join(str(x) for x in object_id)
    detail = {"command": f"jiancha {notes['command']}"}
    detail |= {k: _plain(v) for k, v in params.items() if k not in _HIDDEN and v is not None}
    store = open_store(open_workspace(home))
    try:
        audit.record_now(
            store,
            actor=actor or origin.actor or current_user(),
            action=kind,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id)[:200],
            detail=detail,
            result=result,
            refusal=refusal,
        )
    finally:
        store.close()


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
