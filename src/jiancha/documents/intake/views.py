"""Stored documents as people see them: a page of the latest version's documents, and one
document's text, fields and highlights — masked unless the caller says ``unmasked`` (the route
decides whether they may). Reading only; who may call, the audit and the breaker belong to the
API route.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select

from jiancha.documents.intake.columns import DOC_TYPE_LABELS, ISSUER, columns
from jiancha.documents.intake.masking import (
    known_masks,
    mask_document_text,
    mask_fields,
    mask_name,
)
from jiancha.errors import JianchaError, NotFound
from jiancha.store import Dataset, DatasetVersion, Store
from jiancha.store.models import Document

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")
SPAN_LABELS = {
    "name": "姓名",
    "person": "人员段落",
    "charges": "罪名",
    "sentence": "判项段落",
    "recommendation": "量刑建议段落",
    "judgment_date": "文书日期",
}


def _latest() -> Any:
    return (
        select(func.max(DatasetVersion.version))
        .where(DatasetVersion.dataset_id == Document.dataset_id)
        .scalar_subquery()
    )


def _where(query: Q, dataset: str | None, visible: Collection[int] | None) -> Q:
    query = query.join(Dataset, Dataset.id == Document.dataset_id)
    query = query.where(Document.version == _latest())
    if dataset is not None:
        query = query.where(Dataset.name == dataset)
    if visible is not None:
        query = query.where(or_(Dataset.org_id.is_(None), Dataset.org_id.in_(list(visible))))
    return query


def list_documents(
    store: Store,
    *,
    dataset: str | None = None,
    text: str | None = None,
    offset: int = 0,
    limit: int = 50,
    visible: Collection[int] | None = None,
    unmasked: bool = False,
) -> tuple[int, list[dict[str, Any]]]:
    """The total and one page of documents (latest versions), searched by id or number."""
    query = _where(select(Document, Dataset.name), dataset, visible)
    if text:
        found = or_(
            Document.doc_id.contains(text, autoescape=True),
            Document.case_number.contains(text, autoescape=True),
        )
        query = query.where(found)
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        page = session.execute(
            query.order_by(Dataset.name, Document.id).offset(offset).limit(limit)
        ).all()
        items = [_summary(doc, name, unmasked) for doc, name in page]
    return total, items


def _summary(doc: Document, dataset: str, unmasked: bool) -> dict[str, Any]:
    people = doc.extraction.get("defendants") or []
    names = [str(p.get("name") or "") for p in people]
    return {
        "id": doc.doc_id,
        "dataset": dataset,
        "version": doc.version,
        "doc_type": doc.doc_type,
        "doc_type_label": DOC_TYPE_LABELS.get(doc.doc_type, doc.doc_type),
        "case_number": doc.case_number,
        "doc_date": doc.doc_date,
        "defendants": names if unmasked else [mask_name(n) for n in names],
        "masked": not unmasked,
    }


def find_document(
    store: Store, doc_id: str, dataset: str | None, visible: Collection[int] | None = None
) -> tuple[str, int]:
    """The dataset and row id of document ``doc_id`` in the latest version (404 if none)."""
    query = _where(select(Document.id, Dataset.name), dataset, visible)
    with store.session() as session:
        found = session.execute(query.where(Document.doc_id == doc_id)).all()
    if not found:
        where = f"数据集“{dataset}”中" if dataset else ""
        raise NotFound(f"{where}没有编号为“{doc_id}”的文书")
    if len(found) > 1:
        names = "、".join(sorted(str(name) for _, name in found))
        raise JianchaError(
            f"文书编号“{doc_id}”在多个数据集中都有（{names}）", hint="请用 dataset 指定"
        )
    return str(found[0][1]), int(found[0][0])


def _labels(doc_type: str) -> dict[str, str]:
    labels = {c.field: c.name for c in columns(doc_type)} | SPAN_LABELS
    labels[ISSUER[doc_type]] = "制作机关"
    return labels


def highlights(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every span the extractor recorded, with the Chinese name of its field."""
    labels = _labels(str(doc.get("doc_type")))
    found: list[tuple[int | None, str, Any]]
    found = [(None, f, s) for f, s in (doc.get("spans") or {}).items()]
    for no, person in enumerate(doc.get("defendants") or [], start=1):
        found += [(no, f, s) for f, s in (person.get("spans") or {}).items()]
    return [
        {
            "field": f,
            "label": labels.get(f, f),
            "start": int(s[0]),
            "end": int(s[1]),
            "defendant_no": no,
        }
        for no, f, s in found
        if isinstance(s, list | tuple) and len(s) == 2
    ]


def show_document(
    store: Store,
    doc_id: str,
    dataset: str | None = None,
    *,
    visible: Collection[int] | None = None,
    unmasked: bool = False,
) -> dict[str, Any]:
    """One document: its text and fields (masked unless ``unmasked``) and its highlights."""
    name, row_id = find_document(store, doc_id, dataset, visible)
    with store.session() as session:
        doc = session.get(Document, row_id)
        assert doc is not None
        fields, text = dict(doc.extraction), doc.text
        version, doc_type = doc.version, doc.doc_type
    known = known_masks(fields)
    return {
        "id": doc_id,
        "dataset": name,
        "version": version,
        "doc_type": doc_type,
        "doc_type_label": DOC_TYPE_LABELS.get(doc_type, doc_type),
        "text": text if unmasked else mask_document_text(text, known),
        "masked": not unmasked,
        "fields": fields if unmasked else mask_fields(fields, known),
        "highlights": highlights(fields),
    }
