"""A model expression read aloud in Chinese: 「刑罚 属于 实刑刑种（…）且 并非 是否缓刑」.

Used when a step has no ``label``: the condition the spec wrote is parsed again with SQLGlot (it
has already passed :func:`jiancha.modelling.expressions.compile_expression` when the model was
installed and run) and each node is said in words — columns by the Chinese name they are bound
to, parameters by their label and the run's value, operators and functions in Chinese. An
unknown function keeps its name with its arguments in Chinese. Nothing here reaches an engine;
this module must not change what an expression means, only how it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp

_COMPARE = {exp.EQ: "等于", exp.NEQ: "不等于", exp.GT: "大于", exp.GTE: "不小于", exp.LT: "小于"}
_COMPARE |= {exp.LTE: "不大于"}
_DATES = {exp.GT: "晚于", exp.GTE: "不早于", exp.LT: "早于", exp.LTE: "不晚于"}
_ARITHMETIC = {exp.Add: "加", exp.Sub: "减", exp.Mul: "乘以", exp.Div: "除以"}
_UNITS = {"DAY": "日", "MONTH": "个月", "YEAR": "年", "HOUR": "小时", "MINUTE": "分钟"}
_UNITS |= {"SECOND": "秒", "WEEK": "周", "QUARTER": "季度"}
_OF = {
    exp.Year: "的年份",
    exp.Month: "的月份",
    exp.Day: "的日",
    exp.Length: "的字数",
    exp.Abs: "的绝对值",
    exp.Sum: "之和",
    exp.Avg: "的平均值",
    exp.Floor: "（向下取整）",
    exp.Ceil: "（向上取整）",
    exp.Round: "（四舍五入）",
}
_SAME = (exp.Lower, exp.Upper, exp.Trim, exp.Cast, exp.TryCast, exp.Distinct)
TODAY = "运行当日"


@dataclass(frozen=True)
class Names:
    """How the parts of an expression are named: column → Chinese name, parameter → (label,
    value as text), and which columns hold dates (compared with 早于/晚于)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()


def say(text: str, names: Names) -> str:
    """``text`` (a spec expression) in plain Chinese; the text itself if it cannot be parsed."""
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except sqlglot.errors.SqlglotError:
        return text
    return _Speaker(names).say(tree).replace("） ", "）")


def quoted(value: Any) -> str:
    return f"“{value}”"


