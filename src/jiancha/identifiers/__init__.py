"""Semantic field types: the registry that turns one raw cell into its standard value.

This package owns the *meaning* of a cell, after FollowTheMoney's ``types`` registry: each
:class:`SemanticType` (``id_card``, ``credit_code``, ``person_name``, ``date``, ``money``…) cleans a
raw, stripped string into a standard Python value or raises :class:`Invalid` with a Chinese reason,
says how a column of it is stored in Arrow, and how sensitive it is; :func:`guess` picks a type for
a column from its name and a sample of its values.

It must not touch anything else: no I/O (no files, network or environment), no Arrow record
batches or tables (only the ``pyarrow`` data type each type declares), no database, no global
mutable state beyond pure caches. Callers decide what is missing (:func:`is_missing`) before they
call ``clean``.
"""

from .base import CLASSIFICATIONS, MISSING_TOKENS, Invalid, SemanticType, is_missing
from .id_card import birth_date, from_int, sex, to_int, upgrade15
from .registry import UnknownType, all_types, get, guess, names

__all__ = [
    "CLASSIFICATIONS",
    "MISSING_TOKENS",
    "Invalid",
    "SemanticType",
    "UnknownType",
    "all_types",
    "birth_date",
    "from_int",
    "get",
    "guess",
    "is_missing",
    "names",
    "sex",
    "to_int",
    "upgrade15",
]
