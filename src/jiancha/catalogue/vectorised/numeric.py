"""Fast paths of ``money``, ``integer`` and ``number``: Arabic figures in the common forms.

Money: an optional minus, ``¥``/``￥`` or ``人民币``, a figure (thousands separators, at most
four decimals, below 10¹⁶ yuan once rounded), an optional 百/千/万/亿 and 元/圆/块, 整.
Chinese numerals (``人民币五千元``), 角/分, ``RMB``, a plus sign or 万亿 go to Python.
"""

from __future__ import annotations

from jiancha.catalogue.vectorised.codes import FULL_WIDTH, SPACES

_FIGURE = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_FOLD = f"'{FULL_WIDTH}＋－，．％', '0123456789+-,.%'"
_NO_SPACES = "replace(replace(@c, ' ', ''), '\u3000', '')"
"""Integer and number drop only spaces (U+3000 is one after NFKC), as the Python types do."""

MONEY = [
    f"translate(regexp_replace(@c, '[{SPACES}]', '', 'g'),"
    f" '{FULL_WIDTH}，．￥－', '0123456789,.¥-')",
    r"regexp_extract(@s0, '^(-?)(?:¥|人民币)?((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,16})"
    r"(?:\.[0-9]{1,4})?)(百|千|万|亿)?[元圆块]?整?$', ['neg', 'num', 'unit'])",
    "round(try_cast(replace(@s1.num, ',', '') AS DECIMAL(38, 4)) * CASE @s1.unit"
    " WHEN '百' THEN 100 WHEN '千' THEN 1000 WHEN '万' THEN 10000 WHEN '亿' THEN 100000000"
    " ELSE 1 END, 2)",
    "CASE WHEN @s1.num <> '' AND @s2 < 10000000000000000"
    " THEN CAST(CASE WHEN @s1.neg = '-' THEN -@s2 ELSE @s2 END AS DECIMAL(18, 2)) END",
]

INTEGER = [
    f"translate({_NO_SPACES}, {_FOLD})",
    f"CASE WHEN length(@s0) <= 40 AND regexp_full_match(@s0, '[+-]?{_FIGURE}(?:\\.0*)?')"
    " THEN try_cast(replace(split_part(@s0, '.', 1), ',', '') AS BIGINT) END",
]

NUMBER = [
    f"regexp_replace(translate({_NO_SPACES}, {_FOLD}), '%$', '')",
    f"CASE WHEN regexp_full_match(@s0, '[+-]?(?:{_FIGURE}(?:\\.[0-9]*)?|\\.[0-9]+)"
    "(?:[eE][+-]?[0-9]+)?') THEN try_cast(replace(@s0, ',', '') AS DOUBLE) END",
    "CASE WHEN isfinite(@s1) THEN @s1 END",
]
