"""The suite's order on xdist's workers (``tests.scheduling``): each worker's first share opens
with its long tests, and no test is lost or repeated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.scheduling import deal, shares


def test_shares_are_xdists_first_distribution() -> None:
    assert shares(10, 4) == [2, 2, 3, 3]
    assert shares(3065, 4) == [766, 766, 766, 767]
    assert shares(5, 1) == [5]


def test_each_share_opens_with_its_long_tests_longest_first() -> None:
    costs = {f"t{i}": 0.0 for i in range(20)} | {"a": 100.0, "b": 90.0, "c": 50.0, "d": 45.0}
    costs |= {"e": 40.0}
    items = list(costs)  # the long tests collected last, as tests/web is
    ordered = deal(items, costs.__getitem__, 2)
    first, second = ordered[:12], ordered[12:]
    # longest first, each to the share with the least so far: a | b, then c to b's (90 < 100),
    # d to a's (100 < 140), e to b's (140 < 145)
    assert first[:2] == ["a", "d"] and second[:3] == ["b", "c", "e"]
    assert first[2:] == [f"t{i}" for i in range(10)]
    assert second[3:] == [f"t{i}" for i in range(10, 20)]


def test_without_workers_the_long_tests_come_first() -> None:
    costs = {"x": 0.0, "slow": 5.0, "y": 0.0, "slower": 9.0}
    assert deal(list(costs), costs.__getitem__, 1) == ["slower", "slow", "x", "y"]


@given(
    st.lists(st.sampled_from([0.0, 0.0, 0.0, 1.0, 30.0, 200.0]), max_size=60),
    st.integers(min_value=1, max_value=6),
)
def test_every_test_runs_once(costs: list[float], workers: int) -> None:
    items = list(range(len(costs)))
    ordered = deal(items, costs.__getitem__, workers)
    assert sorted(ordered) == items
    rest = [i for i in ordered if costs[i] == 0]
    assert rest == sorted(rest), "the others keep their collection order"
