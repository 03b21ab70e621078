"""Literals inside expressions are checked when a spec is validated, not when it runs: impossible
dates and times, integers past 64 bits, absurdly long decimals, casts of constants that cannot
succeed and INTERVAL amounts beyond a thousand years are refused with a Chinese message naming
the literal — by ``compile_expression``, ``jiancha model validate`` / ``install`` and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.modelling import compile_spec
from jiancha.modelling.errors import SpecInvalid
from jiancha.modelling.expressions import ExpressionError, Scope, compile_expression
from jiancha.modelling.loader import load_spec
from jiancha.store import Store, SupervisionModel, Workspace
from tests.api.helpers import login, seed
from tests.modelling.fixtures import BINDS, SPECS, load_county
from tests.test_cli import jiancha

SCOPE = Scope(
    {"effective_date": "e", "ts": "t", "amount": "a", "name": "n"},
    {"grace_days": "integer"},
)
INT64_MAX = 2**63 - 1
LONG_DECIMAL = "0." + "1" * 200

# expression -> (the literal the message must name, a word of the message)
REFUSED = {
    "effective_date <= DATE '2025-02-30'": ("2025-02-30", "没有 30 日"),
    "effective_date <= DATE '2025-13-01'": ("2025-13-01", "月份"),
    "effective_date <= DATE '0000-01-01'": ("0000-01-01", "年份"),
    "effective_date <= '2025-13-01'::date": ("2025-13-01", "月份"),
    "effective_date <= CAST('x' AS DATE)": ("x", "YYYY-MM-DD"),
    "effective_date <= CAST(('2025-02-30') AS DATE)": ("2025-02-30", "无效"),
    "effective_date <= CAST(20250101 AS DATE)": ("20250101", "不能转换为日期"),
    "effective_date IN (DATE '2024-01-01', DATE '2023-02-29')": ("2023-02-29", "没有 29 日"),
    "ts <= TIMESTAMP '2025-02-30 10:00:00'": ("2025-02-30 10:00:00", "没有 30 日"),
    "ts <= TIMESTAMP '2025-01-30 25:00:00'": ("2025-01-30 25:00:00", "时间"),
    "ts <= TIMESTAMP '2025-01-30 10:00:00+08'": ("2025-01-30 10:00:00+08", "YYYY-MM-DD"),
    "ts <= '2025-13-01'::timestamp": ("2025-13-01", "月份"),
    "ts <= CAST('2025-02-29' AS DATETIME)": ("2025-02-29", "没有 29 日"),
    "amount > 1000000000000000000000000000000000000": (
        "1000000000000000000000000000000000000",
        "64 位整数",
    ),
    f"amount > {INT64_MAX + 1}": (str(INT64_MAX + 1), "64 位整数"),
    f"amount > -{INT64_MAX + 2}": (f"-{INT64_MAX + 2}", "64 位整数"),
    "round(amount, 99999999999999999999) > 1": ("99999999999999999999", "64 位整数"),
    "amount > 1e400": ("1e400", "超出范围"),
    f"amount > {LONG_DECIMAL}": (LONG_DECIMAL[:40], "位数太多"),
    "effective_date + INTERVAL 99999999999999 DAY > current_date": ("99999999999999", "超出范围"),
    "effective_date + INTERVAL 999999999 DAY > current_date": ("999999999", "超出范围"),
    "effective_date + INTERVAL '10000' YEAR > current_date": ("10000", "超出范围"),
    "effective_date - INTERVAL -20000 MONTHS > current_date": ("-20000", "超出范围"),
    "date_add(effective_date, 99999999999999) > current_date": ("99999999999999", "超出范围"),
    "CAST('abc' AS INTEGER) = 1": ("abc", "不是整数"),
    "CAST('2147483648' AS INTEGER) = 1": ("2147483648", "超出 INTEGER 的范围"),
    "CAST(-9223372036854775808 AS INTEGER) = 1": ("-9223372036854775808", "超出 INTEGER"),
    "CAST(1000 AS DECIMAL(3, 2)) = 1": ("1000", "DECIMAL(3, 2)"),
    "CAST('abc' AS DOUBLE) > 1": ("abc", "不是数字"),
    "CAST('yes please' AS BOOLEAN)": ("yes please", "BOOLEAN"),
}


@pytest.mark.parametrize("text", list(REFUSED))
def test_bad_literal_is_refused_naming_it(text: str) -> None:
    literal, word = REFUSED[text]
    with pytest.raises(ExpressionError) as refused:
        compile_expression(text, SCOPE)
    message = refused.value.message
    assert f"`{literal}" in message and word in message, message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("DATE '2024-02-29'", "DATE '2025-02-29'"),
        ("DATE '9999-12-31'", "DATE '9999-12-32'"),
        ("TIMESTAMP '2024-02-29 23:59:59.999999'", "TIMESTAMP '2024-02-29 24:00:00'"),
        ("TIMESTAMP '2024-02-29T08:30'", "TIMESTAMP '2024-02-29T08:60'"),
        (str(INT64_MAX), str(INT64_MAX + 1)),
        (f"-{INT64_MAX + 1}", f"-{INT64_MAX + 2}"),
        ("0." + "1" * 37, "0." + "1" * 39),
        ("1e300", "1e309"),
        ("CAST('2147483647' AS INTEGER)", "CAST('2147483648' AS INTEGER)"),
        ("CAST(' -12 ' AS BIGINT)", "CAST('12.5' AS BIGINT)"),
        ("CAST('9.99' AS DECIMAL(3, 2))", "CAST('10' AS DECIMAL(3, 2))"),
        ("CAST('1.5e3' AS DOUBLE)", "CAST('1,5' AS DOUBLE)"),
        ("CAST('yes' AS BOOLEAN)", "CAST('maybe' AS BOOLEAN)"),
        ("effective_date + INTERVAL 1000 YEAR", "effective_date + INTERVAL 1001 YEAR"),
        ("effective_date - INTERVAL '366000' DAY", "effective_date - INTERVAL '366001' DAY"),
        ("date_add(effective_date, 366000)", "date_add(effective_date, 366001)"),
    ],
)
def test_boundary_accepted_and_just_past_it_refused(good: str, bad: str) -> None:
    compile_expression(good, SCOPE)
    with pytest.raises(ExpressionError):
        compile_expression(bad, SCOPE)


BASE = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
FILTER = "effective_date <= current_date - :grace_days"
FILTER_LINE = 1 + BASE[: BASE.index(FILTER)].count("\n")
IN_SPEC = {
    "impossible date": ("effective_date <= DATE '2025-02-30'", "2025-02-30"),
    "month 13 cast": ("effective_date <= '2025-13-01'::date", "2025-13-01"),
    "timestamp": ("effective_date <= TIMESTAMP '2025-02-30 10:00:00'", "2025-02-30 10:00:00"),
    "huge integer": (f"date_diff('day', effective_date, current_date) > {10**36}", str(10**36)),
    "huge interval": ("effective_date <= current_date - INTERVAL 99999999999 DAY", "99999999999"),
}


def _crafted(case: str) -> str:
    return BASE.replace(FILTER, IN_SPEC[case][0])


@pytest.mark.parametrize("case", list(IN_SPEC))
def test_spec_with_a_bad_literal_is_invalid_at_its_line(case: str) -> None:
    spec = load_spec(_crafted(case), case)
    with pytest.raises(SpecInvalid) as refused:
        compile_spec(spec)
    [problem] = refused.value.problems
    assert problem.line == FILTER_LINE
    assert f"`{IN_SPEC[case][1]}`" in problem.message and "第 4 步" in problem.message


@pytest.mark.parametrize("case", ["impossible date", "huge integer"])
def test_cli_validate_exit_2_naming_the_literal(tmp_path: Path, case: str) -> None:
    path = tmp_path / "crafted.yaml"
    path.write_text(_crafted(case), encoding="utf-8")
    literal = IN_SPEC[case][1]
    result = jiancha(tmp_path / "ws", "model", "validate", str(path), ok=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    flat = "".join(result.stderr.split())  # the console wraps long lines
    assert f"第{FILTER_LINE}行" in flat and f"`{literal}`" in flat, result.stderr
    as_json = jiancha(tmp_path / "ws", "model", "validate", str(path), "--json", ok=False)
    assert as_json.returncode == 2 and "Traceback" not in as_json.stderr
    text = json.dumps(json.loads(as_json.stdout), ensure_ascii=False)
    assert f"`{literal}`" in text and f"第 {FILTER_LINE} 行" in text


def test_cli_install_refuses(sqlite_store: Store, tmp_path: Path) -> None:
    load_county(sqlite_store, tmp_path)
    path = tmp_path / "crafted.yaml"
    path.write_text(_crafted("impossible date"), encoding="utf-8")
    binds = [arg for b in BINDS for arg in ("--bind", b)]
    home = sqlite_store.workspace.home
    result = jiancha(home, "model", "install", str(path), *binds, ok=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "`2025-02-30`" in "".join(result.stderr.split()), result.stderr
    with sqlite_store.session() as session:
        assert session.query(SupervisionModel).count() == 0


def test_api_validate_answers_invalid_never_500(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    seed(store, tmp_path)
    with TestClient(create_app(workspace), raise_server_exceptions=False) as client:
        headers = login(client)
        for case, (_, literal) in IN_SPEC.items():
            answer = client.post(
                "/api/models/validate", json={"spec": _crafted(case)}, headers=headers
            )
            assert answer.status_code == 200, (case, answer.text)
            body = answer.json()
            assert body["valid"] is False, (case, body)
            [problem] = body["problems"]
            assert problem["line"] == FILTER_LINE and f"`{literal}`" in problem["message"]
