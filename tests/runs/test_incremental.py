"""Incremental runs give the leads a full run gives, or run in full and say why."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from jiancha.demo.datasets import demo_binds
from jiancha.modelling import install, load_spec
from jiancha.modelling.incremental import refusal
from jiancha.runs import run_model
from jiancha.store import Run, Store, open_store, open_workspace
from jiancha.templates import load_template
from tests.runs.incremental_fixtures import (
    MakeStore,
    Tables,
    current_leads,
    homes_fixture,  # noqa: F401 - the fixture ``homes``
    load_into,
    scenario,
)
from tests.templates.harness import AS_OF
from tests.test_cli import jiancha

# template → (its test module, the driving dataset, the name column changed in one row)
TEMPLATES = {
    "custodial-sentence-not-executed": (
        "custodial_sentence_not_executed",
        "刑事判决",
        "被告人姓名",
    ),
    "fine-not-executed": ("fine_not_executed", "刑事判决", "被告人姓名"),
    "unprosecuted-bribe-givers": ("unprosecuted_bribe_givers", "行贿人名录", "行贿人"),
    "medical-claims-after-death": ("medical_claims_after_death", "医保结算", "参保人"),
}


def _tables(module: str) -> Tables:
    tables: Tables = import_module(f"tests.templates.test_{module}").TABLES
    return tables


def _versions(tables: Tables, driving: str, column: str) -> tuple[Tables, Tables]:
    """v1: the driving rows but the last two, the first one with another name; v2: all rows."""
    rows = list(tables[driving])
    assert column in rows[0], f"{driving} 没有列 {column}"
    changed = {**rows[0], column: f"{rows[0][column]}（旧）"}
    return {**tables, driving: [changed, *rows[1:-2]]}, {driving: rows}


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_template_incremental_equals_full(homes: MakeStore, tmp_path: Path, template: str) -> None:
    module, driving, column = TEMPLATES[template]
    v1, v2 = _versions(_tables(module), driving, column)
    spec = load_template(template)
    a, result, b = scenario(homes, tmp_path, spec, demo_binds(spec), v1, v2, run_date=AS_OF)
    assert result["incremental"] is True, result.get("incremental_reason")
    rows = result["incremental_rows"]
    assert (rows["new_rows"], rows["removed_rows"]) == (3, 1)  # 2 added, 1 changed
    assert current_leads(a, spec.id) == current_leads(b, spec.id)
    assert current_leads(b, spec.id)  # the comparison is not between two empty sets
    again = run_model(a, spec.id, run_date=AS_OF)  # a full run right after changes nothing
    assert (again["new"], again["no_longer_hit"]) == (0, 0)
    assert again["leads"] == result["leads"] == len(current_leads(a, spec.id))


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_changed_hit_is_retired_and_other_rows_of_its_subject_kept(
    homes: MakeStore, tmp_path: Path, engine: str
) -> None:
    """The changed row was a lead (its old lead goes); the same person's unchanged second
    judgment stays a lead; the reading of only the changed rows is recorded on the Run."""
    module, driving, column = TEMPLATES["custodial-sentence-not-executed"]
    tables = _tables(module)
    rows = list(tables[driving])
    second = {**rows[0], "案号": "（2025）浙0102刑初99号", "判决生效日期": "2025-02-01"}
    v2 = {driving: [*rows, second]}
    v1 = {**tables, driving: [{**rows[0], column: "张旧"}, *rows[1:], second]}
    spec = load_template("custodial-sentence-not-executed")
    binds = demo_binds(spec)
    a, result, b = scenario(homes, tmp_path, spec, binds, v1, v2, run_date=AS_OF, engine=engine)
    assert result["incremental"] is True and result["engine"] == engine
    assert result["no_longer_hit"] == 1 and result["new"] == 1
    assert result["incremental_rows"]["rechecked_rows"] == 1  # the person's unchanged row
    assert current_leads(a, spec.id) == current_leads(b, spec.id)
    assert not any("张旧" in title for _, title, _ in current_leads(a, spec.id))
    with a.session() as session:
        run = session.get(Run, result["run_id"])
        assert run is not None
        recorded = run.datasets["j"]["incremental"]
    assert recorded["applied"] is True and recorded["since_version"] == 1
    assert recorded["new_rows"] == 1 and recorded["removed_rows"] == 1


AGGREGATE = """spec: 1
id: many-judgments
version: 1.0.0
name: 多次判决
area: criminal
line: criminal_execution
kind: profile
risk: low
inputs:
  j:
    label: 刑事判决
    fields: {person_id: id_card, name: person_name, court: text}
