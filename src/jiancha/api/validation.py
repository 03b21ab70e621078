"""Request validation errors (FastAPI's 422) said in Chinese, naming the offending fields.

Pydantic reports each problem as a type (``missing``, ``string_too_long`` …), a location
(``("body", "issued_on")``) and a context (``{"max_length": 100}``); this turns the common types
into a sentence and falls back to pydantic's own message for the rare ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_SHOWN = 3  # problems spelt out in the message; every field is still listed in ``fields``

_TEMPLATES: dict[str, str] = {
    "missing": "缺少{field}",
    "extra_forbidden": "不认识的参数{field}",
    "string_too_long": "{field}最多 {max_length} 个字符",
    "string_too_short": "{field}至少 {min_length} 个字符",
    "too_long": "{field}最多 {max_length} 项",
    "too_short": "{field}至少 {min_length} 项",
    "string_type": "{field}应为文字",
    "string_pattern_mismatch": "{field}的格式不对（应符合 {pattern}）",
    "int_parsing": "{field}应为整数",
    "int_type": "{field}应为整数",
    "int_from_float": "{field}应为整数",
    "float_parsing": "{field}应为数字",
    "float_type": "{field}应为数字",
    "decimal_parsing": "{field}应为数字（如 1234.50）",
    "decimal_type": "{field}应为数字（如 1234.50）",
    "finite_number": "{field}应为有限的数字",
    "decimal_max_digits": "{field}的位数太多",
    "decimal_max_places": "{field}的小数位太多",
    "greater_than": "{field}应大于 {gt}",
    "greater_than_equal": "{field}不能小于 {ge}",
    "less_than": "{field}应小于 {lt}",
    "less_than_equal": "{field}不能大于 {le}",
    "bool_parsing": "{field}应为 true 或 false",
    "bool_type": "{field}应为 true 或 false",
    "date_parsing": "{field}应为日期（如 2025-07-01）",
    "date_type": "{field}应为日期（如 2025-07-01）",
    "date_from_datetime_parsing": "{field}应为日期（如 2025-07-01）",
    "date_from_datetime_inexact": "{field}应为日期，不带时刻（如 2025-07-01）",
    "json_invalid": "请求体不是有效的 JSON",
    "json_type": "请求体不是有效的 JSON",
    "model_attributes_type": "{field}应为 JSON 对象",
    "model_type": "{field}应为 JSON 对象",
    "dict_type": "{field}应为 JSON 对象",
    "list_type": "{field}应为列表",
    "literal_error": "{field}应为 {expected} 之一",
    "enum": "{field}应为 {expected} 之一",
}

_PLACES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}


def field_name(loc: Sequence[Any]) -> str:
    """``("body", "issued_on")`` → ``body.issued_on``."""
    return ".".join(str(part) for part in loc)


def _label(loc: Sequence[Any]) -> str:
    place = _PLACES.get(str(loc[0]), str(loc[0])) if loc else ""
    inner = ".".join(str(part) for part in loc[1:])
    return f"{place}“{inner}”" if inner else place


def sentence(error: Mapping[str, Any]) -> str:
    """One problem as a Chinese sentence."""
    kind = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    context = {str(k): v for k, v in (error.get("ctx") or {}).items()}
    if kind == "value_error" and "error" in context:
        return f"{_label(loc)}{context['error']}"
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"{_label(loc)}：{error.get('msg', kind)}"
    try:
        return template.format(field=_label(loc), **context)
    except (KeyError, IndexError, ValueError):
        return f"{_label(loc)}：{error.get('msg', kind)}"


def describe(errors: Sequence[Mapping[str, Any]]) -> tuple[list[str], str]:
    """The fields at fault (each once, in order) and one message for the person."""
    fields = list(dict.fromkeys(field_name(tuple(e.get("loc", ()))) for e in errors))
    sentences = list(dict.fromkeys(sentence(e) for e in errors))
    message = "；".join(sentences[:_SHOWN])
    if len(sentences) > _SHOWN:
        message += f"；另有 {len(sentences) - _SHOWN} 处问题"
    return fields, message
