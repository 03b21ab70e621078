"""Writing the builder's structured conditions as expression text (one canonical text each).

See :mod:`jiancha.modelling.conditions` for the shapes; every malformed part is refused with a
:class:`ConditionError` naming its dotted path inside the condition set (``all.1.right``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from sqlglot import exp

from jiancha.errors import JianchaError

COMPARISONS = {"=": exp.EQ, "!=": exp.NEQ, ">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE}
_WRITTEN = {"=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
UNARY = ("is_null", "not_null", "is_true", "is_false")
OPS = (*COMPARISONS, "in", "not_in", "contains", "not_contains", *UNARY, "between")
OPERAND_KINDS = ("value", "param", "column", "days_before_today")
_COLUMN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ConditionError(JianchaError):
    """A malformed structured condition. ``path`` is dotted and relative to the condition set
    (``all.1.right``); ``part`` the offending value as text, or ""."""

    def __init__(self, message: str, path: str = "", part: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.part = part


def is_condition_set(value: object) -> bool:
    """Whether ``value`` is a structured condition set (rather than expression text)."""
    return isinstance(value, Mapping) and "all" in value


def render(condition_set: Mapping[str, Any]) -> str:
    """The canonical expression text of ``{"all": [...]}``: conditions joined by `` AND ``."""
    if not isinstance(condition_set, Mapping) or set(condition_set) != {"all"}:
        raise ConditionError('条件应写成 {"all": [条件, …]}', "")
    items = condition_set["all"]
    if not isinstance(items, list) or not items:
        raise ConditionError("至少要有一个条件", "all")
    return " AND ".join(render_condition(c, f"all.{i}") for i, c in enumerate(items))


def render_condition(condition: Any, path: str = "") -> str:
    """One condition ``{"column", "op", "right"}`` as expression text."""
    if not isinstance(condition, Mapping):
        raise ConditionError("条件应包含列 column、运算 op 和比较对象 right", path)
    unknown = [k for k in condition if k not in ("column", "op", "right")]
    if unknown:
        raise ConditionError(f"条件中有未知的键 `{unknown[0]}`", _join(path, unknown[0]))
    column = _column(condition.get("column"), _join(path, "column"))
    op = condition.get("op")
    if op not in OPS:
        shown = str(op) if op is not None else ""
        raise ConditionError(
            f"未知的运算 `{shown}`（可用：{'、'.join(OPS)}）" if shown else "请选择运算",
            _join(path, "op"),
            shown,
        )
    right = condition.get("right")
    where = _join(path, "right")
    if op in UNARY:
        if right is not None:
            raise ConditionError(f"运算 {op} 不需要比较对象", where)
        return {
            "is_null": f"{column} IS NULL",
            "not_null": f"{column} IS NOT NULL",
            "is_true": f"coalesce({column}, false)",
            "is_false": f"NOT coalesce({column}, false)",
        }[op]
    if right is None:
        raise ConditionError(f"运算 {op} 缺少比较对象", where)
    if op in ("in", "not_in"):
        word = "IN" if op == "in" else "NOT IN"
        return f"{column} {word} {_membership(right, where)}"
    if op in ("contains", "not_contains"):
        word = "LIKE" if op == "contains" else "NOT LIKE"
        return f"{column} {word} {_pattern(right, where)}"
    if op == "between":
        bounds = right.get("range") if isinstance(right, Mapping) else None
        if not isinstance(bounds, list) or len(bounds) != 2 or len(right) != 1:
            raise ConditionError('between 的比较对象应为 {"range": [下限, 上限]}', where)
        low = _operand(bounds[0], f"{where}.range.0")
        high = _operand(bounds[1], f"{where}.range.1")
        return f"{column} BETWEEN {low} AND {high}"
    return f"{column} {_WRITTEN[op]} {_operand(right, where)}"


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def _column(name: Any, path: str) -> str:
    if not isinstance(name, str) or not name:
        raise ConditionError("请选择列", path)
    if not _COLUMN.fullmatch(name):
        raise ConditionError(f"列名 `{name}` 格式不对（应为 列名 或 输入.列名）", path, name)
    return name


def _kind(operand: Any, path: str) -> tuple[str, Any]:
    if not isinstance(operand, Mapping) or len(operand) != 1:
        raise ConditionError(
            '比较对象应为 {"value": 值}、{"param": 参数}、{"column": 列} 或 '
            '{"days_before_today": …} 之一',
            path,
        )
    kind, value = next(iter(operand.items()))
    if kind not in OPERAND_KINDS:
        raise ConditionError(
            f"未知的比较对象类型 `{kind}`（可用：{'、'.join(OPERAND_KINDS)}）", path
        )
    return str(kind), value


def _operand(operand: Any, path: str) -> str:
    kind, value = _kind(operand, path)
    if kind == "value":
        if isinstance(value, list):
            raise ConditionError("列表只能用于 in / not_in", _join(path, "value"))
        return literal(value, _join(path, "value"))
    if kind == "param":
        return _parameter(value, _join(path, "param"))
    if kind == "column":
        return _column(value, _join(path, "column"))
    return _days_before_today(value, _join(path, "days_before_today"))


def _parameter(name: Any, path: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ConditionError("请选择参数", path, str(name or ""))
    return f":{name}"


def _days_before_today(days: Any, path: str) -> str:
    if isinstance(days, Mapping) and set(days) == {"param"}:
        return f"current_date - {_parameter(days['param'], _join(path, 'param'))}"
    if isinstance(days, Mapping) and set(days) == {"value"}:
        count = days["value"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ConditionError("天数应为不小于 0 的整数", _join(path, "value"), str(count))
        return f"current_date - {count}"
    raise ConditionError('距今天数应为 {"param": 参数} 或 {"value": 天数}', path)


def literal(value: Any, path: str = "") -> str:
    """A literal as expression text: text quoted, numbers bare, booleans, ``DATE '…'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConditionError("数字超出范围", path, str(value))
        return repr(value)
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ConditionError(f"日期 `{value}` 无效（没有这一天）", path, value) from None
            return f"DATE '{value}'"
        return "'" + value.replace("'", "''") + "'"
    raise ConditionError("值应为文本、数字、是/否或日期（YYYY-MM-DD）", path, str(value))


def _membership(right: Any, path: str) -> str:
    kind, value = _kind(right, path)
    if kind == "param":
        return _parameter(value, _join(path, "param"))
    if kind != "value" or not isinstance(value, list):
        raise ConditionError("in / not_in 的比较对象应为值的列表或列表参数", path)
    if not value:
        raise ConditionError("列表不能为空", _join(path, "value"))
    items = []
    for i, item in enumerate(value):
        where = f"{path}.value.{i}"
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ConditionError("列表中只能是文本或数字", where, str(item))
        items.append(literal(item, where))
    return "(" + ", ".join(items) + ")"


def _pattern(right: Any, path: str) -> str:
    kind, value = _kind(right, path)
    where = _join(path, kind)
    if kind != "value" or not isinstance(value, str):
        raise ConditionError("包含 / 不包含 的比较对象应为一段文本", path)
    if not value:
        raise ConditionError("包含的文本不能为空", where)
    for char, word in (("%", "百分号 %"), ("_", "下划线 _"), ("\\", "反斜杠 \\")):
        if char in value:
            raise ConditionError(
                f"包含的文本中不能有{word}；需要时请在专家模式中写 LIKE 表达式", where, value
            )
    return "'%" + value.replace("'", "''") + "%'"
