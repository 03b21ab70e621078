"""The array twins of ``person_name`` and the organisation names: Arrow's regular expressions
(RE2, as DuckDB's) over the batch, no SQL.

Owns: vouching for a person's name written as a run of Chinese characters, possibly split by
spaces (``王 小 明`` → ``王小明``), and for an organisation name of Chinese characters, letters,
digits and brackets (half-width brackets made the full-width （） of registered names). Must not
touch: dots, other scripts, spaces between words — left to the Python types.

A query per batch cost more in DuckDB's fixed overhead than the expression itself; Arrow runs
the same expressions over a column of names in a few milliseconds.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

_HAN = "\\x{4e00}-\\x{9fa5}"
"""Chinese characters assigned since Unicode 1.1: letters to Python on every version."""
_PLAIN = "^[\\x{3007}\\x{3400}-\\x{4dbf}\\x{4e00}-\\x{9fff}]{1,40}$"
"""The person-name form the Python type passes through unchanged."""
_SPACED = f"^[{_HAN}]+(?: +[{_HAN}]+)*$"
_LONGEST_NAME = 40
_ORG_CHAR = f"[{_HAN}A-Za-z0-9()（）]"
_ORGANISATION = f"^{_ORG_CHAR}*[{_HAN}A-Za-z]{_ORG_CHAR}*$"
_NULL = pa.scalar(None, pa.string())


def person_names(values: pa.Array, today: dt.date) -> pa.Array:
    """Each value the Python type would read as a plain or spaced Chinese name, as it would
    write it; NULL elsewhere (``today``: the signature every array twin shares)."""
    del today
    plain = pc.fill_null(pc.match_substring_regex(values, _PLAIN), False)
    joined = pc.replace_substring(values, " ", "")
    spaced = pc.and_(
        pc.fill_null(pc.match_substring_regex(values, _SPACED), False),
        pc.less_equal(pc.utf8_length(joined), _LONGEST_NAME),
    )
    return pc.if_else(plain, values, pc.if_else(spaced, joined, _NULL))


def organisations(values: pa.Array, today: dt.date) -> pa.Array:
    """Each value the Python type would read as an organisation's name of the plain form, its
    brackets made full-width; NULL elsewhere."""
    del today
    named = pc.fill_null(pc.match_substring_regex(values, _ORGANISATION), False)
    bracketed = pc.replace_substring(pc.replace_substring(values, "(", "（"), ")", "）")
    return pc.if_else(named, bracketed, _NULL)