steps:
  - from: j
  - aggregate: {by: [person_id], measures: {n: "count(*)"}, having: "n >= 2"}
lead:
  subject: {type: person, key: person_id}
  title: "{person_id} 被判决 {n} 次"
  evidence: [person_id, n]
"""
AGGREGATE_BINDS = [
    "j=刑事判决",
    "j.person_id=公民身份号码",
    "j.name=被告人姓名",
    "j.court=审判法院",
]


def test_aggregate_runs_full_with_the_reason(homes: MakeStore, tmp_path: Path) -> None:
    tables = _tables("custodial_sentence_not_executed")
    rows = list(tables["刑事判决"])
    v1 = {"刑事判决": rows}
    v2 = {"刑事判决": [*rows, {**rows[0], "案号": "（2025）浙0102刑初77号"}]}
    spec = load_spec(AGGREGATE)
    a, result, b = scenario(homes, tmp_path, spec, AGGREGATE_BINDS, v1, v2)
    assert result["incremental"] is False
    assert "第 2 步聚合（aggregate）" in result["incremental_reason"]
    assert result["new"] == 1  # a full run: the old rows count again
    assert current_leads(a, spec.id) == current_leads(b, spec.id)


def test_other_input_changed_runs_full(homes: MakeStore, tmp_path: Path) -> None:
    tables = _tables("custodial_sentence_not_executed")
    intake = list(tables["监狱收押"])
    spec = load_template("custodial-sentence-not-executed")
    v1 = {**tables, "监狱收押": intake[1:]}
    a, result, b = scenario(
        homes, tmp_path, spec, demo_binds(spec), v1, {"监狱收押": intake}, run_date=AS_OF
    )
    assert result["incremental"] is False
    assert "输入 `p`（数据集“监狱收押”）已从第 1 版变为第 2 版" in result["incremental_reason"]
    assert result["no_longer_hit"] == 1  # the person taken in since: seen only by a full run
    assert current_leads(a, spec.id) == current_leads(b, spec.id)


def test_same_dataset_on_two_inputs_runs_full(homes: MakeStore, tmp_path: Path) -> None:
    tables = _tables("concurrent_hospital_admissions")
    rows = list(tables["住院记录"])
    spec = load_template("concurrent-hospital-admissions")
    v1 = {"住院记录": rows[:-1]}
    a, result, b = scenario(homes, tmp_path, spec, demo_binds(spec), v1, {"住院记录": rows})
    assert result["incremental"] is False
    assert "自连接" in result["incremental_reason"] and "住院记录" in result["incremental_reason"]
    assert current_leads(a, spec.id) == current_leads(b, spec.id)


def _installed(store: Store, tmp: Path, template: str) -> Tables:
    module, _, _ = next((m, d, c) for t, (m, d, c) in TEMPLATES.items() if t == template)
    tables = _tables(module)
    load_into(store, tmp, tables)
    spec = load_template(template)
    install(store, spec, demo_binds(spec))
    return tables


def test_first_run_and_changed_parameters_run_full(homes: MakeStore, tmp_path: Path) -> None:
    store = homes("a")
    _installed(store, tmp_path / "v1", "custodial-sentence-not-executed")
    slug = "custodial-sentence-not-executed"
    first = run_model(store, slug, run_date=AS_OF, incremental=True)
    assert first["incremental"] is False and "尚无成功的运行" in first["incremental_reason"]
    day = AS_OF.replace(day=29)
    later = run_model(store, slug, run_date=day, incremental=True)
    assert "参数 _today" in later["incremental_reason"]  # the spec reads current_date
    params = run_model(store, slug, {"grace_days": 5}, run_date=day, incremental=True)
    assert "参数 grace_days" in params["incremental_reason"]
    assert "（30 → 5）" in params["incremental_reason"]
    same = run_model(store, slug, {"grace_days": 5}, run_date=day, incremental=True)
    assert same["incremental"] is True and same["incremental_rows"]["new_rows"] == 0
    assert (same["new"], same["no_longer_hit"]) == (0, 0) and same["leads"] == params["leads"]


DERIVED_KEY = AGGREGATE.replace("id: many-judgments", "id: derived-key").replace(
    """  - aggregate: {by: [person_id], measures: {n: "count(*)"}, having: "n >= 2"}
