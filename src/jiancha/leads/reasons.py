"""Each step of a compiled model said as a prosecutor would say it, with its technical details.

A step's sentence is its spec ``label`` with the run's parameter values filled in; a step
without one reads its condition aloud (:mod:`jiancha.modelling.plain`) with the Chinese names
of the dataset columns its fields are bound to. Columns made by the model (a derived column, a
measure) are named by the spec's ``columns:`` section, else by what computes them when that
reads as Chinese, else by the step that made them (「计算所得值」). This module also says which
source rows a step reads (the input, for the row numbers a lead keeps) and keeps the condition,
the step as written in the spec and its SQL for the 「技术细节」. It reads a compiled model only
and must not touch runs, leads or the store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from jiancha.modelling.compiler import Compiled
from jiancha.modelling.explanation import Explanation
from jiancha.modelling.labels import fill
from jiancha.modelling.plain import Names, say
from jiancha.spoken import spoken

_DATES = ("date", "datetime")
_NUMBERS = ("integer", "number", "money")
_ASCII = re.compile(r"[A-Za-z]")
_UNITS = re.compile(r"(?<![A-Za-z])(?:ID|km|kg|kWh)(?![A-Za-z])")
"""Units and abbreviations a prosecutor reads as words (身份证 ID、里程 km …)."""
_METHODS = {"zscore": "标准分", "iqr": "四分位距倍数", "ratio": "与组平均值之比"}


class Reasons:
    """The words of one compiled model's steps, for one run's parameter values."""

    def __init__(self, compiled: Compiled, parameters: Mapping[str, Any]) -> None:
        self.compiled = compiled
        self.spec = spec = compiled.spec
        self.parameters = parameters
        first = spec.steps[0].body if spec.steps and spec.steps[0].kind == "from" else None
        self.first = first if isinstance(first, str) else None
        self.columns: dict[str, str] = {}
        dates: set[str] = set()
        numbers: set[str] = set()
        for name, spec_input in spec.inputs.items():
            bound = compiled.inputs.get(name, {})
            for f, semantic in spec_input.fields.items():
                column = bound.get(f, f)
                keys = [f"{name}.{f}"] + ([f] if name == self.first else [])
                for key in keys:
                    own = key == f
                    self.columns[key] = column if own else f"{self.label(name)}的{column}"
                    if semantic in _DATES:
                        dates.add(key)
                    if semantic in _NUMBERS:
                        numbers.add(key)
        self.dates, self.numbers = frozenset(dates), frozenset(numbers)
        self._made_columns()

    def label(self, name: str | None) -> str:
        if name is None or name not in self.spec.inputs:
            return ""
        return self.spec.inputs[name].label or name

    def names(self) -> Names:
        shown = {
            n: (p.label, spoken(self.parameters.get(n, p.default)))
            for n, p in self.spec.parameters.items()
        }
        return Names(self.columns, shown, self.dates, self.numbers)

    def _made_columns(self) -> None:
        """Derived columns and measures, in step order: by the spec's ``columns:`` name, else
        by what computes them when that reads as Chinese, else by the step that made them
        (「<label>所得值」, 「计算所得值」): never by an identifier or SQL."""
        taken = set(self.columns.values())
        for step in self.spec.steps:
            body = step.body if isinstance(step.body, dict) else {}
            made = body.get("measures", {}) if step.kind == "aggregate" else {}
            made = body if step.kind == "derive" else made
            for name, text in made.items():
                named = self.spec.columns.get(name)
                if named is None and name in self.columns:
                    continue  # a measure passing a field on under its name (``max(court)``)
                spoken = say(text, self.names()) if isinstance(text, str) else ""
                if named is None and self._readable(spoken):
                    named = spoken
                if named is None:
                    named = self._unnamed(step.label, taken)
                self.columns[name] = named
                taken.add(named)
            if step.kind == "anomaly":
                self.columns.setdefault("score", self.spec.columns.get("score", "偏离程度"))

    def _readable(self, spoken: str) -> bool:
        """Whether ``spoken`` is Chinese: no ASCII letters but those of the names and values
        it quotes (a bound column 「POS机编号」, a parameter's value) and of units like ID."""
        rest = spoken
        shown = [v for _, v in self.names().parameters.values()]
        bound = [v for k, v in self.columns.items() if v != k.rsplit(".", 1)[-1]]  # not a field
        for known in sorted([*bound, *shown], key=len, reverse=True):
            rest = rest.replace(known, "") if known else rest
        return bool(spoken) and _ASCII.search(_UNITS.sub("", rest)) is None

    def _unnamed(self, label: str, taken: set[str]) -> str:
        values = {n: self.parameters.get(n, p.default) for n, p in self.spec.parameters.items()}
        base = f"{fill(label, values, spoken)}所得值" if label else "计算所得值"
        named, n = base, 1
        while named in taken:
            n += 1
            named = f"{base}（{n}）"
        return named

    # -- one step ------------------------------------------------------------------------------
    def sentence(self, e: Explanation) -> str:
        """The step's plain sentence: its label filled, else its condition read aloud."""
        step = self.spec.steps[e.index]
        if step.label:
            values = {n: self.parameters.get(n, p.default) for n, p in self.spec.parameters.items()}
            return fill(step.label, values, spoken)
        return self._spoken(e)

    def _spoken(self, e: Explanation) -> str:
        names = self.names()
        where = say(e.text, names) if e.text else ""
        source = self._source(e.input)
        if e.kind == "from":
            return f"逐条检查{source}"
        if e.kind == "filter":
            return where
        if e.kind == "aggregate":
            body = self.spec.steps[e.index].body
            by = "、".join(self.columns.get(b, b) for b in body.get("by", []))
            grouped = f"按{by}分组汇总" if by else "全体汇总"
            return f"{grouped}，{where}" if where else grouped
        if e.kind == "anomaly":
            return f"{where}明显偏离同组水平（{self._anomaly(e)}）"
        on = "、".join(self._pair(left, right, e.input) for left, right in e.on)
        also = f"，且{where}" if where else ""
        if e.kind == "join":
            return f"在{source}中找到{on}的记录{also}"
        verb = "找不到" if e.kind == "anti_join" else "找到"
        return f"在{source}中{verb}{on}的记录{also}"

    def _source(self, name: str | None) -> str:
        label = self.label(name)
        return f"“{label}”" if label else "数据"

    def _pair(self, left: str, right: str, name: str | None) -> str:
        mine = self.columns.get(left, left)
        theirs = self.compiled.inputs.get(name or "", {}).get(right, right)
        return f"{theirs}与{mine}相同" if theirs != mine else f"{mine}相同"

    def _anomaly(self, e: Explanation) -> str:
        body = self.spec.steps[e.index].body
        by = "、".join(self.columns.get(b, b) for b in body.get("by", []))
        group = f"按{by}分组" if by else "与全体比较"
        method = _METHODS.get(body["method"], body["method"])
        return f"{group}，方法：{method}，阈值 {body['threshold']}"

    def inputs(self, e: Explanation) -> list[str]:
        """The inputs whose rows this step reads, in order (the rows a lead keeps)."""
        if e.kind in ("from", "join"):
            return [e.input] if e.input else []
        found: list[str] = []
        for column in e.columns:
            name = column.split(".", 1)[0] if "." in column else self.first
            if name is not None and name in self.spec.inputs and name not in found:
                found.append(name)
        return found

    def technical(self, e: Explanation) -> dict[str, Any]:
        """The condition, the step as written in the spec and its SQL (「技术细节」)."""
        step = self.spec.steps[e.index]
        written = {step.kind: step.body} | ({"label": step.label} if step.label else {})
        sql = dict(self.compiled.ctes).get(f"s{e.index + 1}")
        return {
            "condition": e.text,
            "spec_step": yaml.safe_dump(written, allow_unicode=True, sort_keys=False).strip(),
            "sql": None if sql is None else sql.sql(dialect="duckdb", pretty=True),
        }
