"""The common form of an ID number checked in numpy, before (and instead of) the SQL twin.

Owns: vouching for ID numbers already written in the standard form (17 ASCII digits and a
digit or ``X``) whose check character and birth date are right. Must not touch: any other form
(left to the SQL twin, :mod:`.codes`) or the region code (checked after both, ``region_filter``).

Almost every ID number of a real file is in the standard form; the SQL twin spends most of its
time on the 17-term checksum of those. Here the batch's bytes are one ``(n, 18)`` numpy matrix
(a view of the string data, not a copy), so the checksum and the date are a few array
operations per batch (Arrow's kernels, one allocation per step, were no faster than the SQL).
Like every twin it only accepts: a value it does not vouch for (NULL) goes on to the SQL twin
and then to the Python type.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], np.int64)
_CHECKS = np.frombuffer(b"10X98765432", np.uint8)
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
_PLACES = np.array([1000, 100, 10, 1], np.int64)


def byte_matrix(values: pa.Array, width: int) -> np.ndarray:
    """The bytes of ``values`` (all ``width`` bytes long) as an ``(n, width)`` matrix."""
    compact = pa.concat_arrays([values])  # offset 0, data from the first value on
    start = np.frombuffer(compact.buffers()[1], np.int32, 1)[0]
    data = np.frombuffer(compact.buffers()[2], np.uint8, width * len(compact), start)
    return data.reshape(len(compact), width)


def _vouched(matrix: np.ndarray, today: dt.date) -> np.ndarray:
    """Rows that are standard ID numbers with the right check character and a real birth date
    not after ``today`` (the region code aside)."""
    digits = matrix[:, :17].astype(np.int64) - 48
    last = matrix[:, 17]
    plain = ((digits >= 0) & (digits <= 9)).all(axis=1)
    plain &= ((last >= 48) & (last <= 57)) | (last == 88)
    digits[~plain] = 0  # other bytes could make the sums negative
    check = _CHECKS[(digits @ _WEIGHTS) % 11]
    year = digits[:, 6:10] @ _PLACES
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    longest = _DAYS[np.where(month_ok, month, 0)] - ((month == 2) & ~leap)
    born = year * 10_000 + month * 100 + day
    limit = today.year * 10_000 + today.month * 100 + today.day
    dated = (year >= 1) & month_ok & (day >= 1) & (day <= longest) & (born <= limit)
    result: np.ndarray = plain & (check == last) & dated
    return result


def standard_ids(values: pa.Array, today: dt.date) -> pa.Array:
    """``values`` where they are checked standard ID numbers, NULL elsewhere."""
    sized = pc.fill_null(pc.equal(pc.binary_length(values), 18), False)
    if not pc.any(sized).as_py():
        return pa.nulls(len(values), pa.string())
    good = pa.array(_vouched(byte_matrix(values.filter(sized), 18), today))
    mask = pc.replace_with_mask(sized, sized, good)
    return pc.if_else(mask, values, pa.scalar(None, pa.string()))
