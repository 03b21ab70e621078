"""The builder's preview (预览): a model being built, run over the bound datasets as they are now.

The document is checked with its bindings (``runs.preview_check``: 422 with every problem),
turned into a spec the way it would be saved (``to_spec_document`` → ``dump_spec`` →
``load_spec``), compiled with the bound columns, and computed by DuckDB over the latest version
of each bound dataset (``runs.inputs``, the views a run reads): the rows after every step and
the number of leads in one statement, the rows after one chosen step in a second on the same
connection (``runs.preview_query``). Ten sample leads are built by the run's own path
(``LeadBuilder`` and ``leads.sqlbuild``) and explained as a lead's explanation reads
(``leads.explain.render``).

Everything shown is masked: rows by their columns' kinds (``leads.personal``: the semantic type
or the dataset's classification), leads as the lead list masks them (``mask_lead``); there is no
unmasked preview. It reads data, so it needs the person's active grant for every bound dataset
(``governance.access.require_grants``), counts toward their circuit breaker and is audited
(``builder_preview``; a refusal too). Writes no run and no lead.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from jiancha import clock
from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance import audit, breaker
from jiancha.governance.access import require_grants
from jiancha.governance.orgs import visible_ids
from jiancha.governance.roles import require
from jiancha.leads import LeadBuilder
from jiancha.leads.explain import labelled_personal, sourced
from jiancha.leads.personal import bound_columns, personal_columns
from jiancha.leads.reasons import Reasons
from jiancha.marketplace.usable import bind_pairs
from jiancha.modelling.builder import to_spec_document
from jiancha.modelling.compiler import Compiler
from jiancha.modelling.install import bind
from jiancha.modelling.loader import load_spec
from jiancha.modelling.parameters import resolve
from jiancha.modelling.spec import Spec
from jiancha.modelling.writer import dump_spec
from jiancha.runs.inputs import bound_inputs
from jiancha.runs.preview_check import Bindings, require_valid
from jiancha.runs.preview_query import (
    LEADS,
    PREVIEW_FULL_ROWS,
    SAMPLE,
    count_column,
    execute,
    preview_sql,
    rows_of,
    rows_sql,
)
from jiancha.runs.preview_show import sample_leads, shown_rows, step_labels
from jiancha.runs.runner import placeholders
from jiancha.store import Org, Store, User

SAMPLE_ROWS = 200
"""Final rows read to find the sample leads (rows sharing a fingerprint are one lead)."""
MAX_LIMIT = 200
SOURCE = "（构建器中的模型）"

__all__ = ["PREVIEW_FULL_ROWS", "preview"]


def _user(store: Store, account: str) -> tuple[User, set[int] | None]:
    """The account (active, allowed to build models) and the offices whose data it sees."""
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == account))
        if user is None or not user.active:
            raise NotFound(f"用户“{account}”不存在或已停用")
        require(user, "models.install")
        org = None if user.org_id is None else session.get(Org, user.org_id)
        return user, None if org is None else visible_ids(session, org)


def _grants(store: Store, account: str, spec: Spec, datasets: list[str]) -> list[dict[str, Any]]:
    """The grants the preview relies on; a refusal (no grant, suspended) is audited."""
    try:
        with store.session() as session:
            user = session.scalar(select(User).where(User.username == account))
            assert user is not None
            breaker.refuse_if_suspended(user)
            return require_grants(session, user, datasets)
    except Forbidden as error:
        audit.record_now(
            store,
            actor=account,
            action="builder_preview",
            object_type="model",
            object_id=spec.id,
            detail={"datasets": sorted(set(datasets))},
            result="refused",
            refusal=error.message,
        )
        raise


def preview(
    store: Store,
    document: Mapping[str, Any],
    bindings: Bindings,
    *,
    account: str,
    step: int | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """The preview of ``document`` bound by ``bindings`` (see the module docstring); ``step``:
    the step (from 0) whose first ``limit`` rows to show, or None."""
    started = time.perf_counter()
    _, visible = _user(store, account)
    composed = require_valid(store, document, bindings, visible)
    spec = load_spec(composed["yaml"] or dump_spec(to_spec_document(document)), SOURCE)
    if step is not None and not 0 <= step < len(spec.steps):
        raise JianchaError(f"模型共 {len(spec.steps)} 步，没有第 {step + 1} 步")
    bound = {name: b.as_json() for name, b in bind(store, spec, bind_pairs(bindings)).items()}
    compiler = Compiler(spec, {name: b["fields"] for name, b in bound.items()})
    compiled = compiler.compile()
    datasets = [b["dataset"] for b in bound.values()]
    grants = _grants(store, account, spec, datasets)
    values = resolve(spec.parameters, {}, clock.china_today())
    inputs = bound_inputs(store, bound)
    with store.session() as session:
        personal = personal_columns(spec, bound, bound_columns(session, datasets))
    builder = LeadBuilder(compiled, values, key=store.workspace.secret).with_personal(personal)
    lead_columns = [builder.key, *(p for _, p in builder.evidence)]
    limit = max(1, min(limit, MAX_LIMIT))
    statements = [preview_sql(compiled, lead_columns, samples=SAMPLE_ROWS)]
    if step is not None:
        statements.append(rows_sql(compiled, step, limit))
    bound_values = [
        (q, {k: v for k, v in values.items() if k in placeholders(q)}) for q in statements
    ]
    (result, *at), note = execute(bound_values, inputs, str(spec.steps[0].body))
    template = sourced(builder.template, inputs.versions)
    counts = [int(result.column(count_column(i))[0].as_py()) for i in range(len(spec.steps))]
    labels = Reasons(compiled, values).columns
    rows_at: dict[str, Any] | None = None
    if step is not None:
        columns, rows = shown_rows(at[0], compiler.relations[step], personal["fields"], labels)
        rows_at = {"step": step, "columns": columns, "rows": rows}
    final = rows_of(result, SAMPLE)
    samples = sample_leads(builder, final, template, labelled_personal(personal, template))
    lead_count = int(result.column(LEADS)[0].as_py())
    shown = len(rows_at["rows"] if rows_at else []) + len(samples)
    breaker.consume(store, account, "evidence_reads", max(shown, 1))
    figures = {"steps": counts, "leads": lead_count, "sampled": bool(note), "step": step}
    audit.record_now(
        store,
        actor=account,
        action="builder_preview",
        object_type="model",
        object_id=spec.id,
        rows=shown,
        detail={"version": spec.version, "datasets": inputs.versions, "grants": grants} | figures,
    )
    labels_of = step_labels(spec, template, values, labels)
    return {
        "steps": [
            {"index": i, "kind": s.kind, "label": labels_of[i], "rows": counts[i]}
            for i, s in enumerate(spec.steps)
        ],
        "rows_at": rows_at,
        "leads": {"count": lead_count, "samples": samples},
        "sampled": bool(note),
        "sample_note": note,
        "seconds": round(time.perf_counter() - started, 3),
        "datasets": inputs.versions,
    }
