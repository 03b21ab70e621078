"""The disposition (判决主文) of one person: charges, principal penalty, term, probation, fine."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from jiancha.documents.extraction.dates import ABSOLUTE, date_of, date_parts
from jiancha.documents.extraction.numbers import MONEY, money_value, parse_duration
from jiancha.documents.extraction.priors import inside, prior_clauses

Span = tuple[int, int]

_ITEM = re.compile(
    r"(?:^|(?<=[\s。；;]))(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]、?)"
)
_RECITAL = re.compile(r"\s*(?:撤销|维持|驳回)")
CHARGE = re.compile(
    r"犯(?!罪)(?P<charge>(?:犯(?=罪(?:所得|活动|分子|收益))|[^，,。；;：:（()）\s犯]){1,30}?"
    r"罪(?!所得|活动|分子|收益))"
)
_PRINCIPAL = re.compile(r"无期徒刑|死刑|有期徒刑|拘役|管制(?=[0-9〇零一二两三四五六七八九十])")
_EXEMPT = re.compile(r"免[予于除]刑事处罚")
_PROBATION = re.compile(r"缓刑(?:考验期(?:限)?为?)?(?=[0-9〇零一二两三四五六七八九十])")
_FINE = re.compile(rf"罚金(?:款)?(?:共计|合计)?{MONEY}")
_FINE_ONLY = re.compile(r"罚金")
_DECIDED = re.compile(r"决定执行|决定合并执行|合并执行")
_SECOND = ABSOLUTE.replace("?P<y>", "?P<y2>").replace("?P<m>", "?P<m2>").replace("?P<d>", "?P<d2>")
_TERM = re.compile(rf"(?:自|从){ABSOLUTE}起?(?:至|到){_SECOND.removesuffix('日')}日?")
_ACQUITTED = re.compile(r"无罪")


@dataclass
class Sentence:
    span: Span | None = None
    charges: list[str] = field(default_factory=list)
    charges_span: Span | None = None
    principal_penalty: str | None = None
    term_months: int | None = None
    term_days: int | None = None
    probation_months: int | None = None
    fine_yuan: float | None = None
    term_start: str | None = None
    term_end: str | None = None


def _items(text: str, start: int, end: int) -> list[Span]:
    cuts = [m.start() for m in _ITEM.finditer(text, start, end)]
    bounds = [start, *[c for c in cuts if c > start], end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _anchor(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?P<who>{alternatives})(?=犯(?!罪)|无罪|免[予于除]|以)")


def person_chunks(text: str, start: int, end: int, names: list[str]) -> dict[str, list[Span]]:
    """For each name, the pieces of the disposition about that person (recitals skipped)."""
    anchor = _anchor(names)
    chunks: dict[str, list[Span]] = {n: [] for n in names}
    recitals: dict[str, list[Span]] = {n: [] for n in names}
    for a, b in _items(text, start, end):
        recital = bool(_RECITAL.match(text, a + _item_mark_len(text, a)))
        target = recitals if recital else chunks
        hits = list(anchor.finditer(text, a, b))
        for index, hit in enumerate(hits):
            stop = b
            for later in hits[index + 1 :]:
                if later["who"] != hit["who"]:
                    stop = later.start()
                    break
            if index and hits[index - 1]["who"] == hit["who"]:
                continue
            target[hit["who"]].append((hit.start(), stop))
    for name in names:
        if not chunks[name]:
            chunks[name] = [
                (s, e) for s, e in recitals[name] if "判处" in text[s:e] or "免" in text[s:e]
            ]
    return chunks


def _item_mark_len(text: str, at: int) -> int:
    mark = _ITEM.match(text, at)
    return mark.end() - at if mark else 0


def read_sentence(text: str, pieces: list[Span]) -> Sentence:
    """Charges and penalty from the pieces of one person's disposition."""
    sentence = Sentence()
    if not pieces:
        return sentence
    sentence.span = (pieces[0][0], pieces[-1][1])
    body = "".join(text[s:e] for s, e in pieces)
    offset = [(s, e) for s, e in pieces]
    earlier = prior_clauses(body)
    found = list(CHARGE.finditer(body))
    own = [m for m in found if not inside(earlier, m.start(), m.end())] or found
    for match in own:
        if match["charge"] not in sentence.charges:
            sentence.charges.append(match["charge"])
    if own:
        first = own[0]
        sentence.charges_span = _to_original(offset, first.start("charge"), first.end("charge"))
    decided = list(_DECIDED.finditer(body))
    final = body[decided[-1].end() :] if decided else body
    if not decided and earlier and _PRINCIPAL.search(body, earlier[-1][1]):
        final = body[earlier[-1][1] :]  # ``…，与前罪…并罚，执行有期徒刑三年``
    _penalty(sentence, final, body)
    term = _TERM.search(body)
    if term:
        begin = date_of(term)
        finish = date_parts(term["y2"], term["m2"], term["d2"])
        sentence.term_start = begin.isoformat() if begin else None
        sentence.term_end = finish.isoformat() if finish else None
    return sentence


def _to_original(pieces: list[Span], start: int, end: int) -> Span:
    consumed = 0
    for s, e in pieces:
        if start < consumed + (e - s):
            return s + start - consumed, s + end - consumed
        consumed += e - s
    return pieces[-1]


def _penalty(sentence: Sentence, final: str, body: str) -> None:
    principal = _PRINCIPAL.search(final)
    if principal:
        kind = principal.group()
        sentence.principal_penalty = kind
        if kind in ("有期徒刑", "拘役", "管制"):
            duration = parse_duration(final[principal.end() :])
            if duration:
                sentence.term_months, sentence.term_days = duration
    elif _EXEMPT.search(final):
        sentence.principal_penalty = "免予刑事处罚"
    elif _FINE_ONLY.search(final):
        sentence.principal_penalty = "单处罚金"
    probation = _PROBATION.search(final)
    if probation:
        duration = parse_duration(final[probation.end() :])
        sentence.probation_months = duration[0] if duration else None
    fines = [money_value(m) for m in _FINE.finditer(final)]
    if not fines and final is not body:
        fines = [money_value(m) for m in _FINE.finditer(body)]
    values = [f for f in fines if f is not None]
    sentence.fine_yuan = sum(values) if values else None
    if sentence.principal_penalty is None and _ACQUITTED.search(body[:12]):
        sentence.charges = []
