"""A run's leads to work on: the DESIGN example model over the hand-made county."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.leads import list_leads
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


@pytest.fixture
def lead_id(store: Store, tmp_path: Path) -> int:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        leads = {lead["subject_key"]: lead["id"] for lead in list_leads(session)}
    return leads[pid(1)]
