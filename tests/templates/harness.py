"""Run one shipped template on hand-made rows of the demo county's datasets.

Each template test writes a few rows per dataset (column names from the county registry, values
written the way the agencies write them), imports them through the real import path with the
registry's schema, installs the template bound by input label, runs it on DuckDB or Spark, and
returns the leads. Expected leads are known by construction, independent of the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import ric, uscc

from jiancha import catalogue
from jiancha.demo.datasets import BY_NAME, demo_binds
from jiancha.leads import list_leads
from jiancha.modelling import install
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.templates import load_template

AS_OF = dt.date(2025, 6, 30)
Rows = Sequence[Mapping[str, Any]]


def pid(seq: int, born: str = "19800101", region: str = "330102") -> str:
    """A valid 18-digit ID number: region, birth date, sequence ``seq`` (0–999), check digit."""
    body = f"{region}{born}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def cid(seq: int) -> str:
    """A valid unified social credit code numbered ``seq``."""
    body = f"91330102MA{seq:07d}"
    return body + uscc.calc_check_digit(body)


def load(store: Store, tmp: Path, tables: Mapping[str, Rows]) -> None:
    """Write each dataset's rows as a UTF-8 CSV with every registry column, and import it."""
    for name, rows in tables.items():
        dataset = BY_NAME[name]
        columns = [f.column for f in dataset.fields]
        unknown = {k for row in rows for k in row} - set(columns)
        assert not unknown, f"{name} has no columns {unknown}"
        path = tmp / dataset.file.replace(".xlsx", ".csv").replace(".jsonl", ".csv")
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        schema_path = tmp / f"{dataset.file}.schema.yaml"
        schema_path.write_text(yaml.safe_dump(dataset.schema(), allow_unicode=True), "utf-8")
        schema = catalogue.load_schema(schema_path)
        catalogue.import_source(store, catalogue.open_file(path), name, schema=schema)


def run_template(
    store: Store,
    tmp: Path,
    template_id: str,
    tables: Mapping[str, Rows],
    *,
    engine: str = "duckdb",
    params: Mapping[str, Any] | None = None,
    as_of: dt.date = AS_OF,
) -> list[dict[str, Any]]:
    """Import ``tables``, install and run the template; the leads it found."""
    load(store, tmp, tables)
    spec = load_template(template_id)
    install(store, spec, demo_binds(spec))
    run_model(store, spec.id, overrides=params, engine=engine, run_date=as_of)
    with store.session() as session:
        return list_leads(session, model=spec.id)


def subjects(leads: list[dict[str, Any]]) -> set[str]:
    return {lead["subject_key"] for lead in leads}
