"""The builder's core: documents ⇄ specs for every shipped template, and ``compose``'s problems
(each at the path of the field it concerns) and columns after each step."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from jiancha.modelling import SpecInvalid, compile_spec, load_spec
from jiancha.modelling.builder import compose, to_document, to_spec_document
from jiancha.modelling.builder_checks import slots
from jiancha.modelling.compiler import Compiler
from jiancha.modelling.loader import parse_document
from jiancha.modelling.writer import dump_spec
from jiancha.templates import TEMPLATE_DIR, template_files

TEMPLATES = template_files()
SIMPLE = [
    "person_id IS NOT NULL",
    "sentence_type IN :custodial AND NOT coalesce(probation, false)",
    "effective_date <= current_date - :grace_days",
    "p.intake_date >= judgment_date",
    "accidents >= :min_accidents",
]


def template(name: str) -> str:
    return (TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def custodial() -> dict[str, Any]:
    return to_document(template("custodial-sentence-not-executed"))


def paths(document: dict[str, Any]) -> list[str]:
    return [p["path"] for p in compose(document).problems]


# --- round trip over every template ------------------------------------------------------------


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_every_template_goes_round_the_builder_to_the_same_sql(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = to_document(text)
    json.dumps(document)  # a builder document is JSON
    back = load_spec(dump_spec(to_spec_document(document)))
    original = compile_spec(load_spec(text))
    for dialect in ("duckdb", "spark"):
        assert compile_spec(back).sql(dialect) == original.sql(dialect)
    composed = compose(document)
    assert composed.valid and composed.problems == []
    assert composed.sql == original.sql("duckdb", pretty=True)
    assert compile_spec(load_spec(composed.yaml)).sql("spark") == original.sql("spark")


def test_a_good_share_of_template_conditions_decompose() -> None:
    texts, structured = [], []
    for path in TEMPLATES:
        data = parse_document(path.read_text(encoding="utf-8"))[0]
        document = to_document(path.read_text(encoding="utf-8"))
        for (_, text), (_, value) in zip(
            slots(data["steps"]), slots(document["steps"]), strict=True
        ):
            texts.append(text)
            if isinstance(value, dict):
                structured.append(text)
    counts = f"{len(structured)} of {len(texts)} template conditions decompose"
    assert len(structured) * 2 >= len(texts), counts
    for text in SIMPLE:
        assert text in texts, f"{text!r} is no longer in a template ({counts})"
        assert text in structured, f"{text!r} did not decompose ({counts})"


def test_decomposed_conditions_are_the_builders_rows() -> None:
    steps = custodial()["steps"]
    assert steps[2]["filter"] == {
        "all": [
            {"column": "sentence_type", "op": "in", "right": {"param": "custodial"}},
            {"column": "probation", "op": "is_false"},
        ]
    }
    assert steps[5]["anti_join"]["where"] == {
        "all": [{"column": "p.intake_date", "op": ">=", "right": {"column": "judgment_date"}}]
    }
    having = to_document(template("fatal-accidents-same-company"))["steps"][5]["aggregate"][
        "having"
    ]
    assert having == {
        "all": [{"column": "accidents", "op": ">=", "right": {"param": "min_accidents"}}]
    }


def test_dates_in_a_document_are_text() -> None:
    text = template("custodial-sentence-not-executed").replace(
        "parameters:\n", "parameters:\n  since: {type: date, default: 2024-01-01}\n"
    )
    document = to_document(text)
    assert document["parameters"]["since"]["default"] == "2024-01-01"
    assert compose(document).valid


# --- opening and converting --------------------------------------------------------------------


def test_opening_bad_yaml_or_a_schema_violation_is_refused_with_paths() -> None:
    with pytest.raises(SpecInvalid) as error:
        to_document("spec: 1\nid: [unclosed\n")
    assert "YAML" in str(error.value)
    broken = template("custodial-sentence-not-executed").replace(
        "kind: collision", "kind: colision"
    )
    with pytest.raises(SpecInvalid) as error:
        to_document(broken)
    assert [p.path for p in error.value.problems] == ["kind"]
    assert "是否应为 `collision`" in error.value.problems[0].message


def test_a_malformed_condition_is_refused_with_its_path() -> None:
    document = custodial()
    document["steps"][2]["filter"]["all"][1]["op"] = "unknown"
    document["steps"][5]["anti_join"]["where"]["all"][0]["right"] = {}
    with pytest.raises(SpecInvalid) as error:
        to_spec_document(document)
    assert [p.path for p in error.value.problems] == [
        "steps.2.filter.all.1.op",
        "steps.5.anti_join.where.all.0.right",
    ]
    assert "未知的运算 `unknown`" in error.value.problems[0].message


def test_expression_text_is_kept_as_written() -> None:
    document = custodial()
    document["steps"][1]["filter"] = "person_id IS NOT NULL OR name IS NOT NULL"
    assert to_spec_document(document)["steps"][1]["filter"] == document["steps"][1]["filter"]


# --- compose: problems at their paths ----------------------------------------------------------


def test_a_title_naming_a_column_that_no_longer_exists() -> None:
    document = custodial()
    document["steps"][6]["derive"] = {"overdue": "date_diff('day', effective_date, current_date)"}
    document["columns"] = {"overdue": "逾期天数"}
    composed = compose(document)
    assert not composed.valid and composed.sql == ""
    [problem] = composed.problems
    assert problem["path"] == "lead.title" and "days_overdue" in problem["message"]
    assert composed.yaml.splitlines()[problem["line"] - 1].lstrip().startswith("title:")


@pytest.mark.parametrize("measures", [{}, None])
def test_an_aggregate_without_measures(measures: dict[str, str] | None) -> None:
    document = to_document(template("fatal-accidents-same-company"))
    body = document["steps"][5]["aggregate"]
    if measures is None:
        del body["measures"]
    else:
        body["measures"] = measures
    problems = compose(document).problems
    assert "steps.5.aggregate.measures" in [p["path"] for p in problems]
    message = next(p["message"] for p in problems if p["path"] == "steps.5.aggregate.measures")
    assert "至少要有一个度量" in message


def test_a_join_without_keys() -> None:
    document = custodial()
    document["steps"][5]["anti_join"]["on"] = []
    composed = compose(document)
    assert [p["path"] for p in composed.problems] == ["steps.5.anti_join.on"]
    assert "关联列" in composed.problems[0]["message"]
    assert [c["name"] for c in composed.steps[6]["columns"]][-1] == "days_overdue"


def test_an_expression_error_carries_its_part() -> None:
    document = custodial()
    document["steps"][6]["derive"]["days_overdue"] = "read_csv('/etc/passwd')"
    [problem] = compose(document).problems
    assert problem["path"] == "steps.6.derive.days_overdue"
    assert problem["part"] == "read_csv" and "不允许的函数" in problem["message"]


def test_compiler_problems_carry_a_dotted_path_and_part() -> None:
    text = template("custodial-sentence-not-executed").replace(
        '"person_id IS NOT NULL"', '"person_id IS NOT NULL AND pragma_x()"'
    )
    with pytest.raises(SpecInvalid) as error:
        compile_spec(load_spec(text))
    [problem] = error.value.problems
    assert (problem.path, problem.part) == ("steps.1.filter", "pragma_x")
    assert str(problem).startswith(f"第 {problem.line} 行第 {problem.column} 列：第 2 步")


def test_the_compiler_keeps_the_relation_after_each_step_even_when_one_fails() -> None:
    text = template("custodial-sentence-not-executed").replace("p.intake_date", "p.intake_dat")
    compiler = Compiler(load_spec(text))
    with pytest.raises(SpecInvalid):
        compiler.compile()
    assert len(compiler.relations) == 7
    assert compiler.relations[-1].names()[-1] == "days_overdue"


def test_unknown_column_and_type_mismatches_land_on_the_condition_row() -> None:
    document = custodial()
    document["steps"][1]["filter"] = {
        "all": [
            {"column": "person_ID", "op": "not_null"},
            {"column": "effective_date", "op": ">=", "right": {"value": "昨天"}},
            {"column": "court", "op": "contains", "right": {"value": "法院"}},
            {"column": "effective_date", "op": "contains", "right": {"value": "2024"}},
            {"column": "court", "op": "is_true"},
            {"column": "probation", "op": "=", "right": {"value": 1}},
            {"column": "effective_date", "op": ">", "right": {"param": "custodial"}},
            {"column": "judgment_date", "op": "<", "right": {"column": "effective_date"}},
            {"column": "court", "op": "in", "right": {"param": "grace_days"}},
            {"column": "judgment_date", "op": "<", "right": {"param": "nope"}},
        ]
    }
    problems = compose(document).problems
    found = {p["path"]: p["message"] for p in problems}
    base = "steps.1.filter.all"
    assert sorted(found) == sorted(
        [
            f"{base}.0.column",
            f"{base}.1.right.value",
            f"{base}.3.op",
            f"{base}.4.op",
            f"{base}.5.right.value",
            f"{base}.6.right.param",
            f"{base}.8.right.param",
            f"{base}.9.right.param",
        ]
    )
    assert "是否应为 `person_id`" in found[f"{base}.0.column"]
    assert "列 `effective_date` 是日期，不能与文本 `'昨天'`比较" in found[f"{base}.1.right.value"]
    assert "“包含”只能用于文本列" in found[f"{base}.3.op"]
    assert "不是“是/否”列" in found[f"{base}.4.op"]
    assert all(m.startswith("第 2 步（filter）：") for m in found.values())
    assert "steps.1.filter" not in found  # the compiler's own message for the text is not repeated


def test_a_malformed_condition_leaves_no_yaml_but_the_rest_is_checked() -> None:
    document = custodial()
    document["steps"][1]["filter"]["all"][0]["op"] = "?"
    document["lead"]["title"] = "{nosuch}"
    composed = compose(document)
    assert composed.yaml == "" and not composed.valid
    assert [p["path"] for p in composed.problems] == ["steps.1.filter.all.0.op", "lead.title"]


def test_a_half_written_model_still_lists_each_steps_columns() -> None:
    document = custodial()
    del document["lead"]["title"]
    document["id"] = ""
    document["steps"][3]["filter"] = ""
    document["steps"].append({"derive": {"late": ""}})
    composed = compose(document)
    assert sorted(p["path"] for p in composed.problems) == [
        "id",
        "lead.title",
        "steps.3.filter",
        "steps.7.derive.late",
    ]
    assert [len(s["columns"]) for s in composed.steps] == [9] * 6 + [10, 11]
    assert composed.steps[7]["columns"][-1]["name"] == "late"


def test_subject_problems_point_at_key_or_name() -> None:
    document = custodial()
    document["lead"]["subject"] = {"type": "person", "key": "pid", "name": "nom"}
    assert sorted(paths(document)) == ["lead.subject.key", "lead.subject.name"]


def test_not_a_document() -> None:
    composed = compose([])  # type: ignore[arg-type]
    assert not composed.valid and composed.problems[0]["message"] == "建模文档应为一个对象"


# --- compose: the columns after each step ------------------------------------------------------


def test_columns_after_each_step_with_semantics_and_labels() -> None:
    fields = {
        "j": {"person_id": "公民身份号码", "court": "审判法院"},
        "p": {"intake_date": "收押日期"},
    }
    composed = compose(custodial(), fields=fields, semantics={"j": {"case_no": "credit_code"}})
    assert [(s["index"], s["kind"]) for s in composed.steps] == [
        (0, "from"),
        (1, "filter"),
        (2, "filter"),
        (3, "filter"),
        (4, "filter"),
        (5, "anti_join"),
        (6, "derive"),
    ]
    assert composed.steps[0]["label"] == "逐条审查刑事判决"
    first = {c["name"]: c for c in composed.steps[0]["columns"]}
    assert first["person_id"] == {
        "name": "person_id",
        "semantic": "id_card",
        "label": "公民身份号码",
    }
    assert first["effective_date"] == {
        "name": "effective_date",
        "semantic": "date",
        "label": "effective_date",
    }
    assert first["case_no"]["semantic"] == "credit_code"  # the bound dataset knows better
    assert "_row" not in first
    last = composed.steps[6]["columns"][-1]
    assert last == {"name": "days_overdue", "semantic": None, "label": "判决生效至今天数"}
    assert composed.inputs["p"] == [
        {"name": "person_id", "semantic": "id_card"},
        {"name": "intake_date", "semantic": "date"},
    ]
    json.dumps(composed.as_json())


def test_columns_after_a_join_and_an_aggregate() -> None:
    hospital = compose(to_document(template("concurrent-hospital-admissions")))
    joined = {c["name"]: c["semantic"] for c in hospital.steps[2]["columns"]}
    assert joined["b.hospital"] == "text" and joined["hospital"] == "text"
    assert "b._row" not in joined
    accidents = compose(to_document(template("fatal-accidents-same-company")))
    names = [c["name"] for c in accidents.steps[5]["columns"]]
    assert names == [
        "credit_code",
        "company_name",
        "accidents",
        "total_deaths",
        "first_date",
        "last_date",
    ]
    assert accidents.steps[5]["columns"][0]["semantic"] == "credit_code"
    assert accidents.steps[5]["columns"][2]["label"] == "死亡事故起数"


def test_a_having_is_checked_against_the_aggregate_and_a_where_against_both_sides() -> None:
    document = to_document(template("fatal-accidents-same-company"))
    document["steps"][5]["aggregate"]["having"] = {
        "all": [{"column": "deaths", "op": ">", "right": {"value": 0}}]
    }
    assert paths(document) == ["steps.5.aggregate.having.all.0.column"]
    document = custodial()
    where = document["steps"][5]["anti_join"]["where"]["all"]
    where.append({"column": "p.intake_date", "op": "=", "right": {"value": "没有"}})
    where.append({"column": "p.person_id", "op": "not_null"})
    assert paths(document) == ["steps.5.anti_join.where.all.1.right.value"]


def test_an_untouched_document_is_not_changed_by_compose() -> None:
    document = custodial()
    before = copy.deepcopy(document)
    compose(document)
    to_spec_document(document)
    assert document == before


ODD = [
    None,
    0,
    -1,
    "",
    "x",
    "person_id",
    [],
    {},
    True,
    1.5,
    ["a"],
    [["a", "b"]],
    {"all": []},
    {"all": [{}]},
    {"value": 1},
    {"param": "x"},
    {"column": "person_id"},
    {"range": [{}]},
    {"days_before_today": {"param": "x"}},
    {"all": [{"column": "person_id", "op": "in", "right": {"value": [1, "a"]}}]},
]


def _mutate(value: Any, rng: random.Random) -> None:
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        if rng.random() < 0.3:
            value[key] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(value[key], rng)
    elif isinstance(value, list) and value:
        index = rng.randrange(len(value))
        if rng.random() < 0.3:
            value[index] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(value[index], rng)


def test_compose_answers_any_document_without_crashing() -> None:
    rng = random.Random(18)
    documents = [to_document(path.read_text(encoding="utf-8")) for path in TEMPLATES]
    invalid = 0
    for _ in range(300):
        document = copy.deepcopy(rng.choice(documents))
        for _ in range(rng.randint(1, 3)):
            _mutate(document, rng)
        composed = compose(document)
        json.dumps(composed.as_json(), ensure_ascii=False)
        assert composed.valid == (not composed.problems)
        assert all(p["message"] and isinstance(p["path"], str) for p in composed.problems)
        invalid += not composed.valid
    assert invalid > 100  # the mutations did break documents
