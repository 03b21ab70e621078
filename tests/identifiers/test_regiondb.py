"""The fast region look-up answers exactly as stdnum's own ``NumDB.info`` does."""

from __future__ import annotations

import random

from stdnum import numdb

from jiancha.identifiers._regiondb import region_properties
from jiancha.identifiers.id_card import region_codes


def _reference(code: str) -> dict[str, str]:
    return {k: v for _, props in numdb.get("cn/loc").info(code) for k, v in props.items()}


def test_every_known_code_has_the_properties_info_gives() -> None:
    codes = region_codes()
    assert len(codes) > 3000
    assert all(region_properties(c) == _reference(c) for c in codes)


def test_unknown_short_long_and_odd_codes_too() -> None:
    rng = random.Random(19)
    codes = region_codes()
    odd = ["", "1", "13", "130", "99999999", "1a0000", "13a", "1/", "１１０１０１", "0000"]
    odd += [f"{rng.randrange(10**6):06d}" for _ in range(2000)]
    odd += [c[:5] for c in codes[::7]] + [c + "1" for c in codes[::7]]
    for code in odd:
        assert region_properties(code) == _reference(code), code
