"""Read and edit the catalogue: dataset lists, one dataset's schema and quality, classification.

Returns plain dicts (the ``--json`` shapes of DESIGN's command-line contract) so that the
command line and the HTTP API show the same thing. Invalid examples in a quality report are
always masked (``catalogue.masked``); where the files lie on the server (a version's Parquet
path, the imported file's directory) is shown only to the local operator (``local=True``).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.catalogue.masked import masked_examples, public_source
from jiancha.errors import JianchaError, NotFound
from jiancha.identifiers import CLASSIFICATIONS
from jiancha.store import Dataset, DatasetVersion, Org, Store


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite hands back naive values; they were stored as UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _seen(dataset: Dataset, visible: Collection[int] | None) -> bool:
    return visible is None or dataset.org_id is None or dataset.org_id in visible


def _owner(session: Session, dataset: Dataset) -> str | None:
    org = None if dataset.org_id is None else session.get(Org, dataset.org_id)
    return None if org is None else org.code


def _find(session: Session, name: str, visible: Collection[int] | None = None) -> Dataset:
    dataset = session.scalar(select(Dataset).where(Dataset.name == name))
    if dataset is None or not dataset.versions or not _seen(dataset, visible):
        names = [
            d.name for d in session.scalars(select(Dataset)) if _seen(d, visible) and d.versions
        ]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"是否应为“{close[0]}”？" if close else "用 jiancha dataset list 查看已有数据集"
        raise NotFound(f"数据集“{name}”不存在", hint=hint)
    return dataset


def list_datasets(store: Store, visible: Collection[int] | None = None) -> list[dict[str, Any]]:
    """The catalogue; with ``visible``, only datasets owned by those offices or by none."""
    with store.session() as session:
        datasets = session.scalars(select(Dataset).order_by(Dataset.name)).all()
        return [
            {
                "name": d.name,
                "version": d.latest.version,
                "rows": d.latest.rows,
                "fields": len(d.latest.fields),
                "classification": d.classification,
                "org": _owner(session, d),
                "format": d.latest.source_format,
                "imported_at": _iso(d.latest.imported_at),
            }
            for d in datasets
            if d.versions and _seen(d, visible)
        ]


def _version_summary(v: DatasetVersion, local: bool = True) -> dict[str, Any]:
    return {
        "version": v.version,
        "rows": v.rows,
        "source": v.source_name if local else public_source(v.source_name, v.source_format),
        "format": v.source_format,
        "sha256": v.source_sha256,
        "encoding": v.encoding,
        "sheet": v.sheet,
        "imported_at": _iso(v.imported_at),
        "imported_by": v.imported_by,
        "seconds": v.seconds,
    }


def show_dataset(
    store: Store,
    name: str,
    version: int | None = None,
    visible: Collection[int] | None = None,
    *,
    local: bool = True,
) -> dict[str, Any]:
    """Schema, semantic types, row count and quality report of one version (default: latest).

    Invalid examples are masked. With ``local=False`` (the HTTP API) no server path is shown:
    no ``path``, and sources by their file name only.
    """
    with store.session() as session:
        dataset = _find(session, name, visible)
        chosen = dataset.latest
        if version is not None:
            match = [v for v in dataset.versions if v.version == version]
            if not match:
                known = "、".join(str(v.version) for v in dataset.versions)
                raise JianchaError(f"数据集“{name}”没有第 {version} 版", hint=f"已有版本：{known}")
            chosen = match[0]
        return {
            "name": dataset.name,
            "description": dataset.description,
            "classification": dataset.classification,
            "org": _owner(session, dataset),
            **_version_summary(chosen, local),
            **({"path": chosen.storage_path} if local else {}),
            "fields": [
                {
                    "name": f.name,
                    "type": f.type,
                    "semantic": f.semantic,
                    "semantic_source": f.semantic_source,
                    "classification": f.classification,
                    "raw_column": f.raw_column,
                }
                for f in chosen.fields
            ],
            "quality": {
                f.name: {
                    "rows": chosen.rows,
                    "missing": f.missing,
                    "invalid": f.invalid,
                    "distinct": f.distinct,
                    "examples": masked_examples(f.invalid_examples, f.semantic),
                }
                for f in chosen.fields
            },
            "versions": [_version_summary(v, local) for v in dataset.versions],
        }


def classify(store: Store, name: str, level: str, field: str | None = None) -> dict[str, Any]:
    """Set the classification of a dataset, or of one field of its latest version.

    A field set by hand keeps its level in later versions; raising a field above the
    dataset's level raises the dataset too (a dataset is as sensitive as its columns).
    """
    if level not in CLASSIFICATIONS:
        raise JianchaError(f"分级“{level}”无效", hint=f"可用 {'、'.join(CLASSIFICATIONS)}")
    with store.session() as session:
        dataset = _find(session, name)
        if field is None:
            floor = max(
                (f.classification for f in dataset.latest.fields), key=CLASSIFICATIONS.index
            )
            if CLASSIFICATIONS.index(level) < CLASSIFICATIONS.index(floor):
                raise JianchaError(
                    f"数据集“{name}”含有 {floor} 级字段，整体分级不能低于 {floor}",
                    hint="请先调整字段的分级",
                )
            dataset.classification, dataset.classification_manual = level, True
        else:
            fields = {f.name: f for f in dataset.latest.fields}
            if field not in fields:
                close = difflib.get_close_matches(field, list(fields), n=1)
                hint = f"是否应为“{close[0]}”？" if close else f"字段：{'、'.join(fields)}"
                raise JianchaError(f"数据集“{name}”没有字段“{field}”", hint=hint)
            fields[field].classification, fields[field].classification_manual = level, True
            levels = [f.classification for f in dataset.latest.fields]
            top = max(levels, key=CLASSIFICATIONS.index)
            raised = CLASSIFICATIONS.index(top) > CLASSIFICATIONS.index(dataset.classification)
            if raised or not dataset.classification_manual:
                dataset.classification = top
    return show_dataset(store, name)


def set_owner(store: Store, name: str, org_ref: str, by: str) -> dict[str, Any]:
    """Make office ``org_ref`` the owner of dataset ``name``: its leaders decide requests."""
    from jiancha.governance import audit
    from jiancha.governance.orgs import find_org

    with store.session() as session:
        dataset = _find(session, name)
        org = find_org(session, org_ref)
        before = _owner(session, dataset)
        dataset.org_id = org.id
        audit.record(
            session,
            actor=by,
            action="dataset_owner",
            object_type="dataset",
            object_id=dataset.name,
            detail={"from": before, "to": org.code},
        )
    return show_dataset(store, name)


__all__ = ["classify", "list_datasets", "set_owner", "show_dataset"]
