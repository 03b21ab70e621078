"""What each step checked, kept with the compiled model so every lead can say why it was hit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    index: int
    kind: str
    text: str = ""
    columns: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    input: str | None = None
    on: tuple[tuple[str, str], ...] = ()
    detail: str = ""
