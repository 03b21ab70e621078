"""Routes for files attached to a lead: upload (multipart) and download, signed in.

An upload is kept in the workspace under its SHA-256, exactly as ``jiancha leads attach`` keeps
a file (``jiancha.leads.actions.attach``). Of the name it came with only the base name is kept:
no directories (``../../etc/passwd`` is recorded as ``passwd``) and no control characters. A file
over ``MAX_UPLOAD`` bytes is refused with 413. Downloads are always ``attachment`` and
``application/octet-stream``, so a browser never renders an uploaded page.
"""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import FileResponse

from jiancha.api.errors import PRIVATE_ERRORS, TOO_LARGE, Refusal
from jiancha.api.guards import too_large
from jiancha.api.masking import mask_any
from jiancha.api.permissions import lead_permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schemas import AttachmentId, AttachmentOut, LeadId
from jiancha.governance import audit, breaker
from jiancha.leads.actions import attach, attachment_file

MAX_UPLOAD = 50 * 2**20  # bytes
UNNAMED = "附件"
_BLOCK = 1 << 20

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["附件"]
)


def safe_name(raw: str | None) -> str:
    """The base name of an uploaded file's name, without control or format characters."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C")).strip()
    return UNNAMED if cleaned in ("", ".", "..") else cleaned[:255]


def _audited(username: str, lead_id: int, attachment_id: int) -> dict[str, object]:
    detail = {"attachment": attachment_id}
    return {
        "actor": username,
        "action": "attachment_read",
        "object_type": "lead",
        "object_id": lead_id,
        "detail": detail,
    }


def _stage(source: BinaryIO, target: Path, limit: int) -> None:
    """Copy ``source`` to ``target``; refused (413) as soon as it passes ``limit`` bytes."""
    size = 0
    with target.open("wb") as writer:
        while block := source.read(_BLOCK):
            size += len(block)
            if size > limit:
                body = too_large(limit)
                raise Refusal(413, body["error"], hint=body["hint"])
            writer.write(block)


@router.post(
    "/leads/{lead_id}/attachments",
    summary="上传附件",
    description="multipart/form-data，文件放在 `file` 字段；按内容的 SHA-256 存入工作区，"
    "只保留文件名本身（去掉目录部分）。单个文件不超过 50 MiB。",
    responses=TOO_LARGE,
    dependencies=[lead_permission("leads.handle")],
)
def upload(
    lead_id: LeadId,
    file: Annotated[UploadFile, File(description="要附加的文件")],
    store: StoreDep,
    user: UserDep,
) -> AttachmentOut:
    staged = store.workspace.staging_dir / f"{uuid.uuid4().hex}.upload"
    try:
        _stage(file.file, staged, MAX_UPLOAD)
        added = attach(store, lead_id, staged, user.username, filename=safe_name(file.filename))
    finally:
        staged.unlink(missing_ok=True)
    return AttachmentOut.model_validate({**added, "filename": mask_any(added["filename"])})


@router.get(
    "/leads/{lead_id}/attachments/{attachment_id}",
    summary="下载附件",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "附件内容"}},
    dependencies=[lead_permission("leads.read")],
)
def download(
    lead_id: LeadId, attachment_id: AttachmentId, store: StoreDep, user: UserDep
) -> FileResponse:
    path, name = attachment_file(store, lead_id, attachment_id)
    breaker.consume(store, user.username, "evidence_reads")
    audit.record_now(store, **_audited(user.username, lead_id, attachment_id))
    return FileResponse(
        path,
        filename=name,
        media_type="application/octet-stream",
        headers={"X-Content-Type-Options": "nosniff"},
    )
