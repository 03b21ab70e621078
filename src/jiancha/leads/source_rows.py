"""The source rows behind one step of a lead's explanation, masked (「查看源数据」).

A lead keeps, per step, the row numbers (``_row``) of the input rows it was read from, and the
run that found it recorded which version of each dataset it read. This module reads those rows
back from that version's Parquet file and masks every personal value by its column's semantic
type or classification (``jiancha.governance.masking``), so that a prosecutor can see the
records a sentence rests on. Reading only: it never changes a lead, a run or a dataset; who may
call it, and the audit entry and circuit breaker, belong to the API route.
"""

from __future__ import annotations

from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import NotFound
from jiancha.governance.masking import PERSONAL_TYPES, mask_any, mask_value
from jiancha.leads.explain import render
from jiancha.leads.values import plain
from jiancha.store import Dataset, DatasetVersion, Lead, Run, Store

SECRET_LEVELS = ("sensitive", "core")


def step_rows(store: Store, lead_id: int, step: int) -> dict[str, Any]:
    """``{"step", "text", "rows": [{"input", "label", "dataset", "version", "row", "values"}]}``:
    the rows step ``step`` of lead ``lead_id`` read, their values masked, keyed by the dataset's
    own column names."""
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise NotFound(f"没有编号为 {lead_id} 的线索")
        run = session.get(Run, lead.first_run_id)
        entries = render(None if run is None else run.explanation, lead.explanation)
        entry = next((e for e in entries if e.get("step") == step), None)
        if entry is None:
            raise NotFound(f"线索 {lead_id} 的命中原因没有第 {step} 步")
        rows = [
            ref | {"values": _read(store, session, ref)}
            for ref in entry.get("rows") or []
            if ref.get("dataset") is not None and ref.get("row") is not None
        ]
    return {"step": step, "text": entry.get("text", ""), "rows": rows}


def _read(store: Store, session: Session, ref: dict[str, Any]) -> dict[str, Any]:
    version = session.scalar(
        select(DatasetVersion)
        .join(Dataset, DatasetVersion.dataset_id == Dataset.id)
        .where(Dataset.name == ref["dataset"], DatasetVersion.version == ref["version"])
    )
    if version is None:
        return {}
    path = store.workspace.resolve(version.storage_path)
    if not path.is_file():
        return {}
    with duckdb.connect() as con:
        found = con.execute(
            "SELECT * FROM read_parquet(?) WHERE _row = ? LIMIT 1", [str(path), ref["row"]]
        ).fetchall()
        names = [d[0] for d in con.description or []]
    if not found:
        return {}
    row = dict(zip(names, found[0], strict=True))
    return {
        f.name: _masked(plain(row.get(f.name)), f.semantic, f.classification)
        for f in version.fields
    }


def _masked(value: Any, semantic: str, level: str) -> Any:
    if semantic in PERSONAL_TYPES:
        return mask_value(value, semantic)
    if level in SECRET_LEVELS:
        return mask_value(value, "sensitive")
    return mask_any(value)
