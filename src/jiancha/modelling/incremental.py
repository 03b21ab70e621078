"""Which specs may run incrementally: on the new rows of their driving input only.

Owns the classification of step kinds (read by ``jiancha.runs.incremental``); never runs
anything. The *driving input* is the input of the first step (``from``). A spec allows an
incremental run when each result row depends on one row of the driving input alone (with the
other inputs as they are), so that the result over a version is the union of the results over
its rows:

- row-local, allowed: ``from``, ``filter``, ``derive``, ``select``, and ``join`` / ``anti_join``
  / ``semi_join`` against another input (the other side is read in full);
- not allowed: ``aggregate`` (a group mixes rows), ``anomaly`` (a row's score depends on its
  peer group), a join of the driving input with itself (its other side would see only the new
  rows), any step kind not listed here, and a spec naming the internal row number ``_row``
  (row numbers differ between two versions of a dataset).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jiancha.modelling.spec import Spec

ROW_LOCAL = frozenset({"from", "filter", "derive", "select", "join", "anti_join", "semi_join"})
"""Step kinds whose output rows each come from one row of the pipeline's input."""
JOINS = frozenset({"join", "anti_join", "semi_join"})
REFUSED = {
    "aggregate": "聚合（aggregate）把多行合为一组",
    "anomaly": "异常检测（anomaly）按同组的全部行计算偏离",
}
_ROW = re.compile(r"\b_row\b")


def driving_input(spec: Spec) -> str | None:
    """The input the pipeline starts from (the first step's ``from``)."""
    if not spec.steps or spec.steps[0].kind != "from":
        return None
    return str(spec.steps[0].body)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def refusal(spec: Spec) -> str | None:
    """Why ``spec`` may not run incrementally (Chinese, naming the step), or None if it may."""
    driving = driving_input(spec)
    if driving is None:
        return "模型的第一步不是 from，无法确定驱动输入"
    for step in spec.steps:
        where = f"第 {step.index + 1} 步"
        if step.kind in REFUSED:
            return f"{where}{REFUSED[step.kind]}，新增的行会改变已有行的结果"
        if step.kind not in ROW_LOCAL:
            return f"{where}（{step.kind}）不是逐行计算的步骤"
        if step.kind in JOINS and step.body.get("input") == driving:
            return f"{where}把驱动输入 `{driving}` 与自身连接，另一侧须读全部行"
        if any(_ROW.search(text) for text in _strings(step.body)):
            return f"{where}引用了内部行号 _row，两个版本的行号不同"
    lead = spec.lead
    lead_texts = [lead.subject_key, lead.subject_name or "", lead.title, *lead.evidence]
    lead_texts += [lead.jurisdiction or "", lead.amount or ""]
    if any(_ROW.search(text) for text in lead_texts):
        return "线索部分引用了内部行号 _row，两个版本的行号不同"
    return None


def subject_is_driving_field(spec: Spec) -> bool:
    """Whether the lead's subject key is a field of the driving input carried through unchanged
    (no derive makes a column of that name): then the rows that can give a lead of subject K are
    exactly the driving rows whose field equals K, which lets an incremental run re-check them."""
    driving = driving_input(spec)
    if driving is None or driving not in spec.inputs:
        return False
    key = spec.lead.subject_key
    return key in spec.inputs[driving].fields and key not in spec.made_columns()