class _Speaker:
    def __init__(self, names: Names) -> None:
        self.names = names

    def column_name(self, node: exp.Column) -> str:
        return f"{node.table}.{node.name}" if node.table else node.name

    def is_date(self, node: exp.Expr) -> bool:
        if isinstance(node, exp.Paren):
            return self.is_date(node.this)
        if isinstance(node, exp.CurrentDate | exp.DateAdd | exp.TimestampTrunc):
            return True
        if isinstance(node, exp.Column):
            return self.column_name(node) in self.names.dates
        if isinstance(node, exp.Add | exp.Sub):
            return self.is_date(node.this)
        return isinstance(node, exp.Cast) and node.to.is_type("date", "timestamp")

    def say(self, node: exp.Expr) -> str:
        for kinds, speak in self._table():
            if isinstance(node, kinds):
                return speak(node)
        if isinstance(node, exp.Func):
            args = [self.say(a) for a in node.iter_expressions()]
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            return f"{name.lower()}（{'，'.join(args)}）"
        return node.sql(dialect="duckdb")

    def _table(self) -> list[tuple[Any, Callable[[Any], str]]]:
        return [
            (exp.Paren, lambda n: f"（{self.say(n.this)}）"),
            (exp.And, lambda n: f"{self.say(n.this)} 且 {self.say(n.expression)}"),
            (exp.Or, lambda n: f"{self.say(n.this)} 或 {self.say(n.expression)}"),
            (exp.Not, self._not),
            (exp.Is, lambda n: f"{self.say(n.this)} 为空"),
            (exp.In, lambda n: f"{self.say(n.this)} {self._belongs(n, False)} {self._set(n)}"),
            (exp.Like | exp.ILike, lambda n: self._like(n, negated=bool(n.args.get("negate")))),
            (exp.Between, lambda n: self._between(n, "不在" if n.args.get("negate") else "在")),
            (tuple(_COMPARE), self._compare),
            (exp.Sub | exp.Add, self._plus_minus),
            (tuple(_ARITHMETIC), self._arithmetic),
            (exp.Mod, lambda n: f"{self.say(n.this)} 除以 {self.say(n.expression)} 的余数"),
            (exp.Neg, lambda n: f"负{self.say(n.this)}"),
            (exp.Column, lambda n: self._column(n)),
            (exp.Placeholder, lambda n: self._parameter(str(n.this))),
            (exp.Boolean, lambda n: "是" if n.this else "否"),
            (exp.Null, lambda n: "空"),
            (exp.Literal, lambda n: quoted(n.this) if n.is_string else str(n.this)),
            (exp.Star, lambda n: "全部"),
            (exp.CurrentDate, lambda n: TODAY),
            (exp.Interval, lambda n: self._interval(n)),
            (exp.Coalesce, self._coalesce),
            (exp.Count, self._count),
            (exp.Min | exp.Max, self._extreme),
            (tuple(_OF), lambda n: f"{self.say(n.this)}{_OF[type(n)]}"),
            (_SAME, lambda n: self.say(n.this)),
            (exp.DateDiff, self._date_diff),
            (exp.DateAdd, lambda n: f"{self.say(n.this)}后 {self.say(n.expression)} 日"),
            (exp.Extract, lambda n: f"{self.say(n.expression)}的{self._unit(n.this)}"),
            (exp.TimestampTrunc, lambda n: f"{self.say(n.this)}所在的{self._unit(n.unit)}"),
            (exp.Contains, lambda n: f"{self.say(n.this)} 包含 {self.say(n.expression)}"),
            (exp.StartsWith, lambda n: f"{self.say(n.this)} 以 {self.say(n.expression)} 开头"),
            (exp.Least, lambda n: f"{self._list(n)}中较小者"),
            (exp.Greatest, lambda n: f"{self._list(n)}中较大者"),
            (exp.Concat, lambda n: "与".join(self.say(e) for e in n.expressions)),
            (exp.DPipe, lambda n: f"{self.say(n.this)}与{self.say(n.expression)}"),
            (exp.If, self._if),
            (exp.Case, self._case),
            (exp.Nullif, lambda n: f"{self.say(n.this)}（等于 {self.say(n.expression)} 时为空）"),
        ]

    def _column(self, node: exp.Column) -> str:
        written = self.column_name(node)
        return self.names.columns.get(written, written)

    def _parameter(self, name: str) -> str:
        label, value = self.names.parameters.get(name, ("", ""))
        if label and value:
            return f"{label}（{value}）"
        return value or label or "参数"

    def _not(self, node: exp.Not) -> str:
        inner = node.this
        if isinstance(inner, exp.Is):
            return f"{self.say(inner.this)} 不为空"
        if isinstance(inner, exp.In):
            return f"{self.say(inner.this)} {self._belongs(inner, True)} {self._set(inner)}"
        if isinstance(inner, exp.Like | exp.ILike):
            return self._like(inner, negated=True)
        if isinstance(inner, exp.Between):
            return self._between(inner, "不在")
        return f"并非 {self.say(inner)}"

    def _belongs(self, node: exp.In, negated: bool) -> str:
        return "不属于" if negated != bool(node.args.get("negate")) else "属于"

    def _set(self, node: exp.In) -> str:
        if node.args.get("field") is not None:
            return self.say(node.args["field"])
        return "、".join(self.say(e) for e in node.expressions)

    def _like(self, node: exp.Like | exp.ILike, negated: bool) -> str:
        pattern = node.expression
        subject = self.say(node.this)
        if isinstance(pattern, exp.Literal) and pattern.is_string:
            text = str(pattern.this)
            core = text.strip("%")
            if "%" not in core and "_" not in core:
                start, end = text.startswith("%"), text.endswith("%")
                verb = "包含" if start and end else "以" if end else "结尾为" if start else "等于"
                tail = "开头" if verb == "以" else ""
                no = "不" if negated else ""
                if verb == "以":
                    return f"{subject} {no}以 {quoted(core)} 开头"
                return f"{subject} {no}{verb} {quoted(core)}{tail}"
        return f"{subject} {'不' if negated else ''}符合模式 {self.say(pattern)}"

    def _between(self, node: exp.Between, verb: str) -> str:
        low, high = self.say(node.args["low"]), self.say(node.args["high"])
        return f"{self.say(node.this)} {verb} {low} 与 {high} 之间"

    def _compare(self, node: exp.Binary) -> str:
        left, right = node.this, node.expression
        if isinstance(right, exp.Boolean) and isinstance(node, exp.EQ | exp.NEQ):
            verb = "为" if isinstance(node, exp.EQ) else "不为"
            return f"{self.say(left)} {verb} {self.say(right)}"
        dates = self.is_date(left) or self.is_date(right)
        word = _DATES.get(type(node)) if dates else None
        return f"{self.say(left)} {word or _COMPARE[type(node)]} {self.say(right)}"

    def _plus_minus(self, node: exp.Add | exp.Sub) -> str:
        if self.is_date(node.this):
            span = node.expression
            amount = self.say(span) if isinstance(span, exp.Interval) else f"{self.say(span)} 日"
            if isinstance(span, exp.Placeholder):
                label, value = self.names.parameters.get(str(span.this), ("", ""))
                amount = f"{value or '若干'} 日" + (f"（{label}）" if label else "")
            return f"{self.say(node.this)}{'前' if isinstance(node, exp.Sub) else '后'} {amount}"
        return self._arithmetic(node)

    def _arithmetic(self, node: exp.Binary) -> str:
        return f"{self.say(node.this)} {_ARITHMETIC[type(node)]} {self.say(node.expression)}"

    def _unit(self, unit: Any) -> str:
        word = str(getattr(unit, "name", unit) or "DAY").strip("'\"").upper().rstrip("S")
        return _UNITS.get(word, word.lower())

    def _interval(self, node: exp.Interval) -> str:
        amount = node.this
        number = amount.this if isinstance(amount, exp.Literal) else self.say(amount)
        return f"{number} {self._unit(node.args.get('unit'))}"

    def _coalesce(self, node: exp.Coalesce) -> str:
        rest = node.expressions
        if len(rest) == 1 and isinstance(rest[0], exp.Boolean) and not rest[0].this:
            return self.say(node.this)  # coalesce(flag, false): an empty flag reads as 否
        others = "、".join(self.say(e) for e in rest)
        return f"{self.say(node.this)}（为空时取 {others}）"

    def _count(self, node: exp.Count) -> str:
        inner = node.this
        if inner is None or isinstance(inner, exp.Star):
            return "记录数"
        if isinstance(inner, exp.Distinct):
            return f"不同{'、'.join(self.say(e) for e in inner.expressions)}的个数"
        return f"{self.say(inner)}的个数"

    def _extreme(self, node: exp.Min | exp.Max) -> str:
        """min/max of dates: 最早/最晚; of numbers: 最小值/最大值; of text: the value itself
        (``max(name)`` in a group of one person is that person's name)."""
        inner, most = node.this, isinstance(node, exp.Max)
        if self.is_date(inner):
            return f"{'最晚' if most else '最早'}{self.say(inner)}"
        column = self.column_name(inner) if isinstance(inner, exp.Column) else None
        if column is not None and column not in self.names.numbers:
            return self.say(inner)
        return f"{self.say(inner)}的{'最大值' if most else '最小值'}"

    def _date_diff(self, node: exp.DateDiff) -> str:
        unit = self._unit(node.args.get("unit"))
        unit = "天" if unit == "日" else unit
        return f"{self.say(node.expression)}至{self.say(node.this)}相隔的{unit}数"

    def _list(self, node: exp.Func) -> str:
        return "、".join(self.say(e) for e in [node.this, *node.expressions])

    def _if(self, node: exp.If) -> str:
        return f"（{self._branch(node)}）"

    def _branch(self, node: exp.If) -> str:
        otherwise = node.args.get("false")
        tail = f"，否则为 {self.say(otherwise)}" if otherwise is not None else ""
        return f"{self.say(node.this)} 时为 {self.say(node.args['true'])}{tail}"

    def _case(self, node: exp.Case) -> str:
        parts = [self._branch(branch) for branch in node.args.get("ifs") or []]
        default = node.args.get("default")
        if default is not None:
            parts.append(f"其余为 {self.say(default)}")
        return f"（{'；'.join(parts)}）"
