"""Workflow under concurrency, through the real served API (uvicorn on 127.0.0.1, both stores).

Every burst fires the same request ``N`` times at once (threads released together by a barrier)
at one lead: bulk assignment, moves, a supervision action, feedback, closing, a referral and its
acceptance. Exactly one must succeed and every other one answer 409 naming the lead's current
state; afterwards the lead tallies must equal a recount (never negative) and the lead list's
``total`` per state must equal the leads in that state. Run with ``-s`` to see the figures: one
line per burst, ``concurrency[backend] route: sent N, 2xx …, 409 …, other …, tallies = retally``.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import func, select

from jiancha.api import create_app
from jiancha.clock import CHINA
from jiancha.governance.orgs import add_org
from jiancha.leads import tally
from jiancha.leads.workflow import STATES
from jiancha.store import (
    ActionTally,
    Feedback,
    Lead,
    LeadEvent,
    LeadReferral,
    LeadTally,
    Store,
    SupervisionAction,
    Workspace,
)
from tests.api.helpers import PASSWORD, seed

N = 20
Reply = tuple[int, dict[str, Any]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def served(workspace: Workspace) -> Iterator[str]:
    """The app under uvicorn on a free port of 127.0.0.1, on a thread; its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "uvicorn exited early"
        assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def call(method: str, url: str, body: Any = None, token: str | None = None) -> Reply:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class Api:
    """The served API, signed in as the seeded administrator ``demo``."""

    def __init__(self, base: str) -> None:
        self.base = base
        status, body = call("POST", f"{base}/api/login", {"username": "demo", "password": PASSWORD})
        assert status == 200, body
        self.token = str(body["token"])

    def __call__(self, method: str, path: str, body: Any = None) -> Reply:
        return call(method, self.base + path, body, self.token)

    def burst(self, path: str, body: Any) -> list[Reply]:
        """``N`` identical POSTs released at the same moment."""
        gate = threading.Barrier(N)

        def one(_: int) -> Reply:
            gate.wait()
            return self("POST", path, body)

        with ThreadPoolExecutor(max_workers=N) as pool:
            return list(pool.map(one, range(N)))


def _tallies_agree(store: Store, api: Api) -> str:
    """Check tallies = retally, none negative, list totals = leads per state; describe it."""
    with store.session() as session:
        problems = tally.verify(session)
        lowest = session.scalar(select(func.min(LeadTally.n)))
        negative_actions = session.scalar(
            select(func.count(ActionTally.model_id)).where(
                (ActionTally.issued < 0) | (ActionTally.leads < 0) | (ActionTally.fed < 0)
            )
        )
        per_state = dict(
            session.execute(select(Lead.status, func.count(Lead.id)).group_by(Lead.status)).all()
        )
        recounted = sum(tally.recount(session).values())
    assert problems == [], problems
    assert lowest is None or lowest >= 0, f"negative lead tally {lowest}"
    assert negative_actions == 0
    for state in STATES:
        status, page = api("GET", f"/api/leads?status={state}&size=1")
        assert status == 200, page
        assert page["total"] == per_state.get(state, 0), (state, page["total"], per_state)
    return f"tallies = retally ({recounted} leads; per state {dict(sorted(per_state.items()))})"


def _exactly_once(
    backend: str, route: str, replies: list[Reply], store: Store, api: Api, state: str
) -> None:
    """Exactly one 2xx, the rest 409 naming ``state`` (the lead's state now); tallies agree."""
    codes = Counter(code for code, _ in replies)
    ok = sum(n for code, n in codes.items() if 200 <= code < 300)
    conflicts = codes.get(409, 0)
    agreed = _tallies_agree(store, api)
    print(
        f"concurrency[{backend}] {route}: sent {len(replies)}, 2xx {ok}, 409 {conflicts}, "
        f"other {len(replies) - ok - conflicts}, {agreed}"
    )
    assert (ok, conflicts) == (1, N - 1), codes
    for code, body in replies:
        if code == 409:
            assert set(body) >= {"error", "hint"}
            said = body["error"] + (body["hint"] or "")
            assert f"线索当前为{STATES[state]}（{state}）" in said, body


def _events(store: Store, lead: int, to: str) -> int:
    with store.session() as session:
        query = select(func.count(LeadEvent.id)).where(
            LeadEvent.lead_id == lead, LeadEvent.to_status == to
        )
        return int(session.scalar(query) or 0)


def _today() -> str:
    return dt.datetime.now(CHINA).date().isoformat()


def test_identical_concurrent_requests_succeed_exactly_once(
    store: Store, workspace: Workspace, tmp_path: Path, backend: str
) -> None:
    seed(store, tmp_path)
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, "630203", "海东市平安区人民检察院", "district", "630200")
    with store.session() as session:
        first, second = sorted(session.scalars(select(Lead.id)))
    with served(workspace) as base:
        api = Api(base)
        _tallies_agree(store, api)

        def burst(route: str, path: str, body: Any, state: str) -> list[Reply]:
            started = time.perf_counter()
            replies = api.burst(path, body)
            took = f"{route} ({(time.perf_counter() - started) * 1000:.0f} ms)"
            _exactly_once(backend, took, replies, store, api, state)
            return replies

        assign = {"lead_ids": [first, second], "assignee": "zhang.san", "note": "批量分派"}
        burst("POST /api/leads/assign", "/api/leads/assign", assign, "assigned")
        assert _events(store, first, "assigned") == _events(store, second, "assigned") == 1

        moves = f"/api/leads/{first}/moves"
        for target, note in (("verifying", ""), ("confirmed", "确未收押"), ("case_opened", "")):
            burst(f"moves → {target}", moves, {"to": target, "note": note}, target)
            assert _events(store, first, target) == 1

        action = {
            "kind": "correction_notice",
            "document_no": "乐检纠〔2026〕1号",
            "issued_on": _today(),
            "receiver": "乐都县人民法院",
        }
        replies = burst("actions", f"/api/leads/{first}/actions", action, "actions_issued")
        action_id = next(body["id"] for code, body in replies if code == 200)
        feedback = {
            "received_on": _today(),
            "outcome": "rectified",
            "content": "已收监执行",
            "recovered_amount": "5000",
        }
        burst("feedback", f"/api/actions/{action_id}/feedback", feedback, "feedback_received")
        burst("moves → closed (close)", moves, {"to": "closed", "note": "已办结"}, "closed")
        with store.session() as session:
            assert session.scalar(select(func.count(SupervisionAction.id))) == 1
            assert session.scalar(select(func.count(Feedback.id))) == 1
        for to in ("actions_issued", "feedback_received", "closed"):
            assert _events(store, first, to) == 1

        refer = {"to": "630203", "note": "审判法院在平安区"}
        replies = burst("referrals", f"/api/leads/{second}/referrals", refer, "assigned")
        referral = next(body["id"] for code, body in replies if code == 200)
        burst("referral accept", f"/api/referrals/{referral}/accept", {}, "new")
        with store.session() as session:
            assert session.scalar(select(func.count(LeadReferral.id))) == 1
            moved = session.get(Lead, second)
            assert moved is not None and moved.status == "new" and moved.assignee is None
        assert _events(store, second, "new") == 1
