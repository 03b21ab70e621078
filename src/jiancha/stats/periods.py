"""Splitting a statistics period into whole months and the days around them (issue 19).

The tallies count leads and actions per month of first sight (China time), so they answer a
period of whole months alone; a period starting or ending inside a month used to be counted
from every lead and action in it. Split, it reads the tallies for the whole months inside it
and only the leads and actions of its part months (at most two spans shorter than a month,
on the index of first sight), whose counts add up: every figure is a count or a sum.

Owns only this split of a resolved ``Scope``; must not count anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from jiancha.clock import CHINA
from jiancha.stats.filters import Scope


def _month_floor(moment: dt.datetime) -> dt.datetime:
    local = moment.astimezone(CHINA)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def _month_ceil(moment: dt.datetime) -> dt.datetime:
    floor = _month_floor(moment)
    if floor == moment:
        return floor
    local = floor.astimezone(CHINA)
    following = local.replace(year=local.year + local.month // 12, month=local.month % 12 + 1)
    return following.astimezone(dt.UTC)


def split(scope: Scope) -> tuple[Scope | None, list[Scope]]:
    """``(months, days)``: the part of ``scope``'s period made of whole months (None: none),
    and the parts of it inside a month (empty when the period is whole months)."""
    first = None if scope.since is None else _month_ceil(scope.since)
    last = None if scope.until is None else _month_floor(scope.until)
    if first is not None and last is not None and first >= last:
        return None, [scope]  # no whole month inside
    days = []
    if scope.since is not None and first is not None and scope.since < first:
        days.append(replace(scope, until=first))
    if scope.until is not None and last is not None and last < scope.until:
        days.append(replace(scope, since=last))
    return replace(scope, since=first, until=last), days
