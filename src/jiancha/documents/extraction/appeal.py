"""Second-instance judgments that uphold the first: the penalty recited from the original one."""

from __future__ import annotations

import re

from jiancha.documents.extraction.disposition import person_chunks

_JUDGED = re.compile(r"判决[：:]|判处")


def original_recital(text: str, start: int, end: int, name: str) -> list[tuple[int, int]]:
    """For an appeal that upholds the judgment: the penalty recited from the original one."""
    for match in reversed(list(_JUDGED.finditer(text, start, end))):
        stop = re.compile(r"。\s|。上诉|。宣判").search(text, match.end(), end)
        limit = stop.start() + 1 if stop else min(end, match.end() + 600)
        pieces = person_chunks(text, match.end(), limit, [name]).get(name, [])
        if pieces:
            return pieces
    return []
