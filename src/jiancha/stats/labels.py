"""Chinese labels for every figure, area and line, and the columns of a statistics table.

One list, :data:`COLUMNS`, says which figures a table shows, in which order, under which
heading and in which format; the command line and the Excel sheet both read it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiancha.leads.actions import ACTION_KINDS

AREA_LABELS: dict[str, str] = {
    "criminal": "刑事检察",
    "civil": "民事检察",
    "administrative": "行政检察",
    "public_interest": "公益诉讼检察",
}
LINE_LABELS: dict[str, str] = {
    "ordinary_crime": "普通犯罪检察",
    "serious_crime": "重大犯罪检察",
    "duty_crime": "职务犯罪检察",
    "economic_crime": "经济犯罪检察",
    "criminal_execution": "刑事执行检察",
    "civil": "民事检察",
    "administrative": "行政检察",
    "public_interest": "公益诉讼检察",
    "juvenile": "未成年人检察",
    "petition": "控告申诉检察",
}

INT, PERCENT, MONEY, DAYS, TEXT = "int", "percent", "money", "days", "text"

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("leads", "线索数", INT),
    ("verified", "已核查", INT),
    ("confirmed", "核查属实", INT),
    ("cases", "成案", INT),
    *((f"actions.{kind}", label, INT) for kind, label in ACTION_KINDS.items()),
    ("actions_total", "监督文书合计", INT),
    ("adopted_total", "文书被采纳", INT),
    ("leads_with_actions", "制发文书线索数", INT),
    ("leads_with_feedback", "收到整改反馈线索数", INT),
    ("precision", "精准率", PERCENT),
    ("conversion", "成案率", PERCENT),
    ("adoption_rate", "采纳率", PERCENT),
    ("recovered_amount", "挽回经济损失（元）", MONEY),
    ("persons_affected", "涉及人数", INT),
    ("rules_made", "建章立制", INT),
    ("avg_days_to_action", "平均处置天数", DAYS),
)
"""(path in a figures dict, Chinese heading, format) for every figure of the funnel."""

LEDGER_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("model", "模型编号", TEXT),
    ("name", "模型名称", TEXT),
    ("area_label", "检察领域", TEXT),
    ("line_label", "业务条线", TEXT),
    ("org_name", "建模单位", TEXT),
    ("runs", "运行次数", INT),
    ("succeeded_runs", "成功运行次数", INT),
    ("last_run_on", "最近运行日期", TEXT),
    ("leads", "线索数", INT),
    ("verified", "已核查", INT),
    ("confirmed", "核查属实", INT),
    ("cases", "成案", INT),
    ("actions", "监督文书", INT),
    ("adopted", "文书被采纳", INT),
    ("recovered_amount", "挽回经济损失（元）", MONEY),
)
"""(key in a ledger row, Chinese heading, format) for every column of a ledger."""


def pick(figures: dict[str, Any], path: str) -> Any:
    """The value at ``path`` (``actions.suggestion``) of a figures dict."""
    value: Any = figures
    for part in path.split("."):
        value = value[part]
    return value


def shown(value: Any, fmt: str) -> str:
    """A figure as a person reads it: 12.5%, 15,000.00, 3.5, — for no value."""
    if value is None:
        return "—"
    if fmt == TEXT:
        return str(value)
    if fmt == PERCENT:
        return f"{float(value):.1%}"
    if fmt == MONEY:
        return f"{Decimal(str(value)):,.2f}"
    if fmt == DAYS:
        return f"{float(value):.1f}"
    return f"{int(value):,}"
