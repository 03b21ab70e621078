"""Pieces shared by the 起诉书 and 起诉意见书 readers: numbers, addressee, date, charges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jiancha.documents.extraction.dates import absolute_dates
from jiancha.documents.extraction.text import CLOSE_CLASS, GAP, OPEN_CLASS, mentions

Span = tuple[int, int]
CN = "\u4e00-\u9fa5"
DOC_NUMBER = re.compile(
    rf"[{CN}0-9（）()]{{1,24}}?{OPEN_CLASS} *\d{{4}} *{CLOSE_CLASS} *第? *\d+ *号"
)
_ADDRESSEE = re.compile(rf"此{GAP}致[\s：:]*(?P<org>[{CN}（）()]{{2,40}}?(?:法院|检察院))")
_ISSUER = re.compile(
    rf"(?P<org>[{CN}（）()]{{2,40}}(?:检察院|公安局|分局|公安处|派出所|缉私局|局))\s*$"
)
_NUMBER_LEAD = re.compile(r"^.*(?:文号为|文号|以|为|：|:)")
_CHARGE_LIST = re.compile(r"(?<=罪)[、和及]")
CHARGE_END = "罪(?!所得|活动|分子|收益)"
"""The 罪 that ends a charge: not the 罪 of ``帮助信息网络犯罪活动罪``, ``掩饰、隐瞒犯罪所得罪``."""
SUSPECTED = re.compile(
    rf"涉嫌(?:犯)?(?P<charges>[{CN}、]{{1,60}}?{CHARGE_END}"
    rf"(?:[、和及](?!被告人|犯罪嫌疑人)[{CN}]{{1,30}}?{CHARGE_END})*)"
)
"""``涉嫌诈骗罪、盗窃罪`` (a list of charges)."""


def first_number(text: str, start: int, end: int) -> re.Match[str] | None:
    return DOC_NUMBER.search(text, start, end)


def issuer_before(text: str, title_start: int) -> tuple[str | None, Span | None]:
    """The organ named on the line(s) before the title."""
    head = text[:title_start].strip()
    if not head:
        return None, None
    last = _ISSUER.search(text, 0, title_start)
    if last is None:
        return None, None
    return last["org"], (last.start("org"), last.end("org"))


def addressee(text: str) -> tuple[str | None, Span | None]:
    found = list(_ADDRESSEE.finditer(text))
    if not found:
        return None, None
    last = found[-1]
    return last["org"], (last.start("org"), last.end("org"))


def closing_date(text: str, start: int) -> tuple[str | None, Span | None]:
    """The last date after ``start`` (the addressee), before any 附件 list."""
    attachment = text.find("附", start)
    end = attachment if attachment > start else len(text)
    hits = [h for h in absolute_dates(text, start, end) if h.value]
    if not hits:
        hits = [h for h in absolute_dates(text, start) if h.value]
    if not hits:
        return None, None
    last = hits[-1]
    return (last.value.isoformat() if last.value else None), (last.start, last.end)


def clean_number(number: str) -> str:
    """A cited 文号 without the words that led into it (``文号为…``) and without spaces."""
    return re.sub(r"\s+", "", _NUMBER_LEAD.sub("", number))


def split_charges(raw: str) -> list[str]:
    """``盗窃罪、诈骗罪`` → two charges; ``走私、贩卖、运输、制造毒品罪`` stays one."""
    return [part.strip() for part in _CHARGE_LIST.split(raw) if part.strip().endswith("罪")]


def sentences_naming(
    text: str, start: int, end: int, name: str, alone: bool, names: tuple[str, ...] = ()
) -> list[Span]:
    """Sentences (split at 。) in ``text[start:end]`` that name the person (all, if ``alone``);
    ``names`` are all the persons, so that ``陈琴`` is not found in ``陈琴慧``."""
    spans: list[Span] = []
    position = start
    for match in re.finditer(r"。", text[start:end]):
        stop = start + match.end()
        if alone or mentions(text, position, stop, name, names):
            spans.append((position, stop))
        position = stop
    if position < end and (alone or mentions(text, position, end, name, names)):
        spans.append((position, end))
    return spans


@dataclass
class Frame:
    """What a prosecution-stage document (起诉书, 起诉意见书) states around its body: the issuing
    organ before the title, the 文号 after it, the organ after 此致 and the closing date, with
    their spans under the caller's field names."""

    issuer: str | None
    number: re.Match[str] | None
    addressee: str | None
    addressee_span: Span | None
    date: str | None
    body_start: int
    spans: dict[str, list[int]] = field(default_factory=dict)


def read_frame(text: str, title: re.Pattern[str], issuer_key: str, addressee_key: str) -> Frame:
    """The frame of a document whose title ``title`` matches; spans keyed ``issuer_key``,
    ``case_number``, ``addressee_key`` and ``doc_date``."""
    found = title.search(text)
    title_start, title_end = (found.start(), found.end()) if found else (0, 0)
    issuer, issuer_span = issuer_before(text, title_start)
    number = first_number(text, title_end, title_end + 200)
    to, to_span = addressee(text)
    date, date_span = closing_date(text, to_span[1] if to_span else len(text) // 2)
    frame = Frame(issuer, number, to, to_span, date, number.end() if number else title_end)
    for key, span in (
        (issuer_key, issuer_span),
        ("case_number", (number.start(), number.end()) if number else None),
        (addressee_key, to_span),
        ("doc_date", date_span),
    ):
        if span:
            frame.spans[key] = list(span)
    return frame
