"""Access requests, grants, security alerts and the audit trail paged, filtered and sorted by
the store over HTTP (SQLite and PostgreSQL): totals, order, each filter, 400 on an unknown sort
field, the old plain lists when no page is asked for, and each reader's scope unchanged.

The 海东 tree: 判决 belongs to 乐都, 收押 to 平安. ann and bob are modellers of 乐都, pat of
平安; each office has a leader and 乐都 an auditor; the administrator and the chief auditor have
no office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.catalogue import set_owner
from jiancha.clock import CHINA, fixed, set_clock
from jiancha.governance import access, audit, breaker, create_user
from jiancha.governance.orgs import add_org
from jiancha.store import Store, Workspace
from tests.modelling.fixtures import load_county

PASSWORD = "Role-password-2024"
LEDU, PINGAN = "630202", "630203"
USERS = [
    ("admin", None, "admin"),
    ("ledu.leader", LEDU, "leader"),
    ("pingan.leader", PINGAN, "leader"),
    ("ann", LEDU, "modeller"),
    ("bob", LEDU, "modeller"),
    ("pat", PINGAN, "modeller"),
    ("ledu.auditor", LEDU, "auditor"),
    ("chief.auditor", None, "auditor"),
]
REQUESTS = [  # who, which dataset, purpose
    ("ann", "判决", "核对刑罚执行情况"),
    ("ann", "判决", "复查减刑假释案件"),
    ("ann", "收押", "抽查 100% 收押名册"),
    ("bob", "收押", "核对收押信息"),
    ("bob", "判决", "核查判决生效日期"),
    ("pat", "判决", "平安区协查"),
]


@pytest.fixture
def world(store: Store, workspace: Workspace, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The tree, six requests (1 and 6 approved by 乐都, 4 by 平安, 2 refused, 3 and 5 pending),
    the grant of request 1 revoked, and the breaker tripped for ann, bob and pat (bob lifted)."""
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200")
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", "630200")
    load_county(store, tmp_path)
    set_owner(store, "判决", LEDU, by="setup")
    set_owner(store, "收押", PINGAN, by="setup")
    for username, org, role in USERS:
        create_user(store, username, PASSWORD, org=org, role=role, must_change=False)
    today = dt.datetime.now(CHINA).date()
    ids = []
    for who, dataset, purpose in REQUESTS:
        filed = access.request_access(
            store, who, dataset, purpose=purpose, starts_on=today, ends_on=today + dt.timedelta(30)
        )
        ids.append(filed["id"])
    access.decide(store, "ledu.leader", ids[0], approve=True)
    access.decide(store, "ledu.leader", ids[1], approve=False, reason="用途不明确")
    access.decide(store, "pingan.leader", ids[3], approve=True)
    access.decide(store, "ledu.leader", ids[5], approve=True)
    grants = {g["request"]: g["id"] for g in access.list_grants(store)}
    access.revoke_grant(store, "ledu.leader", grants[ids[0]])
    for username in ("ann", "bob", "pat"):
        breaker.set_limits(store, username, 1, None)
        with pytest.raises(breaker.Suspended):
            breaker.consume(store, username, "evidence_reads", 2)
    breaker.lift(store, "bob", by="admin")
    with TestClient(create_app(workspace)) as client:
        yield {"client": client, "ids": ids}


def get(world: dict[str, Any], username: str, path: str, **query: Any) -> Any:
    client: TestClient = world["client"]
    signed = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {signed.json()['token']}"}
    return client.get(path, params=query, headers=headers)


def page(world: dict[str, Any], username: str, path: str, **query: Any) -> dict[str, Any]:
    response = get(world, username, path, **query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"items", "total", "page", "size"}
    return body


def refused_sort(world: dict[str, Any], path: str, field: str, username: str = "admin") -> None:
    response = get(world, username, path, sort=field, page=1)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == f"不能按“{field}”排序"


