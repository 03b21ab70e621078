"""Draft 检察建议书 and 纠正违法通知书 as .docx, filled from a lead, for the office to edit.

The template is a Word document with docxtpl tags. An office's own template at
``<workspace>/templates/documents/<kind>.docx`` takes precedence over the shipped one
(``jiancha/documents/templates``, built by ``scripts/make_document_templates.py``); the variables
it may use are listed in :data:`VARIABLES`. Personal identifiers are masked unless the caller
asks for the draft unmasked. The document carries nothing internal (lead number, drafter,
verification state, masking remark): it is sent to another body. Those reminders go to the
person drafting instead (:class:`Draft`: the terminal of ``jiancha leads draft``, a response
header of the API).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from jiancha import clock
from jiancha.documents import wording
from jiancha.documents.facts import LeadFacts, gather
from jiancha.documents.redact import Redactor
from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.leads.workflow import STATES
from jiancha.store import Store, Workspace

KINDS: dict[str, str] = {"suggestion": "检察建议书", "correction_notice": "纠正违法通知书"}
NUMBER_MARKS = {"suggestion": "建", "correction_notice": "纠"}
PLACEHOLDER_ORG = "××人民检察院"
PLACEHOLDER_RECEIVER = "××（被建议/被监督单位）"
SHIPPED = Path(__file__).with_name("templates")
VARIABLES = {
    "org_name": "检察院名称",
    "title": "文书名称",
    "document_no": "文书编号",
    "receiver": "主送单位",
    "opening": "开头（案件来源）",
    "facts": "查明的事实（段落列表）",
    "problems": "存在的问题及法律依据（段落列表）",
    "requests": "建议或纠正意见（段落列表）",
    "reply": "回复要求",
    "date": "落款日期",
    "legal_basis": "模型的法律依据（列表）",
    "model_name": "模型名称",
}
REVIEW = "草稿须经承办检察官核实、修改并按规定审批后方可制发"


@dataclass(frozen=True)
class Draft:
    """A draft document and the reminders for the person drafting it (never in the document)."""

    data: bytes
    lead_id: int
    status: str
    """The lead's state when drafted."""
    unmasked: bool
    drafted_by: str
    drafted_on: dt.date

    @property
    def verified(self) -> bool:
        return self.status in wording.VERIFIED

    @property
    def header(self) -> str:
        """ASCII for a response header (``X-Draft-Status``): ``verified`` or ``unverified``."""
        return "verified" if self.verified else "unverified"

    def reminders(self) -> list[str]:
        """What the person drafting must keep in mind, in Chinese (the old 附注)."""
        lines = [
            f"本文书为根据线索 {self.lead_id} 自动生成的草稿（{self.drafted_by}，"
            f"{self.drafted_on.isoformat()}），{REVIEW}。"
        ]
        if not self.verified:
            state = STATES.get(self.status, self.status)
            lines.append(f"该线索当前为“{state}”，尚未核查属实。")
        lines.append(
            "文中个人信息未脱敏，请按规定使用。"
            if self.unmasked
            else "文中公民身份号码、手机号码、姓名已脱敏。"
        )
        return lines


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        known = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
        raise JianchaError(f"没有“{kind}”这种可起草的文书", hint=f"可用：{known}")
    return KINDS[kind]


def template_path(workspace: Workspace, kind: str) -> Path:
    """The office's own template of ``kind`` if it has one, else the shipped template."""
    own = workspace.home / "templates" / "documents" / f"{kind}.docx"
    return own if own.is_file() else SHIPPED / f"{kind}.docx"


def draft_document(
    store: Store,
    lead_id: int,
    kind: str,
    *,
    user: str,
    unmasked: bool = False,
    grants: list[int] | None = None,
) -> bytes:
    """The draft of ``kind`` for lead ``lead_id`` as .docx bytes (see :func:`draft_for_lead`)."""
    return draft_for_lead(store, lead_id, kind, user=user, unmasked=unmasked, grants=grants).data


def draft_for_lead(
    store: Store,
    lead_id: int,
    kind: str,
    *,
    user: str,
    unmasked: bool = False,
    grants: list[int] | None = None,
) -> Draft:
    """The draft of ``kind`` for lead ``lead_id`` (masked unless ``unmasked``; the caller has
    checked the unmasking ``grants``, which the audit entry records), with its reminders."""
    check_kind(kind)
    with store.session() as session:
        facts = gather(session, lead_id, kind)
    if facts.status == "rejected":
        raise JianchaError(f"线索 {lead_id} 已核查不属实，不能起草监督文书")
    context = _context(kind, facts, unmasked)
    path = template_path(store.workspace, kind)
    try:
        template = DocxTemplate(path)
        template.render(context, autoescape=True)
    except jinja2.TemplateError as error:
        raise JianchaError(
            f"文书模板有误：{path}：{error}", hint="可用变量：" + "、".join(VARIABLES)
        ) from None
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise JianchaError(f"文书模板不是有效的 Word（.docx）文件：{path}") from None
    out = io.BytesIO()
    template.save(out)
    detail: dict[str, Any] = {"kind": kind, "unmasked": unmasked}
    if unmasked:
        detail["grants"] = grants or []
    audit.record_now(
        store, actor=user, action="draft", object_type="lead", object_id=lead_id, detail=detail
    )
    return Draft(out.getvalue(), lead_id, facts.status, unmasked, user, clock.china_today())


def _context(kind: str, facts: LeadFacts, unmasked: bool) -> dict[str, Any]:
    today = clock.china_today()
    issued = facts.issued
    if issued is not None:
        day = dt.date.fromisoformat(issued.issued_on)
        date = f"{day.year}年{day.month}月{day.day}日"
    else:
        date = f"{today.year}年××月××日"
    context: dict[str, Any] = {
        "org_name": facts.org_name or PLACEHOLDER_ORG,
        "title": KINDS[kind],
        "document_no": issued.document_no
        if issued
        else f"×检×{NUMBER_MARKS[kind]}〔{today.year}〕×号",
        "receiver": issued.receiver if issued else facts.jurisdiction or PLACEHOLDER_RECEIVER,
        "opening": wording.opening(kind, facts),
        "facts": wording.facts_section(facts),
        "problems": wording.problems(kind, facts),
        "requests": wording.requests(kind, facts),
        "reply": wording.reply(kind, facts),
        "date": date,
        "legal_basis": list(facts.spec.legal_basis),
        "model_name": facts.spec.name,
    }
    return context if unmasked else _masked(context, Redactor(facts))


def _masked(value: Any, redact: Redactor) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_masked(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, redact) for k, v in value.items()}
    return value
