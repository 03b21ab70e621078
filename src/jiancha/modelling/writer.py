"""Writing a spec document as canonical, readable YAML (the builder's YAML pane and saved file).

Keys come in the order of DESIGN's example; short lists and mappings are written in flow style
(``{type: integer, default: 30}``) and wrapped like the shipped templates; expressions are
double-quoted; a long description or condition is a folded block (``>-``). Every scalar is
written by PyYAML itself, so quoting is always right, and each folded block is read back before
it is used. Should the whole text ever not read back as the document, plain PyYAML output is
returned instead: :func:`dump_spec` never writes a spec that means something else.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml

from jiancha.errors import JianchaError
from jiancha.modelling.loader import parse_document
from jiancha.modelling.schema import SPEC_SCHEMA
from jiancha.modelling.spec import RUN_ON_IMPORT

ORDER = (*(k for k in SPEC_SCHEMA["properties"] if k != RUN_ON_IMPORT), RUN_ON_IMPORT)
"""Top-level keys in the schema's order, with the optional switch after the lead section."""
WIDTH = 96
"""Display columns a line may take (a Chinese character takes two)."""
_EXPRESSIONS = frozenset({"filter", "where", "having", "value", "amount", "title"})
"""Keys whose text is an expression (or a title): always double-quoted."""
_ALL_EXPRESSIONS = frozenset({"derive", "measures"})
"""Keys of mappings whose every value is an expression."""
_FOLDED = frozenset({"description", "filter", "where", "having"})
"""Keys whose long text is written as a folded block."""
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECTIONS = frozenset({"parameters", "inputs", "columns", "lead"})
"""Top-level mappings written as blocks, one entry a line (``inputs`` nested deeper too)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the loader refuses anchors and aliases
        return True


def dump_spec(document: Mapping[str, Any]) -> str:
    """``document`` (a spec document, plain data) as YAML that ``load_spec`` reads back."""
    keys = [k for k in ORDER if k in document] + [k for k in document if k not in ORDER]
    lines: list[str] = []
    for key in keys:
        value = document[key]
        if key == "steps" and isinstance(value, list) and value:
            lines.append("steps:")
            lines.extend(_steps(value))
        elif key in _SECTIONS and isinstance(value, Mapping) and value:
            lines.append(f"{_key(key)}:")
            for name, item in value.items():
                lines.extend(_entry(name, item, 2, block=key == "inputs"))
        else:
            lines.extend(_entry(key, value, 0))
    text = "\n".join(lines) + "\n"
    try:
        same = parse_document(text)[0] == _plain(document)
    except (JianchaError, RecursionError):
        same = False
    if same:
        return text
    return yaml.dump(_plain(document), Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _plain(value: Any) -> Any:
    """``value`` with every mapping a dict and every sequence a list."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _steps(steps: list[Any]) -> list[str]:
    lines: list[str] = []
    for step in steps:
        if not isinstance(step, Mapping) or not step:
            lines.append(f"  - {_flow(step)}")
            continue
        keys = [k for k in step if k != "label"] + [k for k in step if k == "label"]
        for i, key in enumerate(keys):
            entry = _entry(key, step[key], 4, block=True)
            lines.append(("  - " if i == 0 else "    ") + entry[0][4:])
            lines.extend(entry[1:])
    return lines


