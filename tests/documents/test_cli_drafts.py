"""``jiancha leads draft``: writes the .docx atomically and never overwrites without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.store import Store
from tests.documents.conftest import masked_id, paragraphs, text
from tests.modelling.fixtures import pid


def _draft(store: Store, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(app, ["--home", str(store.workspace.home), "leads", "draft", *args])
    return result.exit_code, result.output.replace("\n", "")  # Rich wraps long lines


def test_cli_writes_the_draft(
    store: Store, lead_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_USER", "wang.wu")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "建议书.docx"
    code, output = _draft(store, str(lead_id), "--kind", "suggestion", "--out", str(out))
    assert code == 0, output
    assert f"已生成线索 {lead_id} 的检察建议书草稿（已脱敏）" in output
    assert ("公文标题", "检察建议书") in paragraphs(out.read_bytes())
    body = text(out.read_bytes())
    assert masked_id(pid(1)) in body and "（wang.wu，" in body
    assert [p.name for p in folder.iterdir()] == ["建议书.docx"]  # no temporary file left

    code, output = _draft(store, str(lead_id), "--kind", "correction_notice", "--out", str(out))
    assert code == 2 and "输出文件已存在" in output and "--force" in output
    assert ("公文标题", "检察建议书") in paragraphs(out.read_bytes())  # untouched

    code, output = _draft(
        store,
        str(lead_id),
        "--kind",
        "correction_notice",
        "--out",
        str(out),
        "--force",
        "--unmasked",
        "--json",
    )
    assert code == 0, output
    result = json.loads(output)
    assert result["masked"] is False and result["kind_label"] == "纠正违法通知书"
    assert ("公文标题", "纠正违法通知书") in paragraphs(out.read_bytes())
    assert pid(1) in text(out.read_bytes())


def test_cli_errors_are_clear_and_leave_no_file(store: Store, lead_id: int, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.docx"
    code, output = _draft(store, str(lead_id), "--kind", "letter", "--out", str(out))
    assert code == 2 and "没有“letter”这种可起草的文书" in output
    code, output = _draft(store, "999999", "--kind", "suggestion", "--out", str(out))
    assert code == 2 and "没有编号为 999999 的线索" in output
    code, output = _draft(
        store, str(lead_id), "--kind", "suggestion", "--out", str(folder / "无此目录" / "x.docx")
    )
    assert code == 2 and "输出目录不存在" in output
    assert list(folder.iterdir()) == []
