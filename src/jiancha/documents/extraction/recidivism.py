"""累犯: which defendants the court's reasoning finds to be recidivists."""

from __future__ import annotations

import re

_RECIDIVIST = re.compile(r"累犯")
_POSITIVE = re.compile(r"(?:系|构成|是|属于?|为|认定)$")
_NEGATIVE = re.compile(r"不|非|否|未|无")


def recidivists(text: str, start: int, end: int, names: list[str]) -> set[str]:
    """Names the reasoning finds to be 累犯 (``系累犯``, ``构成累犯``), attributed to the
    name(s) just before it; a sentence naming no one counts for a sole defendant."""
    found: set[str] = set()
    if not names:
        return found
    who = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for match in _RECIDIVIST.finditer(text, start, end):
        before = text[max(start, match.start() - 4) : match.start()]
        if not _POSITIVE.search(before) or _NEGATIVE.search(before):
            continue
        sentence_start = max(
            text.rfind("。", start, match.start()), text.rfind("；", start, match.start())
        )
        mentioned = list(who.finditer(text, max(start, sentence_start), match.start()))
        if not mentioned:
            if len(names) == 1:
                found.add(names[0])
            continue
        last = mentioned[-1]
        found.add(last.group())
        for other in reversed(mentioned[:-1]):
            if re.fullmatch(r"[、和及与]\s*(?:被告人)?", text[other.end() : last.start()]):
                found.add(other.group())
                last = other
            else:
                break
    return found
