"""``jiancha model …`` and ``jiancha leads …`` through the real command, --json shapes included."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.modelling.fixtures import BINDS, INTAKE, JUDGMENTS, SPECS, pid, write_csv
from tests.test_cli import jiancha

SLUG = "custodial-sentence-not-executed"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    jiancha(ws, "init")
    header = "姓名,公民身份号码,审判法院,刑罚,是否缓刑,审前强制措施,判决生效日期,罚金"
    jiancha(
        ws,
        "dataset",
        "import",
        str(write_csv(tmp_path / "j.csv", header, JUDGMENTS)),
        "--name",
        "判决",
    )
    jiancha(
        ws,
        "dataset",
        "import",
        str(write_csv(tmp_path / "p.csv", "身份证号,收押日期", INTAKE)),
        "--name",
        "收押",
    )
    binds = [arg for b in BINDS for arg in ("--bind", b)]
    jiancha(ws, "model", "install", str(SPECS / "custodial.yaml"), *binds)
    return ws


def test_validate_ok_and_errors(tmp_path: Path) -> None:
    ok = json.loads(
        jiancha(tmp_path, "model", "validate", str(SPECS / "custodial.yaml"), "--json").stdout
    )
    assert ok == {
        "valid": True,
        "id": "custodial-sentence-not-executed",
        "version": "1.0.0",
        "name": "审前未羁押判处实刑罪犯未交付执行监督模型",
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (SPECS / "custodial.yaml")
        .read_text()
        .replace('probation"', 'probaton"')
        .replace("kind: collision", "kind: colision"),
        encoding="utf-8",
    )
    out = jiancha(tmp_path, "model", "validate", str(bad), ok=False)
    assert out.returncode == 2 and "kind" in out.stderr and "colision" in out.stderr


def test_schema_command(tmp_path: Path) -> None:
    schema = json.loads(jiancha(tmp_path, "model", "schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema") and "steps" in schema["required"]


def _run(home: Path, *extra: str) -> dict[str, Any]:
    out = jiancha(home, "model", "run", SLUG, "--as-of", "2024-10-23", *extra, "--json")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_run_sql_and_leads(home: Path, tmp_path: Path) -> None:
    result = _run(home)
    counts = {k: result[k] for k in ("leads", "new", "seen_again", "no_longer_hit")}
    assert counts == {"leads": 2, "new": 2, "seen_again": 0, "no_longer_hit": 0}
    assert isinstance(result["run_id"], int)
    again = _run(home, "--param", "grace_days=5")
    assert (again["new"], again["seen_again"]) == (1, 2)
    leads = json.loads(
        jiancha(
            home, "leads", "list", "--model", "custodial-sentence-not-executed", "--json"
        ).stdout
    )
    assert {lead["subject_key"] for lead in leads} == {pid(1), pid(5), pid(6)}
    first = leads[0]
    assert {
        "id",
        "model",
        "fingerprint",
        "subject_key",
        "subject_name",
        "title",
        "status",
        "evidence",
    } <= set(first)
    assert first["status"] == "new" and len(first["fingerprint"]) == 64
    sql = jiancha(
        home, "model", "sql", "custodial-sentence-not-executed", "--engine", "spark"
    ).stdout
    assert ":grace_days" in sql and "ANTI JOIN" in sql
    out_csv = tmp_path / "leads.csv"
    jiancha(home, "leads", "export", "--format", "csv", "--out", str(out_csv))
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["编号", "模型", "状态", "仍命中"] and len(rows) == 4
    assert rows[1][2:4] == ["新线索", "是"]
    out_xlsx = tmp_path / "leads.xlsx"
    jiancha(home, "leads", "export", "--format", "xlsx", "--out", str(out_xlsx))
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert sheet.max_row == 4 and sheet.title == "线索"


def test_run_errors(home: Path) -> None:
    out = jiancha(
        home, "model", "run", "custodial-sentence-not-executed", "--param", "grace_days=x", ok=False
    )
    assert out.returncode == 2 and "grace_days" in out.stderr
    out = jiancha(home, "model", "run", "no-such-model", ok=False)
    assert "未安装" in out.stderr
    out = jiancha(
        home, "model", "run", "custodial-sentence-not-executed", "--engine", "oracle", ok=False
    )
    assert "未知的引擎" in out.stderr
