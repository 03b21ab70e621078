"""Valid identifiers for tests, computed with stdnum rather than invented."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from stdnum.cn import ric, uscc


def make_id(region: str, born: dt.date, seq: int = 2) -> str:
    """An 18-character ID number with the right check character."""
    id17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return id17 + ric.calc_check_digit(id17 + "0")


def make_uscc(body17: str) -> str:
    """A credit code with the right check character."""
    return body17 + uscc.calc_check_digit(body17)


@cache
def region_spans() -> tuple[tuple[str, int, int], ...]:
    """(6-digit county code, first year, last year) for every span in stdnum's table,
    clipped to 1900 – this year."""
    last_year = dt.date.today().year
    spans: list[tuple[str, int, int]] = []
    province = ""
    for line in Path(ric.__file__).with_name("loc.dat").read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, _, props = line.strip().partition(" ")
        if not line.startswith(" "):
            province = code
            continue
        for county in props.removeprefix('county="').removesuffix('"').split(","):
            first, last = 1900, last_year
            if county.startswith("["):
                start, end = county[1:].split("]")[0].split("-")
                first, last = max(first, int(start or first)), min(last, int(end or last))
            if first <= last:
                spans.append((province + code, first, last))
    return tuple(spans)


ID_1949 = make_id("110105", dt.date(1949, 12, 31), 2)
"""11010519491231002X: Beijing Chaoyang, born 1949-12-31, a woman."""
ID_MAN = make_id("330106", dt.date(1985, 7, 1), 13)
