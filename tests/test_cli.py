"""The command-line contract of DESIGN.md, driven through the ``jiancha`` command's own entry
(in process, as ``typer.testing.CliRunner`` runs it)."""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.clock import china_today
from jiancha.store import Run, open_store, open_workspace
from jiancha.templates import load_templates
from tests.catalogue.helpers import id18, write
from tests.demo_home import copy_demo


@dataclass(frozen=True)
class Completed:
    """What a run of the command gave: exit status and both streams, as a process would."""

    returncode: int
    stdout: str
    stderr: str


def jiancha(
    home: Path, *args: str, ok: bool = True, env: dict[str, str] | None = None
) -> Completed:
    """Run ``jiancha --home HOME ARGS`` in this process (a new interpreter per command cost
    2–3 s of imports), with the metadata store the workspace's own: ``JIANCHA_DATABASE_URL``
    unset (``env`` sets more). A command that crashed instead of exiting shows its traceback
    on stderr, exactly as the installed command would, so that tests asserting there is none
    stay honest."""
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["--home", str(home), *args],
        env={"JIANCHA_DATABASE_URL": None, **(env or {})},
        prog_name="jiancha",
    )
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)
        )
    done = Completed(result.exit_code, result.stdout, stderr)
    if ok:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


@pytest.fixture
def home(tmp_path: Path) -> Path:
    jiancha(tmp_path / "ws", "init")
    return tmp_path / "ws"


def test_init_json(tmp_path: Path) -> None:
    out = json.loads(jiancha(tmp_path / "ws", "init", "--json").stdout)
    assert out["created"] is True and out["database"].startswith("sqlite:///")
    assert json.loads(jiancha(tmp_path / "ws", "init", "--json").stdout)["created"] is False


def test_import_show_list_json_shapes(home: Path, tmp_path: Path) -> None:
    csv = write(
        tmp_path / "判决.csv", f"姓名,公民身份号码,是否缓刑\n张三,{id18()},是\n李四,123,否\n", "gbk"
    )
    schema = write(tmp_path / "s.yaml", "fields:\n  是否缓刑: {semantic: boolean}\n")
    out = json.loads(
        jiancha(
            home, "dataset", "import", str(csv), "--name", "判决", "--schema", str(schema), "--json"
        ).stdout
    )
    assert out["encoding"] == "gbk" and out["rows"] == 2
    shown = json.loads(jiancha(home, "dataset", "show", "判决", "--json").stdout)
    assert shown["name"] == "判决" and shown["rows"] == 2
    assert shown["fields"][1] == {
        "name": "公民身份号码",
        "type": "string",
        "semantic": "id_card",
        "semantic_source": "name",
        "classification": "sensitive",
        "raw_column": "公民身份号码__raw",
    }
    q = shown["quality"]["公民身份号码"]
    assert (q["invalid"], q["missing"]) == (1, 0) and q["examples"][0]["row"] == 3
    listed = json.loads(jiancha(home, "dataset", "list", "--json").stdout)
    assert [(d["name"], d["version"], d["rows"]) for d in listed] == [("判决", 1, 2)]


def test_errors_exit_nonzero_with_chinese_message(home: Path, tmp_path: Path) -> None:
    bad = jiancha(home, "dataset", "import", str(tmp_path / "无.csv"), "--name", "x", ok=False)
    assert (
        bad.returncode == 2 and "错误：文件不存在" in bad.stderr and "Traceback" not in bad.stderr
    )
    as_json = jiancha(home, "dataset", "show", "无此数据集", "--json", ok=False)
    assert as_json.returncode == 2 and "不存在" in json.loads(as_json.stdout)["error"]
    no_ws = jiancha(tmp_path / "nowhere", "dataset", "list", ok=False)
    assert no_ws.returncode == 2 and "jiancha init" in no_ws.stderr


def test_classify_command(home: Path, tmp_path: Path) -> None:
    csv = write(tmp_path / "a.csv", f"姓名,身份证号\n张三,{id18()}\n")
    jiancha(home, "dataset", "import", str(csv), "--name", "a")
    out = json.loads(
        jiancha(
            home, "dataset", "classify", "a", "--field", "姓名", "--level", "core", "--json"
        ).stdout
    )
    assert out["classification"] == "core"


