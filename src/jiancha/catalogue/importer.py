"""Importing a source into the catalogue as a new dataset version, all or nothing.

The version is written to a locked folder of its own in ``staging/`` first; only when every row
has been read and standardised and the figures computed is the file moved into ``data/`` and
the version recorded, in one transaction. Any failure (bad input, a full disk, Ctrl-C) removes
what was written, so the catalogue is exactly as it was before; what a killed process could not
remove is removed the next time the store is opened (``catalogue.staging``).
"""

from __future__ import annotations

import getpass
import itertools
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jiancha import identifiers
from jiancha.ahead import Prefetched
from jiancha.catalogue import warmup
from jiancha.catalogue.memory import small_pages
from jiancha.catalogue.quality import DistinctTally, distinct_counts
from jiancha.catalogue.schema import SAMPLE_SIZE, FieldPlan, SchemaFile, dataset_level, plan_fields
from jiancha.catalogue.sources import RAW_SUFFIX, Source
from jiancha.catalogue.staging import import_area, tag_of
from jiancha.catalogue.standardise import Standardiser
from jiancha.catalogue.writing import write_version
from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.store import Dataset, DatasetField, DatasetVersion, Store
from jiancha.store.models import utcnow

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportResult:
    name: str
    version: int
    rows: int
    seconds: float
    standardise_seconds: float
    source_format: str
    encoding: str | None
    invalid: int


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 200:
        raise JianchaError(f"数据集名称无效：“{name}”", hint="名称不能为空，且不超过 200 个字符")
    if any(ch in cleaned for ch in "/\\") or any(ord(ch) < 32 for ch in cleaned):
        raise JianchaError(f"数据集名称“{name}”含有不允许的字符（/、\\ 或控制字符）")
    return cleaned


def current_user() -> str:
    return os.environ.get("JIANCHA_USER") or getpass.getuser()


def import_source(
    store: Store,
    source: Source,
    name: str,
    *,
    schema: SchemaFile | None = None,
    progress: Progress | None = None,
    actor: str | None = None,
    on_recorded: Callable[[Session, DatasetVersion], None] | None = None,
) -> ImportResult:
    """Read, standardise and register ``source`` as the next version of dataset ``name``;
    ``actor``: who imports (a background job's creator), else the operator (``current_user``);
    ``on_recorded``: called inside the transaction that records the version, so whatever it
    writes (a document import's texts) lands with the version or not at all."""
    name = check_name(name)
    small_pages()  # the process's policy for the many short-lived buffers of an import
    warmup.start()  # libraries loaded while the first batch is read
    started = time.perf_counter()
    batches = source.batches()
    first = next((b for b in batches if b.num_rows), None)
    if first is None:
        raise JianchaError(f"{source.display_name} 只有表头，没有数据行")
    ahead = Prefetched(batches)  # the next batches parsed while the fields are planned
    try:
        samples = [c.slice(0, SAMPLE_SIZE).to_pylist() for c in first.columns]
        plans = plan_fields(source.header, samples, schema, _previous_plans(store, name))
        standardiser = Standardiser(plans)
        ws = store.workspace
        moved: Path | None = None
        try:
            with import_area(ws) as area:
                staging = area / "version.parquet"
                tally = DistinctTally([p.name for p in plans])
                try:
                    spent = write_version(
                        standardiser, itertools.chain([first], ahead), staging, progress, tally
                    )
                finally:
                    standardiser.close()
                # the source's digest (re-reading a file) while DuckDB counts the columns the
                # tally left: both release the GIL
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiancha-digest") as pool:
                    digesting = pool.submit(source.fingerprint)
                    distinct = tally.counts() | distinct_counts(staging, tally.left, area)
                    digest = digesting.result()
                with store.session() as session:
                    dataset = _dataset(session, name, schema, plans)
                    version = _version(
                        dataset, source, standardiser, distinct, digest, tag_of(area)
                    )
                    version.imported_by = actor or version.imported_by
                    version.seconds = round(time.perf_counter() - started, 3)
                    session.flush()
                    audit.record(session, **_audited(version, name, digest))
                    if on_recorded is not None:
                        on_recorded(session, version)
                    target = ws.resolve(version.storage_path)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging, target)
                    moved = target
        except BaseException as exc:
            if moved is not None:
                moved.unlink(missing_ok=True)
            if isinstance(exc, IntegrityError):
                raise JianchaError(f"另一个导入正在写入数据集“{name}”，请稍后重试") from None
            raise
        return ImportResult(
            name=name,
            version=version.version,
            rows=standardiser.rows,
            seconds=time.perf_counter() - started,
            standardise_seconds=spent,
            source_format=source.format,
            encoding=source.encoding,
            invalid=sum(q.invalid for q in standardiser.quality.values()),
        )
    finally:
        ahead.close()


