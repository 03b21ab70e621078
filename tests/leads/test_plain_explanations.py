"""Explanations a prosecutor understands: spec labels filled with the run's values, conditions
read aloud with the bound Chinese column names, and the technical details kept apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiancha.leads import list_leads
from jiancha.modelling import SpecInvalid, install, load_spec, load_spec_file
from jiancha.modelling.plain import Names, say
from jiancha.runs import run_model
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid
from tests.templates.harness import pid as template_pid
from tests.templates.harness import run_template
from tests.templates.test_custodial_sentence_not_executed import ID, TABLES

IDENTIFIER = re.compile(r"[A-Za-z_]{2,}")


def test_the_custodial_template_reads_as_a_prosecutor_writes(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 60})
    lead = next(x for x in leads if x["subject_key"] == template_pid(1))
    texts = [step["text"] for step in lead["explanation"]]
    assert texts == [
        "逐条审查刑事判决",
        "判决书载明的公民身份号码可以识别",
        "判决书中判处实刑（有期徒刑、拘役、无期徒刑）且未宣告缓刑",
        "审前未被羁押（取保候审、监视居住）",
        "判决生效已逾 60 日",  # the run's value, not the default 30
        "监狱收押名册中找不到此人",
    ]
    steps = {step["step"]: step for step in lead["explanation"]}
    assert steps[3]["values"] == {"刑种": "有期徒刑", "是否缓刑": False}
    assert steps[5]["values"] == {"判决生效日期": "2025-01-15"}
    assert steps[6]["values"] == {"判决日期": "2025-01-02", "公民身份号码": template_pid(1)}
    assert steps[3]["rows"] == [
        {"input": "j", "label": "刑事判决", "dataset": "刑事判决", "version": 1, "row": 2}
    ]
    assert steps[6]["rows"] == []  # no row: that is the point of an anti-join
    technical = steps[5]["technical"]
    assert technical["condition"] == "effective_date <= current_date - :grace_days"
    assert technical["parameters"] == {"grace_days": 60, "current_date": "2025-06-30"}
    assert "label: 判决生效已逾 {grace_days} 日" in technical["spec_step"]
    assert technical["sql"].startswith("SELECT") and "$grace_days" in technical["sql"]


def test_a_spec_without_labels_still_reads_in_chinese(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)  # no label anywhere
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    with store.session() as session:
        lead = next(x for x in list_leads(session) if x["subject_key"] == pid(1))
    texts = [step["text"] for step in lead["explanation"]]
    assert texts == [
        "逐条检查“刑事判决”",
        "刑罚 属于 “有期徒刑”、“拘役” 且 并非 是否缓刑",
        "审前强制措施 属于 “取保候审”、“监视居住”",
        "判决生效日期 不晚于 运行当日前 30 日（宽限天数）",
        "在“监狱收押”中找不到身份证号与公民身份号码相同的记录",
    ]
    for step in lead["explanation"]:
        assert not IDENTIFIER.search(step["text"]), step["text"]
        assert all(not IDENTIFIER.search(name) for name in step["values"]), step["values"]
        assert ":" not in step["text"]


NAMES = Names(
    columns={
        "sentence_type": "刑种",
        "probation": "是否缓刑",
        "effective_date": "判决生效日期",
        "p.intake_date": "监狱收押的收押日期",
        "amount": "金额",
        "name": "姓名",
    },
    parameters={"custodial": ("实刑刑种", "有期徒刑、拘役、无期徒刑"), "n": ("", "3")},
    dates=frozenset({"effective_date", "p.intake_date"}),
    numbers=frozenset({"amount"}),
)


@pytest.mark.parametrize(
    ("condition", "spoken"),
    [
        (
            "sentence_type IN :custodial AND NOT coalesce(probation, false)",
            "刑种 属于 实刑刑种（有期徒刑、拘役、无期徒刑）且 并非 是否缓刑",
        ),
        ("amount <> 0 OR name IS NULL", "金额 不等于 0 或 姓名 为空"),
        ("p.intake_date >= effective_date", "监狱收押的收押日期 不早于 判决生效日期"),
        ("effective_date < current_date", "判决生效日期 早于 运行当日"),
        ("amount > :n", "金额 大于 3"),
        ("name IS NOT NULL AND name NOT IN ('甲', '乙')", "姓名 不为空 且 姓名 不属于 “甲”、“乙”"),
        ("name LIKE '%公司%'", "姓名 包含 “公司”"),
        (
            "p.intake_date BETWEEN effective_date AND effective_date + INTERVAL 180 DAY",
            "监狱收押的收押日期 在 判决生效日期 与 判决生效日期后 180 日 之间",
        ),
        ("count(*) >= 10 AND max(amount) > 5", "记录数 不小于 10 且 金额的最大值 大于 5"),
        ("upper_bound(amount, 2) = 1", "upper_bound（金额，2）等于 1"),
    ],
)
def test_conditions_read_aloud(condition: str, spoken: str) -> None:
    assert say(condition, NAMES) == spoken


SPEC = """spec: 1
id: label-check
version: 1.0.0
name: 说明检查
area: criminal
line: criminal_execution
kind: collision
risk: low
parameters:
  grace_days: {type: integer, default: 30, label: 宽限天数}
inputs:
  j:
    fields: {person_id: id_card, effective_date: date}
steps:
  - from: j
  - filter: "effective_date <= current_date - :grace_days"
    label: {label}
lead:
  subject: {type: person, key: person_id}
  title: "{person_id}"
  evidence: [person_id]
"""


def _spec(label: str) -> str:
    return SPEC.replace("{label}", label, 1)


def test_labels_are_optional_and_may_name_parameters() -> None:
    spec = load_spec(_spec("判决生效已逾 {grace_days} 日"))
    assert [s.label for s in spec.steps] == ["", "判决生效已逾 {grace_days} 日"]
    assert spec.steps[1].kind == "filter"


def test_a_label_naming_an_unknown_parameter_is_refused_at_its_line() -> None:
    with pytest.raises(SpecInvalid) as error:
        load_spec(_spec("判决生效已逾 {grace_day} 日，{person_id}"))
    problems = [(p.line, p.message) for p in error.value.problems]
    assert problems == [
        (17, "第 2 步的说明 label 中的 `{grace_day}` 不是模型的参数，是否应为 `{grace_days}`？"),
        (17, "第 2 步的说明 label 中的 `{person_id}` 不是模型的参数（可用参数：grace_days）"),
    ]


def test_a_label_alone_or_beside_two_kinds_is_refused() -> None:
    alone = _spec("x").replace(
        '  - filter: "effective_date <= current_date - :grace_days"\n    label: x\n',
        "  - label: 只有说明\n",
    )
    with pytest.raises(SpecInvalid) as error:
        load_spec(alone)
    assert [p.message for p in error.value.problems] == [
        "第 2 步只有说明 label，缺少步骤类型（如 filter:）"
    ]
    two = _spec("x").replace("    label: x\n", "    label: x\n    select: [person_id]\n")
    with pytest.raises(SpecInvalid) as error:
        load_spec(two)
    assert "只能有一个步骤类型" in error.value.problems[0].message
