"""Penalties fixed by statute, used to read an obvious slip in a disposition as the court meant.

危险驾驶罪 (刑法第一百三十三条之一) carries only 拘役 (with a fine). A disposition that writes
``犯危险驾驶罪，判处有期徒刑三个月，缓刑四个月`` — typically an appeal item restating an upheld
拘役 — names a penalty the offence cannot carry; a term within 拘役's range (one to six
months, 第四十二条) is read as 拘役 and the reading is reported as a warning, so a reviewer
still sees the slip.
"""

from __future__ import annotations

DETENTION_ONLY = frozenset({"危险驾驶罪"})
_DETENTION_MAX_MONTHS = 6


def statutory_penalty(charges: list[str], penalty: str | None, months: int | None) -> str | None:
    """The penalty the law allows when the written one is impossible for the charges, else None."""
    if (
        penalty == "有期徒刑"
        and charges
        and all(charge in DETENTION_ONLY for charge in charges)
        and months is not None
        and months <= _DETENTION_MAX_MONTHS
    ):
        return "拘役"
    return None
