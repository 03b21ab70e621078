"""DuckDB and Spark give the same leads for every spec; DuckDB's sandbox holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.catalogue import show_dataset
from jiancha.engines import open_engine
from jiancha.errors import JianchaError
from jiancha.leads import list_leads
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Store
from tests.modelling.fixtures import AS_OF, SPECS, load_county
from tests.modelling.fixtures import BINDS as DESIGN_BINDS
from tests.modelling.steps_specs import BINDS, CASES, expected, spec_text

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture
def county(sqlite_store: Store, tmp_path: Path) -> Store:
    load_county(sqlite_store, tmp_path)
    return sqlite_store


def _fingerprints(store: Store, slug: str) -> dict[str, str]:
    with store.session() as session:
        rows = session.query(Lead).filter(Lead.hit.is_(True)).all()
        return {lead.fingerprint: lead.subject_key for lead in rows if lead.fingerprint}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_step_kind(county: Store, case: str, engine: str) -> None:
    spec = load_spec(spec_text(case), case)
    install(county, spec, BINDS)
    result = run_model(county, spec.id, engine=engine, run_date=AS_OF)
    assert set(_fingerprints(county, spec.id).values()) == expected(case)
    assert result["leads"] == len(expected(case)) and result["engine"] == engine


@pytest.mark.spark
@pytest.mark.parametrize("case", ["design", *sorted(CASES)])
def test_same_fingerprints_on_both_engines(county: Store, case: str) -> None:
    spec = (
        load_spec_file(SPECS / "custodial.yaml")
        if case == "design"
        else load_spec(spec_text(case), case)
    )
    install(county, spec, DESIGN_BINDS if case == "design" else BINDS)
    run_model(county, spec.id, engine="duckdb", run_date=AS_OF)
    on_duckdb = _fingerprints(county, spec.id)
    spark = run_model(county, spec.id, engine="spark", run_date=AS_OF)
    assert spark["new"] == 0 and spark["no_longer_hit"] == 0
    assert _fingerprints(county, spec.id) == on_duckdb and on_duckdb


def test_duckdb_session_reads_only_its_inputs(county: Store, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with open_engine("duckdb") as engine:
        parquet = county.workspace.resolve(show_dataset(county, "判决")["path"])
        engine.register({"input_j": parquet})
        assert engine.execute('SELECT count(*) AS n FROM "input_j"', {}).to_pylist() == [{"n": 7}]
        for attack in (
            f"SELECT * FROM read_csv('{secret}')",
            f"COPY (SELECT 1) TO '{tmp_path}/x.csv'",
            "SET enable_external_access = true",
            f"ATTACH '{tmp_path}/x.db'",
        ):
            with pytest.raises(JianchaError):
                engine.execute(attack, {})
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.db").exists()


def _explanations(store: Store) -> list[list[dict[str, object]]]:
    with store.session() as session:
        return [lead["explanation"] for lead in list_leads(session)]


def test_join_aggregate_and_anomaly_explain_themselves(county: Store) -> None:
    for case in ("join-where", "aggregate-having", "anomaly-ratio"):
        spec = load_spec(spec_text(case), case)
        install(county, spec, BINDS)
        run_model(county, spec.id, run_date=AS_OF)
    texts = [" | ".join(str(step["text"]) for step in lead) for lead in _explanations(county)]
    join = next(t for t in texts if "中找到" in t)
    assert (
        "在“监狱收押”中找到身份证号与公民身份号码相同的记录" in join
        and "且监狱收押的收押日期 不早于 判决生效日期" in join
    )
    aggregate = next(t for t in texts if "分组汇总" in t)
    assert "按审判法院分组汇总，记录数 不小于 4" in aggregate
    anomaly = next(t for t in texts if "偏离同组水平" in t)
    assert "按审判法院分组，方法：与组平均值之比，阈值 1.4" in anomaly
    values = [step["values"] for lead in _explanations(county) for step in lead]
    assert {"记录数": 4} in values and any(v.get("偏离程度") == 1.5 for v in values)


def test_duckdb_resource_caps_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANCHA_DUCKDB_THREADS", "1")
    monkeypatch.setenv("JIANCHA_DUCKDB_MEMORY", "256MB")
    with open_engine("duckdb") as engine:
        rows = engine.execute(
            "SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m", {}
        ).to_pylist()
    assert rows[0]["t"] == 1 and rows[0]["m"].startswith("2")
