"""``jiancha leads draft``: writes the .docx atomically and never overwrites without --force."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.store import Store
from tests.documents.conftest import masked_id, paragraphs, text
from tests.modelling.fixtures import BINDS, pid


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
    assert masked_id(pid(1)) in body and "wang.wu" not in body and "附注" not in body
    # the reminders are printed for the drafter, after the 已生成 line, not in the document
    reminder = f"提示：本文书为根据线索 {lead_id} 自动生成的草稿（wang.wu，"
    assert output.index(reminder) > output.index("已生成")
    assert "提示：该线索当前为“新线索”，尚未核查属实。" in output
    assert [p.name for p in folder.iterdir()] == ["建议书.docx"]  # no temporary file left

    code, output = _draft(store, str(lead_id), "--kind", "correction_notice", "--out", str(out))
    assert code == 2 and "输出文件已存在" in output and "--force" in output
    assert ("公文标题", "检察建议书") in paragraphs(out.read_bytes())  # untouched

    unmasked = ("--kind", "correction_notice", "--out", str(out), "--force", "--unmasked")
    code, output = _draft(store, str(lead_id), *unmasked, "--json")
    assert code == 2 and "不脱敏起草须用 --user 指明起草人" in output
    code, output = _draft(store, str(lead_id), *unmasked, "--user", "wang.wu", "--json")
    assert code == 2 and "用户“wang.wu”不存在" in output
    create_user(store, "wang.wu", "Draft-password-2024", must_change=False)
    code, output = _draft(store, str(lead_id), *unmasked, "--user", "wang.wu", "--json")
    assert code == 2 and "没有查看数据集" in output and "未脱敏信息的有效授权" in output
    _unmasking_grants(store, "wang.wu")
    code, output = _draft(store, str(lead_id), *unmasked, "--user", "wang.wu", "--json")
    assert code == 0, output
    result = json.loads(output)
    assert result["masked"] is False and result["kind_label"] == "纠正违法通知书"
    assert result["verified"] is False
    assert "文中个人信息未脱敏，请按规定使用。" in result["reminders"]
    assert ("公文标题", "纠正违法通知书") in paragraphs(out.read_bytes())
    assert pid(1) in text(out.read_bytes())


def _unmasking_grants(store: Store, username: str) -> None:
    """``username`` gets unmasking grants for the datasets the model reads."""
    create_user(store, "boss", "Draft-password-2024", role="admin", must_change=False)
    today = dt.date.today()
    for dataset in {b.split("=")[1] for b in BINDS if "." not in b.split("=")[0]}:
        row = request_access(
            store,
            username,
            dataset,
            purpose="核实线索后起草文书",
            starts_on=today,
            ends_on=today + dt.timedelta(days=7),
            unmask=True,
        )
        decide(store, "boss", row["id"], approve=True)


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
