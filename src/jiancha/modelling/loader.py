"""Reading a spec: YAML with the position of every node, then the JSON Schema.

PyYAML's composed node tree is walked once to build both the data and a map from each value's
path to its (line, column), so that every later error can name its place. Duplicate keys
(which PyYAML would silently resolve to the last one) and anchors/aliases are refused.

A crafted document is refused with a message, never a crash: nesting deeper than
:data:`MAX_DEPTH` levels (PyYAML composes recursively), a scalar PyYAML cannot construct (a date
such as ``2025-02-30``, an integer of thousands of digits), and a parameter default that is not
a value of its type (an integer outside the 64-bit range, ``parameters.coerce``).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path as FilePath
from typing import Any

import jsonschema
import yaml

from jiancha.errors import JianchaError
from jiancha.modelling.errors import SpecInvalid, SpecProblem
from jiancha.modelling.labels import column_problems, label_problems
from jiancha.modelling.parameters import coerce
from jiancha.modelling.schema import SPEC_SCHEMA, STEP_SCHEMAS
from jiancha.modelling.spec import Path, Spec, from_document

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings a spec may have (a real one needs fewer than ten)."""
_OPENERS = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_VALIDATOR = jsonschema.Draft202012Validator(SPEC_SCHEMA)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (about ten times faster than the pure-Python
one, the same tokens, nodes and marks), else the pure-Python one."""
_TYPE_WORDS = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "object": "映射（键: 值）",
    "array": "列表",
    "boolean": "布尔值",
    "null": "空值",
}


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.positions: dict[Path, tuple[int, int]] = {}
        self.problems: list[SpecProblem] = []
        self._scalars = yaml.SafeLoader("")

    def value(self, node: yaml.Node, path: Path) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key == "<<":
                    self._problem(key_node, "不支持 YAML 合并键 <<")
                    continue
                if key in result:
                    self._problem(key_node, f"键 `{key}` 重复")
                    continue
                self.positions[(*path, key, "<key>")] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.value(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self._scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            self._problem(node, _unreadable(node))
            return None

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(SpecProblem(mark.line + 1, mark.column + 1, message))


def _unreadable(node: yaml.Node) -> str:
    """Why a scalar could not be read: an impossible date, an integer too long, …"""
    shown = str(node.value)
    shown = shown if len(shown) <= 40 else shown[:20] + "…" + shown[-8:]
    if node.tag.endswith(":timestamp"):
        return f"日期 `{shown}` 无效（没有这一天，或月、日超出范围）"
    if node.tag.endswith(":int"):
        return f"整数 `{shown}` 位数太多（共 {len(str(node.value))} 位）"
    return f"值 `{shown}` 无法读取"


def parse_document(text: str, source: str = "<spec>") -> tuple[Any, dict[Path, tuple[int, int]]]:
    """YAML text to (data, positions); YAML syntax errors and duplicate keys are refused."""
    reader = _Reader(source)
    try:
        alias = _scan(text, source)  # before composing, which recurses once per level
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SpecInvalid(
            source, [SpecProblem(line, column, f"YAML 语法错误：{exc.problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecInvalid(source, [SpecProblem(1, 1, f"YAML 无法读取：{exc}")]) from None
    if len(nodes) != 1 or nodes[0] is None:
        raise SpecInvalid(source, [SpecProblem(1, 1, "一个模型文件应当只含一个 YAML 文档")])
    if alias:
        raise SpecInvalid(source, [SpecProblem(1, 1, "不支持 YAML 锚点与别名（& 和 *）")])
    data = reader.value(nodes[0], ())
    if reader.problems:
        raise SpecInvalid(source, reader.problems)
    return data, reader.positions


def _scan(text: str, source: str) -> bool:
    """Read the tokens once (the scanner does not recurse): refuse nesting deeper than
    :data:`MAX_DEPTH` at the place it happens; whether there are anchors or aliases."""
    depth, alias = 0, False
    for token in yaml.scan(text, Loader=_LOADER):
        if isinstance(token, _OPENERS):
            depth += 1
            if depth > MAX_DEPTH:
                mark = token.start_mark
                message = f"嵌套超过 {MAX_DEPTH} 层（列表或映射套列表或映射），模型不需要这么深"
                raise SpecInvalid(source, [SpecProblem(mark.line + 1, mark.column + 1, message)])
        elif isinstance(token, _CLOSERS):
            depth -= 1
        elif isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            alias = True
    return alias


def schema_problems(data: Any, positions: dict[Path, tuple[int, int]]) -> list[SpecProblem]:
    """Every JSON Schema violation, in plain words, at its line and column."""
    problems = []
    for error in _VALIDATOR.iter_errors(data):
        path: Path = tuple(error.absolute_path)
        line, column = _locate(path, positions, error)
        problems.append(SpecProblem(line, column, _describe(error), _dotted(path)))
    return problems


def _locate(
    path: Path, positions: dict[Path, tuple[int, int]], error: jsonschema.ValidationError
) -> tuple[int, int]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = _extra_keys(error)
        if extra and (*path, extra[0], "<key>") in positions:
            return positions[(*path, extra[0], "<key>")]
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get((), (1, 1))


def _dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _extra_keys(error: jsonschema.ValidationError) -> list[str]:
    schema: Any = error.schema
    instance: Any = error.instance
    allowed = set(schema.get("properties", {}))
    return [k for k in instance if k not in allowed]


def _where(error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        kind = path[2] if len(path) > 2 else ""
        return f"第 {path[1] + 1} 步{f'（{kind}）' if kind else ''}"
    return f"`{_dotted(tuple(path))}`" if path else "模型"


def _describe(error: jsonschema.ValidationError) -> str:
    where = _where(error)
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "required":
        # one error per missing key; jsonschema names it only in its (English) message
        named = re.match(r"^'(.+)' is a required property$", error.message)
        missing = [named.group(1)] if named else [k for k in value if k not in instance]
        return f"{where}缺少必填项 `{missing[0]}`"
    if kind == "additionalProperties":
        extra = _extra_keys(error)
        allowed = list(schema.get("properties", {}))
        close = difflib.get_close_matches(extra[0], allowed, n=1) if extra else []
        hint = (
            f"，是否应为 `{close[0]}`？"
            if close
            else (f"（可用：{'、'.join(allowed)}）" if allowed else "")
        )
        return f"{where}有未知的键 `{extra[0] if extra else '?'}`{hint}"
    if "propertyNames" in error.schema_path and "steps" in error.schema_path:
        return _step_name_problem(error)
    if kind == "enum":
        options = "、".join(str(v) for v in value)
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1)
        hint = f"，是否应为 `{close[0]}`？" if close else f"（可选：{options}）"
        return f"{where}的值 `{error.instance}` 不是允许的取值{hint}"
    if kind == "const":
        return f"{where}应为 {value}"
    if kind == "type":
        wanted = value if isinstance(value, list) else [value]
        return f"{where}应为{'或'.join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted)}"
    if kind == "pattern":
        return f"{where}的值 `{error.instance}` 格式不对（应匹配 {value}）"
    if kind == "minProperties" and isinstance(instance, dict) and list(instance) == ["label"]:
        return f"{where}只有说明 label，缺少步骤类型（如 filter:）"
    if kind in ("minItems", "minProperties", "minLength"):
        return f"{where}不能为空"
    if kind in ("maxProperties",) and "steps" in error.absolute_path:
        return f"{where}每一步只能有一个步骤类型（如 filter:）"
    if kind in ("maxLength", "maxItems"):
        return f"{where}太长"
    if kind == "exclusiveMinimum":
        return f"{where}应大于 {value}"
    return f"{where}：{error.message}"


def _step_name_problem(error: jsonschema.ValidationError) -> str:
    names = list(STEP_SCHEMAS)
    key = str(error.instance)
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"，是否应为 `{close[0]}`？" if close else f"（可用：{'、'.join(names)}）"
    return f"{_where(error)}的步骤类型 `{key}` 不存在{hint}"


def load_spec(text: str, source: str = "<spec>") -> Spec:
    """Parse and schema-check a spec; all schema problems are raised together."""
    try:
        data, positions = parse_document(text, source)
        problems = schema_problems(data, positions)
    except RecursionError:  # a second line behind MAX_DEPTH: never a crash
        problem = SpecProblem(1, 1, f"模型结构嵌套过深，无法读取（最多 {MAX_DEPTH} 层）")
        raise SpecInvalid(source, [problem]) from None
    if problems:
        raise SpecInvalid(source, problems)
    spec = from_document(data, text, positions)
    problems = default_problems(spec) + label_problems(spec) + column_problems(spec)
    if problems:
        raise SpecInvalid(source, problems)
    return spec


def default_problems(spec: Spec) -> list[SpecProblem]:
    """Every parameter default that is not a value of its parameter's type (or its range)."""
    problems = []
    for name, parameter in spec.parameters.items():
        try:
            coerce(parameter, parameter.default)
        except JianchaError as error:
            line, column = spec.position(("parameters", name, "default"))
            problems.append(
                SpecProblem(line, column, f"默认值：{error}", f"parameters.{name}.default")
            )
    return problems


def load_spec_file(path: FilePath) -> Spec:
    if not path.is_file():
        raise JianchaError(f"模型文件不存在：{path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JianchaError(
            f"模型文件 {path} 不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节无法读取）",
            hint="请以 UTF-8 编码保存模型 YAML",
        ) from None
    return load_spec(text, str(path))