def _entry(
    key: Any, value: Any, indent: int, *, block: bool = False, quote: bool = False
) -> list[str]:
    """``key: value`` at ``indent``: on one line when it fits, else folded, wrapped or as a
    block. ``block``: nested mappings are written as blocks even when they would fit."""
    head = " " * indent + _key(key) + ":"
    quote = quote or key in _EXPRESSIONS
    if isinstance(value, str):
        one = f"{head} {_scalar(value, quote, flow=False)}"
        if key in _FOLDED and _width(one) > WIDTH:
            folded = _folded(value, indent + 2)
            if folded is not None:
                return [f"{head} >-", *folded]
        return [one]
    if not isinstance(value, Mapping | list) or not value:
        return [f"{head} {_flow(value)}"]
    one = f"{head} {_flow(value, quote or key in _ALL_EXPRESSIONS)}"
    children = list(value.values()) if isinstance(value, Mapping) else value
    nested = any(isinstance(v, Mapping) for v in children)
    if key == "legal_basis" and isinstance(value, list):
        return [head, *[f"{' ' * indent}  - {_flow(v)}" for v in value]]
    if _width(one) <= WIDTH and not (block and nested):
        return [one]
    flat = not any(isinstance(v, Mapping | list) for v in children)
    if isinstance(value, list) or (flat and key not in _ALL_EXPRESSIONS):
        return _wrapped(head, value, quote)
    lines = [head]
    inner = quote or key in _ALL_EXPRESSIONS
    for name, item in value.items():
        lines.extend(_entry(name, item, indent + 2, block=block, quote=inner))
    return lines


def _wrapped(head: str, value: Mapping[Any, Any] | list[Any], quote: bool) -> list[str]:
    """A flow collection over several lines, continuation aligned after its bracket."""
    if isinstance(value, Mapping):
        pieces = [f"{_key(k)}: {_flow(v, quote)}" for k, v in value.items()]
        opener, closer = "{", "}"
    else:
        pieces = [_flow(v, quote) for v in value]
        opener, closer = "[", "]"
    lines: list[str] = []
    current = f"{head} {opener}"
    indent = " " * len(current)
    for i, piece in enumerate(pieces):
        piece += closer if i == len(pieces) - 1 else ","
        if not current.endswith(opener) and _width(f"{current} {piece}") > WIDTH:
            lines.append(current)
            current = indent + piece
        else:
            current += piece if current.endswith(opener) else f" {piece}"
    lines.append(current)
    return lines


def _key(key: Any) -> str:
    """A mapping key: the spec's reader takes every key as text, so ``on`` stays ``on``."""
    if isinstance(key, str) and _IDENT.fullmatch(key):
        return key
    return _scalar(key, False) if isinstance(key, str) else _flow(key)


def _flow(value: Any, quote: bool = False) -> str:
    """``value`` in flow style on one line; strings double-quoted when ``quote``."""
    if isinstance(value, Mapping):
        inner = (
            f"{_key(k)}: {_flow(v, quote or k in _EXPRESSIONS or k in _ALL_EXPRESSIONS)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(inner) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v, quote) for v in value) + "]"
    if isinstance(value, str):
        return _scalar(value, quote)
    return _dump(value, flow=True)


def _scalar(value: str, quote: bool, *, flow: bool = True) -> str:
    """A string as a YAML scalar on one line: double-quoted when ``quote``, else as PyYAML
    would write it in a flow collection (``flow``) or as a block mapping's value."""
    if not quote:
        text = _dump([value], flow=True)[1:-1] if flow else _dump(value)
        if "\n" not in text:
            return text
    return _dump(value, style='"')


def _dump(value: Any, *, flow: bool = False, style: str | None = None) -> str:
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        default_flow_style=flow,
        default_style=style,
        width=math.inf,
    )
    return text.removesuffix("\n...\n").rstrip("\n")


def _folded(value: str, indent: int) -> list[str] | None:
    """``value`` as the lines of a folded block (``>-``), broken at single spaces; None when
    such a block would not read back as exactly ``value``."""
    if value != value.strip() or "\n" in value or "  " in value:
        return None
    if not value or any(not ch.isprintable() for ch in value):
        return None
    pad = " " * indent
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        if current and _width(f"{pad}{current} {word}") > WIDTH:
            lines.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(pad + current)
    try:
        back = yaml.safe_load("k: >-\n" + "\n".join(lines) + "\n")
    except yaml.YAMLError:
        return None
    return lines if isinstance(back, dict) and back.get("k") == value else None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
