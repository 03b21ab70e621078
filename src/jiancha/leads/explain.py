"""Explanations: a per-run template of what each step checked, and per-lead values.

A run stores, once, each step's static part (kind, condition, parameters, the input it read,
the join keys); a lead stores only the values that satisfied each step. Reading a lead joins
the two into sentences (``满足条件 …：effective_date = 2024-01-03，grace_days = 30``). Both parts
are written when the lead is found and never changed, so the explanation still reads true
after the data change; storing the static part once keeps a run with many leads small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jiancha.leads.values import plain, shown
from jiancha.modelling.explanation import Explanation
from jiancha.modelling.parameters import RUN_DATE
from jiancha.modelling.spec import Spec

Template = list[dict[str, Any]]


def step_template(spec: Spec, e: Explanation, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The static part of one step's explanation (JSON-safe)."""
    label = spec.inputs[e.input].label if e.input is not None and e.input in spec.inputs else ""
    params = {p: plain(parameters[p]) for p in e.parameters if p in parameters}
    if "current_date" in e.text.lower():
        params["current_date"] = plain(parameters[RUN_DATE])
    return {
        "step": e.index + 1,
        "kind": e.kind,
        "condition": e.text,
        "parameters": params,
        "source": f"输入 {e.input}（{label}）",
        "keys": [left for left, _ in e.on],
        "detail": e.detail,
    }


def _facts(values: Mapping[str, Any], params: Mapping[str, Any]) -> str:
    return "，".join(f"{k} = {shown(v)}" for k, v in [*values.items(), *params.items()])


def _text(t: Mapping[str, Any], d: Mapping[str, Any]) -> str:
    kind, source, condition = t["kind"], t["source"], t["condition"]
    values = d.get("values", {})
    if kind == "from":
        row = d.get("row")
        return f"来自{source}" + (f"第 {row} 行" if row is not None else "")
    if kind == "filter":
        return f"满足条件 {condition}：{_facts(values, t['parameters'])}"
    if kind == "aggregate":
        having = f"，满足 {condition}" if condition else ""
        return f"分组汇总{having}：{_facts(values, t['parameters'])}"
    if kind == "anomaly":
        return f"{condition} 偏离同组水平（{t['detail']}）：score = {shown(d.get('score'))}"
    on = "，".join(f"{k} = {shown(v)}" for k, v in zip(t["keys"], d.get("on", []), strict=False))
    where = f"（且 {condition}）" if condition else ""
    if kind == "join":
        return f"在{source}中匹配到第 {shown(d.get('row'))} 行：{on}{where}"
    verb = "没有" if kind == "anti_join" else "有"
    return f"{source}中{verb} {on} 的记录{where}"


def render(template: Template | None, steps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A lead's explanation as sentences with their values, one entry per step."""
    if template is None or len(template) != len(steps):
        return [dict(s) for s in steps]  # written whole (before per-run templates)
    entries = []
    for t, d in zip(template, steps, strict=True):
        entry = {
            "step": t["step"],
            "kind": t["kind"],
            "condition": t["condition"],
            "parameters": t["parameters"],
            "text": _text(t, d),
            "values": d.get("values", {}),
        }
        if t["kind"] in ("from", "join"):
            entry["row"] = d.get("row")
        entries.append(entry)
    return entries
