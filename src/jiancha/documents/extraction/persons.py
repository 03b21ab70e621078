"""Person paragraphs (被告人 / 上诉人（原审被告人） / 犯罪嫌疑人) and their identity fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiancha.documents.extraction.dates import ABSOLUTE, date_of, date_parts

Span = tuple[int, int]

JUDGMENT_ROLES = (
    r"上诉人[（(]原审被告人[）)]|原审被告人|被上诉人[（(]原审被告人[）)]|被告人[（(]上诉人[）)]"
    r"|上诉人|被告人"
)
SUSPECT_ROLES = r"犯罪嫌疑人"
_NAME = r"(?:自报)?(?P<name>[^，,。（(：:\s；;、]{1,15})(?=[，,。（(：:；;\s]|$)"
# Words that show the "name" is a sentence; 曾 only as 曾用名/曾因… (曾 is also a surname).
_NOT_NAME = re.compile(
    r"因|曾(?:用名|因|经|于|被|犯|系)|于\d|于二|被(?!告)|及|到庭|一案|涉嫌|参加|的|犯|系|认罪|辩称"
)
_OTHER_ROLE = re.compile(
    r"(?:(?<=[\s。；])|^)(?:辩护人|指定辩护人|委托辩护人|诉讼代理人|法定代理人|诉讼代表人|被告单位|犯罪嫌疑单位"
    r"|附带民事诉讼|被害人|自诉人|翻译|证人|申诉人|原审附带)"
)
_SEX = re.compile(r"[，,。\s](男|女)(?:性)?[，,。；\s]")
# ``1990年10月9日出生``, ``出生日期：1990年10月9日``, ``生于1990年10月9日``; a remark in brackets
# between the date and 出生 (``1990年10月9日（户籍登记为1989年11月29日）出生``) is skipped, so the
# date outside the brackets is the one read.
_BIRTH = re.compile(
    rf"(?:出生(?:日期|年月日|时间)?[：:为是于]?|生于)\s*{ABSOLUTE}"
    rf"|{ABSOLUTE.replace('?P<', '?P<b_')}\s*(?:[（(][^（()）]{{0,40}}[）)]\s*)?(?:出生|生)"
)
_ID = re.compile(
    r"(?:公民身份号码|身份证号码|居民身份证号码|身份证号|身份号码|身份证)[：:为是]?\s*"
    r"(?P<id>\d{6}[0-9*]{8,11}[0-9Xx]|\d{15})"
)


@dataclass
class Person:
    name: str
    name_span: Span
    span: Span
    sex: str | None = None
    birth_date: str | None = None
    id_number: str | None = None
    unit: bool = False
    shared: Span | None = None
    """A passage stated for several persons at once (``上列三被告人因涉嫌…被刑事拘留``)."""


def _anchor(roles: str) -> re.Pattern[str]:
    return re.compile(rf"(?:(?<=[\s。；])|^)(?:{roles})[：:]?\s*{_NAME}")


_JUDGMENT_ANCHOR = _anchor(JUDGMENT_ROLES)
_SUSPECT_ANCHOR = _anchor(SUSPECT_ROLES)
_SHARED = re.compile(
    r"(?:(?<=[\s。；])|^)(?:上列|上述|以上|前列)[^，,。；\s]{0,8}?(?:被告人|犯罪嫌疑人|上诉人)"
)
_UNIT_ANCHOR = re.compile(
    r"(?:(?<=[\s。；])|^)(?:上诉单位[（(]原审被告单位[）)]|原审被告单位|被告单位|犯罪嫌疑单位)[：:]?\s*"
    r"(?P<name>[^，,。；;：:\s]{2,60}?)(?=[，,。；;\s])"
)


def find_persons(text: str, start: int, end: int, *, suspects: bool = False) -> list[Person]:
    """Each person paragraph between ``start`` and ``end`` (the heading region), in order."""
    anchor = _SUSPECT_ANCHOR if suspects else _JUDGMENT_ANCHOR
    anchors = [m for m in anchor.finditer(text, start, end) if not _NOT_NAME.search(m["name"])]
    persons: list[Person] = []
    seen: set[str] = set()
    for index, match in enumerate(anchors):
        limit = anchors[index + 1].start() if index + 1 < len(anchors) else end
        other = _OTHER_ROLE.search(text, match.end(), limit)
        stop = other.start() if other else limit
        name = match["name"].rstrip("。")
        if name in seen:
            continue
        seen.add(name)
        person = Person(
            name, (match.start("name"), match.start("name") + len(name)), (match.start(), stop)
        )
        _identity(text, person)
        persons.append(person)
    _share(text, persons)
    return persons + _units(text, start, end, anchor, seen)


def _share(text: str, persons: list[Person]) -> None:
    """Cut a passage about several persons (``上列三被告人…``) off the paragraph it closes and
    give it to every person before it that has no shared passage yet."""
    for index, person in enumerate(persons):
        found = _SHARED.search(text, person.name_span[1], person.span[1])
        if found is None:
            continue
        shared = (found.start(), person.span[1])
        person.span = (person.span[0], found.start())
        for earlier in persons[: index + 1]:
            earlier.shared = earlier.shared or shared


def _units(
    text: str, start: int, end: int, anchor: re.Pattern[str], seen: set[str]
) -> list[Person]:
    """Corporate defendants (``被告单位X公司``), after the natural persons so that the persons'
    order is the same with or without them; no sex, birth date, ID or measures."""
    units: list[Person] = []
    for match in _UNIT_ANCHOR.finditer(text, start, end):
        name = match["name"]
        if name in seen:
            continue
        seen.add(name)
        stops = [m.start() for m in (anchor.search(text, match.end(), end),) if m]
        other = _OTHER_ROLE.search(text, match.end(), end)
        stop = min([*stops, other.start() if other else end])
        units.append(
            Person(name, (match.start("name"), match.end("name")), (match.start(), stop), unit=True)
        )
    return units


def _identity(text: str, person: Person) -> None:
    start, end = person.span
    head = text[person.name_span[1] : min(end, person.name_span[1] + 120)]
    sex = _SEX.search(head)
    if sex and not re.search(r"[因。]", head[: sex.start()]):
        person.sex = sex[1]
    birth = _BIRTH.search(text, start, min(end, start + 200))
    if birth:
        value = (
            date_of(birth) if birth["y"] else date_parts(birth["b_y"], birth["b_m"], birth["b_d"])
        )
        person.birth_date = value.isoformat() if value else None
    identity = _ID.search(text, start, end)
    if identity:
        person.id_number = identity["id"]
