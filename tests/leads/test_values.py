"""How result values read in evidence, titles and fingerprints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jiancha.leads import fingerprint
from jiancha.leads.values import plain, shown

KEY = b"k" * 32


def test_plain_forms() -> None:
    assert plain(dt.date(2024, 2, 2)) == "2024-02-02"
    assert plain(dt.datetime(2024, 2, 2)) == "2024-02-02"  # DuckDB's date + INTERVAL
    assert plain(dt.datetime(2024, 2, 2, 10, 30)) == "2024-02-02 10:30:00"
    assert plain(Decimal("5000.00")) == "5000.00"
    assert plain(3.0) == 3 and plain(2.5) == 2.5 and plain("张三") == "张三"


def test_shown_reads_as_chinese() -> None:
    assert (shown(True), shown(False), shown(None)) == ("是", "否", "（空）")
    assert shown(12) == "12" and shown(Decimal("1.50")) == "1.50"


def test_fingerprint_is_stable_across_engine_types() -> None:
    """A date from Spark and a midnight timestamp from DuckDB are the same evidence."""
    from_spark = fingerprint("m", "k", [dt.date(2024, 2, 2), Decimal("10.00")], key=KEY)
    from_duckdb = fingerprint("m", "k", [dt.datetime(2024, 2, 2), Decimal("10.00")], key=KEY)
    assert from_spark == from_duckdb
    assert fingerprint("m", "k", [dt.date(2024, 2, 3)], key=KEY) != fingerprint(
        "m", "k", [dt.date(2024, 2, 2)], key=KEY
    )
    assert len(from_spark) == 64