def _audited(version: DatasetVersion, name: str, digest: str) -> dict[str, Any]:
    """The audit entry of an import: who imported how many rows of which file."""
    detail = {"version": version.version, "source": version.source_name, "sha256": digest}
    return {
        "actor": version.imported_by,
        "action": "import",
        "object_type": "dataset",
        "object_id": name,
        "rows": version.rows,
        "detail": detail,
    }


def _dataset(
    session: Session, name: str, schema: SchemaFile | None, plans: list[FieldPlan]
) -> Dataset:
    """The dataset called ``name`` (created if new), its description and level updated."""
    dataset = session.scalar(select(Dataset).where(Dataset.name == name))
    if dataset is None:
        dataset = Dataset(name=name, description="", classification="internal")
        session.add(dataset)
        session.flush()
    if schema and schema.description is not None:
        dataset.description = schema.description
    if schema and schema.classification:
        dataset.classification, dataset.classification_manual = schema.classification, True
    elif not dataset.classification_manual:
        dataset.classification = dataset_level(plans)
    return dataset


def _version(
    dataset: Dataset,
    source: Source,
    standardiser: Standardiser,
    distinct: dict[str, int],
    digest: str,
    tag: str,
) -> DatasetVersion:
    """The next version of ``dataset`` with one field record per plan, added to the session."""
    number = max((v.version for v in dataset.versions), default=0) + 1
    version = DatasetVersion(
        version=number,
        rows=standardiser.rows,
        source_name=source.display_name,
        source_format=source.format,
        source_sha256=digest,
        source_bytes=source.size_bytes,
        encoding=source.encoding,
        sheet=source.sheet,
        storage_path=f"data/{dataset.id}/v{number}-{tag}.parquet",
        imported_at=utcnow(),
        imported_by=current_user(),
        seconds=0.0,
    )
    for position, plan in enumerate(standardiser.plans):
        quality = standardiser.quality[plan.name]
        version.fields.append(
            DatasetField(
                position=position,
                name=plan.name,
                type=type_name(plan.semantic.storage),
                semantic=plan.semantic.name,
                semantic_source=plan.semantic_source,
                classification=plan.classification,
                classification_manual=plan.classification_manual,
                raw_column=plan.name + RAW_SUFFIX if plan.semantic.keeps_raw else None,
                missing=quality.missing,
                invalid=quality.invalid,
                distinct=distinct[plan.name],
                invalid_examples=quality.examples,
            )
        )
    dataset.versions.append(version)
    return version


def _previous_plans(store: Store, name: str) -> dict[str, FieldPlan]:
    with store.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.name == name))
        if dataset is None or not dataset.versions:
            return {}
        return {
            f.name: FieldPlan(
                f.name,
                identifiers.get(f.semantic),
                f.semantic_source,
                f.classification,
                f.classification_manual,
            )
            for f in dataset.latest.fields
        }


def type_name(storage: pa.DataType) -> str:
    """A short, engine-neutral name of a storage type."""
    names = {
        pa.string(): "string",
        pa.int64(): "int64",
        pa.float64(): "float64",
        pa.bool_(): "bool",
        pa.date32(): "date",
        pa.timestamp("us"): "timestamp",
    }
    if storage in names:
        return names[storage]
    if pa.types.is_decimal(storage):
        return f"decimal({storage.precision},{storage.scale})"
    return str(storage)
