"""The vectorised twin of 居民身份证号 (``id_card``): numpy over the batch's bytes, no SQL.

Owns: vouching for ID numbers the Python type accepts in the forms real files hold — the
standard 18 characters, a 15-digit old number (upgraded: ``19`` inserted, the check character
appended), and, after a compaction like the type's own (NFKC, a leading Excel ``'``, spaces and
dashes dropped, upper case), full-width, spaced, dashed and lower-case-``x`` forms — with the
check character, the birth date (exists, not in the future) and the region code (in force for
the birth year, by the Python rule) all checked. Must not touch: the reasons a value is
invalid, which only the Python type gives (a value not vouched for is NULL and goes to it).

The values of one length are one ``(n, width)`` byte matrix (a view of the string data, not a
copy), so the checksum, the date and the region look-up are a few array operations per batch;
the region look-up is a table of the million possible six-digit codes. The SQL twin this
replaced spent most of its time on the 17-term checksum, and the region check in Arrow cost as
much again.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.vectorised.codes import FULL_WIDTH
from jiancha.identifiers.id_card import last_year_of, region_codes, region_last_year

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_SUMS = np.zeros((17, 3), np.int32)
"""Weights of the 17 digits for, in one product: the checksum, the birth year, the region.
Integers: numpy multiplies them itself, where a float product would go to BLAS, whose threads
then spin on the other core for a while after each batch."""
_SUMS[:, 0] = _WEIGHTS
_SUMS[6:10, 1] = [1000, 100, 10, 1]
_SUMS[:6, 2] = [100_000, 10_000, 1000, 100, 10, 1]
_CHECKS = np.frombuffer(b"10X98765432", np.uint8)
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int32)
_NINETEEN = np.array([1, 9], np.uint8)
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
"""The dashes ``compact_code`` drops."""
COMPACTABLE = "0123456789xX'\uff07 \t\u3000\uff0d\uff58\uff38" + _DASHES + FULL_WIDTH
"""The characters of the forms compacted here: digits, x, the quote, spaces and dashes, in
ASCII or full width (whose NFKC is the same in every Unicode version). A value with any other
character is left to the Python type."""
_ONLY_COMPACTABLE = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in COMPACTABLE) + "]+$"
_NULL = pa.scalar(None, pa.string())
_SEPARATORS = " \t" + _DASHES
"""What ``compact_code`` drops from such a value after NFKC (U+3000 is then a plain space)."""


@cache
def region_years() -> np.ndarray:
    """The last birth year each six-digit region code can stand for, by code (0: unknown)."""
    table = np.zeros(1_000_000, np.int32)
    found = _two_level_regions()
    if found is None:  # another layout of the database
        found = _regions_by_rule()
    table[np.array(list(found), np.int64)] = np.array(list(found.values()), np.int32)
    return table


def _regions_by_rule() -> dict[str, int]:
    """The last year of every known code, asking the Python type's rule code by code."""
    years = {code: region_last_year(code) for code in region_codes()}
    return {code: year for code, year in years.items() if year is not None}


def _two_level_regions() -> dict[str, int] | None:
    """The last years read straight off stdnum's region database when it has the layout the
    Python rule then reduces to — two-digit provinces holding four-digit codes, each its own
    entry, the last entry of a code winning — else ``None``. A tenth of the time of asking
    the rule code by code (tested to agree on every code)."""
    from stdnum import numdb

    counties: dict[str, str] = {}
    for length, low, high, _props, children in numdb.get("cn/loc").prefixes:
        if length != 2 or low != high:
            return None
        for size, first, last, props, below in children:
            if size != 4 or first != last or below or not (low + first).isdigit():
                return None
            if "county" in props:
                counties[low + first] = props["county"]
    years = {code: last_year_of(county) for code, county in counties.items()}
    return {code: year for code, year in years.items() if year is not None}


def byte_matrix(values: pa.Array, width: int) -> np.ndarray:
    """The bytes of ``values`` (all ``width`` bytes long) as an ``(n, width)`` matrix."""
    compact = pa.concat_arrays([values])  # offset 0, data from the first value on
    start = np.frombuffer(compact.buffers()[1], np.int32, 1)[0]
    data = np.frombuffer(compact.buffers()[2], np.uint8, width * len(compact), start)
    return data.reshape(len(compact), width)


def _strings(matrix: np.ndarray) -> pa.Array:
    """The rows of an ``(n, width)`` byte matrix as a string array."""
    rows, width = matrix.shape
    offsets = np.arange(0, (rows + 1) * width, width, dtype=np.int32)
    data = pa.py_buffer(np.ascontiguousarray(matrix).tobytes())
    return pa.Array.from_buffers(pa.string(), rows, [None, pa.py_buffer(offsets), data])


