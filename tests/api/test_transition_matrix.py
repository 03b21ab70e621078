"""Who may take which step of a lead's workflow: every role against every pair of states, through
``POST /api/leads/{id}/moves`` (SQLite and PostgreSQL).

The matrix is written down twice — as data beside the state machine
(``workflow.TRANSITION_PERMISSIONS`` with ``roles.PERMISSIONS``) and independently here
(``MAY``) — and the API must behave as both say: a step the role may take answers 200 and moves
the lead; a step of the machine the role may not take answers 403 naming the role and changes
nothing (assigning needs ``leads.assign`` on ``/moves`` exactly as on ``/api/leads/assign``);
a pair that is no step of the machine is refused as a conflict (409) or a plain refusal (400),
for every role that may handle leads at all.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.governance.roles import PERMISSIONS, ROLES
from jiancha.leads import tally
from jiancha.leads.workflow import STATES, TRANSITION_PERMISSIONS, TRANSITIONS
from jiancha.store import Lead, LeadEvent, Store
from tests.api.helpers import seed
from tests.conftest import seeds_client

PASSWORD = "Transition-matrix-2026"
STEPS = {
    ("new", "assigned"),
    ("assigned", "assigned"),
    ("assigned", "verifying"),
    ("verifying", "assigned"),
    ("verifying", "rejected"),
    ("verifying", "confirmed"),
    ("confirmed", "case_opened"),
    ("case_opened", "actions_issued"),
    ("actions_issued", "feedback_received"),
    ("feedback_received", "closed"),
}
ASSIGNING = {("new", "assigned"), ("assigned", "assigned"), ("verifying", "assigned")}
MAY: dict[str, set[tuple[str, str]]] = {
    "admin": STEPS,
    "leader": STEPS,
    "prosecutor": STEPS - ASSIGNING,
    "data_admin": set(),
    "modeller": set(),
    "auditor": set(),
}
HANDLERS = {"admin", "leader", "prosecutor"}  # hold leads.handle: reach the state machine
BODY = {"note": "已核实", "reason": "duplicate", "assignee": "zhang.san"}


def county_with_every_role(store: Store, files: Path) -> None:
    seed(store, files)
    for role in ROLES:
        create_user(store, f"u.{role}", PASSWORD, role=role, must_change=False)


workspace_seed = seeds_client(county_with_every_role)


def test_the_declared_matrix_is_the_one_written_here() -> None:
    assert set(TRANSITION_PERMISSIONS) == STEPS
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == STEPS
    for role in ROLES:
        declared = {
            step for step, code in TRANSITION_PERMISSIONS.items() if code in PERMISSIONS[role]
        }
        assert declared == MAY[role], role
    assert {step for step, code in TRANSITION_PERMISSIONS.items() if code == "leads.assign"} == (
        ASSIGNING
    )


def _put(store: Store, lead_id: int, state: str) -> int:
    """Put the lead in ``state`` by hand (tallies recounted, as after a repair); its version."""
    with store.session() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        lead.status, lead.assignee = state, None
        session.flush()
        tally.rebuild(session)
        return lead.version


def test_every_role_against_every_pair_of_states(client: TestClient, store: Store) -> None:
    tokens = {}
    for role in ROLES:
        signed = client.post("/api/login", json={"username": f"u.{role}", "password": PASSWORD})
        assert signed.status_code == 200, signed.text
        tokens[role] = {"Authorization": f"Bearer {signed.json()['token']}"}
    client.cookies.clear()
    with store.session() as session:
        lead_id = min(session.scalars(select(Lead.id)))
    seen: dict[tuple[str, str, str], int] = {}
    for role, (current, target) in itertools.product(ROLES, itertools.product(STATES, STATES)):
        version = _put(store, lead_id, current)
        got = client.post(
            f"/api/leads/{lead_id}/moves", json={"to": target, **BODY}, headers=tokens[role]
        )
        seen[(role, current, target)] = got.status_code
        with store.session() as session:
            lead = session.get(Lead, lead_id)
            assert lead is not None
            now, now_version = lead.status, lead.version
        case = f"{role}: {current} → {target}: {got.status_code} {got.text}"
        if (current, target) in MAY[role]:
            assert got.status_code == 200, case
            assert (now, now_version) == (target, version + 1), case
            continue
        assert (now, now_version) == (current, version), case  # nothing changed
        if role not in HANDLERS or (current, target) in STEPS:
            assert got.status_code == 403, case
            assert f"（当前角色：{ROLES[role]}）" in got.json()["error"], case
        else:
            assert got.status_code in (400, 409), case
            assert f"线索当前为{STATES[current]}（{current}）" in got.json()["error"], case
    assert len(seen) == len(ROLES) * len(STATES) ** 2
    prosecutor = [seen[("prosecutor", *step)] for step in sorted(ASSIGNING)]
    assert prosecutor == [403, 403, 403]
    with store.session() as session:
        moved = session.scalars(select(LeadEvent.user).distinct())
        assert set(moved) == {"u.admin", "u.leader", "u.prosecutor"}


def test_bulk_assignment_and_moves_need_the_same_permission(
    client: TestClient, store: Store
) -> None:
    signed = client.post("/api/login", json={"username": "u.prosecutor", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {signed.json()['token']}"}
    client.cookies.clear()
    with store.session() as session:
        lead_id = min(session.scalars(select(Lead.id)))
    bulk = client.post(
        "/api/leads/assign", json={"lead_ids": [lead_id], "assignee": "x"}, headers=headers
    )
    move = client.post(
        f"/api/leads/{lead_id}/moves", json={"to": "assigned", "assignee": "x"}, headers=headers
    )
    assert bulk.status_code == move.status_code == 403
    assert bulk.json()["error"] == move.json()["error"] == "无权分派线索（当前角色：检察官）"
    verifying = client.post(
        f"/api/leads/{lead_id}/moves", json={"to": "verifying"}, headers=headers
    )
    assert verifying.status_code == 400  # a prosecutor may handle, but not skip assignment
