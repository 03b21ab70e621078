"""Anchors: the audit trail's head (seq, hash, time) kept outside the chain.

``anchor`` writes the head to the ``audit_anchors`` table and appends the same as one JSON line
to a file outside the database (by default ``<workspace>/audit-anchors.jsonl``). An auditor
should copy that file elsewhere — another machine, a write-once medium — after each anchor: the
table can be rewritten by whoever can rewrite the trail, the copy cannot. Every anchor whose seq
and hash the trail no longer contains proves that the log was cut back or replaced after it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.governance.audit import head, utc_micro
from jiancha.store import AuditAnchor
from jiancha.store.models import utcnow

ANCHOR_FILE = "audit-anchors.jsonl"


def anchor(session: Session, by: str, path: Path) -> AuditAnchor:
    """Record the head in ``audit_anchors`` and append it to ``path`` (one JSON line)."""
    seq, hash_ = head(session)
    row = AuditAnchor(seq=seq, hash=hash_, at=utc_micro(utcnow()), by=by)
    session.add(row)
    session.flush()
    line = {"seq": seq, "hash": hash_, "at": row.at.isoformat(), "by": by}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return row


def anchors(session: Session, path: Path | None) -> list[tuple[str, int, str]]:
    """Every anchor as (where it was read, seq, hash): the table's, then the file's lines."""
    found = [
        ("锚点表", a.seq, a.hash)
        for a in session.scalars(select(AuditAnchor).order_by(AuditAnchor.id))
    ]
    if path is None or not path.exists():
        return found
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            found.append((f"锚点文件第 {number} 行", int(data["seq"]), str(data["hash"])))
        except (ValueError, KeyError, TypeError):
            raise JianchaError(f"锚点文件 {path} 第 {number} 行无法读取") from None
    return found
