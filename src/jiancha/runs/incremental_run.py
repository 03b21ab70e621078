"""Executing one run on the engine, in full or incrementally (``runs.runner`` calls it).

Owns what an incremental run feeds the engine and which leads it may retire. With a
:class:`~jiancha.runs.incremental.Plan` the driving input is replaced by a Parquet file of

1. the rows of the current version not in the previous one (new or changed), and
2. when rows of the previous version are gone (deleted or changed) and gave leads — found by
   running the model over those gone rows alone, on DuckDB — the current rows of those leads'
   subjects, so that a subject still hit by an unchanged row stays hit.

Only the leads of the gone rows may then be marked no longer hit (``scope``); every other lead
was produced by rows that are still there, unchanged, and so still hits. When gone rows gave
leads and the subject key is not a driving field carried through unchanged, the rows to
re-check cannot be found: :class:`Refused`, and the run is full. Does not touch the store.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.engines import open_engine
from jiancha.leads import LeadBuilder
from jiancha.leads.sqlbuild import stream_leads
from jiancha.leads.upsert import UpsertCounts
from jiancha.modelling.compiler import Compiled, view_name
from jiancha.modelling.incremental import driving_input, subject_is_driving_field
from jiancha.modelling.spec import Spec
from jiancha.runs.incremental import Plan, Refused
from jiancha.runs.row_diff import row_diff, with_subjects
from jiancha.store import Lead, Store


@dataclass
class Executed:
    table: pa.Table
    """The result rows the leads are built from."""
    scope: set[str] | None = None
    """Fingerprints of the leads this run may mark no longer hit (None: any lead)."""
    rows_read: int = 0
    facts: dict[str, Any] = field(default_factory=dict)
    """What an incremental run read: ``since_run``, ``since_version``, ``new_rows``,
    ``removed_rows``, ``rechecked_rows``."""


def run_sql(engine: str, views: Mapping[str, Path], sql: str, bound: Mapping[str, Any]) -> pa.Table:
    with open_engine(engine) as runner:
        runner.register(views)
        return runner.execute(sql, bound)


def execute_incremental(
    plan: Plan,
    engine: str,
    views: Mapping[str, Path],
    sql: str,
    bound: Mapping[str, Any],
    builder: LeadBuilder,
    others_rows: int,
    staging: Path,
) -> Executed:
    """Run ``sql`` over the changed rows of ``plan``'s driving input (see the module)."""
    compiled: Compiled = builder.compiled
    view = view_name(plan.driving)
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="incremental-", dir=staging) as tmp:
        out = Path(tmp)
        diff = row_diff(plan.previous, plan.current, plan.columns, out)
        driving, rechecked, scope = diff.new, 0, set[str]()
        if diff.removed_rows:
            # on DuckDB whatever the engine: a few rows, and no second pass over the other inputs
            # on a cluster (both engines give the same leads: tests/modelling)
            duckdb_sql = compiled.query("duckdb").sql(dialect="duckdb")
            gone = run_sql("duckdb", {**views, view: diff.removed}, duckdb_sql, bound)
            scope = set(stream_leads(builder, gone)[0])
            if scope:
                if not subject_is_driving_field(compiled.spec):
                    raise Refused(
                        f"上次读取的行中有 {diff.removed_rows:,} 行已删除或修改且曾命中线索，"
                        "而线索主体不是驱动输入的原列，无法只复查受影响的行"
                    )
                key = compiled.spec.lead.subject_key
                column = compiled.inputs[plan.driving][key]
                keys = pc.unique(gone.column(compiled.relation[key].physical))
                driving = out / "driving.parquet"
                rechecked = with_subjects(diff, plan.current, plan.columns, column, keys, driving)
        table = run_sql(engine, {**views, view: driving}, sql, bound)
        read = diff.new_rows + rechecked + diff.removed_rows
        facts = {
            "since_run": plan.since_run,
            "since_version": plan.since_version,
            "new_rows": diff.new_rows,
            "removed_rows": diff.removed_rows,
            "rechecked_rows": rechecked,
        }
        return Executed(table, scope, others_rows + read, facts)


def execute(
    plan: Plan | None,
    reason: str | None,
    engine: str,
    views: Mapping[str, Path],
    sql: str,
    bound: Mapping[str, Any],
    builder: LeadBuilder,
    versions: Mapping[str, Mapping[str, Any]],
    store: Store,
) -> tuple[Executed, str | None]:
    """The run's result: incremental by ``plan`` if there is one and it holds, else full; and
    why it is not incremental (``reason``, or the plan's refusal found on the way)."""
    rows_read = sum(int(v["rows"]) for v in versions.values())
    if plan is not None:
        others = rows_read - int(versions[plan.driving]["rows"])
        staging = store.workspace.staging_dir
        try:
            done = execute_incremental(plan, engine, views, sql, bound, builder, others, staging)
            return done, None
        except Refused as refused:
            reason = refused.reason
    return Executed(run_sql(engine, views, sql, bound), None, rows_read), reason


def as_full(session: Session, model_id: int, counts: UpsertCounts) -> UpsertCounts:
    """An incremental run's counts as a full run gives them: every lead hit after it, of which
    ``new`` are new, the rest seen again."""
    hit = session.scalar(
        select(func.count()).select_from(Lead).where(Lead.model_id == model_id, Lead.hit.is_(True))
    )
    leads = int(hit or 0)
    return UpsertCounts(leads, counts.new, leads - counts.new, counts.no_longer_hit)


def recorded(
    versions: Mapping[str, Mapping[str, Any]], spec: Spec, done: Executed, reason: str | None
) -> dict[str, Any]:
    """The run's ``datasets`` with, on the driving input, whether it was read incrementally:
    ``{"applied": true, since_run, since_version, new_rows, …}`` or ``{"applied": false,
    "reason": …}``."""
    driving = driving_input(spec)
    if driving is None or driving not in versions:
        return dict(versions)
    applied = done.scope is not None
    facts: dict[str, Any] = {"applied": applied, **(done.facts if applied else {})}
    if reason:
        facts["reason"] = reason
    return {**versions, driving: {**versions[driving], "incremental": facts}}
