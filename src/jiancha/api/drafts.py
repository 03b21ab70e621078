"""Route for draft supervision documents: a lead's 检察建议书 or 纠正违法通知书 as .docx.

Masked by default; ``unmasked=true`` needs an active unmasking grant for every dataset the
lead's model reads, and the audit entry records the grants.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.permissions import lead_permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schemas import LeadId
from jiancha.documents import check_kind, draft_for_lead
from jiancha.governance import breaker
from jiancha.governance.access import unmask_for_lead

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS_HEADER = "X-Draft-Status"
"""``verified`` or ``unverified``: whether the lead was verified when drafted."""
router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["文书"]
)
Kind = Annotated[
    str, Query(description="suggestion（检察建议书）或 correction_notice（纠正违法通知书）")
]


def disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get(
    "/leads/{lead_id}/draft",
    summary="起草监督文书（Word）",
    description="按线索的事实、证据、模型比对过程和模型的法律依据填写文书模板，返回可编辑的 .docx "
    "草稿；工作区 `templates/documents/<kind>.docx` 有本院模板时用本院模板。个人信息默认脱敏；"
    "`unmasked=true` 须持有该线索所用每个数据集允许查看未脱敏信息的有效授权。文书中不含线索编号、"
    "起草人、核查状态等内部信息；响应头 `X-Draft-Status` 为 `verified`（线索已核查属实）或 "
    "`unverified`（尚未核查属实），草稿须经承办检察官核实、修改并按规定审批后方可制发。",
    response_class=Response,
    responses={
        200: {
            "content": {DOCX: {}},
            "description": "可编辑的 Word 草稿",
            "headers": {
                STATUS_HEADER: {
                    "description": "verified：线索已核查属实；unverified：尚未核查属实",
                    "schema": {"type": "string", "enum": ["verified", "unverified"]},
                }
            },
        }
    },
    dependencies=[lead_permission("leads.handle")],
)
def draft(
    lead_id: LeadId,
    kind: Kind,
    store: StoreDep,
    user: UserDep,
    unmasked: Annotated[bool, Query(description="不脱敏（须有授权）")] = False,
) -> Response:
    label = check_kind(kind)
    grants = unmask_for_lead(store, user.username, lead_id) if unmasked else []
    breaker.consume(store, user.username, "evidence_reads")
    done = draft_for_lead(
        store, lead_id, kind, user=user.username, unmasked=unmasked, grants=grants
    )
    name = f"线索{lead_id}-{label}（草稿）.docx"
    headers = {
        "Content-Disposition": disposition(name, f"lead-{lead_id}-{kind}-draft.docx"),
        "X-Content-Type-Options": "nosniff",
        STATUS_HEADER: done.header,  # the reminders stay out of the document (ASCII only)
    }
    return Response(content=done.data, media_type=DOCX, headers=headers)
