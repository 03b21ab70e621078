"""``model validate``: every error at once, each with its YAML line and column, in plain words."""

from __future__ import annotations

import json

import pytest

from jiancha.modelling import SPEC_SCHEMA, SpecInvalid, compile_spec, load_spec
from tests.modelling.fixtures import SPECS

GOOD = (SPECS / "custodial.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(SpecInvalid) as err:
        compile_spec(load_spec(text, "m.yaml"))
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_design_example_is_valid() -> None:
    spec = load_spec(GOOD, "custodial.yaml")
    compiled = compile_spec(spec)
    assert spec.id == "custodial-sentence-not-executed" and len(spec.steps) == 6
    assert compiled.relation.names()[-1] == "days_overdue"


def test_unknown_column_with_suggestion_and_line() -> None:
    text = GOOD.replace("AND NOT probation", "AND NOT probaton")
    line = line_of(text, "probaton")
    assert problems(text) == [
        f"第 {line} 行第 13 列：第 2 步（filter）：未知的列 `probaton`，是否应为 `probation`？"
    ]


def test_all_errors_reported_together() -> None:
    text = (
        GOOD.replace("kind: collision", "kind: colision")
        .replace("input: p,", "input: q,")
        .replace("evidence: [name,", "evidence: [nam,")
    )
    with pytest.raises(SpecInvalid) as err:
        load_spec(text, "m.yaml")
    assert len(err.value.problems) == 1 and "colision" in str(err.value)  # schema first
    text = text.replace("kind: colision", "kind: collision")
    found = problems(text)
    assert len(found) == 2
    assert f"第 {line_of(text, 'input: q')} 行" in found[0]
    assert "第 5 步（anti_join）：未知的输入 `q`" in found[0]
    assert f"第 {line_of(text, 'evidence:')} 行" in found[1] and "`nam`" in found[1]


def test_forbidden_sql_is_refused_with_its_name() -> None:
    text = GOOD.replace(
        "filter: \"pretrial_measure IN ('取保候审', '监视居住')\"",
        "filter: \"pretrial_measure IN (SELECT x FROM read_csv('/etc/passwd'))\"",
    )
    found = problems(text)
    assert len(found) == 1 and "第 3 步（filter）" in found[0]
    assert "read_csv" in found[0] or "子查询" in found[0]


def test_title_field_and_duplicate_derive() -> None:
    text = GOOD.replace("生效逾{days_overdue}日", "生效逾{days}日").replace(
        "derive: {days_overdue:", "derive: {name:"
    )
    found = problems(text)
    assert any("列 `name` 已存在" in p for p in found)
    assert any("线索标题：未知的列 `days`" in p for p in found)


def test_schema_is_published_json() -> None:
    dumped = json.loads(json.dumps(SPEC_SCHEMA))
    assert dumped["properties"]["kind"]["enum"] == ["collision", "mining", "profile"]
    assert set(dumped["properties"]["steps"]["items"]["properties"]) == {
        "from",
        "filter",
        "derive",
        "join",
        "anti_join",
        "semi_join",
        "aggregate",
        "anomaly",
        "select",
        "label",  # a step's plain-language sentence, beside its kind
    }


def test_first_step_must_be_from() -> None:
    text = GOOD.replace("  - from: j\n", "  - filter: 'TRUE'\n  - from: j\n")
    found = problems(text)
    assert any("第一步必须是 from" in p for p in found)
    assert any("from 只能是第一步" in p for p in found)


def test_yaml_errors_and_duplicates() -> None:
    with pytest.raises(SpecInvalid, match=r"第 3 行.*YAML 语法错误"):
        load_spec("spec: 1\nid: [x\n", "m.yaml")
    with pytest.raises(SpecInvalid, match="键 `risk` 重复"):
        load_spec(GOOD + "risk: high\n", "m.yaml")
    with pytest.raises(SpecInvalid, match="锚点"):
        load_spec(GOOD.replace("risk: medium", "risk: &r medium\nx: *r"), "m.yaml")


def test_aggregate_measure_must_aggregate_or_group() -> None:
    from tests.modelling.steps_specs import spec_text

    text = spec_text("aggregate-having").replace('total: "sum(fine)"', 'total: "fine + 1"')
    found = problems(text)
    assert len(found) == 1
    assert "度量 `total` 中的列 `fine` 不在聚合函数里，也不是分组列" in found[0]