def test_access_requests(world: dict[str, Any]) -> None:
    ids = world["ids"]
    path = "/api/access-requests"
    first = page(world, "admin", path, page=1, size=4)
    assert (first["total"], first["page"], first["size"]) == (6, 1, 4)
    assert [r["id"] for r in first["items"]] == ids[::-1][:4]  # newest first by default
    assert [r["id"] for r in page(world, "admin", path, page=2, size=4)["items"]] == ids[1::-1]
    by_requester = page(world, "admin", path, sort="requester", size=10)["items"]
    assert [r["requester"] for r in by_requester] == ["ann"] * 3 + ["bob"] * 2 + ["pat"]
    assert [r["id"] for r in by_requester[:3]] == ids[:3]  # ties by id, same direction
    backwards = page(world, "admin", path, sort="-requester", size=10)["items"]
    assert [r["id"] for r in backwards] == [ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]]
    by_dataset = page(world, "admin", path, sort="dataset", size=2)
    assert by_dataset["total"] == 6 and {r["dataset"] for r in by_dataset["items"]} == {"判决"}

    pending = page(world, "admin", path, status="pending", size=10)
    assert [r["id"] for r in pending["items"]] == [ids[4], ids[2]] and pending["total"] == 2
    assert page(world, "admin", path, dataset="收押", size=10)["total"] == 2
    assert page(world, "admin", path, requester="bob", size=10)["total"] == 2
    both = page(world, "admin", path, requester="ann", dataset="判决", status="refused", size=5)
    assert [r["id"] for r in both["items"]] == [ids[1]]
    assert page(world, "admin", path, q="核对", size=10)["total"] == 2  # in the purpose
    assert page(world, "admin", path, q="PAT", size=10)["total"] == 1  # the requester
    percent = page(world, "admin", path, q="%", size=10)  # a wildcard is matched literally
    assert [r["id"] for r in percent["items"]] == [ids[2]]

    plain = get(world, "admin", path).json()  # no page: the old plain list, newest first
    assert isinstance(plain, list) and [r["id"] for r in plain] == ids[::-1]
    assert [r["id"] for r in get(world, "admin", path, status="approved").json()] == [
        ids[5],
        ids[3],
        ids[0],
    ]
    refused_sort(world, path, "purpose")
    refused_sort(world, path, "bogus")

    # Who sees what is unchanged: own requests, and those of datasets one may decide.
    assert page(world, "ledu.leader", path, size=10)["total"] == 4  # 判决 is 乐都's
    pingan = page(world, "pingan.leader", path, size=10)
    assert [r["id"] for r in pingan["items"]] == [ids[3], ids[2]]
    assert page(world, "ann", path, size=10)["total"] == 3
    assert page(world, "ann", path, requester="bob", size=10)["total"] == 0
    assert page(world, "ledu.auditor", path, size=10)["total"] == 0
    assert page(world, "chief.auditor", path, size=10)["total"] == 6


def test_grants(world: dict[str, Any]) -> None:
    path = "/api/grants"
    every = page(world, "admin", path, size=2)
    assert every["total"] == 3 and len(every["items"]) == 2
    assert [g["user"] for g in every["items"]] == ["pat", "bob"]
    assert [g["user"] for g in page(world, "admin", path, page=2, size=2)["items"]] == ["ann"]
    active = page(world, "admin", path, active="true", size=10)
    assert [g["user"] for g in active["items"]] == ["pat", "bob"]
    assert all(g["active"] for g in active["items"])
    lapsed = page(world, "admin", path, active="false", size=10)
    assert [(g["user"], g["revoked_by"]) for g in lapsed["items"]] == [("ann", "ledu.leader")]
    assert page(world, "admin", path, grantee="bob", size=10)["total"] == 1
    assert page(world, "admin", path, dataset="判决", size=10)["total"] == 2
    assert page(world, "admin", path, dataset="判决", active="true", size=10)["total"] == 1
    assert page(world, "admin", path, q="协查", size=10)["total"] == 1
    by_user = page(world, "admin", path, sort="user", size=10)["items"]
    assert [g["user"] for g in by_user] == ["ann", "bob", "pat"]
    by_revoked = page(world, "admin", path, sort="-revoked_at", size=10)["items"]
    assert by_revoked[0]["user"] == "ann"  # the only revoked one; empty values last
    plain = get(world, "admin", path).json()
    assert isinstance(plain, list) and [g["user"] for g in plain] == ["pat", "bob", "ann"]
    refused_sort(world, path, "purpose")

    assert {g["user"] for g in page(world, "ledu.leader", path, size=10)["items"]} == {
        "ann",
        "pat",
    }
    assert [g["user"] for g in page(world, "pingan.leader", path, size=10)["items"]] == ["bob"]
    assert page(world, "bob", path, size=10)["total"] == 1
    assert page(world, "pat", path, grantee="bob", size=10)["total"] == 0


