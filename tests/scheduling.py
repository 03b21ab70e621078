"""The order the suite runs in on xdist's workers: the long tests first, spread over them.

``pytest-xdist``'s work stealing (``--dist worksteal``, what ``scripts/run-tests.sh`` runs) first
cuts the collection into one contiguous share a worker, then lets an idle worker take half of
the longest queue left, from its end. In collection order the longest tests (the browser
tests, the benchmarks run in miniature, the demo builds) sat in the last share, where the
browser tests of ``tests/web`` are, and started near the end of the run: the run waited for
them on one or two workers while the others had finished. ``deal`` reorders the items so that
each worker's share opens with its hand of long tests, dealt longest first to the share with the
least of them so far (the "longest processing time first" rule), and every other test keeps its
collection order after them.

A long test says so with ``@pytest.mark.slow(seconds=N)``: N is what it took in a CI run of the
whole suite on two cores (roughly; it only orders the long tests among themselves).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

import pytest

T = TypeVar("T")
UNSTATED = 30.0
"""The cost of a test marked ``slow`` without ``seconds``."""


def shares(total: int, workers: int) -> list[int]:
    """The sizes of xdist's first shares: ``len(pending) // nodes_remaining`` for each worker
    in turn (``WorkStealingScheduling.check_schedule``)."""
    sizes = []
    for i in range(workers):
        size = total // (workers - i)
        sizes.append(size)
        total -= size
    return sizes


def deal(items: Sequence[T], cost: Callable[[T], float], workers: int) -> list[T]:
    """``items`` in the order that opens each of ``workers`` shares with its long tests (those
    whose ``cost`` is above 0); the others keep their order."""
    slow = sorted((i for i in items if cost(i) > 0), key=cost, reverse=True)
    rest = [i for i in items if cost(i) <= 0]
    if workers <= 1:
        return slow + rest
    loads = [0.0] * workers
    hands: list[list[T]] = [[] for _ in range(workers)]
    for item in slow:
        lightest = loads.index(min(loads))
        hands[lightest].append(item)
        loads[lightest] += cost(item)
    ordered: list[T] = []
    taken = 0
    for hand, size in zip(hands, shares(len(items), workers), strict=True):
        fill = max(size - len(hand), 0)
        ordered += hand + rest[taken : taken + fill]
        taken += fill
    return ordered + rest[taken:]


def seconds(item: pytest.Item) -> float:
    """What a test's ``slow`` mark says it takes; 0 for a test without one."""
    mark = item.get_closest_marker("slow")
    if mark is None:
        return 0.0
    return float(mark.kwargs.get("seconds", UNSTATED))


def workers() -> int:
    """How many xdist workers this run has (1 without xdist)."""
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
