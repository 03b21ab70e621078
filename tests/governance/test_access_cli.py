"""``jiancha access …``, ``jiancha breaker …``, ``model run --user`` and ``leads export``
(masked by default) through the Typer app (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from jiancha.cli import app
from jiancha.clock import CHINA
from jiancha.governance import create_user
from jiancha.governance.breaker import Suspended, consume
from jiancha.governance.masking import mask_id_card
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import AccessRequest, Store, User, Workspace
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

PASSWORD = "Role-password-2024"
LEDU = "630202"
SLUG = "custodial-sentence-not-executed"
runner = CliRunner()


@pytest.fixture
def home(store: Store, workspace: Workspace, tmp_path: Path) -> list[str]:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=LEDU)
    run_model(store, SLUG, run_date=AS_OF)
    for username, role in [("modeller", "modeller"), ("leader", "leader"), ("pros", "prosecutor")]:
        create_user(store, username, PASSWORD, org=LEDU, role=role, must_change=False)
    args = ["--home", str(workspace.home)]
    for name in ("判决", "收押"):
        owned = cli(args, "dataset", "owner", name, "--org", LEDU, "--json")
        assert owned["org"], owned
    return args


def invoke(home: list[str], *args: str) -> Result:
    return runner.invoke(app, [*home, *args])


def cli(home: list[str], *args: str) -> Any:
    result = invoke(home, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def until(days: int = 30) -> str:
    return (dt.datetime.now(CHINA).date() + dt.timedelta(days=days)).isoformat()


def granted(home: list[str], user: str, dataset: str, *extra: str) -> int:
    asked = cli(
        home,
        "access",
        "request",
        dataset,
        "--user",
        user,
        "--purpose",
        "办理刑罚执行监督案件",
        "--until",
        until(),
        "--json",
        *extra,
    )
    assert asked["status"] == "pending" and asked["requester"] == user
    decided = cli(home, "access", "approve", str(asked["id"]), "--by", "leader", "--json")
    assert decided["status"] == "approved" and decided["decided_by"] == "leader"
    grant = decided["grant"]
    assert isinstance(grant, int)
    return grant


def test_request_approve_grants_revoke(home: list[str]) -> None:
    grant = granted(home, "modeller", "判决")
    [row] = cli(home, "access", "grants", "--json")
    assert row["id"] == grant and row["active"] is True
    assert (row["user"], row["dataset"], row["granted_by"]) == ("modeller", "判决", "leader")
    assert row["valid_until"].endswith("+08:00")
    [listed] = cli(home, "access", "list", "--status", "approved", "--json")
    assert listed["grant"] == grant
    assert cli(home, "access", "list", "--status", "pending", "--json") == []
    shown = invoke(home, "access", "grants")
    assert shown.exit_code == 0 and "modeller" in shown.stdout
    revoked = invoke(home, "access", "revoke", str(grant), "--by", "leader")
    assert revoked.exit_code == 0 and f"授权 {grant} 已撤销" in revoked.stdout
    [row] = cli(home, "access", "grants", "--json")
    assert row["active"] is False and row["revoked_by"] == "leader"


def test_request_refusals(home: list[str]) -> None:
    own = invoke(
        home, "access", "request", "判决", "--user", "modeller", "--purpose", "看看", "--until",
        until(), "--json",
    )  # fmt: skip
    assert own.exit_code == 2 and "具体用途" in json.loads(own.stdout)["error"]
    bad_date = invoke(
        home, "access", "request", "判决", "--user", "modeller", "--purpose", "办理案件需要",
        "--until", "2024-13-01",
    )  # fmt: skip
    assert bad_date.exit_code == 2 and "不是有效日期" in bad_date.output
    asked = cli(
        home, "access", "request", "判决", "--user", "modeller", "--purpose", "办理案件需要",
        "--until", until(), "--json",
    )  # fmt: skip
    self_approved = invoke(home, "access", "approve", str(asked["id"]), "--by", "modeller")
    assert self_approved.exit_code == 2 and "不能审批自己的数据申请" in self_approved.output


def test_refuse_needs_a_reason(home: list[str], store: Store) -> None:
    asked = cli(
        home, "access", "request", "判决", "--user", "modeller", "--purpose", "办理案件需要",
        "--until", until(), "--json",
    )  # fmt: skip
    missing = invoke(home, "access", "refuse", str(asked["id"]), "--by", "leader")
    assert missing.exit_code == 2 and "--reason" in missing.output
    blank = invoke(home, "access", "refuse", str(asked["id"]), "--by", "leader", "--reason", " ")
    assert blank.exit_code == 2 and "驳回数据申请须写明理由" in blank.output
    with store.session() as session:
        request = session.get(AccessRequest, asked["id"])
        assert request is not None and request.status == "pending"
    refused = cli(
        home, "access", "refuse", str(asked["id"]), "--by", "leader", "--reason", "用途不明",
        "--json",
    )  # fmt: skip
    assert refused["status"] == "refused" and refused["reason"] == "用途不明"
    assert cli(home, "access", "grants", "--json") == []


def test_model_run_as_a_user_needs_grants(home: list[str]) -> None:
    refused = invoke(home, "model", "run", SLUG, "--user", "modeller", "--as-of", "2024-10-23")
    assert refused.exit_code == 2
    assert "没有使用数据集“判决”、“收押”的有效授权，不能运行模型" in refused.output
    as_json = invoke(home, "model", "run", SLUG, "--user", "modeller", "--json")
    assert as_json.exit_code == 2 and "有效授权" in json.loads(as_json.stdout)["error"]
    grants = sorted(granted(home, "modeller", name) for name in ("判决", "收押"))
    ran = cli(home, "model", "run", SLUG, "--user", "modeller", "--as-of", "2024-10-23", "--json")
    assert sorted(g["grant"] for g in ran["grants"]) == grants and ran["leads"] == 2
    local = cli(home, "model", "run", SLUG, "--as-of", "2024-10-23", "--json")
    assert local["grants"] == [{"basis": "local_operator"}]


def test_leads_export_is_masked_by_default(home: list[str], tmp_path: Path) -> None:
    raw = pid(1)
    out = tmp_path / "leads.csv"
    done = cli(home, "leads", "export", "--out", str(out), "--json")
    assert done["masked"] is True and done["rows"] == 2
    text = out.read_text(encoding="utf-8-sig")
    assert raw not in text and pid(6) not in text and mask_id_card(raw) in text
    unnamed = invoke(home, "leads", "export", "--unmasked", "--out", str(tmp_path / "x.csv"))
    assert unnamed.exit_code == 2 and "导出未脱敏的线索须用 --user 指明导出人" in unnamed.output
    assert not (tmp_path / "x.csv").exists()
    target = tmp_path / "raw.csv"
    ungranted = invoke(
        home, "leads", "export", "--unmasked", "--user", "pros", "--out", str(target)
    )
    assert ungranted.exit_code == 2 and "未脱敏信息的有效授权" in ungranted.output
    assert not target.exists()
    for name in ("判决", "收押"):
        granted(home, "pros", name, "--unmask")
    opened = cli(
        home, "leads", "export", "--unmasked", "--user", "pros", "--out", str(target), "--json"
    )
    assert opened["masked"] is False and raw in target.read_text(encoding="utf-8-sig")


def test_breaker_commands(home: list[str], store: Store, tmp_path: Path) -> None:
    limits = cli(home, "breaker", "limits", "pros", "--evidence-reads", "1", "--json")
    assert limits == {"username": "pros", "evidence_reads": 1, "exported_rows": 10_000}
    zero = invoke(home, "breaker", "limits", "pros", "--evidence-reads", "0")
    assert zero.exit_code == 2 and "阈值须为正整数" in zero.output
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == "pros"))
        assert user is not None and user.limit_evidence_reads == 1
    assert cli(home, "breaker", "alerts", "--json") == []
    consume(store, "pros", "evidence_reads")
    with pytest.raises(Suspended):
        consume(store, "pros", "evidence_reads")
    [alert] = cli(home, "breaker", "alerts", "--open", "--json")
    assert alert["user"] == "pros" and alert["resolved_by"] is None
    blocked = invoke(home, "leads", "export", "--user", "pros", "--out", str(tmp_path / "b.csv"))
    assert blocked.exit_code == 2 and "数据访问已熔断" in blocked.output
    lifted = invoke(home, "breaker", "lift", "pros")
    assert lifted.exit_code == 0 and "已解除 pros 的熔断" in lifted.stdout
    assert cli(home, "breaker", "alerts", "--open", "--json") == []
    [resolved] = cli(home, "breaker", "alerts", "--json")
    assert resolved["resolved_by"] is not None
    consume(store, "pros", "evidence_reads")  # the hour started afresh
    again = invoke(home, "breaker", "lift", "modeller")
    assert again.exit_code == 2 and "没有被熔断" in again.output
    # Exported rows count for the named user: two leads per export.
    cli(home, "breaker", "limits", "modeller", "--exported-rows", "3", "--json")
    first = invoke(home, "leads", "export", "--user", "modeller", "--out", str(tmp_path / "1.csv"))
    assert first.exit_code == 0, first.output
    second = invoke(home, "leads", "export", "--user", "modeller", "--out", str(tmp_path / "2.csv"))
    assert second.exit_code == 2 and "超过阈值 3 行" in second.output
    assert not (tmp_path / "2.csv").exists()
