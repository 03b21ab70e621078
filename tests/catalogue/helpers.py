"""Helpers for catalogue tests: valid identifiers computed by stdnum, and catalogue snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from stdnum.cn import ric, uscc

from jiancha.store import Dataset, DatasetVersion, Store


def id18(region: str = "632123", born: str = "19800101", seq: str = "001") -> str:
    body = region + born + seq
    return body + ric.calc_check_digit(body + "0")


def credit_code(body: str = "91630100123456789") -> str:
    return body + uscc.calc_check_digit(body)


def snapshot(store: Store) -> dict[str, Any]:
    """Everything an import may change: rows in the metadata store and files in the workspace."""
    with store.session() as s:
        datasets = [(d.name, d.classification) for d in s.scalars(select(Dataset))]
        versions = [(v.dataset_id, v.version, v.rows) for v in s.scalars(select(DatasetVersion))]
    home = store.workspace.home
    files = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if p.is_file() and p.parent.name != "home" and "metadata.db" not in p.name
    )
    return {"datasets": datasets, "versions": versions, "files": files}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
