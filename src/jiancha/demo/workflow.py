"""The demo county end to end: generate, import through the real path, make one account per
role, install and run templates.

Used by ``jiancha demo`` (which then serves the API) and by ``jiancha eval`` (which then scores
each template's leads against the county's ground truth). Every step goes through the public
APIs a user's commands use: ``catalogue.import_source`` with a schema, the documents intake
(``documents.intake.import_documents``) for the 起诉意见书, 起诉书 and 刑事判决书,
``modelling.install`` with ``--bind`` pairs (``documents.intake.columns.binds_for`` for the
templates over documents), ``runs.run_model``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiancha import catalogue
from jiancha.catalogue.schema import FieldSpec, SchemaFile
from jiancha.demo.access import grant_demo_access, grant_model_purposes
from jiancha.demo.accounts import DemoAccount, demo_accounts
from jiancha.demo.datasets import COUNTY, DemoDataset, demo_binds
from jiancha.demo.market import (
    adopt_everywhere,
    district_accounts,
    open_sample_cases,
    run_in_districts,
    verify_samples,
)
from jiancha.demo.offices import set_up_offices
from jiancha.demo.publishing import demo_campaign, publish_templates
from jiancha.modelling import Spec, install
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.templates import load_templates

Say = Callable[[str], None]


@dataclass
class DemoResult:
    files: Path
    as_of: dt.date
    seconds: dict[str, float] = field(default_factory=dict)
    imports: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    adoptions: list[dict[str, Any]] = field(default_factory=list)
    market: dict[str, Any] = field(default_factory=dict)


def schema_of(dataset: DemoDataset) -> SchemaFile:
    fields = {f.column: FieldSpec(semantic=f.semantic) for f in dataset.fields}
    return SchemaFile(path=f"演示数据集“{dataset.name}”的字段定义", fields=fields)


def import_county(store: Store, files: Path, say: Say) -> list[dict[str, Any]]:
    done = []
    for dataset in COUNTY:
        source = catalogue.open_file(files / dataset.file)
        result = catalogue.import_source(store, source, dataset.name, schema=schema_of(dataset))
        say(f"导入 {dataset.name}：{result.rows:,} 行，无法识别的值 {result.invalid:,} 个")
        done.append({"dataset": dataset.name, "rows": result.rows, "invalid": result.invalid})
    return done


def import_documents(store: Store, files: Path, say: Say) -> list[dict[str, Any]]:
    """Import the county's three document sets through the documents intake."""
    from jiancha.demo.county.documents import SETS
    from jiancha.documents.intake import import_documents as intake

    done = []
    for s in SETS:
        result = intake(store, files / s.path, s.name)
        say(f"导入 {s.name}：{result['documents']:,} 份文书，{result['rows']:,} 行")
        done.append(
            {
                "dataset": s.name,
                "rows": result["rows"],
                "invalid": result["invalid"],
                "documents": result["documents"],
            }
        )
    return done


def install_and_run(
    store: Store,
    as_of: dt.date,
    say: Say,
    templates: list[Spec] | None = None,
    org: str | None = None,
    account: str | None = None,
) -> list[dict[str, Any]]:
    """Install every template for ``org`` and run it (as ``account``, whose grants must cover
    its inputs). A ``high`` template first gets its model-purpose grants when ``account`` is
    the demo's modeller."""
    specs = templates if templates is not None else load_templates()
    for spec in specs:
        install(store, spec, demo_binds(spec), org)
    if account is not None:
        grant_model_purposes(store, specs)
    return run_templates(store, specs, as_of, say, org, account)


def run_templates(
    store: Store,
    specs: list[Spec],
    as_of: dt.date,
    say: Say,
    org: str | None = None,
    account: str | None = None,
) -> list[dict[str, Any]]:
    results = []
    for spec in specs:
        result = run_model(store, spec.id, run_date=as_of, account=account, org=org)
        say(f"运行 {spec.name}：线索 {result['leads']:,} 条（新增 {result['new']:,}）")
        results.append({**result, "name": spec.name, "area": spec.area, "kind": spec.kind})
    return results


def build_demo(
    store: Store, files: Path, *, scale: int, seed: int, as_of: dt.date, say: Say
) -> DemoResult:
    """Generate the county into ``files``, import it into ``store``, install every template for
    two districts in turn (their authors), let them and a third district adopt them (run first:
    their subtrees are theirs) and verify a sample of their leads, run the province's adoptions
    for the rest, then take every template through the five-step publication into the
    province's marketplace."""
    from jiancha.demo.county import generate_county

    result = DemoResult(files=files, as_of=as_of)
    started = time.perf_counter()
    generate_county(files, scale=scale, seed=seed, as_of=as_of)
    result.seconds["generate"] = time.perf_counter() - started
    say(f"已生成演示县数据（{scale:,} 人）：{files}")
    started = time.perf_counter()
    result.imports = import_county(store, files, say) + import_documents(store, files, say)
    result.seconds["import"] = time.perf_counter() - started
    started = time.perf_counter()
    province = set_up_offices(store)
    say("已设置检察院：省院 1 个、市院 2 个、基层院 4 个（线索按管辖分流）")
    result.accounts = demo_accounts(store, province) + district_accounts(store)
    names = [d["dataset"] for d in result.imports]
    modeller = grant_demo_access(store, province, names)
    say(f"数据申请：建模人员 {modeller} 申请使用 {len(names)} 个数据集，省院领导已批准")
    specs = load_templates()
    adopt_everywhere(store, specs, province)
    grant_model_purposes(store, specs)
    result.adoptions = run_in_districts(store, specs, as_of, modeller, say)
    result.runs = run_templates(store, specs, as_of, say, province, modeller)
    result.seconds["run"] = time.perf_counter() - started
    started = time.perf_counter()
    verify_samples(store, files, say)
    outcomes = open_sample_cases(store, say)
    result.market = publish_templates(store, specs, say)
    result.market["campaign"] = demo_campaign(store, as_of, modeller, say)
    result.market["outcomes"] = outcomes
    result.seconds["publish"] = time.perf_counter() - started
    return result
