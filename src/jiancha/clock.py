"""The clock and the calendar: every date the product shows or stores is China's.

A procuratorate works on China time (Asia/Shanghai: UTC+8, no daylight saving since 1991),
whatever zone the server's clock is set to. A run's date (bound in place of ``current_date``),
a draft's date, the month a lead was first seen (tallies, statistics) and the period of a
grant are all days of that calendar, taken from one clock: ``now()``. Nothing else may call
``date.today()`` or a naive ``datetime.now()`` — they follow the server's zone, which at
17:25 UTC is still yesterday while it is already 01:25 tomorrow in China.

``now()`` reads the system clock unless ``set_clock`` (tests) put another in its place, so a
test can run the whole product "at 17:25 UTC" without touching the database or the OS clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
"""China time as a fixed offset: Asia/Shanghai has been UTC+8 without daylight saving since 1991,
and a fixed offset needs no time-zone database (absent on some servers)."""


def _system() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_source: Callable[[], dt.datetime] = _system


def now() -> dt.datetime:
    """The current moment, aware, in UTC."""
    moment = _source()
    if moment.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return moment.astimezone(dt.UTC)


def china_now() -> dt.datetime:
    """The current moment in China time."""
    return now().astimezone(CHINA)


def china_today() -> dt.date:
    """Today's date in China, whatever the server's zone."""
    return china_now().date()


def china_day(moment: dt.datetime) -> dt.date:
    """The China date of ``moment`` (a naive one is taken as UTC, as SQLite returns them)."""
    utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return utc.astimezone(CHINA).date()


@contextmanager
def set_clock(source: Callable[[], dt.datetime]) -> Iterator[None]:
    """Read ``source`` instead of the system clock until the block ends (tests)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous


def fixed(at: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that starts at ``at`` and moves on with the real one (so durations stay real)."""
    offset = at - _system()
    return lambda: _system() + offset
