"""Install, SQL and runs of the DESIGN example model; leads upserted by fingerprint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from jiancha import catalogue
from jiancha.errors import JianchaError
from jiancha.leads import list_leads
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.runs import model_sql, run_model
from jiancha.store import Lead, Run, Store
from tests.modelling.fixtures import AS_OF, BINDS, INTAKE, SPECS, load_county, pid, write_csv
from tests.modelling.steps_specs import BINDS as STEP_BINDS
from tests.modelling.steps_specs import spec_text

SLUG = "custodial-sentence-not-executed"


@pytest.fixture
def county(store: Store, tmp_path: Path) -> Store:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    return store


def _leads(store: Store) -> dict[str, Lead]:
    with store.session() as session:
        return {lead.subject_key: lead for lead in session.query(Lead).all()}


def _explained(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Each lead's explanation as a reader gets it (sentences rendered from the run's template)."""
    with store.session() as session:
        return {lead["subject_key"]: lead["explanation"] for lead in list_leads(session)}


def test_run_finds_exactly_the_planted_cases(county: Store) -> None:
    result = run_model(county, SLUG, run_date=AS_OF)
    assert (result["leads"], result["new"], result["seen_again"], result["no_longer_hit"]) == (
        2,
        2,
        0,
        0,
    )
    leads = _leads(county)
    assert set(leads) == {pid(1), pid(6)}
    assert leads[pid(1)].title == "张甲：乐都县人民法院判处有期徒刑，生效逾294日未交付执行"
    assert leads[pid(1)].jurisdiction == "乐都县人民法院"
    assert leads[pid(1)].evidence["effective_date"] == "2024-01-03"
    assert result["rows_read"] == 9


def test_run_is_recorded(county: Store) -> None:
    result = run_model(county, SLUG, {"grace_days": "20"}, run_date=AS_OF)
    with county.session() as session:
        run = session.get(Run, result["run_id"])
        assert run is not None
        assert run.status == "succeeded" and run.engine == "duckdb" and run.spec_version == "1.0.0"
        assert run.parameters == {"grace_days": 20, "_today": "2024-10-23"}
        assert run.datasets["j"] == {"dataset": "判决", "version": 1, "rows": 7}
        assert run.datasets["p"]["dataset"] == "收押"
        assert run.seconds is not None and run.rows_read == 9 and run.leads == 2
        assert "ANTI JOIN" in run.sql and run.user


def test_parameter_override_and_refusal(county: Store) -> None:
    assert run_model(county, SLUG, {"grace_days": "5"}, run_date=AS_OF)["leads"] == 3
    with pytest.raises(JianchaError, match="grace_days"):
        run_model(county, SLUG, {"grace_days": "三十"}, run_date=AS_OF)
    with pytest.raises(JianchaError, match="没有参数 `grace`"):
        run_model(county, SLUG, {"grace": "5"}, run_date=AS_OF)


def test_rerun_keeps_leads_and_their_status(county: Store) -> None:
    run_model(county, SLUG, run_date=AS_OF)
    with county.session() as session:
        session.execute(update(Lead).where(Lead.subject_key == pid(1)).values(status="verifying"))
    again = run_model(county, SLUG, run_date=AS_OF)
    assert (again["leads"], again["new"], again["seen_again"], again["no_longer_hit"]) == (
        2,
        0,
        2,
        0,
    )
    leads = _leads(county)
    assert len(leads) == 2 and leads[pid(1)].status == "verifying"
    assert leads[pid(1)].last_run_id == again["run_id"] != leads[pid(1)].first_run_id


def test_lead_no_longer_hit_is_kept(county: Store, tmp_path: Path) -> None:
    first = run_model(county, SLUG, run_date=AS_OF)
    intake = write_csv(
        tmp_path / "收押2.csv", "身份证号,收押日期", [*INTAKE, (pid(1), "2024-10-01")]
    )
    catalogue.import_source(county, catalogue.open_file(intake), "收押")
    second = run_model(county, SLUG, run_date=AS_OF)
    assert (second["leads"], second["new"], second["seen_again"], second["no_longer_hit"]) == (
        1,
        0,
        1,
        1,
    )
    assert second["datasets"]["p"]["version"] == 2
    leads = _leads(county)
    assert leads[pid(1)].hit is False and leads[pid(6)].hit is True
    assert leads[pid(1)].first_run_id == first["run_id"]
    # The explanation written at the first run still reads true of the data it saw then.
    assert any("找不到" in e["text"] for e in _explained(county)[pid(1)])


