"""The columns of a document dataset, per document type: Chinese header, English field (the name
templates use), semantic type and classification — and the rows one document gives (one per
defendant). Pure: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jiancha.catalogue.schema import FieldSpec, SchemaFile

DOC_TYPES = ("judgment", "indictment", "police_recommendation")
DOC_TYPE_LABELS = {
    "judgment": "刑事判决书",
    "indictment": "起诉书",
    "police_recommendation": "起诉意见书",
}
PROCEDURES = {"first_instance": "一审", "second_instance": "二审", "retrial": "再审"}
SENSITIVE = "sensitive"


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    semantic: str
    classification: str | None = None


COMMON = (
    Column("文书编号", "document_id", "text"),
    Column("文书类型", "doc_type_label", "text"),
    Column("文号", "case_number", "text"),
    Column("制作机关", "issuer", "org"),
    Column("文书日期", "doc_date", "date"),
    Column("人员序号", "defendant_no", "integer"),
    Column("姓名", "name", "person_name", SENSITIVE),
    Column("性别", "sex", "text"),
    Column("出生日期", "birth_date", "date", SENSITIVE),
    Column("公民身份号码", "id_number", "id_card", SENSITIVE),
    Column("罪名", "charges", "text"),
    Column("强制措施", "measures", "text"),
    Column("最后强制措施", "last_measure", "text"),
    Column("首次羁押日期", "custody_start", "date"),
    Column("在押", "detained", "boolean"),
    Column("涉案金额", "amount_yuan", "money"),
    Column("人员段落", "person_passage", "text", SENSITIVE),
    Column("罪名段落", "charge_passage", "text", SENSITIVE),
    Column("原文位置", "spans", "text"),
)
EXTRA = {
    "judgment": (
        Column("公诉机关", "prosecutor_office", "org"),
        Column("审理程序", "procedure", "text"),
        Column("起诉书文号", "indictment_number", "text"),
        Column("主刑", "principal_penalty", "text"),
        Column("刑期月数", "term_months", "integer"),
        Column("刑期余日", "term_days", "integer"),
        Column("缓刑考验期月数", "probation_months", "integer"),
        Column("罚金", "fine_yuan", "money"),
        Column("累犯", "recidivist", "boolean"),
        Column("刑期起始日期", "term_start", "date"),
        Column("刑期届满日期", "term_end", "date"),
        Column("判项段落", "sentence_passage", "text", SENSITIVE),
    ),
    "indictment": (
        Column("侦查机关", "investigating_agency", "org"),
        Column("起诉意见书文号", "police_number", "text"),
        Column("受理法院", "court", "org"),
        Column("建议主刑", "rec_penalty", "text"),
        Column("建议刑期下限月数", "rec_term_min", "integer"),
        Column("建议刑期上限月数", "rec_term_max", "integer"),
        Column("建议缓刑", "rec_probation", "boolean"),
        Column("建议罚金", "rec_fine_yuan", "money"),
        Column("量刑建议段落", "recommendation_passage", "text", SENSITIVE),
    ),
    "police_recommendation": (
        Column("侦查机关", "investigating_agency", "org"),
        Column("移送检察院", "prosecutor_office", "org"),
    ),
}
ISSUER = {
    "judgment": "court",
    "indictment": "prosecutor_office",
    "police_recommendation": "investigating_agency",
}
PASSAGES = {
    "person_passage": "person",
    "charge_passage": "charges",
    "sentence_passage": "sentence",
    "recommendation_passage": "recommendation",
}
"""Passage column field → the defendant span it copies out of the text."""
DOC_LEVEL = {"prosecutor_office", "indictment_number", "investigating_agency"}
DOC_LEVEL |= {"police_number", "court", "procedure"}


def columns(doc_type: str) -> tuple[Column, ...]:
    """Every column of a dataset of ``doc_type`` documents, in order."""
    return COMMON + EXTRA[doc_type]


def schema_for(doc_type: str, source: str) -> SchemaFile:
    """The schema file the catalogue imports a ``doc_type`` dataset with."""
    specs = {c.name: FieldSpec(c.semantic, c.classification) for c in columns(doc_type)}
    label = DOC_TYPE_LABELS[doc_type]
    return SchemaFile(source, specs, description=f"{label}（每名被告人一行，由文书抽取）")


def _measures(measures: list[dict[str, Any]]) -> str | None:
    if not measures:
        return None
    return "；".join(f"{m.get('date') or '日期不详'} {m.get('type')}" for m in measures)


def _passage(text: str | None, span: Any) -> str | None:
    if text is None or not isinstance(span, list | tuple) or len(span) != 2:
        return None
    return text[int(span[0]) : int(span[1])] or None


def _value(field: str, doc: Mapping[str, Any], person: Mapping[str, Any], no: int) -> Any:
    doc_type = str(doc["doc_type"])
    measures = list(person.get("measures") or [])
    computed: dict[str, Any] = {
        "document_id": doc.get("id"),
        "issuer": doc.get(ISSUER[doc_type]),
        "defendant_no": no,
        "charges": "、".join(person.get("charges") or []) or None,
        "measures": _measures(measures),
        "last_measure": measures[-1].get("type") if measures else None,
        "detained": person.get("detained_before_judgment"),
        "spans": json.dumps(
            {"document": doc.get("spans") or {}, "defendant": person.get("spans") or {}},
            ensure_ascii=False,
            sort_keys=True,
        ),
    }
    if field in computed:
        return computed[field]
    if field == "procedure":
        return PROCEDURES.get(str(doc.get("procedure")))
    if field in DOC_LEVEL or field in ("doc_type_label", "case_number", "doc_date"):
        return doc.get(field)
    return person.get(field)


def rows_for(doc: Mapping[str, Any], text: str | None = None) -> list[dict[str, Any]]:
    """One row per defendant of an extracted document (Chinese column → value); the passage
    columns are cut out of ``text`` (the original) by the defendant's spans."""
    rows = []
    for no, person in enumerate(doc.get("defendants") or [], start=1):
        spans = person.get("spans") or {}
        row = {}
        for column in columns(str(doc["doc_type"])):
            if column.field in PASSAGES:
                row[column.name] = _passage(text, spans.get(PASSAGES[column.field]))
            else:
                row[column.name] = _value(column.field, doc, person, no)
        rows.append(row)
    return rows


