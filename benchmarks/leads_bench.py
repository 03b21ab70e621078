"""Lead-handling benchmark: one million leads in PostgreSQL, timed through the real HTTP API.

Builds the demo county (real models, runs, offices and leads with their evidence and
explanations), then multiplies its leads in SQL to ``--leads`` rows: new fingerprints, statuses
spread along the workflow, offices, first-seen dates over two years, and a supervision action
(and for some, feedback) on every lead past 已制发监督文书. Then it signs in and times, through
FastAPI's test client (the whole request: routing, sign-in check, queries, masking, JSON):

* the lead list, filtered by office subtree and status, newest first: page 1 and page 1000;
* the lead list in every order it offers, alone and under a city's subtree and a state;
* one model's leads (its three adoptions) by amount both ways, and a deep page of one state;
* the lead list with title searches (a 2-character one, shorter than a trigram, included);
* the statistics endpoint by model, by office within a city, over a whole month, over a period
  starting inside a month (whole months from the tallies, the part month from the leads), and
  over a year.

``--backend sqlite`` does the same in a workspace's own SQLite store.

Prints p50 / p95 / max in milliseconds per call (target p95 < 200 ms), and a search's total
("1,000+": more than the lead list counts for a search). Figures, not pass/fail.

    python benchmarks/leads_bench.py --leads 1000000 [--repeats 40] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from jiancha.leads import tally
from jiancha.store import Store

ADMIN = os.environ.get(
    "JIANCHA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BENCH_USER = "bench"
PASSWORD = "bench-password-123"
BENCH_LIMIT = 2**31 - 1  # evidence reads and exported rows an hour: never reached
# Share of leads per status, along the workflow (what a busy lead bank looks like).
STATUSES = [
    ("new", 40),
    ("assigned", 15),
    ("verifying", 10),
    ("rejected", 15),
    ("confirmed", 5),
    ("case_opened", 5),
    ("actions_issued", 4),
    ("feedback_received", 4),
    ("closed", 2),
]


SORTS = (
    "-id",
    "id",
    "-amount",
    "amount",
    "-first_seen_at",
    "first_seen_at",
    "-last_seen_at",
    "last_seen_at",
    "-status",
    "status",
)
CITY = {"org": "330100"}
MODEL = "false-litigation-private-lending"  # adopted by three offices: a page merges three
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("/api/leads", {**CITY, "status": "new", "page": 1, "size": 50}),
    ("/api/leads", {**CITY, "status": "new", "page": 1000, "size": 50}),
    ("/api/leads", {"page": 1, "size": 50}),
    *[("/api/leads", {"sort": s, "page": 1, "size": 50}) for s in SORTS],
    *[("/api/leads", {**CITY, "status": "assigned", "sort": s, "size": 50}) for s in SORTS],
    ("/api/leads", {**CITY, "sort": "-amount", "page": 20, "size": 50}),
    *[("/api/leads", {"model": MODEL, "sort": s, "size": 50}) for s in ("amount", "-amount")],
    ("/api/leads", {"model": MODEL, "status": "new", "page": 100, "size": 50}),
    *[("/api/leads", {"q": q, "size": 50}) for q in ("住院", "加油站", "民间借贷", "ZY05202")],
    ("/api/leads", {**CITY, "status": "new", "q": "缓刑", "size": 50}),
    ("/api/stats", {"by": "model"}),
    ("/api/stats", {"by": "org", "org": "330100"}),
    ("/api/stats", {"by": "model", "from": "2025-03-01", "to": "2025-03-31"}),
    ("/api/stats", {"by": "model", "from": "2025-03-12", "to": "2025-03-31"}),
    ("/api/stats", {"by": "month", "from": "2025-01-01", "to": "2025-12-31"}),
    ("/api/stats", {"by": "model", "from": "2025-01-10", "to": "2025-12-31"}),
    ("/api/stats", {"by": "org", "org": "330100", "from": "2024-08-17", "to": "2025-08-16"}),
]
"""The timed requests: each is sent ``--repeats`` times."""


def multiply(url: str, target: int) -> dict[str, float]:
    """Copy the demo's leads until ``target`` rows, then actions and feedback; ANALYZE."""
    engine = create_engine(url)
    cases = " ".join(
        f"WHEN b < {sum(w for _, w in STATUSES[: i + 1])} THEN '{s}'"
        for i, (s, _) in enumerate(STATUSES)
    )
    seconds: dict[str, float] = {}
    with engine.begin() as conn:
        started = time.perf_counter()
        base = conn.scalar(text("SELECT count(*) FROM leads"))
        orgs = [r[0] for r in conn.execute(text("SELECT id FROM orgs WHERE level = 'district'"))]
        copies = -(-(target - base) // base)
        conn.execute(
            text(f"""
            INSERT INTO leads (model_id, fingerprint, subject_type, subject_key, subject_name,
              title, title_masked, jurisdiction, org_id, amount, evidence, explanation, status,
              assignee, hit, first_run_id, last_run_id, first_seen_at, last_seen_at)
            SELECT model_id, md5(fingerprint || ':' || g), subject_type, subject_key || '-' || g,
              subject_name, title, title_masked, jurisdiction,
              (ARRAY[{",".join(map(str, orgs))}])
                [1 + (hashtext(fingerprint || g) & 1023) % {len(orgs)}],
              amount, evidence, explanation,
              CASE {cases} END,
              CASE WHEN b >= 40 THEN 'user' || (b % 37) END,
              (b % 10) <> 0, first_run_id, last_run_id,
              timestamptz '2024-07-01'
                + ((hashtext(g || fingerprint) & 65535) % 730) * interval '1 day',
              now()
            FROM (SELECT l.*, g, (hashtext(l.fingerprint || '#' || g) & 1048575) % 100 AS b
                  FROM leads l CROSS JOIN generate_series(1, :copies) g) x
            LIMIT :wanted
            """),
            {"copies": copies, "wanted": target - base},
        )
        seconds["leads"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(
            text("""
            INSERT INTO supervision_actions (lead_id, model_id, org_id, lead_seen_at, kind,
              document_no, issued_on, receiver, content, created_by, created_at)
            SELECT id, model_id, org_id, first_seen_at,
              (ARRAY['suggestion','correction_notice','supervise_filing','protest'])[1 + id % 4],
              '检建〔2025〕' || id || '号',
              (first_seen_at + (id % 90 + 5) * interval '1 day')::date,
              coalesce(jurisdiction, '某单位'), '', 'bench', now()
            FROM leads WHERE status IN ('actions_issued', 'feedback_received', 'closed')
            """)
        )
        conn.execute(
            text("""
            INSERT INTO feedback (action_id, received_on, outcome, content, recovered_amount,
              persons_affected, rules_made, created_by, created_at)
            SELECT a.id, a.issued_on + 40, (ARRAY['rectified','partially','refused'])[1 + a.id % 3],
              '', (a.id % 50) * 1000, a.id % 3, a.id % 2, 'bench', now()
            FROM supervision_actions a JOIN leads l ON l.id = a.lead_id
            WHERE l.status IN ('feedback_received', 'closed')
            """)
        )
        seconds["actions"] = time.perf_counter() - started
    # The rows above bypassed the application: count them into the tallies as a migration does.
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        tally.rebuild(session)
    seconds["tallies"] = time.perf_counter() - started
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        started = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        seconds["analyze"] = time.perf_counter() - started
    engine.dispose()
    return seconds


def timed(client: Any, headers: dict[str, str], path: str, params: dict[str, Any], n: int) -> str:
    laps = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path, params=params, headers=headers)
        laps.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} {params}: {response.status_code} {response.text[:300]}")
    laps.sort()
    p95 = laps[min(len(laps) - 1, round(0.95 * len(laps)) - 1)]
    shown = "&".join(f"{k}={v}" for k, v in params.items())
    body = response.json()
    found = ""  # a search's total: exact, or "more than" the list's count limit
    if "q" in params:
        found = f"   total {body['total']:,}{'' if body['total_exact'] else '+'}"
    return (
        f"{path + ('?' + shown if shown else ''):<72} p50 {statistics.median(laps):7.1f} ms"
        f"   p95 {p95:7.1f} ms   max {laps[-1]:7.1f} ms{found}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--scale", type=int, default=20_000, help="demo county persons")
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its URL)")
    parser.add_argument("--reuse", metavar="URL", help="time a database kept by --keep again")
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    if args.backend == "sqlite" and not args.reuse:
        sqlite_bench(args)
        return

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from jiancha.store import init_workspace, open_store

    name = f"jiancha_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    if args.reuse:
        url, args.keep = args.reuse, True
    else:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
    os.environ["JIANCHA_DATABASE_URL"] = url
    try:
        with tempfile.TemporaryDirectory(prefix="jiancha-leads-bench-") as tmp:
            workspace, _ = init_workspace(Path(tmp) / "home")
            store = open_store(workspace)
            started = time.perf_counter()
            if args.reuse:
                store.close()
                time_api(workspace, args.repeats)
                return
            county(store, Path(tmp), args.scale, started)
            made = multiply(url, args.leads)
            print_made(args.leads, made, "VACUUM ANALYZE")
            time_api(workspace, args.repeats)
    finally:
        if args.keep:
            print(f"kept: {url}")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def county(store: Store, tmp: Path, scale: int, started: float) -> None:
    """The demo county in ``store`` (closed afterwards), and the time it took since ``started``."""
    from jiancha.demo.workflow import build_demo

    as_of = dt.date(2025, 6, 30)
    build_demo(store, tmp / "county", scale=scale, seed=7, as_of=as_of, say=lambda _: None)
    prepare_user(store)
    store.close()
    print(f"demo county built             {time.perf_counter() - started:7.1f} s")


