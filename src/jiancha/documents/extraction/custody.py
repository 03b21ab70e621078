"""Whether a person is in custody at the time of the document (在押)."""

from __future__ import annotations

import re

from jiancha.documents.extraction.measures import Measure, current_case_start

_HELD = re.compile(r"现羁押|现押于|现在押|现被羁押|现关押|在押|羁押于|服刑|收监|送监执行|投送监狱")
_FREE = re.compile(r"现在家|现取保|现被取保|现监视居住|取保候审在家|未予收押|在逃|现住所地监视居住")
_RELEASE = re.compile(r"(?<!刑满)释放|解除")


def custody_status(text: str, start: int, end: int, measures: list[Measure]) -> bool | None:
    """In custody at the time of the document: the later of the last stated status
    (``现羁押于`` / ``现在家``…) and the last measure decides (``在逃`` before a later arrest,
    ``羁押于`` before a later 取保候审 are past states)."""
    lo = current_case_start(text, start, end)
    stated = [(m.start(), True) for m in _HELD.finditer(text, lo, end)]
    stated += [(m.start(), False) for m in _FREE.finditer(text, lo, end)]
    last = max(measures, key=lambda m: m.start) if measures else None
    if stated:
        position, held = max(stated)
        if last is None or position >= last.start:
            return held
    if last is None:
        return None
    if last.type in ("取保候审", "监视居住"):
        return False
    return not _RELEASE.search(text, last.start, end)
