"""Every shipped template gives the same leads on Spark as on DuckDB, over the demo county.

Each template runs on DuckDB and then on Spark local mode over the same imported files: the
Spark run must find exactly the DuckDB run's fingerprints — every lead seen again, none new,
none no longer hit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jiancha.demo.county import generate_county
from jiancha.demo.datasets import demo_binds
from jiancha.demo.workflow import import_county, import_documents
from jiancha.modelling import install
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.templates import load_templates

pytestmark = pytest.mark.spark
AS_OF = dt.date(2025, 6, 30)


def test_spark_finds_the_same_fingerprints(sqlite_store: Store, tmp_path: Path) -> None:
    files = tmp_path / "county"
    generate_county(files, scale=2000, seed=5, as_of=AS_OF)
    import_county(sqlite_store, files, lambda _text: None)
    import_documents(sqlite_store, files, lambda _text: None)
    compared = {}
    for spec in load_templates():
        install(sqlite_store, spec, demo_binds(spec))
        duck = run_model(sqlite_store, spec.id, run_date=AS_OF)
        spark = run_model(sqlite_store, spec.id, engine="spark", run_date=AS_OF)
        counts = (spark["leads"], spark["new"], spark["seen_again"], spark["no_longer_hit"])
        compared[spec.id] = (duck["leads"], counts)
    assert all(leads > 0 for leads, _ in compared.values())
    assert {k: c for k, (leads, c) in compared.items() if c != (leads, 0, leads, 0)} == {}
