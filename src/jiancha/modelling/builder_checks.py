"""Builder checks of structured conditions against the columns a step can see.

The compiler checks expression text; here the builder's rows (*column · operator · operand*)
are checked one by one, so each problem lands on the field it concerns
(``steps.3.filter.all.1.right``): an unknown column or parameter, and a type mismatch that
the columns' semantic types make certain (a date column compared with text, ``contains`` on a
number, ``is_true`` on a column that is not yes/no). A column of unknown type (a derived one)
is never refused here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jiancha.errors import JianchaError
from jiancha.modelling.conditions import COMPARISONS, is_condition_set, literal

KINDS = {
    **dict.fromkeys(
        ("id_card", "credit_code", "person_name", "company_name", "phone", "plate", "text", "org"),
        "text",
    ),
    "date": "date",
    "datetime": "date",
    **dict.fromkeys(("money", "integer", "number"), "number"),
    "boolean": "boolean",
}
"""Semantic field type → the kind of value it compares with."""
PARAMETER_KINDS = {
    "integer": "number",
    "number": "number",
    "text": "text",
    "date": "date",
    "boolean": "boolean",
    "list": "list",
}
WORDS = {"text": "文本", "number": "数字", "date": "日期", "boolean": "是/否", "list": "列表"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CONDITION_KEYS = {
    "join": "where",
    "anti_join": "where",
    "semi_join": "where",
    "aggregate": "having",
}
"""Where a step holds a condition besides a filter's own value."""

Problem = tuple[str, str, str]
"""(dotted path, Chinese message, offending part)."""


@dataclass(frozen=True)
class Slot:
    """A place in the document that holds a condition."""

    index: int
    kind: str
    key: str | None

    @property
    def path(self) -> str:
        return f"steps.{self.index}.{self.kind}" + (f".{self.key}" if self.key else "")


def slots(steps: Any) -> list[tuple[Slot, Any]]:
    """Every condition of ``steps`` (a document's list of steps) with its current value."""
    found: list[tuple[Slot, Any]] = []
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, Mapping):
            continue
        if "filter" in step:
            found.append((Slot(index, "filter", None), step["filter"]))
        for kind, key in CONDITION_KEYS.items():
            body = step.get(kind)
            if isinstance(body, Mapping) and key in body:
                found.append((Slot(index, kind, key), body[key]))
    return found


def value_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "date" if _DATE.fullmatch(value) else "text"
    return None


class ConditionChecker:
    """Checks one condition set against the visible columns (name → semantic type or None)
    and the spec's parameters (name → parameter type)."""

    def __init__(self, columns: Mapping[str, str | None], parameters: Mapping[str, str]) -> None:
        self.columns = columns
        self.parameters = parameters
        self.problems: list[Problem] = []

    def check(self, condition_set: Any, path: str) -> list[Problem]:
        if not is_condition_set(condition_set) or not isinstance(condition_set["all"], list):
            return []
        for i, condition in enumerate(condition_set["all"]):
            if isinstance(condition, Mapping):
                self.condition(condition, f"{path}.all.{i}")
        return self.problems

    def problem(self, path: str, message: str, part: str = "") -> None:
        self.problems.append((path, message, part))

    def column_kind(self, name: Any, path: str) -> tuple[bool, str | None]:
        """Whether column ``name`` exists (a problem when not), and its kind when known."""
        if not isinstance(name, str) or name not in self.columns:
            close = difflib.get_close_matches(str(name), list(self.columns), n=1)
            hint = f"，是否应为 `{close[0]}`？" if close else ""
            self.problem(path, f"未知的列 `{name}`{hint}", str(name))
            return False, None
        semantic = self.columns[name]
        return True, KINDS.get(semantic) if semantic else None

    def parameter_kind(self, name: Any, path: str) -> str | None:
        if not isinstance(name, str) or name not in self.parameters:
            close = difflib.get_close_matches(str(name), list(self.parameters), n=1)
            hint = f"，是否应为 `:{close[0]}`？" if close else ""
            self.problem(path, f"未知的参数 `:{name}`{hint}", f":{name}")
            return None
        return PARAMETER_KINDS.get(self.parameters[name])

    def condition(self, condition: Mapping[str, Any], path: str) -> None:
        column, op, right = condition.get("column"), condition.get("op"), condition.get("right")
        if not isinstance(op, str):  # refused when it was rendered
            return
        known, kind = self.column_kind(column, f"{path}.column")
        if not known:
            return
        word = WORDS.get(kind or "", "")
        if op in ("is_true", "is_false") and kind not in (None, "boolean"):
            self.problem(f"{path}.op", f"列 `{column}` 是{word}列，不是“是/否”列，不能这样判断")
        elif op in ("contains", "not_contains") and kind not in (None, "text"):
            self.problem(f"{path}.op", f"列 `{column}` 是{word}列，“包含”只能用于文本列")
        elif op in ("in", "not_in") and isinstance(right, Mapping):
            self.membership(str(column), kind, right, f"{path}.right")
        elif op == "between" and isinstance(right, Mapping):
            bounds = right.get("range")
            for j, bound in enumerate(bounds if isinstance(bounds, list) else []):
                self.operand(str(column), kind, bound, f"{path}.right.range.{j}")
        elif op in COMPARISONS:
            self.operand(str(column), kind, right, f"{path}.right")

    def membership(
        self, column: str, kind: str | None, right: Mapping[str, Any], path: str
    ) -> None:
        if "param" in right:
            found = self.parameter_kind(right["param"], f"{path}.param")
            if found not in (None, "list"):
                name = right["param"]
                self.problem(
                    f"{path}.param",
                    f"参数 `:{name}` 是{WORDS[found]}，in / not_in 需要列表参数",
                    f":{name}",
                )
            return
        values = right.get("value")
        for j, item in enumerate(values if isinstance(values, list) else []):
            self.mismatch(column, kind, value_kind(item), f"{path}.value.{j}", item)

    def operand(self, column: str, kind: str | None, operand: Any, path: str) -> None:
        if not isinstance(operand, Mapping) or len(operand) != 1:
            return
        which, value = next(iter(operand.items()))
        if which == "value":
            self.mismatch(column, kind, value_kind(value), f"{path}.value", value)
        elif which == "param":
            found = self.parameter_kind(value, f"{path}.param")
            if found == "list":
                self.problem(f"{path}.param", f"列表参数 `:{value}` 只能用于 in / not_in")
            else:
                self.mismatch(column, kind, found, f"{path}.param", None, f"参数 `:{value}`")
        elif which == "column":
            known, other = self.column_kind(value, f"{path}.column")
            if known:
                self.mismatch(column, kind, other, f"{path}.column", None, f"列 `{value}`")
        elif which == "days_before_today":
            if isinstance(value, Mapping) and "param" in value:
                found = self.parameter_kind(value["param"], f"{path}.days_before_today.param")
                if found not in (None, "number"):
                    self.problem(
                        f"{path}.days_before_today.param",
                        f"天数参数 `:{value['param']}` 应为整数参数",
                        f":{value['param']}",
                    )
            self.mismatch(column, kind, "date", path, None, "距今若干天的日期")

    def mismatch(
        self,
        column: str,
        kind: str | None,
        other: str | None,
        path: str,
        value: Any = None,
        shown: str = "",
    ) -> None:
        if kind is None or other is None or kind == other:
            return
        if not shown:
            try:
                shown = f"{WORDS[other]} `{literal(value)}`"
            except JianchaError:
                shown = WORDS[other]
        message = f"类型不一致：列 `{column}` 是{WORDS[kind]}，不能与{shown}比较"
        self.problem(path, message, "" if value is None else str(value))
