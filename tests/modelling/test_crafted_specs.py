"""Crafted specs and parameters are refused with a Chinese message naming the place — never a
crash: nesting bombs, impossible dates, huge integers (the loader, ``jiancha model validate``,
``--param`` and the API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.errors import JianchaError
from jiancha.modelling.errors import SpecInvalid
from jiancha.modelling.loader import MAX_DEPTH, load_spec
from jiancha.modelling.parameters import INTEGER_MAX, INTEGER_MIN, coerce
from jiancha.modelling.spec import Parameter
from jiancha.runs import run_model
from jiancha.store import Run, Store, Workspace
from tests.api.helpers import SLUG, login, seed
from tests.modelling.fixtures import AS_OF, SPECS
from tests.test_cli import jiancha

BASE = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
DEFAULT = "grace_days: {type: integer, default: 30, label: 宽限天数}"
assert DEFAULT in BASE

CRAFTED = {
    "list bomb": BASE + "x: " + "[" * 500 + "]" * 500 + "\n",
    "mapping bomb": BASE + "x: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
    "block bomb": BASE + "x:\n" + "".join(" " * i + "- \n" for i in range(0, 400, 2)),
    "impossible date": BASE.replace(DEFAULT, "d: {type: date, default: 2025-02-30}"),
    "month 13": BASE.replace(DEFAULT, "d: {type: date, default: 2025-13-01}"),
    "quoted impossible date": BASE.replace(DEFAULT, 'd: {type: date, default: "2025-02-30"}'),
    "huge default": BASE.replace("default: 30", "default: " + "9" * 100),
    "5000-digit integer": BASE.replace("spec: 1", "spec: " + "9" * 5000),
    "default past 64 bits": BASE.replace("default: 30", f"default: {INTEGER_MAX + 1}"),
    "infinite number": BASE.replace(DEFAULT, "n: {type: number, default: .inf}"),
    "default of another type": BASE.replace("default: 30", "default: 三十"),
}
EXPECTED = {
    "list bomb": f"嵌套超过 {MAX_DEPTH} 层",
    "mapping bomb": f"嵌套超过 {MAX_DEPTH} 层",
    "block bomb": f"嵌套超过 {MAX_DEPTH} 层",
    "impossible date": "日期 `2025-02-30` 无效",
    "month 13": "日期 `2025-13-01` 无效",
    "quoted impossible date": "不是日期",
    "huge default": "超出整数的范围",
    "5000-digit integer": "位数太多（共 5000 位）",
    "default past 64 bits": "超出整数的范围",
    "infinite number": "超出数字的范围",
    "default of another type": "不是整数",
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_spec_refused_with_its_place(case: str) -> None:
    with pytest.raises(SpecInvalid) as refused:
        load_spec(CRAFTED[case], case)
    [problem] = refused.value.problems
    assert EXPECTED[case] in problem.message, problem.message
    assert problem.line > 1 or case == "5000-digit integer"


def test_nesting_within_the_limit_is_read() -> None:
    nested = BASE.replace("legal_basis:\n", "notes_unused: 1\nlegal_basis:\n", 1)
    assert load_spec(BASE, "ok").id == "custodial-sentence-not-executed"
    deep = nested + "y: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    with pytest.raises(SpecInvalid) as refused:  # read, then refused by the schema only
        load_spec(deep, "deep")
    assert all("嵌套" not in p.message for p in refused.value.problems)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (str(INTEGER_MAX + 1), "超出整数的范围"),
        (str(INTEGER_MIN - 1), "超出整数的范围"),
        ("9" * 5000, "超出整数的范围"),
        (10**100, "超出整数的范围"),
        ("1e999", "不是整数"),
    ],
)
def test_integer_parameters_are_64_bit(value: object, expected: str) -> None:
    with pytest.raises(JianchaError, match=expected) as refused:
        coerce(Parameter("grace_days", "integer", 30), value)
    assert len(str(refused.value)) < 300
    assert coerce(Parameter("n", "integer", 0), str(INTEGER_MAX)) == INTEGER_MAX
    assert coerce(Parameter("n", "integer", 0), INTEGER_MIN) == INTEGER_MIN


@pytest.mark.parametrize("value", ["1e999", "9" * 400, "inf", "nan"])
def test_number_parameters_are_finite(value: str) -> None:
    with pytest.raises(JianchaError):
        coerce(Parameter("ratio", "number", 1.0), value)


def test_run_with_a_huge_parameter_is_refused_before_running(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path)
    with pytest.raises(JianchaError, match="超出整数的范围"):
        run_model(store, SLUG, {"grace_days": "9" * 30}, run_date=AS_OF)
    with store.session() as session:
        assert session.query(Run).count() == 1  # the seeded run only: nothing recorded
    with pytest.raises(JianchaError, match="不是日期"):
        coerce(Parameter("since", "date", "2025-01-01"), "2025-02-30")


@pytest.mark.parametrize("case", ["list bomb", "impossible date", "5000-digit integer"])
def test_cli_validate_exit_2_without_traceback(tmp_path: Path, case: str) -> None:
    path = tmp_path / "crafted.yaml"
    path.write_text(CRAFTED[case], encoding="utf-8")
    result = jiancha(tmp_path / "ws", "model", "validate", str(path), ok=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "".join(EXPECTED[case].split()) in "".join(result.stderr.split())  # lines wrap
    as_json = jiancha(tmp_path / "ws", "model", "validate", str(path), "--json", ok=False)
    assert as_json.returncode == 2 and "Traceback" not in as_json.stderr
    assert EXPECTED[case] in json.dumps(json.loads(as_json.stdout), ensure_ascii=False)


def test_cli_huge_param_exit_2(sqlite_store: Store, tmp_path: Path) -> None:
    seed(sqlite_store, tmp_path)
    for value in ("9" * 5000, str(INTEGER_MAX + 1)):
        result = jiancha(
            sqlite_store.workspace.home, "model", "run", SLUG, "--param", f"grace_days={value}",
            "--json", ok=False,
        )  # fmt: skip
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "超出整数的范围" in json.loads(result.stdout)["error"]


def test_api_never_answers_500(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    seed(store, tmp_path)
    with TestClient(create_app(workspace), raise_server_exceptions=False) as client:
        headers = login(client)
        for case, text in CRAFTED.items():
            if len(text) > 200_000:
                continue
            answer = client.post("/api/models/validate", json={"spec": text}, headers=headers)
            assert answer.status_code == 200, (case, answer.text)
            body = answer.json()
            assert body["valid"] is False and EXPECTED[case] in body["problems"][0]["message"]
        run = client.post(
            f"/api/models/{SLUG}/runs", json={"params": {"grace_days": "9" * 100}}, headers=headers
        )
        assert run.status_code in (400, 403, 422) and "Traceback" not in run.text
        bad_day = client.post(
            f"/api/models/{SLUG}/runs", json={"as_of": "2025-02-30"}, headers=headers
        )
        assert bad_day.status_code == 422


def test_cli_validate_refuses_a_file_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(BASE.encode("gbk"))
    result = jiancha(tmp_path / "ws", "model", "validate", str(path), ok=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "不是UTF-8编码" in "".join(result.stderr.split())  # the console wraps long lines
