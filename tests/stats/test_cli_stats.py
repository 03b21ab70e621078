"""``jiancha stats`` and ``jiancha stats ledgers`` in process (both metadata backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.stats import StatsFilter, model_ledgers, statistics
from jiancha.store import Store, Workspace
from tests.stats.scenario import CITY, LEDU, A, B, Scenario

runner = CliRunner()


def jiancha(workspace: Workspace, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["--home", str(workspace.home), *args])
    assert result.exit_code == code, result.output
    return result


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def test_json_equals_the_library(store: Store, workspace: Workspace, scenario: Scenario) -> None:
    out = jiancha(workspace, "stats", "--by", "org", "--org", CITY, "--json")
    expected = statistics(store, StatsFilter(group_by="org", org=CITY))
    assert json.loads(out.stdout) == as_json(expected)
    out = jiancha(
        workspace,
        "stats",
        *("--model", A, "--model", B, "--from", "2025-02-01", "--to", "2025-02-28", "--json"),
    )
    report = json.loads(out.stdout)
    assert report["filter"]["models"] == [A, B] and report["total"]["leads"] == 2
    assert [g["key"] for g in report["groups"]] == [B, A]
    ledgers = json.loads(jiancha(workspace, "stats", "ledgers", "--org", LEDU, "--json").stdout)
    assert ledgers == as_json(model_ledgers(store, StatsFilter(org=LEDU)))
    assert ledgers["counts"] == {
        "under_construction": 0,
        "built": 0,
        "mature_applied": 0,
        "with_results": 1,
    }


def test_tables_for_people(workspace: Workspace, scenario: Scenario) -> None:
    total = jiancha(workspace, "stats", "--by", "total").stdout
    for text in ("指标", "线索数", "精准率", "50.0%", "挽回经济损失（元）", "15,000.00", "12.5"):
        assert text in total
    months = jiancha(workspace, "stats", "--by", "month").stdout
    assert "2025年1月" in months and "监督文书（按种类）" in months and "检察建议" in months
    ledgers = jiancha(workspace, "stats", "ledgers", "--org", CITY).stdout
    assert "在建模型台账：无" in ledgers and "成效模型台账（2 个）" in ledgers


def test_xlsx_written_atomically(workspace: Workspace, scenario: Scenario, tmp_path: Path) -> None:
    target = tmp_path / "报表" / "效能统计.xlsx"
    out = jiancha(workspace, "stats", "--by", "month", "--xlsx", str(target), "--json")
    assert json.loads(out.stdout)["xlsx"] == str(target)
    assert list(target.parent.iterdir()) == [target]  # no temporary file left beside it
    sheet = openpyxl.load_workbook(target)["效能统计"]
    assert [sheet.cell(row, 1).value for row in range(1, 6)] == [
        "月份",
        "2025年1月",
        "2025年2月",
        "2025年3月",
        "合计",
    ]
    assert sheet.cell(5, 3).value == 7


def test_errors_in_chinese(workspace: Workspace, scenario: Scenario) -> None:
    cases = [
        (("--by", "week"), "不能按“week”分组统计"),
        (("--from", "2025-03-01", "--to", "2025-01-01"), "晚于截止日期"),
        (("--from", "2025-13-01"), "起始日期“2025-13-01”不是有效日期"),
        (("--org", "无此院"), "没有代码或名称为“无此院”的检察院"),
        (("--area", "crime"), "没有“crime”这一检察领域"),
    ]
    for args, message in cases:
        result = jiancha(workspace, "stats", *args, code=2)
        assert "错误：" in result.output and message in result.output
        assert "Traceback" not in result.output
    bad = jiancha(workspace, "stats", "--model", "nope", "--json", code=2)
    assert json.loads(bad.stdout)["error"] == "模型 `nope` 未安装"