def test_demo_generate_eval_and_demo(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path / "county"
    generated = json.loads(
        jiancha(
            tmp_path / "x",
            "demo",
            "generate",
            "--out",
            str(out),
            "--scale",
            "1000",
            "--as-of",
            "2025-06-30",
            "--json",
        ).stdout
    )
    assert generated["scale"] == 1000 and (out / "ground_truth.csv").is_file()
    scored = json.loads(
        jiancha(tmp_path / "x", "eval", "--scale", "1000", "--as-of", "2025-06-30", "--json").stdout
    )
    templates = {t["template"]: t for t in scored["templates"]}
    assert len(templates) >= 15
    assert all(t["planted"] >= 3 and t["true_positives"] > 0 for t in templates.values())
    # `jiancha demo --scale 1000 --no-serve --json`, built once for the session (tests.demo_home)
    built = copy_demo(tmp_path_factory, tmp_path / "demo")
    demo = built.summary
    assert len(demo["runs"]) == len(templates) and len(demo["datasets"]) == 25
    assert demo["login"]["username"] == "demo" and len(demo["login"]["password"]) >= 10
    # The templates ran as the demo's modeller, each under the grants the province's leader gave.
    store = open_store(open_workspace(tmp_path / "demo"))
    try:
        with store.session() as session:
            runs = list(session.scalars(select(Run)))
    finally:
        store.close()
    assert runs and {r.user for r in runs} == {"jianmo"}
    assert all(r.grants and all("grant" in g for g in r.grants) for r in runs)
    # `make demo` run twice in one folder: tests/web/test_console_bench.py (its demo is the second).


def test_lead_move_and_history(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = copy_demo(tmp_path_factory, tmp_path / "demo").home
    leads = json.loads(
        jiancha(home, "leads", "list", "--model", "fine-not-executed", "--json").stdout
    )
    lead = str(leads[0]["id"])
    jiancha(home, "leads", "move", lead, "--to", "assigned", "--assignee", "zhang.san")
    refused = jiancha(home, "leads", "move", lead, "--to", "rejected", "--json", ok=False)
    assert refused.returncode == 2
    assert "不能转为核查不属实" in json.loads(refused.stdout)["error"]
    events = json.loads(jiancha(home, "leads", "history", lead, "--json").stdout)
    assert [(e["from"], e["to"], e["assignee"]) for e in events] == [
        ("new", "assigned", "zhang.san")
    ]
    listed = json.loads(jiancha(home, "leads", "list", "--status", "assigned", "--json").stdout)
    assert [item["id"] for item in listed] == [leads[0]["id"]]
    jiancha(home, "leads", "move", lead, "--to", "verifying")
    jiancha(home, "leads", "move", lead, "--to", "confirmed", "--note", "罚金确未缴纳")
    unapproved = jiancha(home, "leads", "move", lead, "--to", "case_opened", "--json", ok=False)
    assert "成案须经院领导审批" in json.loads(unapproved.stdout)["error"]  # a medium model
    approval = ("--kind", "approval", "--opinion", "同意成案", "--as", "lingdao", "--json")
    signed = json.loads(jiancha(home, "leads", "signoff", lead, *approval).stdout)
    assert (signed["user"], signed["signoffs"]["missing"]) == ("lingdao", [])
    jiancha(home, "leads", "move", lead, "--to", "case_opened", "--as", "jianchaguan")
    steps = json.loads(jiancha(home, "leads", "history", lead, "--json").stdout)
    assert [(e["kind"], e["to"], e["user"]) for e in steps[-2:]] == [
        ("signoff", "confirmed", "lingdao"),
        ("move", "case_opened", "jianchaguan"),  # a prosecutor's account, once approved
    ]
    today = china_today().isoformat()  # not before the run found the lead, not in the future
    action = json.loads(
        jiancha(
            home,
            "leads",
            "act",
            lead,
            "--kind",
            "suggestion",
            "--doc-no",
            "检建〔2025〕9号",
            "--date",
            today,
            "--receiver",
            "法院执行局",
            "--json",
        ).stdout
    )
    jiancha(
        home,
        "leads",
        "feedback",
        str(action["id"]),
        "--date",
        today,
        "--outcome",
        "rectified",
        "--content",
        "已执行到位",
        "--recovered",
        "2万",
    )
    bad = jiancha(
        home,
        "leads",
        "feedback",
        str(action["id"]),
        "--date",
        today,
        "--outcome",
        "rectified",
        "--content",
        "x",
        "--recovered",
        "很多",
        ok=False,
    )
    assert bad.returncode == 2 and "不是可识别的金额" in bad.stderr
    note = tmp_path / "回函.txt"
    note.write_text("已执行", encoding="utf-8")
    jiancha(home, "leads", "comment", lead, "执行局已回函")
    jiancha(home, "leads", "attach", lead, str(note))
    records = json.loads(jiancha(home, "leads", "records", lead, "--json").stdout)
    assert records["actions"][0]["feedback"][0]["recovered_amount"] == "20000.00"
    assert records["comments"][0]["text"] == "执行局已回函"
    assert records["attachments"][0]["filename"] == "回函.txt"


def test_offices_routing_assignment_and_referral(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = copy_demo(tmp_path_factory, tmp_path / "demo").home
    orgs = json.loads(jiancha(home, "org", "list", "--json").stdout)
    assert [o["level"] for o in orgs].count("district") == 4
    assert {o["code"] for o in orgs} >= {"330000", "330100", "330106", "330603"}
    leads = json.loads(jiancha(home, "leads", "list", "--json").stdout)
    # Every lead of a model that names a court is routed to a district office.
    fines = [x for x in leads if x["model"] == "fine-not-executed"]
    assert fines and all(x["org"].endswith("区人民检察院") for x in fines)
    xihu = json.loads(jiancha(home, "leads", "list", "--org", "330106", "--json").stdout)
    hangzhou = json.loads(jiancha(home, "leads", "list", "--org", "330100", "--json").stdout)
    assert xihu and {x["org"] for x in xihu} == {"杭州市西湖区人民检察院"}
    assert {x["id"] for x in xihu} < {x["id"] for x in hangzhou}

    jiancha(home, "org", "add", "330105", "杭州市拱墅区人民检察院", "--level", "district",
            "--parent", "330100", "--alias", "杭州市拱墅区人民法院")  # fmt: skip
    jiancha(home, "user", "add", "gongshu.li", "--password", "password-1234", "--org", "330105")
    high = {spec.id for spec in load_templates() if spec.risk == "high"}  # never referred
    # 柯桥 adopted nothing: its leads are the province's adoption's, all still new (西湖's own
    # prosecutors verified a sample of theirs in the demo)
    keqiao = json.loads(jiancha(home, "leads", "list", "--org", "330603", "--json").stdout)
    ids = [str(x["id"]) for x in keqiao if x["model"] not in high and x["status"] == "new"][:3]
    assert len(ids) == 3
    assigned = json.loads(jiancha(home, "leads", "assign", *ids, "--to", "x.y", "--json").stdout)
    assert [e["lead_id"] for e in assigned] == [int(i) for i in ids]
    refused = jiancha(home, "leads", "assign", ids[0], "--to", "gongshu.li", "--json", ok=False)
    assert "不属于该线索所在检察院" in json.loads(refused.stdout)["hint"]

    sent = json.loads(
        jiancha(
            home, "leads", "refer", ids[0], "--to", "330105", "--note", "属拱墅区", "--json"
        ).stdout
    )
    pending = json.loads(
        jiancha(
            home, "leads", "referrals", "--org", "330105", "--status", "pending", "--json"
        ).stdout
    )
    assert [r["id"] for r in pending] == [sent["id"]]
    jiancha(home, "leads", "accept", str(sent["id"]))
    moved = json.loads(jiancha(home, "leads", "list", "--org", "330105", "--json").stdout)
    assert [(x["id"], x["status"]) for x in moved] == [(int(ids[0]), "new")]
    unknown = jiancha(home, "org", "add", "1", "x", "--level", "province", ok=False)
    assert "单位代码“1”无效" in unknown.stdout + unknown.stderr