def _checked(digits: np.ndarray, today: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """For rows of 17 digits (``uint8``, 0–9 each): the check character, and whether the birth
    date is real and not after ``today`` and the region code in force for the birth year."""
    sums = digits.astype(np.int32) @ _SUMS
    check = _CHECKS[sums[:, 0] % 11]
    year, region = sums[:, 1], sums[:, 2]
    month = digits[:, 10].astype(np.int32) * 10 + digits[:, 11]
    day = digits[:, 12].astype(np.int32) * 10 + digits[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    longest = _DAYS[np.where(month_ok, month, 0)] - ((month == 2) & ~leap)
    born = year * 10_000 + month * 100 + day
    limit = today.year * 10_000 + today.month * 100 + today.day
    dated = (year >= 1) & month_ok & (day >= 1) & (day <= longest) & (born <= limit)
    in_force = year <= region_years()[region]
    return check, dated & in_force


def _eighteen(matrix: np.ndarray, today: dt.date) -> np.ndarray:
    """Rows of an ``(n, 18)`` matrix that are checked standard ID numbers."""
    digits = matrix[:, :17] - np.uint8(48)  # other bytes wrap round to 10 and above
    last = matrix[:, 17]
    plain = (digits.max(axis=1) <= 9) & (((last >= 48) & (last <= 57)) | (last == 88))
    digits[~plain] = 0  # so that the sums and look-ups stay in range
    check, valid = _checked(digits, today)
    result: np.ndarray = plain & (check == last) & valid
    return result


def _fifteen(matrix: np.ndarray, today: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Rows of an ``(n, 15)`` matrix that are old numbers whose upgrade checks, and the
    upgraded numbers as an ``(n, 18)`` matrix."""
    old = matrix - np.uint8(48)
    plain = old.max(axis=1) <= 9
    old[~plain] = 0
    digits = np.concatenate(
        [old[:, :6], np.broadcast_to(_NINETEEN, (len(old), 2)), old[:, 6:]], axis=1
    )
    check, valid = _checked(digits, today)
    upgraded = np.concatenate([digits + np.uint8(48), check[:, None]], axis=1)
    return plain & valid, upgraded


def _sized(values: pa.Array, width: int) -> pa.Array | None:
    """Which of ``values`` are ``width`` bytes long; None when none is."""
    sized = pc.fill_null(pc.equal(pc.binary_length(values), width), False)
    return sized if pc.any(sized).as_py() else None


def _standard(values: pa.Array, today: dt.date) -> np.ndarray:
    """Which of ``values`` are checked standard ID numbers (18 characters)."""
    standard = np.zeros(len(values), bool)
    sized = _sized(values, 18)
    if sized is not None:
        where = np.flatnonzero(sized.to_numpy(zero_copy_only=False))
        standard[where] = _eighteen(byte_matrix(values.filter(sized), 18), today)
    return standard


def _plain_forms(values: pa.Array, today: dt.date) -> pa.Array:
    """``values`` checked as 18 characters or upgraded from 15 digits; NULL elsewhere."""
    out = pc.if_else(pa.array(_standard(values, today)), values, _NULL)
    sized = _sized(values, 15)
    if sized is None:
        return out
    good, upgraded = _fifteen(byte_matrix(values.filter(sized), 15), today)
    mask = pc.replace_with_mask(sized, sized, pa.array(good))
    return pc.replace_with_mask(out, mask, _strings(upgraded[good]))


def _compacted(values: pa.Array) -> pa.Array:
    """``values`` (made of ``COMPACTABLE`` characters only) as the type's ``compact_code``
    writes them: NFKC, one leading ``'`` dropped, spaces and dashes dropped, upper case."""
    wide = pc.invert(pc.string_is_ascii(values))  # NFKC changes nothing else, and costs
    text = values
    if pc.any(wide).as_py():
        text = pc.replace_with_mask(values, wide, pc.utf8_normalize(values.filter(wide), "NFKC"))
    quoted = pc.starts_with(text, "'")
    if pc.any(quoted).as_py():
        text = pc.if_else(quoted, pc.utf8_slice_codeunits(text, 1), text)
    ascii_only = pc.all(pc.string_is_ascii(text)).as_py()
    for separator in " \t-" if ascii_only else _SEPARATORS:
        text = pc.replace_substring(text, separator, "")
    return pc.ascii_upper(text) if ascii_only else pc.utf8_upper(text)


def standard_ids(values: pa.Array, today: dt.date) -> pa.Array:
    """The standard form of each value the Python type would accept as such (the same
    string), NULL for every other value (left to the Python type)."""
    standard = _standard(values, today)  # the common case first, on the whole batch
    out = pc.if_else(pa.array(standard), values, _NULL)
    rest = values.is_valid().to_numpy(zero_copy_only=False) & ~standard
    if not rest.any():
        return out
    others = values.filter(pa.array(rest))  # 15 digits, spaces, full width, x: a few
    known = pc.match_substring_regex(others, _ONLY_COMPACTABLE)
    again = pc.if_else(known, _plain_forms(_compacted(others), today), _NULL)
    return pc.replace_with_mask(out, pa.array(rest), again)
