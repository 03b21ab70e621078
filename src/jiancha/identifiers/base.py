"""The contract every semantic type implements.

A semantic type turns one raw cell (always a non-empty, stripped ``str``) into its standard
value, or raises :class:`Invalid` with a reason a data administrator can read. Types are
stateless singletons kept in :mod:`jiancha.identifiers.registry`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, ClassVar

import pyarrow as pa

CLASSIFICATIONS = ("public", "internal", "sensitive", "core")
"""Data classification levels (数据分类分级), lowest first."""

MISSING_TOKENS = frozenset(
    {"", "null", "none", "nan", "n/a", "na", "#n/a", "-", "--", "—", "——", "/", "\\n", "无数据"}
)
"""Cell contents (compared case-insensitively, after stripping) that mean "no value"."""


def is_missing(raw: str | None) -> bool:
    """True when a raw cell holds no value at all (empty, whitespace, or a null token)."""
    return raw is None or raw.strip().lower() in MISSING_TOKENS


BAD_CHECK = "校验位错误"
"""The reason for a wrong check character; it never names the right one (that would complete
an invalid, possibly made-up number for whoever reads a quality report)."""


class Invalid(ValueError):
    """A raw value that cannot be read as its semantic type; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SemanticType(ABC):
    """One semantic field type (DESIGN: id_card, credit_code, person_name, …)."""

    name: ClassVar[str]
    """Code name used in specs and schema files, e.g. ``id_card``."""
    label: ClassVar[str]
    """Chinese label shown to users, e.g. ``居民身份证号``."""
    storage: ClassVar[pa.DataType]
    """Arrow type of the standardised column."""
    classification: ClassVar[str] = "internal"
    """Default classification of a field of this type."""
    name_patterns: ClassVar[tuple[str, ...]] = ()
    """Regular expressions (searched, case-insensitive) on a column name that suggest this type."""
    keeps_raw: ClassVar[bool] = True
    """Whether the import stores the raw text beside the standard value."""

    @abstractmethod
    def clean(self, raw: str) -> Any:
        """Return the standard value of ``raw`` (non-empty, stripped) or raise :class:`Invalid`."""

    def sniff(self, raw: str) -> bool:
        """Whether ``raw`` alone is good evidence that a column holds this type.

        Conservative by default: a value must clean without error. Types whose clean accepts
        too much (plain integers as dates, say) override this to demand a distinctive form.
        """
        try:
            self.clean(raw)
        except Invalid:
            return False
        return True

    def matches_name(self, column: str) -> bool:
        """Whether a column name suggests this type."""
        return any(re.search(p, column, re.IGNORECASE) for p in self.name_patterns)

    def __repr__(self) -> str:
        return f"<SemanticType {self.name}>"
