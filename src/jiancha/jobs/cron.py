"""Cron expressions of schedules (定时运行), read by the croniter library: five fields (minute,
hour, day of month, month, day of week) in a named time zone (default Asia/Shanghai).

Must not touch: schedules' rows (``schedules``) or the queue (``scheduler``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from croniter import croniter

from jiancha.errors import JianchaError

DEFAULT_TIMEZONE = "Asia/Shanghai"
CRON_HINT = (
    "应为 5 段：分 时 日 月 周，以空格分隔，如“0 2 * * *”（每天 2:00）、"
    "“30 8 * * 1-5”（工作日 8:30）、“0 */6 * * *”（每 6 小时）"
)


def check_cron(expression: str) -> str:
    """The expression, whitespace normalised, or a Chinese error naming it."""
    cron = " ".join(expression.split())
    if len(cron.split(" ")) != 5 or not croniter.is_valid(cron):
        raise JianchaError(f"定时表达式“{expression}”无效", hint=CRON_HINT)
    return cron


def check_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone called ``name``, or a Chinese error naming it."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise JianchaError(f"时区“{name}”无效", hint="如 Asia/Shanghai") from None


def next_firing(cron: str, timezone: str, after: dt.datetime) -> dt.datetime:
    """The first moment after ``after`` (aware) the expression fires, in UTC."""
    local = after.astimezone(check_timezone(timezone))
    following: dt.datetime = croniter(cron, local).get_next(dt.datetime)
    return following.astimezone(dt.UTC)
