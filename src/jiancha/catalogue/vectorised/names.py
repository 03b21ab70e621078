"""Fast paths of ``phone``, ``person_name`` and the organisation names.

Phone: mainland mobile numbers, with spaces, dashes, brackets or dots between the digits, a
leading ``'``, full-width digits, and +86 / 0086 / 86 in front. Landlines and 400/800 numbers
need ``phonenumbers``' area-code metadata and go to Python.

Names: a run of common Chinese characters, possibly split by spaces (``王 小 明`` → ``王小明``);
organisation names made of Chinese characters, letters, digits and brackets (half-width
brackets become the full-width （） of registered names). Dots, other scripts and spaces between
words go to Python.
"""

from __future__ import annotations

from jiancha.catalogue.vectorised.codes import FULL_WIDTH

_PHONE_SEPARATORS = r"[ \t\-\x{2010}\x{2011}\x{2013}\x{2014}\x{2212}()（）.\x{3000}]"
_HAN = r"\x{4e00}-\x{9fa5}"
"""Chinese characters assigned since Unicode 1.1: letters to Python on every version."""
_PLAIN = r"[\x{3007}\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}]{1,40}"
"""The person-name form the Python type passes through unchanged."""

_PHONE_DIGITS = (
    f"translate(regexp_replace(regexp_replace(@c, '^''+', ''), '{_PHONE_SEPARATORS}', '', 'g'),"
    f" '{FULL_WIDTH}', '0123456789')"
)

PHONE = [
    "CASE WHEN regexp_full_match(@c, '1[3-9][0-9]{9}') THEN @c ELSE nullif(regexp_extract("
    + _PHONE_DIGITS
    + ", '^(?:\\+86|0086|86)?(1[3-9][0-9]{9})$', 1), '') END",
]

PERSON_NAME = [
    f"CASE WHEN regexp_full_match(@c, '{_PLAIN}') THEN @c"
    f" WHEN regexp_full_match(@c, '[{_HAN}]+(?: +[{_HAN}]+)*')"
    " AND length(replace(@c, ' ', '')) <= 40 THEN replace(@c, ' ', '') END",
]

_ORG_CHAR = f"[{_HAN}A-Za-z0-9()（）]"

ORGANISATION = [
    f"CASE WHEN regexp_full_match(@c, '{_ORG_CHAR}*[{_HAN}A-Za-z]{_ORG_CHAR}*')"
    " THEN replace(replace(@c, '(', '（'), ')', '）') END",
]
