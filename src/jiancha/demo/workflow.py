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
from jiancha.demo.access import grant_demo_access
from jiancha.demo.accounts import DemoAccount, demo_accounts
from jiancha.demo.datasets import COUNTY, DemoDataset, demo_binds
from jiancha.demo.offices import set_up_offices
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
    results = []
    for spec in templates if templates is not None else load_templates():
        install(store, spec, demo_binds(spec), org)
        result = run_model(store, spec.id, run_date=as_of, account=account)
        say(f"运行 {spec.name}：线索 {result['leads']:,} 条（新增 {result['new']:,}）")
        results.append({**result, "name": spec.name, "area": spec.area, "kind": spec.kind})
    return results


def build_demo(
    store: Store, files: Path, *, scale: int, seed: int, as_of: dt.date, say: Say
) -> DemoResult:
    """Generate the county into ``files``, import it into ``store``, run every template."""
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
    result.accounts = demo_accounts(store, province)
    names = [d["dataset"] for d in result.imports]
    modeller = grant_demo_access(store, province, names)
    say(f"数据申请：建模人员 {modeller} 申请使用 {len(names)} 个数据集，省院领导已批准")
    result.runs = install_and_run(store, as_of, say, org=province, account=modeller)
    result.seconds["run"] = time.perf_counter() - started
    return result
