"""Whether a run may be incremental, and against which earlier run (``incremental=True``).

Owns the decision: an incremental run reads only the rows of the driving input that changed
since the last successful run of the same adoption, which is exact when (all checked here)

- the spec allows it (``jiancha.modelling.incremental.refusal``: row-local steps only);
- that run compiled to the same SQL (same spec, same bindings) with the same values of the
  parameters the SQL uses (the run date only if the spec reads ``current_date``);
- every other input reads the same dataset version as then (an anti-join's other side that
  changed can remove hits from rows that did not change);
- the driving input reads the same dataset, a version at least as new, with the same column
  types, and that version's file is still there.

Anything else gives a Chinese reason and the run is full. Reads metadata only; the row diff is
``runs.row_diff``, the run itself ``runs.runner``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jiancha.leads.values import plain
from jiancha.modelling.compiler import Compiled, view_name
from jiancha.modelling.dialects import dialect_for
from jiancha.modelling.incremental import driving_input, refusal
from jiancha.runs.row_diff import column_types
from jiancha.spoken import spoken
from jiancha.store import Dataset, DatasetVersion, Run, Store, SupervisionModel


@dataclass(frozen=True)
class Plan:
    """An incremental run of input ``driving``: the version ``since_version`` read by run
    ``since_run`` (file ``previous``) against the current one (``current``), over ``columns``."""

    driving: str
    since_run: int
    since_version: int
    previous: Path
    current: Path
    columns: list[str]


class Refused(Exception):
    """The run must be full; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _base(store: Store, model: SupervisionModel) -> Run:
    with store.session() as session:
        base = session.scalar(
            select(Run)
            .where(Run.model_id == model.id, Run.status == "succeeded")
            .order_by(Run.id.desc())
            .limit(1)
        )
        if base is None:
            raise Refused("该模型尚无成功的运行，首次运行须读全部数据")
        session.expunge(base)
        return base


def _same_query(base: Run, compiled: Compiled, values: Mapping[str, Any], used: set[str]) -> None:
    dialect = dialect_for(base.engine)
    if compiled.query(dialect).sql(dialect=dialect) != base.sql:
        raise Refused(f"模型规格或输入绑定自第 {base.id} 次运行以来已改变")
    for name in sorted(used):
        before, now = base.parameters.get(name), plain(values[name])
        if before != now:
            raise Refused(
                f"参数 {name} 自第 {base.id} 次运行以来已改变（{spoken(before)} → {spoken(now)}）"
            )


def _version_file(store: Store, dataset: str, version: int) -> Path:
    with store.session() as session:
        found = session.scalar(
            select(DatasetVersion)
            .join(Dataset)
            .where(Dataset.name == dataset, DatasetVersion.version == version)
        )
        path = None if found is None else store.workspace.resolve(found.storage_path)
    if path is None or not path.is_file():
        raise Refused(f"上次读取的数据集“{dataset}”第 {version} 版的数据文件已不存在")
    return path


def plan(
    store: Store,
    model: SupervisionModel,
    compiled: Compiled,
    values: Mapping[str, Any],
    used: set[str],
    versions: Mapping[str, Mapping[str, Any]],
    views: Mapping[str, Path],
) -> Plan:
    """The incremental plan of this run, or :class:`Refused` with the reason it must be full."""
    why = refusal(compiled.spec)
    if why is not None:
        raise Refused(f"模型不支持增量运行：{why}")
    driving = driving_input(compiled.spec)
    assert driving is not None  # refusal() checked it
    base = _base(store, model)
    _same_query(base, compiled, values, used)
    for name, now in versions.items():
        then = base.datasets.get(name) or {}
        if then.get("dataset") != now["dataset"]:
            raise Refused(f"输入 `{name}` 绑定的数据集自第 {base.id} 次运行以来已改变")
        if name != driving and now["dataset"] == versions[driving]["dataset"]:
            raise Refused(
                f"输入 `{name}` 与驱动输入 `{driving}` 绑定同一数据集“{now['dataset']}”"
                "（自连接），另一侧须读全部行"
            )
        if name != driving and then.get("version") != now["version"]:
            raise Refused(
                f"输入 `{name}`（数据集“{now['dataset']}”）已从第 {then.get('version')} 版变为"
                f"第 {now['version']} 版，其变化可能改变已有线索"
            )
    then = base.datasets[driving]
    if int(then["version"]) > int(versions[driving]["version"]):
        raise Refused(f"输入 `{driving}` 现读的版本早于第 {base.id} 次运行读取的版本")
    previous = _version_file(store, then["dataset"], int(then["version"]))
    current = views[view_name(driving)]
    columns = sorted(set(compiled.inputs[driving].values()))
    before, now_types = column_types(previous, columns), column_types(current, columns)
    if before != now_types:
        changed = sorted(c for c in columns if before.get(c) != now_types.get(c))
        raise Refused(f"输入 `{driving}` 的列 {'、'.join(changed)} 的类型在两个版本间不同")
    return Plan(driving, base.id, int(then["version"]), previous, current, columns)
