"""Running an installed model: compile, execute on an engine, upsert leads, record the Run.

A Run row is written first (status ``running``, with the process and host running it) so that
a failure is recorded too: ``error`` a classified Chinese message without data values, and
``error_detail`` the engine's own words, for administrators (``runs.errors``). A run whose
process died without recording anything is marked failed the next time the store is opened
(``runs.recovery``). The leads and the final counts are written in one transaction at the end.

A run on behalf of an account (``account``: the API, or ``jiancha model run --user``) needs an
active access grant of that account for every input dataset, and records which grants it used.
A run from the workspace's own command line without ``--user`` is the local operator's, who
holds the data files anyway: it is recorded as such (``grants`` = local operator) and audited.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlglot import exp

from jiancha import clock
from jiancha.catalogue.importer import current_user
from jiancha.errors import NotFound
from jiancha.governance import audit
from jiancha.governance.access import require_grants
from jiancha.governance.breaker import refuse_if_suspended
from jiancha.governance.roles import require
from jiancha.leads import LeadBuilder, upsert_leads
from jiancha.leads.explain import sourced
from jiancha.leads.search_index import catch_up
from jiancha.leads.values import plain
from jiancha.marketplace.adoptions import find_adoption
from jiancha.marketplace.campaign_tags import tag_run
from jiancha.modelling.compiler import Compiled, compile_spec
from jiancha.modelling.dialects import dialect_for
from jiancha.modelling.loader import load_spec
from jiancha.modelling.parameters import RUN_DATE, resolve
from jiancha.runs.errors import RunFailed, classify, detail
from jiancha.runs.incremental import Refused
from jiancha.runs.incremental import plan as incremental_plan
from jiancha.runs.incremental_run import as_full, execute, recorded
from jiancha.runs.inputs import bound_inputs
from jiancha.spoken import spoken
from jiancha.store import Run, Store, SupervisionModel, User
from jiancha.store.models import utcnow

RunProgress = Callable[[str, dict[str, int]], None]
"""Told each stage of a run (``execute``, ``leads``, ``commit``, ``done``) with the figures known
then; raising stops the run, which then writes no lead (``commit`` is told inside the leads'
transaction, just before it commits: the last point where a run can still be stopped — a callback
must not write to the store there, the transaction may hold SQLite's write lock)."""


def installed(
    store: Store, slug: str, org: str | None = None, prefer: int | None = None
) -> tuple[SupervisionModel, Compiled]:
    """The adoption of ``slug`` (by office ``org``, else the only one, else ``prefer``'s) and its
    spec compiled with its bindings."""
    with store.session() as session:
        model = find_adoption(session, slug, org, prefer=prefer)
        spec = load_spec(model.spec_text, slug)
        fields = {name: b["fields"] for name, b in model.bindings.items()}
        return model, compile_spec(spec, fields)


def placeholders(query: exp.Expr) -> set[str]:
    return {str(p.this) for p in query.find_all(exp.Placeholder)}


def model_sql(
    store: Store,
    slug: str,
    engine: str = "duckdb",
    org: str | None = None,
    prefer: int | None = None,
) -> str:
    """The SQL a run executes, formatted, with the parameters' default values noted."""
    dialect = dialect_for(engine)
    _, compiled = installed(store, slug, org, prefer)
    notes = [f"-- 模型 {slug}（{compiled.spec.name}）在 {engine} 上执行的 SQL"]
    for name, p in compiled.spec.parameters.items():
        marker = f":{name}" if dialect == "spark" else f"${name}"
        notes.append(f"-- {marker}：{p.label or name}（{p.type}，默认 {spoken(p.default)}）")
    notes.append(
        "-- " + ("_today" if dialect == "spark" else "$_today") + "：运行日期（替代 current_date）"
    )
    return "\n".join(notes) + "\n" + compiled.sql(dialect, pretty=True) + ";\n"


def _inputs(store: Store, model: SupervisionModel) -> tuple[dict[str, Path], dict[str, Any], int]:
    """The views, dataset versions and rows the adoption's bindings read (``runs.inputs``)."""
    found = bound_inputs(store, model.bindings)
    return found.views, found.versions, found.rows


def _audited(run: Run, slug: str) -> dict[str, Any]:
    """The audit entry of a run: which model on which engine and data, and what it found."""
    detail: dict[str, Any] = {"model": slug, "engine": run.engine, "datasets": run.datasets}
    detail["grants"] = run.grants
    detail |= {"new": run.new, "seen_again": run.seen_again, "no_longer_hit": run.no_longer_hit}
    return {
        "actor": run.user,
        "action": "run",
        "object_type": "run",
        "object_id": run.id,
        "rows": run.leads,
        "detail": detail,
    }


def _audited_failure(run: Run, slug: str, error: BaseException) -> dict[str, Any]:
    """The audit entry of a run that failed, or was killed (interrupted, cancelled)."""
    killed = not isinstance(error, Exception)
    return {
        "actor": run.user,
        "action": "run_failed",
        "object_type": "run",
        "object_id": run.id,
        "detail": {"model": slug, "engine": run.engine, "datasets": run.datasets},
        "result": "killed" if killed else "failed",
        "refusal": run.error,
    }


def run_model(
    store: Store,
    slug: str,
    overrides: Mapping[str, Any] | None = None,
    engine: str = "duckdb",
    run_date: dt.date | None = None,
    account: str | None = None,
    progress: RunProgress | None = None,
    org: str | None = None,
    prefer: int | None = None,
    incremental: bool = False,
) -> dict[str, Any]:
    """Run the adoption of ``slug``; ``incremental`` reads only the driving input's rows changed
    since the last successful run, where that gives the same leads as a full run
    (``runs.incremental``), and otherwise runs in full, saying why (``incremental_reason``)."""
    tell: RunProgress = progress or (lambda _stage, _figures: None)
    dialect = dialect_for(engine)
    model, compiled = installed(store, slug, org, prefer)
    grants = _grants(store, model, account)
    chosen = {**(model.parameters or {}), **(overrides or {})}  # the adoption's own defaults
    values = resolve(compiled.spec.parameters, chosen, run_date or clock.china_today())
    query = compiled.query(dialect)
    sql = query.sql(dialect=dialect)
    bound = {k: v for k, v in values.items() if k in placeholders(query)}
    views, versions, rows_read = _inputs(store, model)
    plan, reason = None, None
    if incremental:
        try:
            plan = incremental_plan(store, model, compiled, values, set(bound), versions, views)
        except Refused as refused:
            reason = refused.reason
    with store.session() as session:
        run = Run(
            model_id=model.id,
            status="running",
            user=account or current_user(),
            engine=engine,
            spec_version=compiled.spec.version,
            spec_sha256=model.spec_sha256,
            parameters={k: plain(v) for k, v in values.items()},
            datasets=versions,
            run_date=values[RUN_DATE].isoformat(),
            sql=sql,
            grants=grants,
            pid=os.getpid(),
            host=socket.gethostname()[:200],
        )
        session.add(run)
    started = time.perf_counter()
    steps = len(compiled.spec.steps)
    try:
        tell("execute", {"rows_read": rows_read, "steps_total": steps, "steps_done": 0})
        builder = LeadBuilder(compiled, values, key=store.workspace.secret)
        done, reason = execute(plan, reason, engine, views, sql, bound, builder, versions, store)
        table = done.table
        tell("leads", {"steps_done": steps, "hits": table.num_rows})
        with store.session() as session:
            now = utcnow()
            counts = upsert_leads(session, model.id, run.id, table, builder, now, scope=done.scope)
            if done.scope is not None:  # the figures a full run would give
                counts = as_full(session, model.id, counts)
            tag_run(session, model, run.id, values[RUN_DATE])  # 专项: tag the leads it serves
            tell("commit", {"leads_written": counts.leads})  # may stop it: nothing is kept
            stored = session.get(Run, run.id)
            assert stored is not None
            stored.status, stored.finished_at = "succeeded", utcnow()
            stored.explanation = sourced(builder.template, versions)
            stored.seconds = round(time.perf_counter() - started, 3)
            stored.rows_read = done.rows_read
            if incremental:
                stored.datasets = recorded(versions, compiled.spec, done, reason)
            stored.leads, stored.new = counts.leads, counts.new
            stored.seen_again, stored.no_longer_hit = counts.seen_again, counts.no_longer_hit
            audit.record(session, **_audited(stored, slug))
    except BaseException as error:
        with store.session() as session:
            failed = session.get(Run, run.id)
            if failed is not None:
                failed.status, failed.finished_at = "failed", utcnow()
                failed.error, failed.error_detail = classify(error), detail(error)
                audit.record(session, **_audited_failure(failed, slug, error))
        if isinstance(error, Exception):
            raise RunFailed(run.id, error) from error
        raise
    catch_up(store.engine)  # the new titles into the search indexes (found meanwhile all the same)
    tell("done", {"leads_written": counts.leads})
    return {
        "run_id": run.id,
        "model": slug,
        "engine": engine,
        "leads": counts.leads,
        "new": counts.new,
        "seen_again": counts.seen_again,
        "no_longer_hit": counts.no_longer_hit,
        "rows_read": done.rows_read,
        "seconds": round(time.perf_counter() - started, 3),
        "datasets": versions,
        "incremental": done.scope is not None,
        **({"incremental_reason": reason} if reason else {}),
        **({"incremental_rows": done.facts} if done.facts else {}),
        "parameters": {k: plain(v) for k, v in values.items()},
        "grants": grants,
    }


LOCAL_OPERATOR = [{"basis": "local_operator"}]


def _grants(store: Store, model: SupervisionModel, account: str | None) -> list[dict[str, Any]]:
    """The grants a run by ``account`` relies on (refused when one is missing); a ``high``
    adoption's run needs grants whose request named the model (``require_grants``). The local
    operator (no account) runs on the basis ``local_operator``."""
    if account is None:
        return LOCAL_OPERATOR
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == account))
        if user is None or not user.active:
            raise NotFound(f"用户“{account}”不存在或已停用", hint="用 jiancha user list 查看")
        require(user, "models.run")
        refuse_if_suspended(user)
        datasets = [b["dataset"] for b in model.bindings.values()]
        return require_grants(session, user, datasets, model=model)
