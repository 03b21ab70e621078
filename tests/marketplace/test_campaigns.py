"""专项 (campaigns): created and started by a leader, tagging its models' leads during its period
only while it runs, its ledger and statistics per office, refusing runs once stopped — over the
API, the library and the command line (the world: ``world.py``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha import clock
from jiancha.api import create_app
from jiancha.cli import app
from jiancha.errors import Conflict, JianchaError
from jiancha.marketplace.campaign_runs import run_campaign
from jiancha.runs import run_model
from jiancha.store import AuditEntry, CampaignLead, Store, Workspace
from tests.marketplace.world import (
    CHENGDONG,
    CITY,
    LEDU,
    PINGAN,
    SLUG,
    As,
    sqlite_only,  # noqa: F401  (a fixture)
    world,
)
from tests.modelling.fixtures import AS_OF

pytestmark = pytest.mark.usefixtures("sqlite_only")
LATE = dt.date(2024, 11, 5)  # after the campaigns' period
runner = CliRunner()


def in_october() -> AbstractContextManager[None]:
    """Today is 2024-10-20 (China time): a campaign of October 2024 may still start."""
    return clock.set_clock(lambda: dt.datetime(2024, 10, 20, 2, tzinfo=dt.UTC))


def body(name: str, *offices: str) -> dict[str, Any]:
    return {
        "name": name,
        "line": "criminal_execution",
        "starts_on": "2024-10-01",
        "ends_on": "2024-10-31",
        "offices": list(offices or (LEDU, PINGAN)),
        "models": [SLUG],
        "description": "刑罚交付执行专项监督",
    }


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(world(tmp_path_factory))) as test_client:
        yield test_client


def store_of(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def tags(store: Store, campaign: int) -> int:
    with store.session() as session:
        query = select(func.count()).where(CampaignLead.campaign_id == campaign)
        return int(session.scalar(query) or 0)


def created(leader: As, name: str) -> int:
    answer = leader.post("/api/campaigns", body(name))
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_a_campaign_from_start_to_stop(client: TestClient) -> None:
    store, leader = store_of(client), As(client, "city.leader")
    made = leader.post("/api/campaigns", body("交付执行专项"))
    assert made.status_code == 201, made.text
    campaign = made.json()
    assert (campaign["state"], campaign["org"], campaign["leads"]) == ("planned", CITY, 0)
    assert [o["code"] for o in campaign["offices"]] == [LEDU, PINGAN]
    number = campaign["id"]
    sibling = As(client, "ledu.leader").post("/api/campaigns", body("越界专项", PINGAN))
    assert sibling.status_code == 403 and "不在" in sibling.json()["error"]
    assert As(client, "pingan.pros").post("/api/campaigns", body("无权专项")).status_code == 403
    with pytest.raises(Conflict, match="尚未启动"):
        run_campaign(store, number, run_date=AS_OF)
    below = As(client, "ledu.leader").post(f"/api/campaigns/{number}/start")
    assert below.status_code == 403  # 乐都 takes part; the city leads
    with in_october():
        started = leader.post(f"/api/campaigns/{number}/start")
        assert started.status_code == 200, started.text
        assert leader.post(f"/api/campaigns/{number}/start").status_code == 409
    assert (started.json()["state"], started.json()["started_by"]) == ("running", "city.leader")
    with store.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "campaign_start"))
        shown = [(e.actor, e.object_id, e.detail["result"]) for e in entries]
    # the refusals (乐都's leader; the second start, 409) are in the trail too
    assert shown == [
        ("ledu.leader", str(number), "refused"),
        ("city.leader", str(number), "ok"),
        ("city.leader", str(number), "refused"),
    ]

    run_model(store, SLUG, run_date=LATE, org=LEDU)  # a run after the period tags nothing
    assert tags(store, number) == 0
    ran = run_campaign(store, number, run_date=AS_OF)
    assert [(r["org"], r["tagged"]) for r in ran["runs"]] == [(LEDU, 1), (PINGAN, 1)]
    assert ran["refused"] == [] and tags(store, number) == 2
    again = run_campaign(store, number, run_date=AS_OF)
    assert [r["tagged"] for r in again["runs"]] == [0, 0] and tags(store, number) == 2
    with pytest.raises(JianchaError, match="不在专项"):
        run_campaign(store, number, run_date=LATE)

    def ledger(user: str) -> list[str | None]:
        answer = As(client, user).get(f"/api/campaigns/{number}/leads")
        assert answer.status_code == 200, answer.text
        return sorted(x["org"] for x in answer.json()["items"])

    assert ledger("city.leader") == ["海东市乐都区人民检察院", "海东市平安区人民检察院"]
    assert ledger("ledu.pros") == ["海东市乐都区人民检察院"]  # only its own office's lead
    outsider = As(client, "chengdong.leader")
    assert outsider.get(f"/api/campaigns/{number}").status_code == 404
    assert outsider.get(f"/api/campaigns/{number}/leads").status_code == 404
    assert all(c["id"] != number for c in outsider.get("/api/campaigns").json())

    figures = leader.get(f"/api/campaigns/{number}/stats").json()
    assert (figures["total"]["leads"], figures["campaign"]["leads"]) == (2, 2)
    assert [(o["org"], o["leads"]) for o in figures["per_office"]] == [(LEDU, 1), (PINGAN, 1)]
    assert [(m["model"], m["leads"]) for m in figures["per_model"]] == [(SLUG, 2)]
    own = As(client, "ledu.pros").get(f"/api/campaigns/{number}/stats").json()
    assert own["total"]["leads"] == 1  # counted within the reader's subtree

    queued = As(client, "ledu.modeller").post(
        f"/api/campaigns/{number}/runs", {"as_of": "2024-10-23"}
    )
    assert queued.status_code == 202, queued.text
    # 乐都's adoption only (平安 is a sibling), refused: no grant to use the city's data
    assert [(r["org"], "授权" in r["error"]) for r in queued.json()["refused"]] == [(LEDU, True)]

    stopped = leader.post(f"/api/campaigns/{number}/stop")
    assert stopped.status_code == 200 and stopped.json()["stopped_by"] == "city.leader"
    assert leader.post(f"/api/campaigns/{number}/stop").status_code == 409
    with pytest.raises(Conflict, match="已停止"):
        run_campaign(store, number, run_date=AS_OF)
    refused = As(client, "ledu.modeller").post(
        f"/api/campaigns/{number}/runs", {"as_of": "2024-10-23"}
    )
    assert refused.status_code == 409
    assert tags(store, number) == 2  # its tags stay


def test_only_a_running_campaign_tags(client: TestClient) -> None:
    store, leader = store_of(client), As(client, "city.leader")
    planned, stopped, running = (created(leader, n) for n in ("未启动专项", "已停专项", "进行专项"))
    with in_october():
        for number in (stopped, running):
            assert leader.post(f"/api/campaigns/{number}/start").status_code == 200
    assert leader.post(f"/api/campaigns/{stopped}/stop").status_code == 200
    run_model(store, SLUG, run_date=AS_OF, org=LEDU)
    assert (tags(store, planned), tags(store, stopped), tags(store, running)) == (0, 0, 1)
    listed = {c["name"]: c["state"] for c in leader.get("/api/campaigns").json()}
    assert listed["未启动专项"] == "planned" and listed["已停专项"] == "stopped"
    assert [c["name"] for c in leader.get("/api/campaigns", state="running").json()] == ["进行专项"]


def test_command_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    workspace: Workspace = world(tmp_path_factory)

    def jiancha(*args: str, code: int = 0) -> Any:
        result = runner.invoke(app, ["--home", str(workspace.home), *args], env={"COLUMNS": "200"})
        assert result.exit_code == code, result.output
        return json.loads(result.stdout) if "--json" in args else result.output

    made = jiancha(
        *("campaign", "create", "命令行专项", "--line", "criminal_execution"),
        *("--from", "2024-10-01", "--to", "2024-10-31", "--office", LEDU, "--office", PINGAN),
        *("--model", SLUG, "--org", CITY, "--json"),
    )
    assert (made["state"], made["org"]) == ("planned", CITY)
    with in_october():
        assert jiancha("campaign", "start", "命令行专项", "--json")["state"] == "running"
    ran = jiancha("campaign", "run", "命令行专项", "--as-of", "2024-10-23", "--json")
    assert sum(r["tagged"] for r in ran["runs"]) == 2
    shown = jiancha("campaign", "show", "命令行专项", "--json")
    assert shown["total"]["leads"] == 2 and len(shown["per_office"]) == 2
    assert "命令行专项" in jiancha("campaign", "list")
    assert "海东市乐都区人民检察院" in jiancha("campaign", "show", "命令行专项")
    jiancha("campaign", "stop", "命令行专项", "--user", "city.leader")
    refused = jiancha("campaign", "run", "命令行专项", "--as-of", "2024-10-23", code=2)
    assert "已停止" in refused
    other = jiancha("campaign", "stop", "命令行专项", "--user", "chengdong.leader", code=2)
    assert "已停止" in other or "只有发起院" in other
    assert CHENGDONG  # 城东 leads no campaign here
