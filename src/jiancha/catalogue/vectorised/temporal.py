"""Fast paths of ``date`` and ``datetime``: the forms exports hold by the million.

``2023-05-06``, ``2023/5/6``, ``2023.5.6`` (one separator throughout), ``2023年5月6日`` (or 号),
``20230506`` and Excel serials, each in ASCII or full-width digits; the separated and Chinese
forms optionally followed by a time ``14:30`` or ``14:30:05`` (after a space, a ``T``, or
directly after 日). A written time must exist even where a ``date`` drops it, as in Python.
Chinese-numeral years, fractions of seconds, UTC offsets and ``14时30分`` go to Python.
"""

from __future__ import annotations

from jiancha.catalogue.vectorised.codes import FULL_WIDTH

MAX_SERIAL = 2958465
"""Excel serial of 9999-12-31 (as :mod:`jiancha.identifiers._temporal`)."""

_TIME = r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
_SEPARATED = rf"^([0-9]{{4}})([-/.])([0-9]{{1,2}})([-/.])([0-9]{{1,2}})(?:[ T]{_TIME})?$"
_CHINESE = rf"^([0-9]{{4}})年([0-9]{{1,2}})月([0-9]{{1,2}})(?:[日号](?:[ T]?{_TIME})?)?$"
_PARTS = "['y', 'm', 'd', 'hh', 'mi', 'ss']"

_STAGES = [
    f"translate(@c, '{FULL_WIDTH}－／．：', '0123456789-/.:')",
    f"regexp_extract(@s0, '{_SEPARATED}', ['y', 'a', 'm', 'b', 'd', 'hh', 'mi', 'ss'])",
    f"regexp_extract(@s0, '{_CHINESE}', {_PARTS})",
    "CASE WHEN @s1.y <> '' AND @s1.a = @s1.b THEN {'y': @s1.y, 'm': @s1.m, 'd': @s1.d,"
    " 'hh': @s1.hh, 'mi': @s1.mi, 'ss': @s1.ss}"
    " WHEN @s2.y <> '' THEN @s2"
    " WHEN regexp_full_match(@s0, '[0-9]{8}') THEN {'y': substr(@s0, 1, 4),"
    " 'm': substr(@s0, 5, 2), 'd': substr(@s0, 7, 2), 'hh': '', 'mi': '', 'ss': ''} END",
    # the day
    f"CASE WHEN regexp_full_match(@s0, '[0-9]{{1,7}}')"
    f" AND CAST(@s0 AS INTEGER) BETWEEN 1 AND {MAX_SERIAL}"
    " THEN DATE '1899-12-30' + CAST(@s0 AS INTEGER)"
    " ELSE try_cast(@s3.y || '-' || lpad(@s3.m, 2, '0') || '-' || lpad(@s3.d, 2, '0') AS DATE)"
    " END",
    # the time of day written after it (midnight when none), NULL when it does not exist
    "CASE WHEN @s3 IS NULL OR @s3.hh = '' THEN TIME '00:00:00'"
    " WHEN CAST(@s3.hh AS INTEGER) <= 23 AND CAST(@s3.mi AS INTEGER) <= 59"
    " AND CAST(coalesce(nullif(@s3.ss, ''), '0') AS INTEGER) <= 59"
    " THEN make_time(CAST(@s3.hh AS BIGINT), CAST(@s3.mi AS BIGINT),"
    " CAST(coalesce(nullif(@s3.ss, ''), '0') AS DOUBLE)) END",
]

DATE = [*_STAGES, "CASE WHEN year(@s4) >= 1 AND @s5 IS NOT NULL THEN @s4 END"]
DATETIME = [*_STAGES, "CASE WHEN year(@s4) >= 1 THEN @s4 + @s5 END"]