lead:
  subject: {type: person, key: person_id}
  title: "{person_id} 被判决 {n} 次"
  evidence: [person_id, n]""",
    """  - derive: {who: "upper(person_id)"}
lead:
  subject: {type: person, key: who, name: name}
  title: "{name} 在 {court}"
  evidence: [who, name, court]""",
)


def test_derived_subject_key(homes: MakeStore, tmp_path: Path) -> None:
    """New rows alone: incremental. A changed row that was a lead, with a subject key the
    model computes: the rows to re-check cannot be found, so the run is full."""
    rows = list(_tables("custodial_sentence_not_executed")["刑事判决"])
    spec = load_spec(DERIVED_KEY)
    v1, v2 = {"刑事判决": rows[:-2]}, {"刑事判决": rows}
    a, added, b = scenario(homes, tmp_path, spec, AGGREGATE_BINDS, v1, v2)
    assert added["incremental"] is True and added["new"] == 2
    assert current_leads(a, spec.id) == current_leads(b, spec.id)
    load_into(a, tmp_path / "a3", {"刑事判决": [{**rows[0], "审判法院": "另一法院"}, *rows[1:]]})
    changed = run_model(a, spec.id, incremental=True)
    assert changed["incremental"] is False
    assert "线索主体不是驱动输入的原列" in changed["incremental_reason"]
    assert (changed["new"], changed["no_longer_hit"]) == (1, 1)


def test_cli_incremental(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    home = tmp_path / "ws"
    jiancha(home, "init")
    store = open_store(open_workspace(home))
    try:
        _installed(store, tmp_path / "v1", "custodial-sentence-not-executed")
    finally:
        store.close()
    args = ["model", "run", "custodial-sentence-not-executed", "--as-of", AS_OF.isoformat()]
    shown = jiancha(home, *args, "--incremental").stdout
    assert "全量运行，未增量：该模型尚无成功的运行" in shown
    result: dict[str, Any] = json.loads(jiancha(home, *args, "--incremental", "--json").stdout)
    assert result["incremental"] is True and result["incremental_rows"]["new_rows"] == 0
    assert "增量运行：自第" in jiancha(home, *args, "--incremental").stdout


BASE_STEPS = """  - aggregate: {by: [person_id], measures: {n: "count(*)"}, having: "n >= 2"}
lead:
  subject: {type: person, key: person_id}
  title: "{person_id} 被判决 {n} 次"
  evidence: [person_id, n]"""


def _with(steps: str, lead: str = "") -> str:
    body = steps + "\nlead:\n  subject: {type: person, key: person_id, name: name}\n"
    body += '  title: "{name}"\n' + (lead or "  evidence: [person_id, name]")
    return AGGREGATE.replace(BASE_STEPS, body.rstrip("\n"))


@pytest.mark.parametrize(
    ("steps", "lead", "reason"),
    [
        ('  - filter: "court IS NOT NULL"\n  - select: [person_id, name]', "", None),
        (
            '  - anomaly: {value: "length(name)", by: [court], method: zscore, threshold: 2}',
            "",
            "第 2 步异常检测（anomaly）",
        ),
        (
            "  - semi_join: {input: j, on: [[person_id, person_id]]}",
            "",
            "第 2 步把驱动输入 `j` 与自身连接",
        ),
        ('  - filter: "_row > 3"', "", "第 2 步引用了内部行号 _row"),
        (
            '  - filter: "court IS NOT NULL"',
            "  evidence: [person_id, _row]",
            "线索部分引用了内部行号",
        ),
    ],
)
def test_which_specs_allow_incremental(steps: str, lead: str, reason: str | None) -> None:
    spec = load_spec(_with(steps, lead))
    found = refusal(spec)
    assert found == reason if reason is None else (found is not None and reason in found)
