"""The SQLite half of ``leads_bench.py``: the demo's leads multiplied to N rows in SQLite's SQL
(the same spread as on PostgreSQL: statuses along the workflow, offices, first sight over two
years, actions and feedback past 已制发监督文书); the search indexes are filled after, as after
a run."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from jiancha.leads import tally
from jiancha.leads.search_index import catch_up

# (id * A + g * B) * C modulo 2^20: a spread of copies that the same N always repeats
HASH = "(((l.id * 7919 + g * 104729) * 2654435761) % 1048576)"


def multiply_sqlite(url: str, target: int, statuses: list[tuple[str, int]]) -> dict[str, float]:
    """Copy the demo's leads until ``target`` rows, then actions and feedback; ANALYZE."""
    engine = create_engine(url)
    cases = " ".join(
        f"WHEN b < {sum(w for _, w in statuses[: i + 1])} THEN '{s}'"
        for i, (s, _) in enumerate(statuses)
    )
    seconds: dict[str, float] = {}
    with engine.begin() as conn:
        started = time.perf_counter()
        base = int(conn.scalar(text("SELECT count(*) FROM leads")) or 0)
        conn.execute(text("CREATE TEMP TABLE bench_orgs (n INTEGER PRIMARY KEY, id INTEGER)"))
        conn.execute(
            text(
                "INSERT INTO bench_orgs (n, id) SELECT row_number() OVER (ORDER BY id) - 1, id"
                " FROM orgs WHERE level = 'district'"
            )
        )
        orgs = int(conn.scalar(text("SELECT count(*) FROM bench_orgs")) or 1)
        copies = -(-(target - base) // base)
        # stored unindexed, as a run stores its leads: indexed after, below
        conn.execute(
            text(f"""
            WITH RECURSIVE gs(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM gs WHERE g < :copies)
            INSERT INTO leads (model_id, fingerprint, subject_type, subject_key, subject_name,
              title, title_masked, jurisdiction, org_id, amount, evidence, explanation, status,
              assignee, hit, first_run_id, last_run_id, first_seen_at, last_seen_at, version)
            SELECT model_id, substr(fingerprint, 1, 52) || printf('%012d', g), subject_type,
              subject_key || '-' || g, subject_name, title, title_masked, jurisdiction,
              (SELECT id FROM bench_orgs WHERE n = h % {orgs}),
              amount, evidence, explanation, CASE {cases} END,
              CASE WHEN b >= 40 THEN 'user' || (b % 37) END,
              (b % 10) <> 0, first_run_id, last_run_id,
              datetime('2024-07-01', '+' || (h % 730) || ' days'), datetime('now'), 0
            FROM (SELECT l.*, g, {HASH} AS h, ({HASH} / 7) % 100 AS b
                  FROM leads l CROSS JOIN gs) x
            LIMIT :wanted
            """),
            {"copies": copies, "wanted": target - base},
        )
        seconds["leads"] = time.perf_counter() - started
        started = time.perf_counter()
        _actions(conn)
        seconds["actions"] = time.perf_counter() - started
    started = time.perf_counter()
    catch_up(engine)  # the search indexes (jiancha.leads.search_index), as after a run
    seconds["search index"] = time.perf_counter() - started
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        tally.rebuild(session)
    seconds["tallies"] = time.perf_counter() - started
    with engine.connect() as conn:
        started = time.perf_counter()
        conn.execute(text("ANALYZE"))
        conn.commit()
        seconds["analyze"] = time.perf_counter() - started
    engine.dispose()
    return seconds


def _actions(conn: Any) -> None:
    kinds = "CASE id % 4 WHEN 0 THEN 'suggestion' WHEN 1 THEN 'correction_notice'"
    kinds += " WHEN 2 THEN 'supervise_filing' ELSE 'protest' END"
    conn.execute(
        text(f"""
        INSERT INTO supervision_actions (lead_id, model_id, org_id, lead_seen_at, kind,
          document_no, issued_on, receiver, content, created_by, created_at)
        SELECT id, model_id, org_id, first_seen_at, {kinds}, '检建〔2025〕' || id || '号',
          date(first_seen_at, '+' || (id % 90 + 5) || ' days'),
          coalesce(jurisdiction, '某单位'), '', 'bench', datetime('now')
        FROM leads WHERE status IN ('actions_issued', 'feedback_received', 'closed')
        """)
    )
    outcome = "CASE a.id % 3 WHEN 0 THEN 'rectified' WHEN 1 THEN 'partially' ELSE 'refused' END"
    conn.execute(
        text(f"""
        INSERT INTO feedback (action_id, received_on, outcome, content, recovered_amount,
          persons_affected, rules_made, created_by, created_at)
        SELECT a.id, date(a.issued_on, '+40 days'), {outcome}, '', (a.id % 50) * 1000,
          a.id % 3, a.id % 2, 'bench', datetime('now')
        FROM supervision_actions a JOIN leads l ON l.id = a.lead_id
        WHERE l.status IN ('feedback_received', 'closed')
        """)
    )
