"""A half-written builder document made compilable, to list the columns after each step.

While a model is being built its document often breaks the schema (no title yet, a join
without keys, an empty condition). The schema's problems are reported as they are; to still
show which columns each step leaves, :func:`patched` makes a copy that the compiler can walk:
placeholders for what is missing or malformed, each step kept at its index. The compiler's
results on the copy are used only for the columns and for problems in parts the schema found
sound; nothing made here is ever stored or run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiancha.identifiers import names as semantic_names
from jiancha.modelling.schema import STEP_SCHEMAS
from jiancha.modelling.spec import ANOMALY_METHODS, LABEL, PARAMETER_TYPES

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUALIFIED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*")
_NOTHING = {"filter": "true"}
"""The step put in place of one that cannot be read: keeps every row and every column."""


def patched(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with every part the compiler reads present and well-formed."""
    semantics = set(semantic_names())
    parameters = {
        str(name): {"type": p["type"], "default": p.get("default")}
        for name, p in _mapping(document.get("parameters")).items()
        if _IDENT.fullmatch(str(name))
        and isinstance(p, Mapping)
        and p.get("type") in PARAMETER_TYPES
    }
    inputs: dict[str, Any] = {}
    for name, item in _mapping(document.get("inputs")).items():
        fields = _mapping(item.get("fields")) if isinstance(item, Mapping) else {}
        kept = {
            str(f): (s if isinstance(s, str) and s in semantics else "text")
            for f, s in fields.items()
            if _IDENT.fullmatch(str(f))
        }
        if _IDENT.fullmatch(str(name)) and kept:
            inputs[str(name)] = {"label": str(item.get("label") or name), "fields": kept}
    steps = document.get("steps")
    lead = _mapping(document.get("lead"))
    subject = _mapping(lead.get("subject"))
    return {
        "spec": 1,
        "id": "builder-draft",
        "version": "0.0.0",
        "name": "草稿",
        "area": "criminal",
        "line": "ordinary_crime",
        "kind": "collision",
        "risk": "none",
        "parameters": parameters,
        "inputs": inputs,
        "steps": [_step(s) for s in (steps if isinstance(steps, list) else [])],
        "lead": {
            "subject": {
                "type": "other",
                "key": _name(subject.get("key")) or "__missing__",
                **({"name": n} if (n := _name(subject.get("name"))) else {}),
            },
            "title": lead.get("title") if isinstance(lead.get("title"), str) else "",
            "evidence": [n for e in _list(lead.get("evidence")) if (n := _name(e))],
            "jurisdiction": _name(lead.get("jurisdiction")),
            "amount": _text(lead.get("amount")),
        },
    }


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _name(value: Any) -> str | None:
    return value if isinstance(value, str) and _QUALIFIED.fullmatch(value) else None


def _names(value: Any, pattern: re.Pattern[str] = _IDENT) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str) and pattern.fullmatch(v)]


def _expressions(value: Any) -> dict[str, str]:
    """A mapping of new column names to expressions; an empty expression becomes NULL."""
    return {
        str(k): (_text(v) or "NULL") for k, v in _mapping(value).items() if _IDENT.fullmatch(str(k))
    }


def _step(step: Any) -> dict[str, Any]:
    kinds = [k for k in _mapping(step) if k in STEP_SCHEMAS]
    if len(kinds) != 1:
        return dict(_NOTHING)
    kind = kinds[0]
    body = step[kind]
    label = {LABEL: step[LABEL]} if isinstance(step.get(LABEL), str) else {}
    made: Any = None
    if kind == "from":
        made = body if isinstance(body, str) and _IDENT.fullmatch(body) else None
    elif kind == "filter":
        made = _text(body) or "true"
    elif kind == "derive":
        made = _expressions(body) or None
    elif kind in ("join", "anti_join", "semi_join"):
        made = _join(kind, _mapping(body))
    elif kind == "aggregate":
        body = _mapping(body)
        made = {"by": _names(body.get("by")), "measures": _expressions(body.get("measures"))}
        if _text(body.get("having")):
            made["having"] = body["having"]
    elif kind == "anomaly":
        made = _anomaly(_mapping(body))
    elif kind == "select":
        made = _names(body, _QUALIFIED)
    return {kind: made, **label} if made is not None else dict(_NOTHING)


def _join(kind: str, body: Mapping[str, Any]) -> dict[str, Any] | None:
    name = body.get("input")
    if not isinstance(name, str) or not _IDENT.fullmatch(name):
        return None
    on = [
        [str(pair[0]), str(pair[1])]
        for pair in _list(body.get("on"))
        if isinstance(pair, list) and len(_names(pair)) == 2 == len(pair)
    ]
    made: dict[str, Any] = {"input": name, "on": on}
    if _text(body.get("where")):
        made["where"] = body["where"]
    if kind == "join" and body.get("type") in ("inner", "left"):
        made["type"] = body["type"]
    return made


def _anomaly(body: Mapping[str, Any]) -> dict[str, Any]:
    threshold = body.get("threshold")
    good = isinstance(threshold, int | float) and not isinstance(threshold, bool) and threshold > 0
    method = body.get("method")
    return {
        "value": _text(body.get("value")) or "0",
        "by": _names(body.get("by")),
        "method": method if method in ANOMALY_METHODS else ANOMALY_METHODS[0],
        "threshold": threshold if good else 1,
    }
