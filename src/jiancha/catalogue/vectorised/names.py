"""The SQL twin of ``phone`` (names have array twins: :mod:`.namearrays`).

Mainland mobile numbers, with spaces, dashes, brackets or dots between the digits, a leading
``'``, full-width digits, and +86 / 0086 / 86 in front (the standard form is checked first in
numpy, :mod:`.phonearrays`). Landlines and 400/800 numbers need ``phonenumbers``' area-code
metadata and go to Python.
"""

from __future__ import annotations

from jiancha.catalogue.vectorised.codes import FULL_WIDTH

_PHONE_SEPARATORS = r"[ \t\-\x{2010}\x{2011}\x{2013}\x{2014}\x{2212}()（）.\x{3000}]"

_PHONE_DIGITS = (
    f"translate(regexp_replace(regexp_replace(@c, '^''+', ''), '{_PHONE_SEPARATORS}', '', 'g'),"
    f" '{FULL_WIDTH}', '0123456789')"
)

PHONE = [
    "CASE WHEN regexp_full_match(@c, '1[3-9][0-9]{9}') THEN @c ELSE nullif(regexp_extract("
    + _PHONE_DIGITS
    + ", '^(?:\\+86|0086|86)?(1[3-9][0-9]{9})$', 1), '') END",
]
