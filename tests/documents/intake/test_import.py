"""``documents import``: one row per defendant through the real catalogue import (semantic types,
classification, quality, audit), the texts stored beside the version, all or nothing."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import func, select

from jiancha import catalogue
from jiancha.documents.extraction import extract
from jiancha.documents.intake import binds_for, import_documents
from jiancha.errors import JianchaError
from jiancha.modelling import install, load_spec
from jiancha.store import AuditEntry, Dataset, Store
from jiancha.store.models import Document
from tests.documents.intake.helpers import corpus_docs, corpus_lines, jsonl


def _rows(store: Store, name: str) -> list[dict[str, object]]:
    path = store.workspace.resolve(catalogue.show_dataset(store, name)["path"])
    with duckdb.connect() as con:
        table = con.execute("SELECT * FROM read_parquet(?) ORDER BY _row", [str(path)])
        names = [d[0] for d in table.description or []]
        return [dict(zip(names, row, strict=True)) for row in table.fetchall()]


def test_rows_per_defendant_typed_classified_and_linked_to_texts(
    store: Store, tmp_path: Path
) -> None:
    docs = corpus_docs(6)
    result = import_documents(store, corpus_lines(tmp_path, 6), "判决书")
    people = [(i, p) for i, t in docs for p in extract(i, t)["defendants"]]
    assert (result["documents"], result["rows"], result["doc_type"]) == (6, len(people), "judgment")
    assert result["errors"] == [] and result["version"] == 1
    shown = catalogue.show_dataset(store, "判决书")
    fields = {f["name"]: f for f in shown["fields"]}
    assert fields["姓名"]["semantic"] == "person_name"
    assert fields["公民身份号码"]["semantic"] == "id_card"
    assert (fields["在押"]["semantic"], fields["罚金"]["semantic"]) == ("boolean", "money")
    assert fields["刑期月数"]["type"] == "int64" and fields["文书日期"]["type"] == "date"
    assert {fields[n]["classification"] for n in ("姓名", "出生日期", "人员段落")} == {"sensitive"}
    assert shown["classification"] == "sensitive" and shown["format"] == "documents"
    with_digits = sum(1 for _, p in people if re.search(r"\d", p["name"]))
    assert shown["quality"]["姓名"]["invalid"] == with_digits  # de-identified names like 张3
    rows = _rows(store, "判决书")
    assert [(r["文书编号"], r["姓名"] or r["姓名__raw"]) for r in rows] == [
        (i, p["name"]) for i, p in people
    ]
    texts = dict(docs)
    with store.session() as session:
        stored = {d.doc_id: d for d in session.scalars(select(Document))}
        assert set(stored) == set(texts)
        for row in rows:
            doc = stored[str(row["文书编号"])]
            assert doc.text == texts[doc.doc_id] and doc.version == 1
            assert doc.sha256 == hashlib.sha256(doc.text.encode()).hexdigest()
            spans = json.loads(str(row["原文位置"]))["defendant"]
            start, end = spans["person"]
            assert row["人员段落"] == doc.text[start:end].strip()  # text is stripped
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
        assert entry is not None and (entry.object_id, entry.rows) == ("判决书", len(people))


def test_an_unreadable_document_fails_the_import_unless_skipped(
    store: Store, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "in.jsonl", corpus_docs(2), '{"id": "坏", "text": ""}')
    with pytest.raises(JianchaError) as refused:
        import_documents(store, path, "判决书")
    assert "1 份文书" in refused.value.message and "坏" in refused.value.message
    with store.session() as session:
        assert session.scalar(select(func.count(Dataset.id))) == 0
        assert session.scalar(select(func.count(Document.id))) == 0
    assert list(store.workspace.data_dir.iterdir()) == []
    done = import_documents(store, path, "判决书", skip_errors=True)
    assert done["documents"] == 2 and done["errors"] == [
        {"id": "坏", "error": "文书“坏”的内容为空"}
    ]
    with store.session() as session:
        assert session.scalar(select(func.count(Document.id))) == 2


def test_documents_never_replace_another_kind_of_dataset(store: Store, tmp_path: Path) -> None:
    csv = tmp_path / "名单.csv"
    csv.write_text("姓名\n张三\n", encoding="utf-8")
    catalogue.import_source(store, catalogue.open_file(csv), "名单")
    with pytest.raises(JianchaError, match="不是文书数据集"):
        import_documents(store, corpus_lines(tmp_path, 1), "名单")


SPEC = """
spec: 1
id: review-sample
version: 1.0.0
name: 样例
area: criminal
line: criminal_execution
kind: mining
risk: low
description: 样例
legal_basis: [《中华人民共和国刑法》第七十四条]
inputs:
  j:
    label: 刑事判决书
    fields: {document_id: text, name: person_name, recidivist: boolean,
             probation_months: integer, issuer: org}
steps:
  - from: j
  - filter: "recidivist AND probation_months IS NOT NULL"
lead:
  subject: {type: person, key: name, name: name}
  title: "{name}"
  evidence: [document_id, name]
"""


def test_binds_for_installs_a_template_over_a_document_dataset(
    store: Store, tmp_path: Path
) -> None:
    import_documents(store, corpus_lines(tmp_path, 2), "判决书")
    spec = load_spec(SPEC, "sample.yaml")
    pairs = binds_for(spec, {"j": "判决书"})
    assert pairs == [
        "j=判决书",
        "j.document_id=文书编号",
        "j.name=姓名",
        "j.recidivist=累犯",
        "j.probation_months=缓刑考验期月数",
        "j.issuer=制作机关",
    ]
    installed = install(store, spec, pairs)
    assert installed["bindings"]["j"]["fields"]["probation_months"] == "缓刑考验期月数"