def test_every_lead_explains_itself(county: Store) -> None:
    run_model(county, SLUG, run_date=AS_OF)
    steps = {e["step"]: e for e in _explained(county)[pid(1)]}
    assert "判决" in steps[1]["text"] and steps[1]["row"] == 2
    assert steps[2]["values"] == {"刑罚": "有期徒刑", "是否缓刑": False}
    assert steps[3]["values"] == {"审前强制措施": "取保候审"}
    third = steps[4]
    assert third["values"] == {"判决生效日期": "2024-01-03"}
    assert third["parameters"] == {"grace_days": 30, "current_date": "2024-10-23"}
    assert third["text"] == "判决生效日期 不晚于 运行当日前 30 日（宽限天数）"
    assert steps[5]["text"] == "在“监狱收押”中找不到身份证号与公民身份号码相同的记录"
    assert steps[5]["values"] == {"公民身份号码": pid(1)}


def test_sql_for_both_engines(county: Store) -> None:
    duck = model_sql(county, SLUG, "duckdb")
    spark = model_sql(county, SLUG, "spark")
    assert "$grace_days" in duck and ":grace_days" in spark
    assert "ANTI JOIN" in duck and '"公民身份号码" AS "person_id"' in duck
    assert "`公民身份号码` AS `person_id`" in spark


def test_install_lists_everything_missing(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    spec = load_spec_file(SPECS / "custodial.yaml")
    with pytest.raises(JianchaError) as err:
        install(store, spec, ["j=判决", "j.person_id=公民身份号码", "x=收押"])
    message = str(err.value)
    assert "模型没有输入 `x`" in message
    assert "输入 `p`（监狱收押）没有绑定数据集" in message
    assert "字段 `court`（text）在数据集“判决”中找不到列 `court`" in message
    wrong = [b for b in BINDS if not b.startswith("j.probation=")] + ["j.probation=刑罚"]
    with pytest.raises(JianchaError, match=r"字段 `probation` 需要 boolean.*`刑罚` 是 text"):
        install(store, spec, wrong)


def test_missing_dataset_file_is_named(county: Store) -> None:
    intake = catalogue.show_dataset(county, "收押")
    county.workspace.resolve(intake["path"]).unlink()
    with pytest.raises(JianchaError, match="数据集“收押”第 1 版的数据文件缺失"):
        run_model(county, SLUG, run_date=AS_OF)


def test_failed_run_is_recorded(county: Store) -> None:
    """A spec that fails inside the engine (a name cast to a number) leaves a failed Run."""
    text = spec_text("aggregate-having").replace(
        "  - from: j\n", '  - from: j\n  - filter: "CAST(name AS INTEGER) > 0"\n'
    )
    spec = load_spec(text, "broken")
    install(county, spec, STEP_BINDS)
    with pytest.raises(JianchaError, match="数据类型转换失败") as err:
        run_model(county, spec.id, run_date=AS_OF)
    assert "张甲" not in str(err.value)  # the value the cast choked on is not shown to users
    with county.session() as session:
        run = session.query(Run).one()
        assert run.status == "failed" and run.error is not None and "张甲" not in run.error
        assert "张甲" in (run.error_detail or "")  # the engine's words, for administrators
        assert run.finished_at is not None and session.query(Lead).count() == 0


def test_unknown_engine_is_refused_before_anything_is_recorded(county: Store) -> None:
    with pytest.raises(JianchaError, match="未知的引擎"):
        run_model(county, SLUG, engine="oracle", run_date=AS_OF)
    with county.session() as session:
        assert session.query(Run).count() == 0


def test_reimport_without_a_bound_column_is_named(county: Store, tmp_path: Path) -> None:
    renamed = write_csv(tmp_path / "收押3.csv", "证件号码,收押日期", INTAKE)
    catalogue.import_source(county, catalogue.open_file(renamed), "收押")
    with pytest.raises(JianchaError) as err:
        run_model(county, SLUG, run_date=AS_OF)
    assert "数据集“收押”第 2 版缺少模型绑定的列：p.person_id（列“身份证号”）" in str(err.value)
    with county.session() as session:
        assert session.query(Run).count() == 0
