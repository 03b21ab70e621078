"""Request bodies of the no-code model builder's routes (建模器); the answers are the plain dicts
of ``jiancha.modelling.builder`` (composed document) and ``jiancha.runs.preview``."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from jiancha.api.marketplace_schemas import BoundInput
from jiancha.api.schemas import Form

DOCUMENT = (
    "构建器文档：模型 YAML 的各项（spec、id、version、name … lead）写成 JSON；条件可以写成 "
    '`{"all": [{"column", "op", "right"}]}`，也可以是表达式文本'
)
BINDINGS = "模型输入 → 绑定的数据集及字段对应（`fields`：字段 → 列名，同名可省略）"


class YamlForm(Form):
    """A model YAML text to open in the builder."""

    yaml: str = Field(max_length=200_000, description="模型 YAML 全文")


class ComposeForm(Form):
    """The document being built and, optionally, its bindings (checked against the catalogue)."""

    document: dict[str, Any] = Field(description=DOCUMENT)
    bindings: dict[str, BoundInput] | None = Field(
        default=None, max_length=50, description=BINDINGS
    )


class PreviewForm(Form):
    """Preview: the document over its bound datasets."""

    document: dict[str, Any] = Field(description=DOCUMENT)
    bindings: dict[str, BoundInput] = Field(max_length=50, description=BINDINGS)
    step: int | None = Field(
        default=None, ge=0, le=999, description="显示哪一步（从 0 起）之后的数据行；不给时不显示"
    )
    limit: int = Field(default=20, ge=1, le=200, description="显示的数据行数（1–200）")


class SaveForm(Form):
    """Save: install the document as a new version of the office's adoption."""

    document: dict[str, Any] = Field(description=DOCUMENT)
    bindings: dict[str, BoundInput] = Field(max_length=50, description=BINDINGS)
    changelog: str = Field(default="", max_length=2000, description="本版本的修改说明")
    org: str | None = Field(
        default=None,
        max_length=200,
        description="采用该模型的检察院（代码或名称）；不给时为本人所在院",
    )


def bindings_of(given: dict[str, BoundInput] | None) -> dict[str, dict[str, Any]] | None:
    """The bindings as plain dicts (``{input: {"dataset", "fields"}}``)."""
    return None if given is None else {name: b.model_dump() for name, b in given.items()}
