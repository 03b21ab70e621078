"""A model run while other threads move its leads (both stores): tallies stay equal to a recount.

A run writes the hit flag of leads that people may be moving at that very moment. Half of the
generated judgments became final 43 days before the run date, so runs alternating a grace of 30
and 60 days mark them hit and no longer hit in turn, while movers cycle every lead through
assigned ⇄ verifying. Afterwards the tallies must equal a retally, none negative, and no run or
move may have failed (a deadlock, a stale write on SQLite). The same runs against bulk
assignments, which hold many leads at once, must not deadlock either (PostgreSQL: both take the
model first). Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from jiancha import catalogue
from jiancha.leads import Move, move_lead, tally
from jiancha.leads.routing import assign_many
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, LeadTally, Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, pid, write_csv

SLUG = "custodial-sentence-not-executed"
PEOPLE = 60  # even: half always hit, half hit only with the shorter grace
RUNS = 16
MOVERS = 3
BULK = 60  # bulk assignments per thread at most (SQLite runs one writer at a time)
HEADER = "姓名,公民身份号码,审判法院,刑罚,是否缓刑,审前强制措施,判决生效日期,罚金"


def load(store: Store, tmp: Path) -> None:
    toggling = (AS_OF - dt.timedelta(days=43)).isoformat()
    rows = [
        (f"甲{i}", pid(i), "乐都县人民法院", "有期徒刑", "否", "取保候审", "2024-01-03", "")
        if i % 2
        else (f"甲{i}", pid(i), "乐都县人民法院", "有期徒刑", "否", "取保候审", toggling, "")
        for i in range(1, PEOPLE + 1)
    ]
    judgments = write_csv(tmp / "判决.csv", HEADER, rows)
    intake = write_csv(tmp / "收押.csv", "身份证号,收押日期", [(pid(999), "2024-01-20")])
    catalogue.import_source(store, catalogue.open_file(judgments), "判决")
    catalogue.import_source(store, catalogue.open_file(intake), "收押")


def test_runs_and_moves_keep_tallies_exact(store: Store, tmp_path: Path, backend: str) -> None:
    load(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    assert run_model(store, SLUG, {"grace_days": 30}, run_date=AS_OF)["new"] == PEOPLE
    with store.session() as session:
        ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
    errors: list[BaseException] = []
    running = threading.Event()
    running.set()
    moves = [0]
    flips = [0]

    def mover(mine: list[int]) -> None:
        """Every lead of ``mine`` to assigned, then assigned ⇄ verifying until the runs end."""
        try:
            for lead_id in mine:
                move_lead(store, lead_id, Move("assigned", assignee="a0"), "leader")
            turn = 0
            while running.is_set():
                turn += 1
                for lead_id in mine:
                    with store.session() as session:
                        status = session.scalar(select(Lead.status).where(Lead.id == lead_id))
                    if status == "assigned":
                        move = Move("verifying")
                    else:
                        move = Move("assigned", assignee=f"a{turn % 2}")
                    move_lead(store, lead_id, move, "leader")
                    moves[0] += 1
        except BaseException as error:
            errors.append(error)

    def runner() -> None:
        try:
            for i in range(RUNS):
                grace = 60 if i % 2 == 0 else 30
                result = run_model(store, SLUG, {"grace_days": grace}, run_date=AS_OF)
                flips[0] += result["no_longer_hit"]
        except BaseException as error:
            errors.append(error)
        finally:
            running.clear()

    threads = [
        threading.Thread(target=mover, args=(ids[k::MOVERS],), name=f"mover-{k}")
        for k in range(MOVERS)
    ]
    threads.append(threading.Thread(target=runner, name="runner"))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        assert not thread.is_alive(), f"{thread.name} still running after 300 s"
    seconds = time.perf_counter() - started
    with store.session() as session:
        problems = tally.verify(session)
        lowest = session.scalar(select(func.min(LeadTally.n)))
    print(
        f"run-vs-moves[{backend}]: {RUNS} runs ({flips[0]} leads no longer hit in all), "
        f"{moves[0]} moves in {seconds:.1f} s; errors {len(errors)}; "
        f"tally problems {len(problems)}; lowest tally {lowest}"
    )
    assert errors == [], [f"{type(e).__name__}: {e}" for e in errors]
    assert problems == []
    assert lowest is None or lowest >= 0
    assert flips[0] == PEOPLE // 2 * (RUNS // 2)


def test_runs_and_bulk_assignments_do_not_deadlock(
    store: Store, tmp_path: Path, backend: str
) -> None:
    load(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, {"grace_days": 30}, run_date=AS_OF)
    with store.session() as session:
        ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
    errors: list[BaseException] = []
    running = threading.Event()
    running.set()
    done = [0]

    def assigner(mine: list[int]) -> None:
        try:
            for turn in range(BULK):
                if not running.is_set():
                    break
                assign_many(store, mine, f"a{turn % 2}", "leader")
                done[0] += 1
        except BaseException as error:
            errors.append(error)

    def runner() -> None:
        try:
            for i in range(RUNS):
                run_model(store, SLUG, {"grace_days": 60 if i % 2 == 0 else 30}, run_date=AS_OF)
        except BaseException as error:
            errors.append(error)
        finally:
            running.clear()

    threads = [
        threading.Thread(target=assigner, args=(ids[k::MOVERS],), name=f"assigner-{k}")
        for k in range(MOVERS)
    ]
    threads.append(threading.Thread(target=runner, name="runner"))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    print(f"runs-vs-bulk[{backend}]: {done[0]} bulk assignments; errors {len(errors)}")
    assert errors == [], [f"{type(e).__name__}: {e}" for e in errors]
    with store.session() as session:
        assert tally.verify(session) == []
