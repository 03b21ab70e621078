"""Field plans: which semantic type and classification each column gets, and why.

A plan comes from, in order of precedence: the ``--schema`` file, what the previous version of
the dataset was explicitly given (so a monthly re-import keeps its corrections), and a guess
from the column name and the first values. Pure logic: the caller reads files.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jiancha import identifiers
from jiancha.errors import JianchaError
from jiancha.identifiers import CLASSIFICATIONS, SemanticType

SAMPLE_SIZE = 1000


@dataclass(frozen=True)
class FieldSpec:
    """What a schema file says of one column."""

    semantic: str | None = None
    classification: str | None = None


@dataclass(frozen=True)
class SchemaFile:
    """A parsed ``--schema`` file (DESIGN: ``fields: {列名: {semantic:, classification:}}``)."""

    path: str
    fields: Mapping[str, FieldSpec]
    lines: Mapping[str, int] = field(default_factory=dict)
    description: str | None = None
    classification: str | None = None


@dataclass(frozen=True)
class FieldPlan:
    name: str
    semantic: SemanticType
    semantic_source: str  # "schema" | "name" | "values"
    classification: str
    classification_manual: bool


def _check_level(value: Any, where: str) -> str:
    if value not in CLASSIFICATIONS:
        raise JianchaError(f"{where}：分级“{value}”无效", hint=f"可用 {'、'.join(CLASSIFICATIONS)}")
    return str(value)


def load_schema(path: Path) -> SchemaFile:
    """Parse and check a schema file; every error names the file and line."""
    if not path.is_file():
        raise JianchaError(f"模式文件不存在：{path}")
    text = path.read_text(encoding="utf-8-sig")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise JianchaError(f"模式文件 {path} {where}不是有效的 YAML：{exc}") from None
    except RecursionError:  # PyYAML composes recursively: [[[[… a few hundred levels deep
        raise JianchaError(
            f"模式文件 {path} 嵌套过深", hint="模式文件只需两层：fields → 列名"
        ) from None
    except (ValueError, OverflowError) as exc:  # a date like 2025-02-30, a 5,000-digit integer
        raise JianchaError(f"模式文件 {path} 含无法读取的值：{exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise JianchaError(f"模式文件 {path} 需要一个 fields: 映射（列名 → 设置）")
    unknown = set(data) - {"fields", "description", "classification"}
    if unknown:
        raise JianchaError(f"模式文件 {path} 有未知的键：{'、'.join(sorted(unknown))}")
    lines = _key_lines(root)
    fields: dict[str, FieldSpec] = {}
    for name, spec in data["fields"].items():
        where = f"模式文件 {path} 第 {lines.get(str(name), 0)} 行（列“{name}”）"
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"semantic", "classification"}:
            raise JianchaError(f"{where}：只能设置 semantic 和 classification")
        semantic = spec.get("semantic")
        if semantic is not None and semantic not in identifiers.names():
            close = difflib.get_close_matches(str(semantic), identifiers.names(), n=1)
            hint = f"是否应为 {close[0]}？" if close else f"可用 {'、'.join(identifiers.names())}"
            raise JianchaError(f"{where}：语义类型“{semantic}”不存在", hint=hint)
        level = spec.get("classification")
        if level is not None:
            _check_level(level, where)
        fields[str(name)] = FieldSpec(semantic, level)
    level = data.get("classification")
    if level is not None:
        _check_level(level, f"模式文件 {path}")
    return SchemaFile(str(path), fields, lines, data.get("description"), level)


def _key_lines(root: Any) -> dict[str, int]:
    """Line (1-based) of each key under ``fields:``."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value == "fields" and isinstance(value, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return {}


def plan_fields(
    header: Sequence[str],
    samples: Sequence[Sequence[str | None]],
    schema: SchemaFile | None = None,
    previous: Mapping[str, FieldPlan] | None = None,
) -> list[FieldPlan]:
    """One plan per column; a schema naming a column the file lacks is refused."""
    if schema is not None:
        missing = [n for n in schema.fields if n not in header]
        if missing:
            name = missing[0]
            close = difflib.get_close_matches(name, header, n=1)
            hint = f"是否应为“{close[0]}”？" if close else f"文件的列：{'、'.join(header)}"
            line = schema.lines.get(name, 0)
            raise JianchaError(
                f"模式文件 {schema.path} 第 {line} 行的列“{name}”在文件中不存在", hint=hint
            )
    plans = []
    for name, values in zip(header, samples, strict=True):
        spec = schema.fields.get(name, FieldSpec()) if schema else FieldSpec()
        before = (previous or {}).get(name)
        if spec.semantic:
            stype, source = identifiers.get(spec.semantic), "schema"
        elif before is not None and before.semantic_source == "schema":
            stype, source = before.semantic, "schema"
        else:
            stype = identifiers.guess(name, list(values[:SAMPLE_SIZE]))
            source = "name" if stype.matches_name(name) else "values"
        if spec.classification:
            level, manual = spec.classification, True
        elif before is not None and before.classification_manual:
            level, manual = before.classification, True
        else:
            level, manual = stype.classification, False
        plans.append(FieldPlan(name, stype, source, level, manual))
    return plans


def dataset_level(plans: Sequence[FieldPlan]) -> str:
    """The highest classification among the fields (a dataset is as sensitive as its columns)."""
    return max((p.classification for p in plans), key=CLASSIFICATIONS.index, default="internal")
