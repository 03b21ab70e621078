"""``jiancha market …``: submit, decide (with an attachment), the queue, the card, versions and
diff, acting as the named account, with the same refusals as the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.store import open_store, open_workspace
from tests.marketplace.publication_fixtures import CARD, SLUG, seed
from tests.test_cli import jiancha as cli


def test_market_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    cli(home, "init")
    store = open_store(open_workspace(home))
    try:
        seed(store, tmp_path)
    finally:
        store.close()
    card = ["--background", CARD.background, "--innovation", CARD.innovation]
    card += ["--scope", CARD.scope, "--authors", "张三，李四"]
    refused = cli(home, "market", "submit", SLUG, *card, "--user", "pa", ok=False)
    assert refused.returncode == 2 and "无权提交模型上架" in refused.stderr
    sent = json.loads(cli(home, "market", "submit", SLUG, *card, "--user", "ma", "--json").stdout)
    assert sent["state"] == "submitted" and sent["authors"] == ["张三", "李四"]

    queue = json.loads(cli(home, "market", "queue", "--user", "da", "--json").stdout)
    assert [(q["slug"], q["step"]) for q in queue] == [(SLUG, "data_checked")]
    shown = cli(home, "market", "queue", env={"COLUMNS": "200"}).stdout
    assert SLUG in shown and "数据核查" in shown

    note = tmp_path / "核查记录.txt"
    note.write_text("判决、收押均已分级", encoding="utf-8")
    decide = ["market", "decide", SLUG, "--step", "data_checked", "--approve"]
    done = cli(home, *decide, "--attach", str(note), "--user", "da", "--json")
    decision = json.loads(done.stdout)
    assert decision["state"] == "data_checked"
    assert decision["attachments"][0]["name"] == "核查记录.txt"
    again = cli(home, *decide, "--user", "da", ok=False, env={"COLUMNS": "200"})
    assert again.returncode == 2 and "已由他人完成或不再适用" in again.stderr
    refuse = ["market", "decide", SLUG, "--step", "rules_reviewed", "--refuse"]
    reason = "请补充法律依据"
    back = json.loads(cli(home, *refuse, "--opinion", reason, "--user", "lp", "--json").stdout)
    assert back["state"] == "returned"

    text = cli(home, "market", "card", SLUG).stdout
    for heading in (
        "背景要旨",
        "法律依据",
        "监督规则",
        "数据要素",
        "创新性",
        "适用范围",
        "审查记录",
    ):
        assert heading in text
    assert "杭州市人民检察院　张三、李四" in text and reason in text
    full = json.loads(cli(home, "market", "card", SLUG, "--json").stdout)
    assert full["returned"]["reason"] == reason
    versions = json.loads(cli(home, "market", "versions", SLUG, "--json").stdout)
    sha = versions["versions"][0]["sha256"]
    same = cli(home, "market", "diff", SLUG, "--from", "1.0.0", "--to", sha[:10]).stdout
    assert "两个版本的模型文本相同" in same
