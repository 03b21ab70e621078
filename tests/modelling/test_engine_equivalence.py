"""Property: any valid spec built from the step kinds gives the same leads on DuckDB and Spark."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiancha.modelling import compile_spec, install, load_spec
from jiancha.runs import run_model
from jiancha.store import Store, init_workspace, open_store
from tests.modelling.fixtures import AS_OF, load_county
from tests.modelling.steps_specs import BINDS, HEAD

pytestmark = pytest.mark.spark

FILTERS = st.sampled_from(
    [
        "sentence_type IN ('有期徒刑', '拘役')",
        "sentence_type = '管制'",
        "NOT probation",
        "probation",
        "effective_date <= current_date - :min_days",
        "effective_date >= DATE '2024-02-01'",
        "fine IS NULL",
        "fine >= 3000",
        "court = '乐都县人民法院'",
        "court IN :courts",
        "length(name) = 2",
        "pretrial_measure LIKE '%候审'",
        "date_diff('day', effective_date, current_date) > 200",
        "coalesce(fine, 0) < 6000 OR probation",
        "CASE WHEN probation THEN 1 ELSE 0 END = 0",
    ]
)
JOINS = st.sampled_from(
    [
        None,
        "anti_join: {input: p, on: [[person_id, person_id]]}",
        "semi_join: {input: p, on: [[person_id, person_id]]}",
        "anti_join: {input: p, on: [[person_id, person_id]], "
        'where: "p.intake_date >= effective_date"}',
        "semi_join: {input: p, on: [[person_id, person_id]], "
        'where: "p.intake_date < effective_date + INTERVAL 30 DAY"}',
        "join: {input: p, on: [[person_id, person_id]], type: left}",
        "join: {input: p, on: [[person_id, person_id]]}",
    ]
)


ORG_LEAD = '  subject: {type: org, key: court}\n  title: "{court}"\n  evidence: [court, n, total]\n'
PERSON_LEAD = (
    '  subject: {type: person, key: person_id}\n  title: "{person_id}"\n  evidence: [person_id]\n'
)


ORG_LEAD = """  subject: {type: org, key: court}
  title: "{court}"
  evidence: [court, n, total]
"""
PERSON_LEAD = """  subject: {type: person, key: person_id}
  title: "{person_id}"
  evidence: [person_id]
"""


@st.composite
def specs(draw: st.DrawFn) -> str:
    steps = ["  - from: j"]
    steps += [f'  - filter: "{f}"' for f in draw(st.lists(FILTERS, max_size=3, unique=True))]
    join = draw(JOINS)
    if join:
        steps.append(f"  - {join}")
    derived = draw(st.booleans())
    if derived:
        steps.append(
            "  - derive: {age: \"date_diff('day', effective_date, current_date)\", "
            'deadline: "effective_date + INTERVAL 30 DAY"}'
        )
    if draw(st.booleans()):
        having = draw(st.integers(0, 4))
        steps.append(
            '  - aggregate: {by: [court], measures: {n: "count(*)", total: "sum(fine)"}, '
            f'having: "n >= {having}"}}'
        )
        lead = ORG_LEAD
    else:
        lead = (
            PERSON_LEAD.replace("[person_id]", "[person_id, deadline]") if derived else PERSON_LEAD
        )
    body = "steps:\n" + "\n".join(steps) + "\nlead:\n" + lead
    slug = "prop-" + hashlib.sha256(body.encode()).hexdigest()[:12]
    return HEAD.format(id=slug, kind="collision") + body


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("equivalence")
    workspace, _ = init_workspace(tmp / "home")
    store = open_store(workspace)
    load_county(store, tmp)
    yield store
    store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=specs())
def test_random_specs_agree(county: Store, text: str) -> None:
    spec = load_spec(text, "random")
    compile_spec(spec)  # every generated spec is valid
    install(county, spec, BINDS)
    duck = run_model(county, spec.id, engine="duckdb", run_date=AS_OF)
    spark = run_model(county, spec.id, engine="spark", run_date=AS_OF)
    assert spark["leads"] == duck["leads"]
    assert spark["new"] == 0 and spark["no_longer_hit"] == 0, text


def test_generator_reaches_every_join_kind(tmp_path: Path) -> None:
    """The strategy is not degenerate: it produces each join form and both lead shapes."""
    seen: set[str] = set()

    @settings(max_examples=200, deadline=None)
    @given(text=specs())
    def collect(text: str) -> None:
        for marker in (
            "anti_join",
            "semi_join",
            "type: left",
            "join: {input",
            "aggregate",
            "derive",
        ):
            if marker in text:
                seen.add(marker)

    collect()
    assert seen == {"anti_join", "semi_join", "type: left", "join: {input", "aggregate", "derive"}
