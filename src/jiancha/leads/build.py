"""From result rows to leads: fingerprint, title, evidence and the reasons each step gives.

The explanation is written when the lead is found, from the values that satisfied each step,
and stored with the lead, so it still reads true after the data change. Everything that does
not depend on the row (labels, column lookups, condition text) is prepared once per run, and
only new leads are built in full: a lead seen again needs no more than its fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiancha.leads.values import plain, shown
from jiancha.modelling.compiler import AMOUNT, Compiled
from jiancha.modelling.explanation import Explanation
from jiancha.modelling.parameters import RUN_DATE

_FIELD = re.compile(r"\{([^{}]+)\}")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class LeadRecord:
    fingerprint: str
    subject_type: str
    subject_key: str
    subject_name: str | None
    title: str
    jurisdiction: str | None
    amount: Decimal | None
    evidence: dict[str, Any]
    explanation: list[dict[str, Any]]


def fingerprint(model: str, subject_key: str, evidence: list[Any]) -> str:
    """sha256(model id, subject key, evidence values) — DESIGN's lead identity."""
    payload = json.dumps([model, subject_key, [plain(v) for v in evidence]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class LeadBuilder:
    """Builds the leads of one run of one compiled model."""

    def __init__(self, compiled: Compiled, parameters: Mapping[str, Any]) -> None:
        self.spec = compiled.spec
        self.physical = {c.visible: c.physical for c in compiled.relation}
        lead = self.spec.lead
        self.key = self.physical[lead.subject_key]
        self.evidence = [(name, self.physical[name]) for name in lead.evidence]
        self.parameters = parameters
        self.steps = [self._step(e) for e in compiled.explanations]

    def get(self, row: Row, visible: str | None) -> Any:
        return (
            None
            if visible is None or visible not in self.physical
            else row.get(self.physical[visible])
        )

    def fingerprint(self, row: Row) -> str:
        key = row.get(self.key)
        subject = "" if key is None else shown(key)
        return fingerprint(self.spec.id, subject, [row.get(p) for _, p in self.evidence])

    def record(self, row: Row, fp: str) -> LeadRecord:
        lead = self.spec.lead
        key, name, where = (
            row.get(self.key),
            self.get(row, lead.subject_name),
            self.get(row, lead.jurisdiction),
        )
        amount = row.get(AMOUNT)

        def fill(match: re.Match[str]) -> str:
            return shown(self.get(row, match.group(1)))

        return LeadRecord(
            fingerprint=fp,
            subject_type=lead.subject_type,
            subject_key="" if key is None else shown(key),
            subject_name=None if name is None else shown(name),
            title=_FIELD.sub(fill, lead.title)[:2000],
            jurisdiction=None if where is None else shown(where),
            amount=None if amount is None else Decimal(str(amount)).quantize(Decimal("0.01")),
            evidence={n: plain(row.get(p)) for n, p in self.evidence},
            explanation=[step(row) for step in self.steps],
        )

    def _step(self, e: Explanation) -> Callable[[Row], dict[str, Any]]:
        """A function from a row to this step's explanation, with the static parts prepared."""
        spec = self.spec
        label = spec.inputs[e.input].label if e.input is not None and e.input in spec.inputs else ""
        source = f"输入 {e.input}（{label}）"
        columns = [(c, self.physical[c]) for c in e.columns if c in self.physical]
        params = {p: plain(self.parameters[p]) for p in e.parameters if p in self.parameters}
        if "current_date" in e.text.lower():
            params["current_date"] = plain(self.parameters[RUN_DATE])
        keys = [(left, self.physical.get(left)) for left, _ in e.on]
        where = f"（且 {e.text}）" if e.text and e.kind.endswith("join") else ""
        static = {"step": e.index + 1, "kind": e.kind, "condition": e.text, "parameters": params}
        row_column = self.physical.get("_row" if e.kind == "from" else f"{e.input}._row")
        score = self.physical.get("score")

        fixed = "".join(f"，{k} = {shown(v)}" for k, v in params.items())

        def facts(values: dict[str, Any]) -> str:
            found = "，".join(f"{k} = {shown(v)}" for k, v in values.items())
            return (found + fixed) if found else fixed[1:]

        def text(row: Row, values: dict[str, Any], matched: Any) -> str:
            kind = e.kind
            if kind == "from":
                return f"来自{source}" + (f"第 {matched} 行" if matched is not None else "")
            if kind == "filter":
                return f"满足条件 {e.text}：{facts(values)}"
            if kind == "aggregate":
                having = f"，满足 {e.text}" if e.text else ""
                return f"分组汇总{having}：{facts(values)}"
            if kind == "anomaly":
                value = shown(row.get(score) if score else None)
                return f"{e.text} 偏离同组水平（{e.detail}）：score = {value}"
            on = "，".join(f"{k} = {shown(row.get(p) if p else None)}" for k, p in keys)
            if kind == "join":
                return f"在{source}中匹配到第 {shown(matched)} 行：{on}{where}"
            verb = "没有" if kind == "anti_join" else "有"
            return f"{source}中{verb} {on} 的记录{where}"

        def explain(row: Row) -> dict[str, Any]:
            values = {c: plain(row.get(p)) for c, p in columns}
            matched = row.get(row_column) if row_column else None
            entry = {**static, "text": text(row, values, matched), "values": values}
            if e.kind in ("from", "join"):
                entry["row"] = matched
            return entry

        return explain


def build_leads(
    compiled: Compiled, rows: list[Row], parameters: Mapping[str, Any]
) -> list[LeadRecord]:
    """Every distinct lead of the rows, built in full (tests and small runs)."""
    builder = LeadBuilder(compiled, parameters)
    leads: dict[str, LeadRecord] = {}
    for row in rows:
        fp = builder.fingerprint(row)
        if fp not in leads:
            leads[fp] = builder.record(row, fp)
    return list(leads.values())
