"""Explanations: a per-run template of what each step checked, and per-lead values.

A run stores, once, each step's static part: its plain sentence (「判决生效已逾 30 日」, from the
spec's label or read aloud from its condition, see :mod:`jiancha.leads.reasons`), the Chinese
names of the columns it reads, the inputs (and dataset versions) whose rows it reads, and its
technical details (condition, parameters, the step as written, its SQL); a lead stores only the
values that satisfied each step and its source row numbers. Reading a lead joins the two into
entries with the sentence, the values under the Chinese column names and references to the
source rows. Both parts are written when the lead is found and never changed, so the
explanation still reads true after the data change; storing the static part once keeps a run
with many leads small. Templates written before sentences existed still read, in their old
wording (``满足条件 …：effective_date = 2024-01-03``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jiancha.leads.reasons import Reasons
from jiancha.leads.values import plain, shown
from jiancha.modelling.explanation import Explanation
from jiancha.modelling.parameters import RUN_DATE

Template = list[dict[str, Any]]


def step_template(reasons: Reasons, e: Explanation) -> dict[str, Any]:
    """The static part of one step's explanation (JSON-safe)."""
    parameters = reasons.parameters
    label = reasons.label(e.input)
    params = {p: plain(parameters[p]) for p in e.parameters if p in parameters}
    if "current_date" in e.text.lower():
        params["current_date"] = plain(parameters[RUN_DATE])
    wanted = [*e.columns, *(left for left, _ in e.on)]
    inputs = reasons.inputs(e)
    return {
        "step": e.index + 1,
        "kind": e.kind,
        "condition": e.text,
        "parameters": params,
        "source": f"输入 {e.input}（{label}）",
        "keys": [left for left, _ in e.on],
        "detail": e.detail,
        "text": reasons.sentence(e),
        "labelled": bool(reasons.spec.steps[e.index].label),
        "columns": {c: reasons.columns.get(c, c) for c in wanted},
        "inputs": {name: reasons.label(name) for name in inputs},
        "technical": reasons.technical(e),
    }


def sourced(template: Template, datasets: Mapping[str, Any]) -> Template:
    """``template`` with the dataset (name, version) each input read in this run."""
    for entry in template:
        entry["datasets"] = {
            name: {k: datasets[name][k] for k in ("dataset", "version")}
            for name in entry.get("inputs", {})
            if name in datasets
        }
    return template


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
    if all("text" in t for t in template):
        return [_entry(t, d, _rows(template, steps)) for t, d in zip(template, steps, strict=True)]
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


def _rows(template: Template, steps: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The source row number of each input the lead was read from (its from and join steps)."""
    found: dict[str, Any] = {}
    for t, d in zip(template, steps, strict=True):
        if t["kind"] in ("from", "join") and d.get("row") is not None:
            for name in t.get("inputs", {}):
                found.setdefault(name, d["row"])
    return found


def _entry(t: Mapping[str, Any], d: Mapping[str, Any], rows: Mapping[str, Any]) -> dict[str, Any]:
    columns: Mapping[str, str] = t.get("columns", {})
    values = {columns.get(k, k): v for k, v in d.get("values", {}).items()}
    for key, value in zip(t["keys"], d.get("on", []), strict=False):
        values.setdefault(columns.get(key, key), value)
    if t["kind"] == "anomaly":
        values["偏离程度"] = d.get("score")
    datasets = t.get("datasets", {})
    entry: dict[str, Any] = {
        "step": t["step"],
        "kind": t["kind"],
        "text": t["text"],
        "labelled": t.get("labelled", False),
        "values": values,
        "rows": [
            {"input": name, "label": label, **datasets.get(name, {}), "row": rows.get(name)}
            for name, label in t.get("inputs", {}).items()
            if rows.get(name) is not None and t["kind"] not in ("anti_join", "semi_join")
        ],
        "condition": t["condition"],
        "parameters": t["parameters"],
        "technical": {**t.get("technical", {}), "parameters": t["parameters"]},
    }
    if t["kind"] in ("from", "join"):
        entry["row"] = d.get("row")
    return entry


def labelled_personal(personal: Mapping[str, Any], template: Template | None) -> dict[str, Any]:
    """``personal`` (a model's personal columns, ``jiancha.leads.personal``) with the Chinese
    names the explanation shows those columns under, so that they are masked there too."""
    fields = dict(personal.get("fields") or {})
    for entry in template or []:
        for column, name in (entry.get("columns") or {}).items():
            if column in fields:
                fields.setdefault(name, fields[column])
    return {**personal, "fields": fields}