def test_alerts(world: dict[str, Any]) -> None:
    path = "/api/alerts"
    first = page(world, "admin", path, page=1, size=2)
    assert first["total"] == 3 and [a["user"] for a in first["items"]] == ["pat", "bob"]
    open_only = page(world, "admin", path, open_only="true", size=10)
    assert [a["user"] for a in open_only["items"]] == ["pat", "ann"]
    bob = page(world, "admin", path, user="bob", size=10)["items"]
    assert [(a["user"], a["resolved_by"]) for a in bob] == [("bob", "admin")]
    assert page(world, "admin", path, kind="circuit_breaker", size=10)["total"] == 3
    assert page(world, "admin", path, kind="other", size=10)["total"] == 0
    assert [a["user"] for a in page(world, "admin", path, q="PAT", size=10)["items"]] == ["pat"]
    by_user = page(world, "admin", path, sort="-user", size=10)["items"]
    assert [a["user"] for a in by_user] == ["pat", "bob", "ann"]
    # Unresolved alerts come last in both directions, on both backends.
    rising = page(world, "admin", path, sort="resolved_at", size=10)["items"]
    assert [a["user"] for a in rising] == ["bob", "ann", "pat"]
    falling = page(world, "admin", path, sort="-resolved_at", size=10)["items"]
    assert [a["user"] for a in falling] == ["bob", "pat", "ann"]
    plain = get(world, "admin", path, open_only="true").json()
    assert isinstance(plain, list) and [a["user"] for a in plain] == ["pat", "ann"]
    refused_sort(world, path, "message")
    assert get(world, "ledu.leader", path, page=1).status_code == 403


def test_audit(world: dict[str, Any], store: Store) -> None:
    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2024, 3, day, hour, minute, tzinfo=CHINA)

    entries = [  # when (China time), who, what, about which dataset, result
        (at(1, 10), "ann", "export", "判决", "ok"),
        (at(1, 23, 30), "pat", "export", "收押", "refused"),
        (at(2, 0, 30), "ann", "lead_read", "收押", "ok"),
        (at(3, 9), "bob", "audit_verify", None, "failed"),
    ]
    seqs = []
    for moment, actor, action, dataset, result in entries:
        with set_clock(fixed(moment)):
            kind = "audit" if dataset is None else "dataset"
            entry = audit.record_now(
                store,
                actor=actor,
                action=action,
                object_type=kind,
                object_id=dataset,
                detail={"marker": f"paging-{actor}"},
                result=result,
            )
            seqs.append(entry.seq)
    path = "/api/audit"
    march = {"from": "2024-03-01", "to": "2024-03-03"}

    def seqs_of(username: str = "chief.auditor", **query: Any) -> list[int]:
        body = page(world, username, path, size=50, **(march | query))
        assert body["total"] == len(body["items"])
        return [e["seq"] for e in body["items"]]

    assert seqs_of() == seqs[::-1]  # newest first
    # Days are China's: 23:30 on the 1st and 00:30 on the 2nd are the same UTC day.
    assert seqs_of(**{"from": "2024-03-02", "to": "2024-03-02"}) == [seqs[2]]
    assert seqs_of(**{"to": "2024-03-01"}) == [seqs[1], seqs[0]]
    assert seqs_of(result="refused") == [seqs[1]]
    assert seqs_of(result="failed") == [seqs[3]]
    assert seqs_of(actor="ann") == [seqs[2], seqs[0]]
    assert seqs_of(kind="export") == [seqs[1], seqs[0]]
    assert seqs_of(action="export", actor="pat") == [seqs[1]]
    assert seqs_of(object_type="dataset", object_id="收押") == [seqs[2], seqs[1]]
    assert seqs_of(q="paging-bob") == [seqs[3]]  # in the detail
    assert seqs_of(q="查看线索证据") == [seqs[2]]  # the action's Chinese name
    assert seqs_of(sort="actor") == [seqs[0], seqs[2], seqs[3], seqs[1]]
    assert seqs_of(sort="at") == seqs
    second = page(world, "chief.auditor", path, page=2, size=3, **march)
    assert second["total"] == 4 and [e["seq"] for e in second["items"]] == [seqs[0]]
    everything = page(world, "chief.auditor", path, size=1)
    assert everything["total"] > 4  # the setup's own entries too

    plain = get(world, "chief.auditor", path, limit=2).json()  # the old call: a plain list
    assert isinstance(plain, list) and len(plain) == 2 and plain[0]["seq"] > plain[1]["seq"]
    old = get(world, "chief.auditor", path, actor="pat", action="export").json()
    assert [e["seq"] for e in old] == [seqs[1]]
    refused_sort(world, path, "hash", "chief.auditor")
    clash = get(world, "chief.auditor", path, action="export", kind="login", page=1)
    assert clash.status_code == 400
    assert get(world, "chief.auditor", path, page=1, result="maybe").status_code == 422

    # 乐都's auditor reads the entries of 乐都's accounts only; a leader not at all.
    assert seqs_of("ledu.auditor") == [seqs[3], seqs[2], seqs[0]]
    assert seqs_of("ledu.auditor", actor="pat") == []
    assert get(world, "ledu.leader", path, page=1).status_code == 403
