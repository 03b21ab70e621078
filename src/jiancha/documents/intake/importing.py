"""``jiancha documents import``: documents → extracted fields → one row per defendant, imported
as a dataset version through the catalogue (standardised, classified, quality-checked, audited),
with each document's original text and extraction stored beside the version; then the review
models marked to run on import (``runs.triggers.after_import``).

All or nothing: a document that cannot be read fails the whole import unless ``skip_errors``;
documents of more than one type are refused, naming the odd ones.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.catalogue import import_source
from jiancha.catalogue.importer import check_name
from jiancha.documents.intake.columns import DOC_TYPE_LABELS, columns, rows_for, schema_for
from jiancha.documents.intake.extracting import Extracted, extract_all
from jiancha.documents.intake.reading import read_documents
from jiancha.documents.intake.source import FORMAT, RowsSource, digest_of
from jiancha.errors import JianchaError
from jiancha.store import Dataset, DatasetVersion, Store
from jiancha.store.models import Document, utcnow

Progress = Callable[[str, int], None]
SHOWN = 20


def _listed(bad: Sequence[Extracted]) -> str:
    lines = [f"  - {e.id}：{e.error}" for e in bad[:SHOWN]]
    if len(bad) > SHOWN:
        lines.append(f"  - ……另有 {len(bad) - SHOWN} 份")
    return "\n".join(lines)


def _usable(items: list[Extracted]) -> tuple[list[Extracted], list[Extracted]]:
    good: list[Extracted] = []
    bad: list[Extracted] = []
    for item in items:
        if item.doc is not None and not item.doc.get("defendants"):
            item = Extracted(item.id, error="文书中没有识别出被告人（犯罪嫌疑人）")
        (good if item.doc is not None else bad).append(item)
    return good, bad


def _one_type(good: list[Extracted]) -> str:
    kinds = Counter(str(e.doc["doc_type"]) for e in good if e.doc)
    chosen = kinds.most_common(1)[0][0]
    odd = [e for e in good if e.doc and e.doc["doc_type"] != chosen]
    if odd:
        names = "、".join(
            f"{e.id}（{DOC_TYPE_LABELS.get(str(e.doc and e.doc['doc_type']))}）"
            for e in odd[:SHOWN]
        )
        raise JianchaError(
            f"一个数据集只能有一种文书；多数为{DOC_TYPE_LABELS[chosen]}，"
            f"以下 {len(odd)} 份不是：{names}",
            hint="请把不同种类的文书分开导入不同的数据集",
        )
    return chosen


def _check_dataset(store: Store, name: str, doc_type: str) -> None:
    """A new version of an existing dataset must be documents of the same type."""
    with store.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.name == name))
        if dataset is None or not dataset.versions:
            return
        if dataset.latest.source_format != FORMAT:
            raise JianchaError(f"数据集“{name}”不是文书数据集，不能导入文书", hint="请换一个名称")
        before = session.scalar(
            select(Document.doc_type).where(
                Document.dataset_id == dataset.id, Document.version == dataset.latest.version
            )
        )
        if before is not None and before != doc_type:
            raise JianchaError(
                f"数据集“{name}”是{DOC_TYPE_LABELS.get(before, before)}数据集，"
                f"不能导入{DOC_TYPE_LABELS[doc_type]}",
                hint="请换一个名称",
            )


def _texts_writer(good: list[Extracted]) -> Callable[[Session, DatasetVersion], None]:
    """Writes the texts in the transaction that records the version: both or neither."""

    def write(session: Session, version: DatasetVersion) -> None:
        now = utcnow()
        for item in good:
            doc, text = item.doc or {}, item.text or ""
            session.add(
                Document(
                    dataset_id=version.dataset_id,
                    version=version.version,
                    doc_id=item.id,
                    doc_type=str(doc["doc_type"]),
                    case_number=(str(doc["case_number"])[:200] if doc.get("case_number") else None),
                    doc_date=(str(doc["doc_date"])[:10] if doc.get("doc_date") else None),
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    extraction=doc,
                    text=text,
                    imported_at=now,
                )
            )

    return write


def _after_import(store: Store, name: str, account: str | None) -> list[dict[str, Any]]:
    from jiancha.runs.triggers import after_import  # runs import the catalogue: import late

    return list(after_import(store, name, account=account))


def import_documents(
    store: Store,
    path: Path,
    name: str,
    *,
    skip_errors: bool = False,
    actor: str | None = None,
    account: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Extract, check, import and store; ``actor`` imports (a job's creator, else the operator),
    ``account`` runs the triggered models (None: the local operator)."""
    name = check_name(name)
    tell = (lambda n: progress("extract", n)) if progress else None
    good, bad = _usable(list(extract_all(read_documents(path), tell)))
    if bad and not skip_errors:
        raise JianchaError(
            f"{len(bad)} 份文书无法读取或无法识别，未导入任何内容：\n{_listed(bad)}",
            hint="可用 --skip-errors 跳过这些文书，只导入其余的",
        )
    if not good:
        raise JianchaError(f"{path} 中没有可导入的文书：\n{_listed(bad)}")
    doc_type = _one_type(good)
    _check_dataset(store, name, doc_type)
    rows = [row for item in good for row in rows_for(item.doc or {}, item.text)]
    header = [c.name for c in columns(doc_type)]
    digest = digest_of([(item.id, item.text or "") for item in good])
    source = RowsSource(str(path), header, rows, digest)
    if progress:
        progress("import", len(rows))
    done = import_source(
        store,
        source,
        name,
        schema=schema_for(doc_type, str(path)),
        actor=actor,
        on_recorded=_texts_writer(good),
    )
    return {
        "name": done.name,
        "version": done.version,
        "documents": len(good),
        "rows": done.rows,
        "doc_type": doc_type,
        "invalid": done.invalid,
        "errors": [{"id": e.id, "error": e.error} for e in bad],
        "runs": _after_import(store, done.name, account),
    }
