"""The data a model's bindings point at: each bound dataset's current Parquet file, as a view.

Shared by a run (``runs.runner``) and the builder's preview (``runs.preview``): both read the
latest version of every dataset bound to an input, refuse a dataset that is gone, a version
whose file is missing, or a version that lost a bound column, and record which version of each
dataset they read. Reading metadata only: the engine reads the files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jiancha.errors import JianchaError
from jiancha.modelling.compiler import view_name
from jiancha.store import Dataset, Store


@dataclass(frozen=True)
class BoundInputs:
    views: dict[str, Path]
    """Engine view name (``input_j``) → the Parquet file of the dataset's latest version."""
    versions: dict[str, dict[str, Any]]
    """Input name → ``{"dataset", "version", "rows"}``: what a run or a preview read."""
    rows: int
    """Rows of every bound dataset together."""


def bound_inputs(store: Store, bindings: Mapping[str, Mapping[str, Any]]) -> BoundInputs:
    """The views of ``bindings`` (``{input: {"dataset", "fields": {field: column}}}``)."""
    views: dict[str, Path] = {}
    versions: dict[str, dict[str, Any]] = {}
    rows = 0
    with store.session() as session:
        for name, binding in bindings.items():
            dataset = session.scalar(select(Dataset).where(Dataset.name == binding["dataset"]))
            if dataset is None or not dataset.versions:
                raise JianchaError(f"模型输入 `{name}` 绑定的数据集“{binding['dataset']}”已不存在")
            latest = dataset.latest
            path = store.workspace.resolve(latest.storage_path)
            if not path.is_file():  # named without its path: the API shows this message
                raise JianchaError(
                    f"数据集“{dataset.name}”第 {latest.version} 版的数据文件缺失",
                    hint="请检查工作区的 data 目录是否完整，或重新导入该数据集",
                )
            columns = {f.name for f in latest.fields}
            fields: Mapping[str, str] = binding.get("fields") or {}
            lost = [f"{name}.{f}（列“{c}”）" for f, c in fields.items() if c not in columns]
            if lost:
                where = f"数据集“{dataset.name}”第 {latest.version} 版"
                raise JianchaError(
                    f"{where}缺少模型绑定的列：{'、'.join(lost)}",
                    hint="请检查导入的文件，或用 jiancha model install 重新绑定",
                )
            views[view_name(name)] = path
            versions[name] = {
                "dataset": dataset.name,
                "version": latest.version,
                "rows": latest.rows,
            }
            rows += latest.rows
    return BoundInputs(views, versions, rows)
