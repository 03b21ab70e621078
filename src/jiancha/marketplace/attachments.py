"""Files attached to a publication decision (审查意见书、验证报告 …).

Kept in the workspace under their SHA-256, exactly where a lead's attachments are kept
(``attachments/<2 hex>/<sha256>``, see ``jiancha.leads.actions.attach``), and recorded on the
decision as ``{name, sha256, bytes}``. Of a name only its base name is kept, without control
characters. A file over ``MAX_BYTES`` is refused, as are more than ``MAX_FILES`` per decision.

Owns storing these files and finding one of a model's decisions. Must not touch the decisions
themselves (``decisions``).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import uuid
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from jiancha.errors import JianchaError, NotFound
from jiancha.store import PublicationDecision, Store

MAX_BYTES = 20 * 2**20
MAX_FILES = 10
UNNAMED = "附件"
_BLOCK = 1 << 20


class TooLarge(JianchaError):
    """A file over ``MAX_BYTES`` (HTTP 413 in the API)."""


def base_name(raw: str | None) -> str:
    """The base name of a file's name, without control or format characters."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C")).strip()
    return UNNAMED if cleaned in ("", ".", "..") else cleaned[:255]


def keep(store: Store, source: BinaryIO, name: str | None) -> dict[str, Any]:
    """Copy ``source`` into the workspace by its content hash: ``{name, sha256, bytes}``."""
    staging = store.workspace.staging_dir / f"{uuid.uuid4().hex}.decision"
    digest, size = hashlib.sha256(), 0
    shown = base_name(name)
    try:
        with staging.open("wb") as writer:
            while block := source.read(_BLOCK):
                size += len(block)
                if size > MAX_BYTES:
                    raise TooLarge(
                        f"附件“{shown}”超过 {MAX_BYTES // 2**20} MiB", hint="请压缩或拆分后再附"
                    )
                digest.update(block)
                writer.write(block)
        sha = digest.hexdigest()
        target = store.workspace.resolve(relative(sha))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return {"name": shown, "sha256": sha, "bytes": size}


def keep_files(store: Store, paths: list[Path]) -> list[dict[str, Any]]:
    """Each file of ``paths`` kept (the command line's ``--attach``)."""
    if len(paths) > MAX_FILES:
        raise JianchaError(f"每次审查最多附 {MAX_FILES} 个文件")
    kept = []
    for path in paths:
        if not path.is_file():
            raise JianchaError(f"附件不存在：{path}")
        with path.open("rb") as reader:
            kept.append(keep(store, reader, path.name))
    return kept


def relative(sha: str) -> str:
    return f"attachments/{sha[:2]}/{sha}"


def decision_file(store: Store, model_id: int, sha: str) -> tuple[Path, str]:
    """Where a file attached to one of model ``model_id``'s decisions is kept, and its name."""
    with store.session() as session:
        rows = session.scalars(
            select(PublicationDecision.attachments).where(PublicationDecision.model_id == model_id)
        )
        found = [a for files in rows for a in files or [] if a.get("sha256") == sha]
    if not found:
        raise NotFound("该模型的审查记录中没有这个附件")
    path = store.workspace.resolve(relative(sha))
    if not path.is_file():
        raise NotFound(f"附件“{found[0]['name']}”的文件不在工作区中", hint="请检查工作区是否完整")
    return path, str(found[0]["name"])
