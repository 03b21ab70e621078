"""The column registry against the shipped document templates: every field of every input of
every ``review-*`` and ``three-docs-*`` template is a column of the document type it reads."""

from __future__ import annotations

from jiancha.documents.intake import binds_for
from jiancha.documents.intake.columns import columns, input_doc_type, rows_for
from jiancha.templates import load_templates

TYPES = {"judgment", "indictment", "police_recommendation"}


def test_every_template_field_is_a_document_column() -> None:
    shipped = [t for t in load_templates() if t.id.startswith(("review-", "three-docs-"))]
    assert len(shipped) >= 12
    for spec in shipped:
        chosen = {n: input_doc_type(n, str(i.label)) for n, i in spec.inputs.items()}
        assert set(chosen.values()) <= TYPES, (spec.id, chosen)
        datasets = {n: f"ds-{kind}" for n, kind in chosen.items()}
        pairs = binds_for(spec, datasets)
        for name, spec_input in spec.inputs.items():
            known = {c.field: c.name for c in columns(str(chosen[name]))}
            assert f"{name}=ds-{chosen[name]}" in pairs
            for field in spec_input.fields:
                assert f"{name}.{field}={known[field]}" in pairs, (spec.id, name, field)


def test_an_input_reads_the_type_named_before_its_bracket() -> None:
    assert input_doc_type("c", "起诉书（引用该起诉意见书的起诉书）") == "indictment"
    assert input_doc_type("c", "刑事判决书（引用该起诉书的判决书）") == "judgment"
    assert input_doc_type("x", "起诉意见书") == "police_recommendation"
    assert input_doc_type("r", "其他") == "police_recommendation"


def test_rows_for_an_indictment_one_row_per_defendant() -> None:
    text = "甲乙丙丁戊己庚辛壬癸"
    doc = {
        "id": "起诉-1",
        "doc_type": "indictment",
        "doc_type_label": "起诉书",
        "case_number": "七新检刑诉〔2024〕74号",
        "prosecutor_office": "七新区人民检察院",
        "court": "七新区人民法院",
        "police_number": None,
        "spans": {"case_number": [0, 2]},
        "defendants": [
            {
                "name": "张三",
                "charges": ["盗窃罪", "诈骗罪"],
                "measures": [
                    {"type": "刑事拘留", "date": "2024-01-02"},
                    {"type": "逮捕", "date": None},
                ],
                "detained_before_judgment": True,
                "rec_term_min": 6,
                "spans": {"person": [2, 5], "recommendation": [5, 8]},
            },
            {"name": "李四", "charges": [], "measures": [], "spans": {}},
        ],
    }
    first, second = rows_for(doc, text)
    assert list(first) == [c.name for c in columns("indictment")]
    assert (first["人员序号"], second["人员序号"]) == (1, 2)
    assert first["制作机关"] == "七新区人民检察院" and first["受理法院"] == "七新区人民法院"
    assert first["罪名"] == "盗窃罪、诈骗罪" and second["罪名"] is None
    assert first["强制措施"] == "2024-01-02 刑事拘留；日期不详 逮捕"
    assert first["最后强制措施"] == "逮捕" and first["在押"] is True
    assert (first["人员段落"], first["量刑建议段落"]) == ("丙丁戊", "己庚辛")
    assert first["建议刑期下限月数"] == 6 and second["人员段落"] is None
