"""A quality report as it may be shown: invalid examples masked, no server paths.

An invalid value is still personal data — often a real ID number with one digit mistyped — so
its examples are masked like a lead's values, by the field's semantic type and the value's
shape, never revealing more than a lead would:

- ``id_card``: the first 6 and last 4 characters are kept only when at least 8 stay hidden (as
  on a lead's 18-character number); a shorter value is hidden whole;
- ``phone``: the first 3 and last 4 kept only when at least 4 stay hidden (as on a lead's
  mobile number); otherwise hidden whole;
- ``person_name``: the first character (``governance.masking.mask_name``);
- any other type: ``governance.masking.mask_any`` (ID-shaped and phone-shaped values, and
  those inside a text, are masked).

A line quoted by an error message (a row with the wrong number of fields) is masked the same way,
names included (``masked_line``).

The reason never names the right check character: reasons stored by older versions
(``校验位错误（应为X）``) are cut back to ``校验位错误``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from jiancha.governance.masking import mask_any, mask_name, mask_text

_CHECK_HINT = re.compile(r"（应为[^）]*）")
_EDGE = "\\s,;|\"'，；、"
_NAME_CELL = re.compile(rf"(?<![^{_EDGE}])([\u3400-\u9fff·•]{{2,6}})(?![^{_EDGE}])")
"""A whole cell of 2–6 Chinese characters (a dot allowed): the shape of a person's name."""
_SEPARATORS = re.compile(r"[\\/]")
_SHAPES = {"id_card": (6, 4, 8), "phone": (3, 4, 4)}
"""Per type: characters kept at the start and at the end, and the fewest that must stay hidden."""


def mask_example(value: Any, semantic: str) -> Any:
    """An invalid ``value`` of a ``semantic`` field, masked for display."""
    if not isinstance(value, str) or not value:
        return value
    if semantic in _SHAPES:
        head, tail, hidden = _SHAPES[semantic]
        if len(value) - head - tail >= hidden:
            return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]
        return "*" * len(value)
    if semantic == "person_name":
        return mask_name(value)
    return mask_any(value)


def masked_line(text: str) -> str:
    """A line of a source file as an error message may quote it (to help find the line): ID and
    mobile numbers masked as in any text, and every whole cell shaped like a person's name cut
    to its first character — which cells are names is not known before the fields are planned,
    so any short all-Chinese cell is (a 缓刑 or 法院 masked too costs the reader little)."""
    return _NAME_CELL.sub(lambda found: mask_name(found.group(1)), mask_text(text))


def clean_reason(reason: Any) -> Any:
    """The reason an example is invalid, without the check character it should have had."""
    return _CHECK_HINT.sub("", reason) if isinstance(reason, str) else reason


def masked_examples(examples: Sequence[dict[str, Any]], semantic: str) -> list[dict[str, Any]]:
    """Stored invalid examples (``row``, ``value``, ``reason``) as they may be shown."""
    return [
        example
        | {"value": mask_example(example.get("value"), semantic)}
        | {"reason": clean_reason(example.get("reason"))}
        for example in examples
    ]


def public_source(source_name: str, source_format: str) -> str:
    """Where a version came from, without the server's directories or a database's address:
    a file by its name, a database table by its name."""
    if source_format == "database":
        return source_name.partition("#")[2] or source_name
    return _SEPARATORS.split(source_name)[-1]
