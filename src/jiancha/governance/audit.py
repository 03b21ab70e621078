"""留痕: the append-only audit trail, each entry chained to the one before by its SHA-256.

An entry says who did what, when, to which object and how many rows, from where (``client``:
``api:<address>`` for a request to the API, ``cli:<operating-system user>`` for a command,
``local`` otherwise) and with what result (``result``: ``ok``, or ``refused`` / ``failed`` /
``killed`` with the ``refusal`` shown and, over the API, the HTTP ``status``); the two are kept in
``detail`` and hashed with the rest. Where an entry comes from is the ``Origin`` of the request or
command being served (a context variable that the API's middleware and the command line set),
which also counts the entries written for it, so that one entry per request or command can be
made sure of (``jiancha.api.audit_trail``, ``jiancha.cli.trail``). Its hash covers a
length-framed encoding of every field plus the previous entry's hash (64 zeros for the first),
so changing, deleting, inserting or reordering a stored row breaks the chain where it happened
(``audit_check.verify`` says where). Entries are appended inside the caller's transaction: the
trail records a change exactly when the change commits. Appends are serialised (one dialect
difference, in ``_serialise``) so that two writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from jiancha.store import AuditEntry, Store
from jiancha.store.models import utcnow

GENESIS = "0" * 64
LOCK_KEY = 0x4A69616E436861  # "JianCha": the advisory lock that serialises appends (PostgreSQL)

ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "import": "导入数据集",
    "run": "运行模型",
    "lead_move": "线索流转",
    "assign": "分派线索",
    "referral": "移送线索",
    "referral_decision": "处理移送",
    "lead_read": "查看线索证据",
    "lead_source_rows": "查看线索的源数据行",
    "export": "导出线索",
    "supervision_action": "制发监督文书",
    "feedback": "登记反馈",
    "draft": "生成文书草稿",
    "attachment_read": "下载附件",
    "stats_export": "导出统计报表",
    "access_request": "提出数据申请",
    "access_decision": "审批数据申请",
    "grant_revoked": "撤销数据使用授权",
    "unmasked_view": "查看未脱敏信息",
    "breaker_tripped": "数据访问熔断",
    "breaker_lifted": "解除熔断",
    "dataset_owner": "指定数据集所属检察院",
    "lead_list": "查看、检索线索列表",
    "lead_history": "查看线索流转记录",
    "lead_records": "查看线索的文书、反馈、评论和附件",
    "comment": "评论线索",
    "attachment_upload": "上传附件",
    "referral_list": "查看移送记录",
    "run_failed": "模型运行失败或被中止",
    "run_read": "查看运行记录",
    "dataset_list": "查看数据目录",
    "dataset_classify": "设置数据分级",
    "model_read": "查看模型",
    "model_install": "安装模型",
    "org_read": "查看检察院",
    "org_add": "新增检察院",
    "org_alias": "添加检察院别名",
    "stats_read": "查看效能统计",
    "lead_retally": "核对线索计数",
    "access_list": "查看数据申请与授权",
    "alert_list": "查看安全告警",
    "breaker_limits": "设置熔断阈值",
    "audit_read": "查看留痕",
    "audit_verify": "校验留痕",
    "audit_anchor": "锚定留痕",
    "logout": "退出登录",
    "password_change": "修改密码",
    "user_add": "新增用户",
    "user_list": "查看用户",
    "user_unlock": "解除锁定",
    "user_deactivate": "停用账号",
    "user_activate": "启用账号",
    "token_issue": "签发 API 令牌",
    "token_revoke": "吊销 API 令牌",
    "dataset_read": "查看数据集质量报告",
    "job_submit": "提交后台任务",
    "job_read": "查看后台任务",
    "job_cancel": "取消后台任务",
    "schedule_create": "创建定时运行",
    "schedule_delete": "删除定时运行",
    "schedule_read": "查看定时运行",
    "workbench_read": "查看工作台",
    "user_role": "调整用户角色",
    "document_list": "查看文书列表",
    "document_read": "查看文书原文",
    "lead_signoff": "线索成案审批或复核",
    "market_read": "查看模型超市",
    "market_submit": "提交模型上架",
    "market_decision": "模型上架审查",
    "model_adopt": "采用模型",
    "campaign_read": "查看专项",
    "campaign_create": "创建专项",
    "campaign_start": "启动专项",
    "campaign_stop": "停止专项",
    "builder_preview": "构建器预览模型",
    "builder_save": "在构建器中保存模型",
}

RESULTS = ("ok", "refused", "failed", "killed")


@dataclass
class Origin:
    """Where the entries being written come from: one API request or one command.

    ``client`` is ``api:<address>`` or ``cli:<user>``; ``actor`` the account signed in (API) or
    the operator (command line), once known; ``written`` how many entries were appended for it,
    ``settled`` whether one of them already says it did not succeed; ``notes`` what a generic
    entry for it should carry (``note``)."""

    client: str
    actor: str | None = None
    written: int = 0
    settled: bool = False
    notes: dict[str, Any] = field(default_factory=dict)


_origin: ContextVar[Origin | None] = ContextVar("jiancha_audit_origin", default=None)


def begin(client: str, actor: str | None = None) -> Origin:
    """Start serving a request or command from ``client``: later entries say so."""
    origin = Origin(client=client[:200], actor=actor)
    _origin.set(origin)
    return origin


def end() -> None:
    _origin.set(None)


def current_origin() -> Origin | None:
    return _origin.get()


def note(**values: Any) -> None:
    """What the entry of the current request or command should carry when it is written
    generically (``rows``, ``object_id``, ``detail``); ignored outside one."""
    origin = _origin.get()
    if origin is not None:
        origin.notes.update(values)


def utc_micro(at: datetime) -> datetime:
    """``at`` as an aware UTC datetime: SQLite reads back naive UTC, PostgreSQL aware."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC)


