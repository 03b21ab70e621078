"""A failed run shows users a classified message without data values; the engine's own error
is kept for administrators (SQLite and PostgreSQL; the API and the command line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from jiancha import catalogue
from jiancha.api import create_app
from jiancha.engines.base import EngineFailure
from jiancha.errors import JianchaError
from jiancha.governance import create_user
from jiancha.modelling import install, load_spec
from jiancha.runs import run_model
from jiancha.runs.errors import INTERRUPTED, RunFailed, classify, detail
from jiancha.store import Run, Store, Workspace
from tests.api.helpers import PASSWORD, SLUG, login, seed
from tests.modelling.fixtures import AS_OF
from tests.modelling.steps_specs import BINDS as STEP_BINDS
from tests.modelling.steps_specs import spec_text
from tests.test_cli import jiancha

CAST = '  - from: j\n  - filter: "CAST(name AS INTEGER) > 0"\n'


def _broken_run(store: Store) -> int:
    spec = load_spec(spec_text("aggregate-having").replace("  - from: j\n", CAST), "broken")
    install(store, spec, STEP_BINDS)
    with pytest.raises(RunFailed) as failed:
        run_model(store, spec.id, run_date=AS_OF)
    assert "张甲" not in str(failed.value) and "张甲" in failed.value.detail
    return failed.value.run_id


@pytest.fixture
def client(store: Store, workspace: Workspace, tmp_path: Path) -> Iterator[TestClient]:
    seed(store, tmp_path)
    create_user(store, "pros", PASSWORD, "李检察官", must_change=False)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def _as_prosecutor(client: TestClient) -> dict[str, str]:
    response = client.post("/api/login", json={"username": "pros", "password": PASSWORD})
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_api_shows_engine_error_to_administrators_only(client: TestClient, store: Store) -> None:
    run_id = _broken_run(store)
    admin = client.get(f"/api/runs/{run_id}", headers=login(client)).json()
    assert admin["status"] == "failed"
    assert admin["error"] == "数据类型转换失败：某字段的值无法转换为所需类型"
    assert "张甲" in admin["error_detail"] and "Conversion" in admin["error_detail"]
    headers = _as_prosecutor(client)
    seen = client.get(f"/api/runs/{run_id}", headers=headers)
    assert seen.status_code == 200 and "error_detail" not in seen.json()
    assert seen.json()["error"] == admin["error"] and "张甲" not in seen.text
    listed = client.get("/api/runs", headers=headers)
    assert listed.status_code == 200 and "张甲" not in listed.text


def _raised(sql: str) -> BaseException:
    with duckdb.connect() as con, pytest.raises(duckdb.Error) as caught:
        con.execute(sql).fetchall()
    try:
        raise EngineFailure("duckdb", caught.value, sql) from caught.value
    except EngineFailure as wrapped:
        return wrapped


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT CAST('330102198001010018' AS DATE)", "数据类型转换失败"),
        ("SELECT CAST(99999999999 AS INTEGER)", "数据类型转换失败"),
        ("SELECT 9223372036854775807 + 1", "数值超出范围"),
        ("SELECT * FROM read_parquet('/nonexistent/x.parquet')", "数据文件无法读取"),
        ("SELECT no_such_column FROM (SELECT 1 AS a)", "模型与数据不符"),
    ],
)
def test_engine_errors_classified_without_values(sql: str, expected: str) -> None:
    error = _raised(sql)
    message = classify(error)
    assert message.startswith(expected), message
    for value in ("330102198001010018", "99999999999", "nonexistent", "no_such_column"):
        assert value not in message
    assert "duckdb" in detail(error)


def test_interruptions_and_memory_classified() -> None:
    assert classify(KeyboardInterrupt()) == INTERRUPTED
    assert classify(MemoryError()).startswith("内存不足")
    assert classify(JianchaError("未安装 Spark")) == "未安装 Spark"  # our own words stay


def test_cli_operator_sees_the_engine_error(tmp_path: Path, sqlite_store: Store) -> None:
    # The local operator's command line keeps the details; the run record keeps them apart.
    home = sqlite_store.workspace.home
    seed(sqlite_store, tmp_path)
    spec = spec_text("aggregate-having").replace("  - from: j\n", CAST)
    path = tmp_path / "broken.yaml"
    path.write_text(spec, encoding="utf-8")
    binds = [arg for bind in STEP_BINDS for arg in ("--bind", bind)]
    jiancha(home, "model", "install", str(path), *binds)
    slug = load_spec(spec, "broken").id
    failed = jiancha(home, "model", "run", slug, "--as-of", AS_OF.isoformat(), "--json", ok=False)
    assert failed.returncode == 2
    out = json.loads(failed.stdout)
    assert out["error"].endswith("数据类型转换失败：某字段的值无法转换为所需类型")
    assert "张甲" in out["hint"]


def test_errors_recorded_before_classification_are_classified_when_shown(
    client: TestClient, store: Store
) -> None:
    run_id = _broken_run(store)
    with store.session() as session:  # as an older version recorded it: raw, no detail
        run = session.get(Run, run_id)
        assert run is not None
        raw = "duckdb 执行失败：Conversion Error: Could not convert string '张甲' to INT32"
        run.error, run.error_detail = raw, None
    seen = client.get(f"/api/runs/{run_id}", headers=_as_prosecutor(client))
    assert seen.json()["error"] == "数据类型转换失败：某字段的值无法转换为所需类型"
    assert "张甲" not in seen.text
    admin = client.get(f"/api/runs/{run_id}", headers=login(client)).json()
    assert admin["error_detail"] == raw


def test_missing_data_file_not_named_by_path(client: TestClient, store: Store) -> None:
    intake = catalogue.show_dataset(store, "收押")
    store.workspace.resolve(intake["path"]).unlink()
    answer = client.post(f"/api/models/{SLUG}/runs", json={}, headers=login(client))
    assert answer.status_code in (400, 403), answer.text
    assert str(store.workspace.home) not in answer.text and ".parquet" not in answer.text
    with pytest.raises(JianchaError, match="数据集“收押”第 1 版的数据文件缺失") as missing:
        run_model(store, SLUG, run_date=AS_OF)
    assert str(store.workspace.home) not in str(missing.value)
