"""The API reference as one self-contained HTML page, rendered from the OpenAPI document.

Nothing is loaded from elsewhere: no script, no style sheet, no font; every text is escaped.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

_REF = "#/components/schemas/"
_CODE = re.compile(r"`([^`<>]+)`")  # Markdown code spans in descriptions
_METHODS = ("get", "post", "put", "patch", "delete")
_PLACES = {"path": "路径", "query": "查询", "header": "请求头", "cookie": "Cookie"}
_STYLE = """body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
section{border-top:1px solid #ccc;padding:.5em 0}code{background:#f4f4f4;padding:0 .2em}
.m{display:inline-block;min-width:4em;font-weight:bold}table{border-collapse:collapse}
td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"""


def render(schema: dict[str, Any]) -> str:
    info = schema.get("info", {})
    title = escape(str(info.get("title", "API")))
    parts = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>',
        f"<style>{_STYLE}</style></head><body><h1>{title}</h1>",
        f"<p>版本 {escape(str(info.get('version', '')))}。"
        "机器可读的说明：<code>/openapi.json</code>。"
        "除 <code>/api/health</code> 和 <code>/api/login</code> 外，请求头须带 "
        "<code>Authorization: Bearer 令牌</code>（令牌由 <code>POST /api/login</code> 取得）；"
        "本页和 <code>/openapi.json</code> 也须登录，除非服务以 <code>--public-docs</code> 启动。"
        "出错时返回 <code>{error, hint}</code>（中文）；"
        "参数有误时为 422，另有 <code>fields</code>。</p>",
    ]
    for path, operations in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in operations:
                parts.append(_operation(schema, method, path, operations[method]))
    parts.append("</body></html>")
    return "\n".join(parts)


def _operation(schema: dict[str, Any], method: str, path: str, op: dict[str, Any]) -> str:
    html = [
        f'<section><h2><span class="m">{method.upper()}</span> <code>{escape(path)}</code></h2>',
        f"<p><b>{escape(str(op.get('summary', '')))}</b></p>",
    ]
    if op.get("description"):
        described = _CODE.sub(r"<code>\1</code>", escape(str(op["description"])))
        html.append(f"<p>{described}</p>")
    rows: list[tuple[str, ...]] = [
        (
            f"{escape(p['name'])}（{_PLACES.get(p.get('in', ''), p.get('in', ''))}）",
            _type(schema, p.get("schema", {})),
            "必填" if p.get("required") else "可选",
            escape(str(p.get("description") or p.get("schema", {}).get("description", ""))),
        )
        for p in op.get("parameters", [])
    ]
    body = op.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        rows += _fields(schema, content.get("schema", {}), f"请求体 {media}")
    if rows:
        html.append("<table><tr><th>参数</th><th>类型</th><th></th><th>说明</th></tr>")
        html += [f"<tr><td>{'</td><td>'.join(row)}</td></tr>" for row in rows]
        html.append("</table>")
    answers = "；".join(
        f"{escape(status)} {escape(str(r.get('description', '')))}"
        for status, r in op.get("responses", {}).items()
    )
    html.append(f"<p>返回：{answers}</p></section>")
    return "\n".join(html)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith(_REF):
        found: dict[str, Any] = schema.get("components", {}).get("schemas", {})
        return dict(found.get(ref.removeprefix(_REF), {}))
    return node


def _fields(schema: dict[str, Any], node: dict[str, Any], where: str) -> list[tuple[str, ...]]:
    target = _resolve(schema, node)
    required = set(target.get("required", []))
    return [
        (
            f"{escape(name)}（{escape(where)}）",
            _type(schema, prop),
            "必填" if name in required else "可选",
            escape(str(prop.get("description", ""))),
        )
        for name, prop in target.get("properties", {}).items()
    ]


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        return escape(str(node["$ref"]).removeprefix(_REF))
    if "anyOf" in node:
        return " 或 ".join(_type(schema, option) for option in node["anyOf"])
    kind = str(node.get("type", "任意"))
    if kind == "array":
        return f"列表[{_type(schema, node.get('items', {}))}]" + _limits(node)
    shown = kind + (f"（{node['format']}）" if "format" in node else "")
    return escape(shown) + _limits(node)


def _limits(node: dict[str, Any]) -> str:
    """The bounds a value must keep, e.g. ``，1–500``, ``，至多 100 字``."""
    parts = []
    if "minimum" in node or "maximum" in node:
        parts.append(f"{node.get('minimum', '')}–{node.get('maximum', '')}")
    if "maxLength" in node:
        parts.append(f"至多 {node['maxLength']} 字")
    if "maxItems" in node:
        parts.append(f"至多 {node['maxItems']} 项")
    if "pattern" in node:
        parts.append(f"格式 <code>{escape(str(node['pattern']))}</code>")
    if "enum" in node:
        parts.append("取值 " + "、".join(escape(str(v)) for v in node["enum"]))
    return "".join(f"，{part}" for part in parts)
