"""Effectiveness statistics (效能统计) and the four model ledgers (四本台账).

Owns: the funnel per model, office (with its subtree), area, line or month — leads, verified,
confirmed, cases, actions by kind, feedback, precision, money recovered, days to the first
action — the ledgers 在建 / 已建 / 应用成熟 / 成效, and their Excel export. Read-only: it counts
with grouped queries and must not change leads, models or anything else in the store.
Definitions: ``docs/statistics.md``.
"""

from jiancha.stats.excel import export_xlsx, workbook_bytes
from jiancha.stats.filters import GROUPS, StatsFilter, parse_day
from jiancha.stats.funnel import statistics
from jiancha.stats.ledgers import LEDGERS, model_ledgers

__all__ = [
    "GROUPS",
    "LEDGERS",
    "StatsFilter",
    "export_xlsx",
    "model_ledgers",
    "parse_day",
    "statistics",
    "workbook_bytes",
]
