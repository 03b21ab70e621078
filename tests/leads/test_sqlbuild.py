"""Leads built by one DuckDB query equal leads built row by row in Python (the reference).

Every step spec of the modelling tests runs on the hand-made county, on DuckDB and on Spark;
for each result the SQL builder and ``LeadBuilder`` must give the same fingerprints, subjects,
titles, evidence and explanation values, lead for lead.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from jiancha.engines import open_engine
from jiancha.leads import LeadBuilder, fingerprint
from jiancha.leads.personal import model_personal
from jiancha.leads.sqlbuild import build_leads
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.modelling.dialects import dialect_for
from jiancha.modelling.parameters import resolve
from jiancha.runs.runner import _inputs, installed, placeholders
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county
from tests.modelling.steps_specs import BINDS as STEP_BINDS
from tests.modelling.steps_specs import CASES, spec_text

KEY = bytes(range(32))


def _result(store: Store, slug: str, engine: str) -> tuple[LeadBuilder, pa.Table]:
    model, compiled = installed(store, slug)
    values = resolve(compiled.spec.parameters, {}, AS_OF)
    query = compiled.query(dialect_for(engine))
    bound = {k: v for k, v in values.items() if k in placeholders(query)}
    views, _, _ = _inputs(store, model)
    with open_engine(engine) as runner:
        runner.register(views)
        table = runner.execute(query.sql(dialect=dialect_for(engine)), bound)
    with store.session() as session:
        personal = model_personal(session, model)
    return LeadBuilder(compiled, values, key=KEY, personal=personal), table


def _python(builder: LeadBuilder, table: pa.Table) -> list[dict[str, Any]]:
    leads: dict[str, dict[str, Any]] = {}
    for row in table.to_pylist():
        fp = builder.fingerprint(row)
        if fp not in leads:
            r = builder.record(row, fp)
            leads[fp] = {
                "fingerprint": fp,
                "subject_key": r.subject_key,
                "subject_name": r.subject_name,
                "title": r.title,
                "title_masked": r.title_masked,
                "jurisdiction": r.jurisdiction,
                "evidence": r.evidence,
                "explanation": r.explanation,
            }
    return list(leads.values())


def _sql(builder: LeadBuilder, table: pa.Table) -> list[dict[str, Any]]:
    fingerprints, built = build_leads(builder, table)
    rows = built.to_pylist()
    assert fingerprints == [row["fingerprint"] for row in rows]
    some = set(fingerprints[::2])
    again, rest = build_leads(builder, table, known=some)
    assert again == fingerprints
    assert rest.column("fingerprint").to_pylist() == [f for f in fingerprints if f not in some]
    for row in rows:
        row.pop("amount")
        row["evidence"] = json.loads(row["evidence"])
        row["explanation"] = json.loads(row["explanation"])
    return rows


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_sql_builder_equals_python_reference(
    sqlite_store: Store, tmp_path: Path, engine: str
) -> None:
    load_county(sqlite_store, tmp_path)
    install(sqlite_store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    slugs = ["custodial-sentence-not-executed"]
    for case in CASES:
        spec = load_spec(spec_text(case), case)
        install(sqlite_store, spec, STEP_BINDS)
        slugs.append(spec.id)
    compared = 0
    for slug in slugs:
        builder, table = _result(sqlite_store, slug, engine)
        python, sql = _python(builder, table), _sql(builder, table)
        assert sql == python, slug
        compared += len(sql)
    assert compared >= 15


def test_fingerprint_framing() -> None:
    assert fingerprint("m", "a", ["b|c"], key=KEY) != fingerprint("m", "a|b", ["c"], key=KEY)
    assert fingerprint("m", "k", [None], key=KEY) != fingerprint("m", "k", [""], key=KEY)
    assert fingerprint("m", "k", [True], key=KEY) == fingerprint("m", "k", ["true"], key=KEY)
    assert fingerprint("m", "k", [dt.date(2024, 1, 3)], key=KEY) == fingerprint(
        "m", "k", [dt.datetime(2024, 1, 3)], key=KEY
    )
