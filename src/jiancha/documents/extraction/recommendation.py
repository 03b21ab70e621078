"""The 量刑建议 of an indictment for one defendant."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiancha.documents.extraction.numbers import MONEY, money_value, parse_duration

Span = tuple[int, int]
_PENALTY = re.compile(
    r"无期徒刑|死刑|有期徒刑|拘役|管制(?=[0-9〇零一二两三四五六七八九十])|单处罚金|免予刑事处罚"
)
_RANGE = re.compile(r"\s*(?:至|到|-|—|～|~|－)\s*")
_NO_PROBATION = re.compile(r"不(?:宜|应|予)?(?:适用|宣告)缓刑|不建议适用缓刑|实刑")
_PROBATION = re.compile(r"(?:适用|宣告|可以适用|可适用|并?处?)缓刑")
_FINE = re.compile(rf"罚金{MONEY}")
_PROPOSAL = re.compile(r"建议")


@dataclass
class Proposal:
    span: Span | None = None
    penalty: str | None = None
    term_min: int | None = None
    term_max: int | None = None
    probation: bool | None = None
    fine_yuan: float | None = None


def read_proposal(text: str, span: Span) -> Proposal:
    """Parse ``建议判处被告人X有期徒刑一年至一年六个月，适用缓刑，并处罚金人民币三千元``."""
    start, end = span
    body = text[start:end]
    proposal = Proposal(span=span)
    penalty = _PENALTY.search(body)
    if penalty:
        proposal.penalty = penalty.group()
        rest = body[penalty.end() :]
        low = parse_duration(rest)
        if low and proposal.penalty in ("有期徒刑", "拘役", "管制"):
            proposal.term_min = proposal.term_max = low[0]
            consumed = re.match(r"[0-9〇零一二两三四五六七八九十年又个月日天]+", rest)
            after = rest[consumed.end() :] if consumed else rest
            joint = _RANGE.match(after)
            if joint:
                high = parse_duration(after[joint.end() :])
                if high:
                    proposal.term_max = high[0]
    if _NO_PROBATION.search(body):
        proposal.probation = False
    elif _PROBATION.search(body):
        proposal.probation = True
    fine = _FINE.search(body)
    if fine:
        proposal.fine_yuan = money_value(fine)
    return proposal


def find_proposal(text: str, sentences: list[Span]) -> Span | None:
    """The first sentence that makes a sentencing proposal."""
    for start, end in sentences:
        found = _PROPOSAL.search(text, start, end)
        if found and _PENALTY.search(text, found.end(), end):
            return found.start(), end
    return None
