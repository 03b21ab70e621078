"""Parameter values: typed from YAML defaults or from ``--param k=v`` text, never spliced.

Values reach the engine as bound parameters (DuckDB ``$name``, Spark ``:name``), typed by the
spec; a value that does not parse as its type is refused with the parameter named. An
``integer`` is a 64-bit integer (DuckDB ``BIGINT``, Spark ``LONG``: :data:`INTEGER_MIN` …
:data:`INTEGER_MAX`), a ``number`` a finite double; anything beyond is refused, not left to
overflow in the engine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from jiancha.errors import JianchaError
from jiancha.modelling.spec import Parameter
from jiancha.spoken import spoken

RUN_DATE = "_today"
"""Bound in place of ``current_date``, so a run is reproducible and its date recorded."""

INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1
"""The range of an ``integer`` parameter: a signed 64-bit integer, as both engines bind it."""
_DIGITS = 40
"""Longest integer text read at all (a 64-bit integer has at most 19 digits)."""
_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否"}


def coerce(parameter: Parameter, value: Any) -> Any:
    """``value`` (YAML-typed or text) as the parameter's type, or a clear refusal."""
    kind, name = parameter.type, parameter.name
    try:
        if kind == "integer":
            return _integer(name, value)
        if kind == "number":
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
            if not math.isfinite(number):
                raise JianchaError(f"参数 `{name}` 的值超出数字的范围", hint="应为有限的数")
            return number
        if kind == "text":
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise ValueError
            return str(value)
        if kind == "date":
            if isinstance(value, dt.datetime):
                raise ValueError
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise ValueError
        if kind == "list":
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
                return [str(v) for v in value]
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        pass
    raise JianchaError(f"参数 `{name}` 的值 `{_shown(value)}` 不是{_WORDS[kind]}")


def _integer(name: str, value: Any) -> int:
    """``value`` as a 64-bit integer, or a refusal naming the range."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError
    too_long = isinstance(value, str) and len(value.strip().lstrip("+-")) > _DIGITS
    number = None if too_long else int(value)
    if number is None or not INTEGER_MIN <= number <= INTEGER_MAX:
        raise JianchaError(
            f"参数 `{name}` 的值 `{_shown(value)}` 超出整数的范围",
            hint=f"整数参数应在 {INTEGER_MIN} 到 {INTEGER_MAX} 之间（64 位整数）",
        )
    return number


def _shown(value: Any) -> str:
    """A value as quoted in a message (``spoken``), a long one shortened."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_DIGITS:
        return "（极大的整数）"  # str() of an int of thousands of digits is refused
    text = spoken(value)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-8:]}（共 {len(text)} 个字符）"


_WORDS = {
    "integer": "整数",
    "number": "数字",
    "text": "文本",
    "date": "日期（YYYY-MM-DD）",
    "boolean": "是/否",
    "list": "文本列表",
}


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """``["k=v", …]`` from the command line to a dict; a malformed pair is refused."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise JianchaError(f"参数 `{pair}` 的格式应为 名称=值")
        result[key.strip()] = value
    return result


def resolve(
    parameters: Mapping[str, Parameter], overrides: Mapping[str, Any], run_date: dt.date
) -> dict[str, Any]:
    """Every parameter's typed value (override or default), plus the run date."""
    unknown = [k for k in overrides if k not in parameters]
    if unknown:
        known = "、".join(parameters) or "（无）"
        raise JianchaError(f"模型没有参数 `{unknown[0]}`", hint=f"可用参数：{known}")
    values = {name: coerce(p, overrides.get(name, p.default)) for name, p in parameters.items()}
    values[RUN_DATE] = run_date
    return values
