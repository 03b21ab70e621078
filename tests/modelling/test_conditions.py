"""Builder conditions: each operator renders to one canonical text and decomposes back; malformed
conditions are refused in Chinese at their path; texts of other shapes are left as text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jiancha.modelling.conditions import ConditionError, decompose, render
from jiancha.modelling.expressions import Scope, compile_expression

SCOPE = Scope(
    columns={
        name: name.replace(".", "__")
        for name in (
            "case_category",
            "fine",
            "ratio",
            "effective_date",
            "judgment_date",
            "p.intake_date",
            "probation",
            "sentence_type",
            "court",
            "name",
        )
    },
    parameters={
        "grace_days": "integer",
        "custodial": "list",
        "min_fine": "number",
        "start": "date",
    },
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def one(column: str, op: str, right: Any = None) -> dict[str, Any]:
    condition: dict[str, Any] = {"column": column, "op": op}
    if right is not None:
        condition["right"] = right
    return {"all": [condition]}


CASES = [
    (one("case_category", "=", {"value": "刑事"}), "case_category = '刑事'"),
    (one("name", "=", {"value": "O'Brien"}), "name = 'O''Brien'"),
    (one("fine", "!=", {"value": 3}), "fine <> 3"),
    (one("fine", ">", {"param": "min_fine"}), "fine > :min_fine"),
    (one("fine", "<", {"value": -2}), "fine < -2"),
    (one("ratio", ">=", {"value": 1.5}), "ratio >= 1.5"),
    (one("p.intake_date", ">=", {"column": "judgment_date"}), "p.intake_date >= judgment_date"),
    (
        one("effective_date", "<=", {"days_before_today": {"param": "grace_days"}}),
        "effective_date <= current_date - :grace_days",
    ),
    (
        one("effective_date", "<", {"days_before_today": {"value": 30}}),
        "effective_date < current_date - 30",
    ),
    (one("judgment_date", "=", {"value": "2024-01-31"}), "judgment_date = DATE '2024-01-31'"),
    (one("probation", "=", {"value": True}), "probation = true"),
    (one("judgment_date", ">", {"param": "start"}), "judgment_date > :start"),
    (
        one("sentence_type", "in", {"value": ["有期徒刑", "拘役"]}),
        "sentence_type IN ('有期徒刑', '拘役')",
    ),
    (one("sentence_type", "in", {"param": "custodial"}), "sentence_type IN :custodial"),
    (one("sentence_type", "not_in", {"value": ["管制"]}), "sentence_type NOT IN ('管制')"),
    (one("sentence_type", "not_in", {"param": "custodial"}), "sentence_type NOT IN :custodial"),
    (one("court", "contains", {"value": "中级"}), "court LIKE '%中级%'"),
    (one("court", "not_contains", {"value": "基层"}), "court NOT LIKE '%基层%'"),
    (one("court", "is_null"), "court IS NULL"),
    (one("court", "not_null"), "court IS NOT NULL"),
    (one("probation", "is_true"), "coalesce(probation, false)"),
    (one("probation", "is_false"), "NOT coalesce(probation, false)"),
    (
        one("fine", "between", {"range": [{"value": 100}, {"param": "min_fine"}]}),
        "fine BETWEEN 100 AND :min_fine",
    ),
    (
        one(
            "p.intake_date",
            "between",
            {"range": [{"column": "judgment_date"}, {"column": "effective_date"}]},
        ),
        "p.intake_date BETWEEN judgment_date AND effective_date",
    ),
    (
        one(
            "judgment_date",
            "between",
            {
                "range": [
                    {"days_before_today": {"param": "grace_days"}},
                    {"days_before_today": {"value": 0}},
                ]
            },
        ),
        "judgment_date BETWEEN current_date - :grace_days AND current_date - 0",
    ),
]


@pytest.mark.parametrize(("condition_set", "text"), CASES, ids=[t for _, t in CASES])
def test_each_shape_renders_compiles_and_decomposes_back(
    condition_set: dict[str, Any], text: str
) -> None:
    assert render(condition_set) == text
    compile_expression(text, SCOPE)  # the canonical text is an accepted expression
    assert decompose(text) == condition_set


def test_a_chain_of_conditions_is_joined_by_and_and_read_back_in_order() -> None:
    chain = {"all": [c for condition_set, _ in CASES for c in condition_set["all"]]}
    text = render(chain)
    assert text == " AND ".join(t for _, t in CASES)
    compile_expression(text, SCOPE)
    assert decompose(text) == chain


def test_a_bare_boolean_column_is_read_as_is_true() -> None:
    assert decompose("probation") == one("probation", "is_true")
    assert decompose("court IS NOT NULL AND probation") == {
        "all": [{"column": "court", "op": "not_null"}, {"column": "probation", "op": "is_true"}]
    }


@pytest.mark.parametrize(
    "text",
    [
        "NOT probation",  # NOT coalesce(probation, false) would keep rows where it is NULL
        "police_differs OR judgment_differs",
        "coalesce(probation_months, 0) > 0",
        "filing_date >= current_date - INTERVAL 1 YEAR * :years",
        "settle_date > d.death_date + :grace_days",
        "(fine > 0) AND (court IS NULL)",
        "court LIKE '中级%'",
        "court LIKE '%a_b%'",
        "judgment_date = '2024-01-31'",  # text, not a date: rendering would change its meaning
        "fine = 1.50",
        '"court" IS NULL',
        ":grace_days > fine",
        "fine > 0 -- comment",
        "fine > 0; DROP TABLE x",
        "SELECT 1",
        "court IN (SELECT court FROM t)",
        "court IN ('a', 1 + 1)",
        "",
        "   ",
        "fine > " + "1" * 3000,
    ],
)
def test_other_shapes_are_left_as_text(text: str) -> None:
    assert decompose(text) is None


def test_decompose_accepts_only_text() -> None:
    assert decompose(None) is None
    assert decompose({"all": []}) is None


@pytest.mark.parametrize(
    ("condition_set", "path", "words"),
    [
        ({"all": []}, "all", "至少要有一个条件"),
        ({"any": []}, "", "all"),
        ({"all": ["fine > 0"]}, "all.0", "条件应包含"),
        (one("fine", "like", {"value": 1}), "all.0.op", "未知的运算 `like`"),
        (one("fine", ""), "all.0.op", "请选择运算"),
        (one("", "is_null"), "all.0.column", "请选择列"),
        (one("a b", "is_null"), "all.0.column", "格式不对"),
        (one("fine", ">"), "all.0.right", "缺少比较对象"),
        (one("fine", "is_null", {"value": 1}), "all.0.right", "不需要比较对象"),
        (one("court", "contains", {"value": "10%"}), "all.0.right.value", "百分号"),
        (one("court", "contains", {"value": "a_b"}), "all.0.right.value", "下划线"),
        (one("court", "contains", {"value": ""}), "all.0.right.value", "不能为空"),
        (one("court", "contains", {"param": "x"}), "all.0.right", "一段文本"),
        (one("court", "in", {"value": "刑事"}), "all.0.right", "列表"),
        (one("court", "in", {"value": []}), "all.0.right.value", "列表不能为空"),
        (one("court", "in", {"value": [True]}), "all.0.right.value.0", "文本或数字"),
        (one("court", "=", {"value": ["a"]}), "all.0.right.value", "in / not_in"),
        (one("court", "=", {"expr": "1"}), "all.0.right", "未知的比较对象类型"),
        (one("court", "=", {"value": 1, "param": "x"}), "all.0.right", "之一"),
        (one("court", "=", {"param": "1x"}), "all.0.right.param", "请选择参数"),
        (one("judgment_date", "=", {"value": "2024-02-30"}), "all.0.right.value", "没有这一天"),
        (one("fine", "=", {"value": float("inf")}), "all.0.right.value", "超出范围"),
        (one("fine", "=", {"value": None}), "all.0.right.value", "值应为"),
        (
            one("judgment_date", "<", {"days_before_today": {"value": -1}}),
            "all.0.right.days_before_today.value",
            "不小于 0",
        ),
        (
            one("judgment_date", "<", {"days_before_today": 3}),
            "all.0.right.days_before_today",
            "天数",
        ),
        (one("fine", "between", {"range": [{"value": 1}]}), "all.0.right", "下限"),
        (
            one("fine", "between", {"range": [{"value": 1}, {"nope": 2}]}),
            "all.0.right.range.1",
            "未知的比较对象类型",
        ),
        ({"all": [{"column": "fine", "op": "is_null", "extra": 1}]}, "all.0.extra", "未知的键"),
    ],
)
def test_malformed_conditions_are_refused_in_chinese_at_their_path(
    condition_set: dict[str, Any], path: str, words: str
) -> None:
    with pytest.raises(ConditionError) as error:
        render(condition_set)
    assert error.value.path == path
    assert words in error.value.message and CHINESE.search(error.value.message)


def test_a_refused_value_is_named_as_its_part() -> None:
    with pytest.raises(ConditionError) as error:
        render(one("court", "contains", {"value": "百分之10%"}))
    assert error.value.part == "百分之10%"
