"""Columns a model computes are named in Chinese: by the spec's ``columns:``, else by what
computes them when that reads as Chinese, else by the step that made them — never SQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiancha.leads import list_leads
from jiancha.leads.evidence_labels import labels, lead_evidence_labels
from jiancha.leads.reasons import Reasons
from jiancha.modelling import SPEC_SCHEMA, SpecInvalid, compile_spec, install, load_spec
from jiancha.runs import run_model
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

CUSTODIAL = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
SLUG = "custodial-sentence-not-executed"
TAIL = "right(person_id, 4) || '号'"  # reads only as SQL: right（…）与“号”
DERIVE = "  - derive: {days_overdue: \"date_diff('day', effective_date, current_date)\"}\n"
ASCII = re.compile(r"[A-Za-z]")


def _spec(derive: str, columns: str = "", evidence: str = "name, person_id") -> str:
    text = CUSTODIAL.replace(DERIVE, DERIVE + derive).replace(
        "evidence: [name, person_id, court, sentence_type, pretrial_measure, effective_date]",
        f"evidence: [{evidence}]",
    )
    return text.replace("lead:\n", f"{columns}lead:\n", 1) if columns else text


def _reasons(text: str) -> Reasons:
    spec = load_spec(text, "m.yaml")
    return Reasons(compile_spec(spec), {"grace_days": 30})


def test_columns_names_computed_columns_first() -> None:
    text = _spec(
        f'  - derive: {{tail: "{TAIL}"}}\n    label: 取身份证号末四位\n',
        "columns:\n  tail: 身份证号末四位\n  days_overdue: 判决生效至今天数\n",
    )
    spec = load_spec(text, "m.yaml")
    assert spec.columns == {"tail": "身份证号末四位", "days_overdue": "判决生效至今天数"}
    reasons = _reasons(text)
    assert reasons.columns["tail"] == "身份证号末四位"
    assert reasons.columns["days_overdue"] == "判决生效至今天数"
    shown = labels(reasons, ["tail", "days_overdue", "name", "p.intake_date"])
    assert shown == {
        "tail": "身份证号末四位",
        "days_overdue": "判决生效至今天数",
        "name": "name",  # no bindings here: the field itself (installed models have them)
        "p.intake_date": "intake_date",
    }


def test_an_unnamed_column_that_reads_only_as_sql_is_named_by_its_step() -> None:
    labelled = _reasons(
        _spec(f'  - derive: {{tail: "{TAIL}", end: "{TAIL}"}}\n    label: 取末四位\n')
    )
    assert labelled.columns["tail"] == "取末四位所得值"
    assert labelled.columns["end"] == "取末四位所得值（2）"  # two of one step stay apart
    bare = _reasons(_spec(f'  - derive: {{tail: "{TAIL}"}}\n'))
    assert bare.columns["days_overdue"] == "计算所得值"  # unbound fields: identifiers only
    assert bare.columns["tail"] == "计算所得值（2）"


def test_a_name_for_a_column_no_step_makes_is_refused_at_its_line() -> None:
    text = _spec("", "columns:\n  days_overdu: 判决生效至今天数\n  court: 法院\n")
    with pytest.raises(SpecInvalid) as error:
        load_spec(text, "m.yaml")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "days_overdu:" in x)
    assert [(p.line, p.column, p.message) for p in error.value.problems] == [
        (line, 3, "列名称 columns 中的 `days_overdu` 不是模型计算的列，是否应为 `days_overdue`？"),
        (line + 1, 3, "列名称 columns 中的 `court` 不是模型计算的列（模型计算的列：days_overdue）"),
    ]
    without = text.replace(DERIVE, "").replace("，生效逾{days_overdue}日", "")
    with pytest.raises(SpecInvalid, match="模型没有 derive 或 aggregate 步骤计算的列"):
        load_spec(without, "m.yaml")


def test_a_name_must_be_text() -> None:
    with pytest.raises(SpecInvalid, match=r"`columns.days_overdue`应为文本"):
        load_spec(_spec("", "columns:\n  days_overdue: [1]\n"), "m.yaml")
    assert "columns" in SPEC_SCHEMA["properties"]


def test_named_and_unnamed_columns_on_a_real_lead(store: Store, tmp_path: Path) -> None:
    """Explanation values and evidence names of a run lead: the ``columns:`` name, or the
    step's 「…所得值」, never the SQL that computes the column."""
    load_county(store, tmp_path)
    derive = f'  - derive: {{tail: "{TAIL}"}}\n    label: 取身份证号末四位\n'
    filtered = derive + "  - filter: \"tail <> ''\"\n    label: 末四位不为空\n"
    install(store, load_spec(_spec(filtered, evidence="name, tail, days_overdue")), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        lead = next(x for x in list_leads(session) if x["subject_key"] == pid(1))
        names = lead_evidence_labels(session, lead["id"])
    step = next(s for s in lead["explanation"] if s["text"] == "末四位不为空")
    assert list(step["values"]) == ["取身份证号末四位所得值"]
    assert names == {
        "name": "姓名",
        "tail": "取身份证号末四位所得值",
        "days_overdue": "判决生效日期至运行当日相隔的天数",
    }
    assert all(not ASCII.search(n) for n in names.values())
