"""Every command either writes exactly one audit entry (留痕) of its documented kind — who, from
where (``cli:<user>@<host>``), with what result — or is listed here as reaching no stored data,
with the reason (SQLite and PostgreSQL).

The command list comes from the Typer application itself: a command added without an entry in
``KINDS`` or ``NOT_DATA`` fails the first test; the walk fails on a command that writes no entry,
two, or one of another kind. A refused command is recorded as refused.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.clock import CHINA
from jiancha.governance import audit, create_user
from jiancha.governance.orgs import add_org
from jiancha.jobs import enqueue
from jiancha.store import AuditEntry, Lead, Store, User, Workspace
from tests.catalogue.helpers import write
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

OPERATOR = "clerk"  # JIANCHA_USER
PASSWORD = "Cli-password-2024"
SLUG = "custodial-sentence-not-executed"

# command → the audit kind documented in README's 留痕 section.
KINDS: dict[str, str] = {
    "dataset import": "import",
    "dataset list": "dataset_list",
    "dataset show": "dataset_read",
    "dataset classify": "dataset_classify",
    "dataset owner": "dataset_owner",
    "model install": "model_install",
    "model sql": "model_read",
    "model run": "run",
    "leads list": "lead_list",
    "leads show": "lead_read",
    "leads export": "export",
    "leads move": "lead_move",
    "leads history": "lead_history",
    "leads retally": "lead_retally",
    "leads act": "supervision_action",
    "leads feedback": "feedback",
    "leads comment": "comment",
    "leads attach": "attachment_upload",
    "leads records": "lead_records",
    "leads draft": "draft",
    "leads assign": "assign",
    "leads refer": "referral",
    "leads referrals": "referral_list",
    "leads accept": "referral_decision",
    "leads decline": "referral_decision",
    "user add": "user_add",
    "user list": "user_list",
    "user unlock": "user_unlock",
    "user deactivate": "user_deactivate",
    "user activate": "user_activate",
    "user token": "token_issue",
    "user revoke-token": "token_revoke",
    "org add": "org_add",
    "org alias": "org_alias",
    "org list": "org_read",
    "access request": "access_request",
    "access list": "access_list",
    "access approve": "access_decision",
    "access refuse": "access_decision",
    "access grants": "access_list",
    "access revoke": "grant_revoked",
    "breaker alerts": "alert_list",
    "breaker lift": "breaker_lifted",
    "breaker limits": "breaker_limits",
    "audit verify": "audit_verify",
    "audit list": "audit_read",
    "audit anchor": "audit_anchor",
    "stats": "stats_read",
    "stats ledgers": "stats_read",
    "job list": "job_read",
    "job show": "job_read",
    "job cancel": "job_cancel",
    "model schedule": "schedule_create",
    "model schedules": "schedule_read",
    "model unschedule": "schedule_delete",
    "documents import": "import",
    "documents rules": "model_install",
    "leads signoff": "lead_signoff",
    "market submit": "market_submit",
    "market decide": "market_decision",
    "market queue": "market_read",
    "market card": "market_read",
    "market versions": "market_read",
    "market diff": "market_read",
    "market list": "market_read",
    "market show": "market_read",
    "campaign create": "campaign_create",
    "campaign start": "campaign_start",
    "campaign stop": "campaign_stop",
    "campaign list": "campaign_read",
    "campaign show": "campaign_read",
    "campaign run": "run",
}
# Commands that reach no stored data of the workspace: no entry, and why.
NOT_DATA: dict[str, str] = {
    "init": "creates the workspace",
    "serve": "serves the API, whose requests are audited one by one",
    "demo": "builds a workspace from generated data; each import and run in it is audited",
    "demo generate": "writes generated files only",
    "eval": "works in a temporary workspace",
    "model schema": "prints the spec's JSON Schema",
    "model validate": "checks a spec file; reads nothing stored",
    "worker": "runs queued jobs; each import and run in them is audited",
    "documents extract": "extracts the files given; reads nothing stored",
}
# Commands that act on several items write one entry per item, all of their kind.
PER_ITEM = {"documents rules", "campaign run"}  # one entry per template installed / model run
# Long-running or heavy: listed, not run.
NOT_RUN = {"serve", "demo", "eval", "demo generate", "worker"}


def command_paths(group: Any, prefix: str = "") -> Iterator[str]:
    """Every command of a Typer group (Typer keeps its own copy of Click: no isinstance)."""
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        if hasattr(command, "commands"):
            if command.invoke_without_command:
                yield path
            yield from command_paths(command, path)
        else:
            yield path


def test_every_command_has_a_documented_kind_or_a_reason() -> None:
    root = typer.main.get_command(app)
    assert set(command_paths(root)) == set(KINDS) | set(NOT_DATA)
    assert set(KINDS.values()) <= set(audit.ACTIONS)


def count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(AuditEntry.id))) or 0


def since(store: Store, seen: int) -> list[AuditEntry]:
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.seq > seen).order_by(AuditEntry.seq)
        return list(session.scalars(query))


class Walk:
    def __init__(self, home: Path, store: Store) -> None:
        self.home, self.store = home, store
        self.runner = CliRunner()
        self.done: set[str] = set()

    def __call__(self, command: str, *args: str, actor: str = OPERATOR, ok: bool = True) -> Any:
        before = count(self.store)
        argv = ["--home", str(self.home), *command.split(), *args]
        if command not in ("model schema",):
            argv.append("--json")
        result = self.runner.invoke(app, argv)
        assert (result.exit_code == 0) == ok, f"{command}: {result.output}"
        written = since(self.store, before)
        if command in NOT_DATA:
            assert written == [], f"{command} wrote {[e.action for e in written]}"
        else:
            seen = [(e.action, e.actor, e.detail["result"]) for e in written]
            one = (KINDS[command], actor, "ok" if ok else "refused")
            expected = [one] * (len(seen) or 1) if command in PER_ITEM else [one]
            assert seen == expected, (command, seen)
            assert all(e.detail["client"].startswith("cli:") for e in written)
        self.done.add(command)
        try:
            return json.loads(result.stdout)
        except ValueError:
            return None


@pytest.fixture
def walk(
    workspace: Workspace, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Walk:
    monkeypatch.setenv("JIANCHA_USER", OPERATOR)
    load_county(store, tmp_path)
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, "330100", "杭州市人民检察院", "city", "330000")
    add_org(store, "330108", "杭州市滨江区人民检察院", "district", "330100")
    for name, role, org in [
        ("zhang", "prosecutor", None),
        ("lingdao", "leader", "330108"),
        ("shenpi", "leader", None),
        ("jianmo", "modeller", "330000"),
        ("shuju", "data_admin", None),
    ]:
        create_user(store, name, PASSWORD, role=role, org=org, must_change=False)
    return Walk(workspace.home, store)


def test_every_command_writes_one_entry_of_its_kind(
    walk: Walk, store: Store, tmp_path: Path
) -> None:
    walk("init")
    walk("model schema")
    walk("model validate", str(SPECS / "custodial.yaml"))

    csv = write(tmp_path / "名单.csv", "姓名,金额\n张三,1\n李四,2\n", "utf-8")
    walk("dataset import", str(csv), "--name", "名单")
    walk("dataset list")
    walk("dataset show", "判决")
    walk("dataset classify", "判决", "--field", "公民身份号码", "--level", "core")
    walk("org add", "330106", "杭州市西湖区人民检察院", "--level", "district", "--parent", "330100")
    walk("org alias", "330000", "浙江省高级人民法院")
    walk("org list")
    walk("dataset owner", "判决", "--org", "330108")
    corpus = Path(__file__).parents[1] / "documents" / "corpus" / "real-judgments.jsonl"
    judgments = tmp_path / "判决书.jsonl"
    judgments.write_text("".join(corpus.read_text("utf-8").splitlines(True)[:2]), "utf-8")
    walk("documents extract", str(judgments))
    walk("documents import", str(judgments), "--name", "刑事判决书")
    rules = walk("documents rules", "--judgments", "刑事判决书")
    assert len(rules) == 6, rules
    binds = [x for b in BINDS for x in ("--bind", b)]
    walk("model install", str(SPECS / "custodial.yaml"), *binds, "--org", "330000")
    walk("model sql", SLUG)
    walk("model run", SLUG, "--as-of", AS_OF.isoformat())
    walk("model schedule", SLUG, "--cron", "0 2 * * *", "--org", "330000")
    walk("model schedules")
    walk("model unschedule", "1")
    with store.session() as session:
        first, second = list(session.scalars(select(Lead.id).order_by(Lead.id)))

    walk("leads list")
    walk("leads assign", str(first), "--to", "zhang")
    walk("leads move", str(first), "--to", "verifying")
    walk("leads move", str(first), "--to", "confirmed", "--note", "属实")
    approve = ("--kind", "approval", "--opinion", "同意成案", "--as", "shenpi")
    walk("leads signoff", str(first), *approve, actor="shenpi")
    walk("leads move", str(first), "--to", "case_opened")
    walk("leads history", str(first))
    today = dt.datetime.now(CHINA).date().isoformat()
    issued = walk(
        "leads act",
        str(first),
        *("--kind", "suggestion", "--doc-no", "检建〔2025〕1号", "--date", today),
        *("--receiver", "某法院"),
    )
    walk(
        "leads feedback",
        str(issued["id"]),
        *("--date", today, "--outcome", "rectified", "--content", "已收监"),
    )
    walk("leads comment", str(first), "请调取收押台账核实")
    walk("leads attach", str(first), str(csv))
    walk("leads records", str(first))
    walk("leads show", str(first))
    walk("leads draft", str(first), "--kind", "suggestion", "--out", str(tmp_path / "d.docx"))
    walk("leads export", "--out", str(tmp_path / "out.csv"))
    referred = walk("leads refer", str(second), "--to", "330106", "--note", "属西湖区管辖")
    walk("leads referrals")
    walk("leads accept", str(referred["id"]))
    again = walk("leads refer", str(second), "--to", "330108", "--note", "属滨江区管辖")
    walk("leads decline", str(again["id"]), "--note", "不属本院管辖")
    walk("leads retally")

    walk("user add", "wang.wu", "--role", "prosecutor", "--org", "330106")
    walk("user list")
    walk("user unlock", "wang.wu")
    token = walk("user token", "wang.wu", "--name", "数据交换平台", "--days", "30")
    walk("user revoke-token", str(token["id"]))
    walk("user deactivate", "wang.wu")
    walk("user activate", "wang.wu")

    until = (dt.datetime.now(CHINA).date() + dt.timedelta(days=30)).isoformat()
    ask = ("--user", "zhang", "--purpose", "办理刑罚执行监督案件", "--until", until)
    filed = [walk("access request", "判决", *ask, actor="zhang") for _ in range(2)]
    walk("access list")
    walk("access approve", str(filed[0]["id"]), "--by", "lingdao", actor="lingdao")
    by = ("--by", "lingdao", "--reason", "重复申请")
    walk("access refuse", str(filed[1]["id"]), *by, actor="lingdao")
    grants = walk("access grants")
    walk("access revoke", str(grants[0]["id"]), "--by", "lingdao", actor="lingdao")

    walk("breaker alerts")
    walk("breaker limits", "zhang", "--evidence-reads", "10", "--exported-rows", "20")
    with store.session() as session:
        moment = dt.datetime.now(dt.UTC)
        session.execute(update(User).where(User.username == "zhang").values(suspended_at=moment))
    walk("breaker lift", "zhang")

    walk("market card", SLUG)
    walk("market versions", SLUG)
    walk("market diff", SLUG, "--from", "1.0.0", "--to", "1.0.0")
    card = ("--background", "判处实刑未交付执行", "--innovation", "判决与收押碰撞")
    card += ("--scope", "各级检察院", "--authors", "张检察官", "--org", "330000")
    walk("market submit", SLUG, *card, "--user", "jianmo", actor="jianmo")
    walk("market queue")
    check = ("--step", "data_checked", "--approve", "--opinion", "数据齐全", "--user", "shuju")
    walk("market decide", SLUG, *check, actor="shuju")
    walk("market list", "--review")
    walk("market show", SLUG)
    end = (dt.datetime.now(CHINA).date() + dt.timedelta(days=30)).isoformat()
    plan = ("--line", "criminal_execution", "--from", today, "--to", end, "--office", "330000")
    walk(
        "campaign create",
        "刑罚执行专项",
        *plan,
        "--model",
        SLUG,
        "--user",
        "shenpi",
        actor="shenpi",
    )
    walk("campaign start", "刑罚执行专项", "--user", "shenpi", actor="shenpi")
    walk("campaign list")
    walk("campaign run", "刑罚执行专项")
    walk("campaign show", "刑罚执行专项")
    walk("campaign stop", "刑罚执行专项", "--user", "shenpi", actor="shenpi")

    walk("stats")
    walk("stats ledgers")
    job = {"kind": "run", "subject": SLUG, "title": "运行模型", "payload": {"model": SLUG}}
    queued = enqueue(store, **job, created_by=OPERATOR, org_id=None)
    walk("job list")
    walk("job show", str(queued.id))
    walk("job cancel", str(queued.id))
    walk("audit list")
    walk("audit verify")
    walk("audit anchor", "--file", str(tmp_path / "anchors.jsonl"))

    assert walk.done == set(KINDS) | (set(NOT_DATA) - NOT_RUN)


def test_a_refused_command_is_recorded_as_refused(walk: Walk, store: Store) -> None:
    walk("leads history", "999999", ok=False)  # no such lead
    [entry] = since(store, count(store) - 1)
    assert entry.action == "lead_history" and entry.object_id == "999999"
    assert "999999" in entry.detail["refusal"]
    walk("user deactivate", "nobody", ok=False)
