"""The common form of a mobile number checked in numpy, before (and instead of) the SQL twin.

Owns: vouching for phone numbers already written in the standard form, 11 ASCII digits
``1[3-9]…``, which the SQL twin (``names.PHONE``) returns unchanged. Must not touch: any other
form (separators, ``+86``, full-width digits: left to the SQL twin, then the Python type).

Almost every phone number of a real export is in that form, and phone columns hardly repeat, so
the SQL twin ran a regular expression on every value of every batch; here the batch's bytes are
one ``(n, 11)`` matrix (as ``idarrays`` does for ID numbers) and the check is a few array
operations. Like every twin it only accepts: NULL means "on to the SQL twin".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.vectorised.idarrays import byte_matrix

_WIDTH = 11


def _vouched(matrix: np.ndarray) -> np.ndarray:
    """Rows of 11 ASCII digits whose first is 1 and second 3–9."""
    digits = (matrix >= ord("0")) & (matrix <= ord("9"))
    second = matrix[:, 1]
    result: np.ndarray = (
        digits.all(axis=1)
        & (matrix[:, 0] == ord("1"))
        & (second >= ord("3"))
        & (second <= ord("9"))
    )
    return result


def standard_mobiles(values: pa.Array, today: dt.date) -> pa.Array:
    """``values`` where they are mobile numbers in the standard form, NULL elsewhere (``today``:
    the signature every pre-pass shares)."""
    del today
    sized = pc.fill_null(pc.equal(pc.binary_length(values), _WIDTH), False)
    if not pc.any(sized).as_py():
        return pa.nulls(len(values), pa.string())
    good = pa.array(_vouched(byte_matrix(values.filter(sized), _WIDTH)))
    mask = pc.replace_with_mask(sized, sized, good)
    return pc.if_else(mask, values, pa.scalar(None, pa.string()))
