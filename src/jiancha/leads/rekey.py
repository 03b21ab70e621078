"""Bringing a workspace made by an older version up to keyed fingerprints and masked titles.

Older versions fingerprinted a lead with an unkeyed SHA-256 of its identifiers, and kept no
masked title. When such a workspace is opened (it has no ``secret.key``), a secret is made and
written as ``secret.key.new``; then, in one transaction, every lead's fingerprint becomes
``HMAC(secret, old fingerprint)`` — exactly what :func:`jiancha.leads.build.fingerprint` now
computes for the same values, so re-running a model still finds its old leads — and its masked
title is written (its personal values masked by the model's columns, see
:mod:`jiancha.leads.personal`); only then is the file renamed ``secret.key``. A process that
dies in between leaves ``secret.key.new`` and the leads still without masked titles, and the
next open finishes the work with that same secret: leads without a masked title are exactly
the ones not yet re-keyed.

A workspace whose leads are keyed but whose ``secret.key`` is gone is refused: a new secret
would silently turn every old lead into a new one.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import bindparam, select, update

from jiancha.errors import JianchaError
from jiancha.governance.masking import known_values
from jiancha.leads.build import keyed
from jiancha.leads.personal import Personal, model_personal
from jiancha.store import Lead, Store, SupervisionModel
from jiancha.store.workspace import PENDING_SECRET, read_secret, write_secret

CHUNK = 2_000


def secure_leads(store: Store) -> None:
    """Make sure the workspace has its secret and every lead is keyed by it (see above)."""
    ws = store.workspace
    if ws.secret_path.exists():
        return
    pending = ws.home / PENDING_SECRET
    with store.session() as session:
        unkeyed = session.scalar(select(Lead.id).where(Lead.title_masked.is_(None)).limit(1))
        keyed_lead = session.scalar(select(Lead.id).where(Lead.title_masked.is_not(None)).limit(1))
    if keyed_lead is not None and not pending.exists():
        raise JianchaError(
            f"工作区密钥丢失：{ws.secret_path}",
            hint="线索指纹以该密钥生成，新密钥会使已有线索无法匹配；请从备份恢复该文件",
        )
    key = read_secret(pending) if pending.exists() else write_secret(pending)
    if unkeyed is not None:
        with store.session() as session:
            rekey(session, key)
    try:
        os.replace(pending, ws.secret_path)
    except FileNotFoundError:  # another process opening the workspace finished first
        if not ws.secret_path.exists():
            raise


def rekey(session: Any, key: bytes) -> int:
    """Key the fingerprints of the leads without a masked title and write their masked title;
    returns how many leads were changed."""
    models = {m.id: m for m in session.scalars(select(SupervisionModel))}
    personal: dict[int, Personal] = {}
    statement = (
        update(Lead)
        .where(Lead.id == bindparam("lead_id"))
        .values(fingerprint=bindparam("new_fingerprint"), title_masked=bindparam("masked"))
        .execution_options(synchronize_session=False)
    )
    changed, last = 0, 0
    while True:
        rows = session.execute(
            select(
                Lead.id,
                Lead.model_id,
                Lead.fingerprint,
                Lead.title,
                Lead.subject_type,
                Lead.subject_key,
                Lead.subject_name,
                Lead.evidence,
                Lead.explanation,
            )
            .where(Lead.title_masked.is_(None), Lead.id > last)
            .order_by(Lead.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return changed
        values = []
        for row in rows:
            if row.model_id not in personal:
                model = models.get(row.model_id)
                personal[row.model_id] = {} if model is None else model_personal(session, model)
            lead = {
                "subject_type": row.subject_type,
                "subject_key": row.subject_key,
                "subject_name": row.subject_name,
                "evidence": row.evidence,
                "explanation": row.explanation,
                "personal": personal[row.model_id],
            }
            values.append(
                {
                    "lead_id": row.id,
                    "new_fingerprint": keyed(key, row.fingerprint),
                    "masked": known_values(lead)(row.title),
                }
            )
        session.connection().execute(statement, values)
        changed += len(values)
        last = rows[-1].id