def canonical_json(detail: Any) -> str:
    return json.dumps(
        detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def _frame(value: str | None) -> bytes:
    if value is None:
        return b"\x00"
    data = value.encode("utf-8")
    return b"\x01" + len(data).to_bytes(8, "big") + data


def entry_hash(entry: AuditEntry, seq: int | None = None) -> str:
    """The hash ``entry`` should carry (as if numbered ``seq``, when given)."""
    fields = (
        str(entry.seq if seq is None else seq),
        utc_micro(entry.at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        entry.actor,
        entry.action,
        entry.object_type,
        entry.object_id,
        None if entry.rows is None else str(entry.rows),
        canonical_json(entry.detail),
        entry.prev_hash,
    )
    return hashlib.sha256(b"".join(_frame(f) for f in fields)).hexdigest()


def _serialise(session: Session) -> None:
    """Hold the append lock until the transaction ends, before the head is read."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:  # SQLite: a write that changes nothing takes the database's single write lock now
        session.execute(text("UPDATE audit_entries SET seq = seq WHERE seq < 0"))


def head(session: Session) -> tuple[int, str]:
    """The latest entry's (seq, hash), or (0, GENESIS) for an empty trail."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (row[0], row[1])


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    rows: int | None = None,
    detail: dict[str, Any] | None = None,
    result: str = "ok",
    refusal: str | None = None,
    status: int | None = None,
) -> AuditEntry:
    """Append one entry inside the caller's transaction, marked with where it comes from and
    its ``result`` (with the ``refusal`` shown, and the HTTP ``status``, when not ``ok``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if result not in RESULTS:
        raise ValueError(f"unknown audit result {result!r}")
    origin = _origin.get()
    marks: dict[str, Any] = {"client": "local" if origin is None else origin.client}
    marks["result"] = result
    if refusal is not None:
        marks["refusal"] = refusal[:1000]
    if status is not None:
        marks["status"] = status
    _serialise(session)
    seq, prev = head(session)
    entry = AuditEntry(
        seq=seq + 1,
        at=utc_micro(utcnow()),
        actor=actor[:200],  # the columns' width: a refused request may bring any string
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id)[:200],
        rows=rows,
        detail=json.loads(canonical_json((detail or {}) | marks)),
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    if origin is not None:
        origin.written += 1
        origin.settled = origin.settled or result != "ok"
    return entry


def record_now(store: Store, **fields: Any) -> AuditEntry:
    """Append one entry in a transaction of its own (for reads, which change nothing else)."""
    with store.session() as session:
        return record(session, **fields)


def sign_in(session: Session, username: str, failure: str | None) -> None:
    """A sign-in attempt, successful when ``failure`` (the message shown) is None."""
    name = username[:200]  # a failed attempt may bring any string
    action = "login" if failure is None else "login_failed"
    detail = {} if failure is None else {"reason": failure}
    result = "ok" if failure is None else "refused"
    record(
        session,
        actor=name,
        action=action,
        object_type="user",
        object_id=name,
        detail=detail,
        result=result,
        refusal=failure,
    )