def input_doc_type(name: str, label: str) -> str | None:
    """The document type a template's input reads: by its label (the words before any
    bracket: ``起诉书（引用该起诉意见书的起诉书）`` reads indictments), else by its usual name."""
    head = label.replace("(", "（").split("（", 1)[0]
    for word, doc_type in (("起诉意见书", "police_recommendation"), ("起诉书", "indictment")):
        if word in head:
            return doc_type
    if "判决" in head:
        return "judgment"
    return {"j": "judgment", "i": "indictment", "r": "police_recommendation"}.get(name)


def binds_for(spec: Any, datasets: Mapping[str, str]) -> list[str]:
    """``--bind`` pairs for a template whose inputs read document datasets: ``i=起诉书`` and
    ``i.case_number=文号`` for every field of the input that is a document column (the name of
    an input not in ``datasets`` is left unbound, for ``install`` to name)."""
    pairs: list[str] = []
    for name, spec_input in spec.inputs.items():
        if name not in datasets:
            continue
        pairs.append(f"{name}={datasets[name]}")
        doc_type = input_doc_type(name, str(spec_input.label))
        known = {c.field: c.name for c in columns(doc_type)} if doc_type else {}
        if not known:
            known = {c.field: c.name for c in COMMON}
        pairs += [f"{name}.{f}={known[f]}" for f in spec_input.fields if f in known]
    return pairs