def print_made(leads: int, made: dict[str, float], analyse: str) -> None:
    print(
        f"leads multiplied to {leads:,}   {made['leads']:7.1f} s; actions and "
        f"feedback {made['actions']:.1f} s; tallies {made['tallies']:.1f} s; "
        f"{analyse} {made['analyze']:.1f} s"
    )


def sqlite_bench(args: argparse.Namespace) -> None:
    """The same, in a workspace's own SQLite store (kept in a directory it prints with --keep;
    ``--reuse sqlite:///…/jiancha.db`` times it again)."""
    from jiancha.store import init_workspace, open_store

    half = _sqlite_half()
    os.environ.pop("JIANCHA_DATABASE_URL", None)
    tmp = tempfile.mkdtemp(prefix="jiancha-leads-bench-")
    try:
        workspace, _ = init_workspace(Path(tmp) / "home")
        store = open_store(workspace)
        url = store.engine.url.render_as_string(hide_password=False)
        started = time.perf_counter()
        county(store, Path(tmp), args.scale, started)
        made = half.multiply_sqlite(url, args.leads, STATUSES)
        print_made(args.leads, made, "ANALYZE")
        time_api(workspace, args.repeats)
    finally:
        if args.keep:
            print(f"kept: {url}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _sqlite_half() -> Any:
    path = Path(__file__).with_name("leads_bench_sqlite.py")
    spec = importlib.util.spec_from_file_location("leads_bench_sqlite", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare_user(store: Any) -> None:
    """The bench's user: a prosecutor whose password was chosen by itself (no forced change
    before the first request) and whose hourly limits of the circuit breaker are set so high
    that thousands of timed reads never trip it (the breaker itself stays on)."""
    from jiancha.governance import create_user
    from jiancha.governance.breaker import set_limits

    create_user(store, BENCH_USER, PASSWORD, must_change=False)
    set_limits(store, BENCH_USER, evidence_reads=BENCH_LIMIT, exported_rows=BENCH_LIMIT)


def stored_leads(workspace: Any) -> int:
    from sqlalchemy import func, select

    from jiancha.store import Lead, open_store

    store = open_store(workspace)
    try:
        with store.session() as session:
            return int(session.scalar(select(func.count(Lead.id))) or 0)
    finally:
        store.close()


def time_api(workspace: Any, n: int) -> None:
    from fastapi.testclient import TestClient

    from jiancha.api import create_app

    with TestClient(create_app(workspace)) as client:
        login = client.post("/api/login", json={"username": BENCH_USER, "password": PASSWORD})
        if login.status_code != 200:
            raise SystemExit(f"/api/login: {login.status_code} {login.text[:300]}")
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        total = client.get("/api/leads", params={"size": 1}, headers=headers)
        if total.status_code != 200:
            raise SystemExit(f"/api/leads: {total.status_code} {total.text[:300]}")
        print(f"leads in the store            {stored_leads(workspace):,}")
        # a high model's leads are seen only in their own office: the bench user has none
        print(f"leads the bench user sees     {total.json()['total']:,}")
        for path, params in CALLS:
            print(timed(client, headers, path, params, n))


if __name__ == "__main__":
    main()
