"""How the county's legal documents write dates, money, terms, persons and measures.

Owns: the mixed numerals real documents use (``2024年1月5日`` in the body, ``二〇二四年三月五日``
under the signature; ``3,200元``, ``3200元`` or ``1.2万元`` for amounts; ``人民币三千元`` or
``人民币3000元`` for fines; ``一年六个月`` or ``一年零六个月`` for terms), relative dates
(``次日``, ``同年2月3日``, ``同月14日``), and the defendant paragraph's parts (identity, prior
record, measures, custody). Each function draws its style from the caller's ``random.Random``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import cn2an

from jiancha.demo.county.documents_facts import INDICTMENT, JUDGMENT, POLICE, Defendant, Measure
from jiancha.demo.county.geography import District

YEAR_DIGITS = "〇一二三四五六七八九"


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def upper_day(d: date) -> str:
    """二〇二四年三月五日, as signatures date documents."""
    year = "".join(YEAR_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn2an.an2cn(d.month)}月{cn2an.an2cn(d.day)}日"


def relative(before: date | None, d: date) -> str:
    """A date as the sentence after one about ``before`` writes it: 次日, 同月X日, 同年X月X日."""
    if before is not None and d == before + timedelta(days=1):
        return "次日"
    if before is not None and d.year == before.year:
        if d.month == before.month:
            return f"同月{d.day}日"
        return f"同年{d.month}月{d.day}日"
    return day(d)


def term(rng: random.Random, months: int) -> str:
    """一年六个月, sometimes 一年零六个月 or 一年又六个月."""
    years, rest = divmod(months, 12)
    text = f"{cn2an.an2cn(years)}年" if years else ""
    if rest:
        if years and rng.random() < 0.15:
            text += rng.choice(("零", "又"))
        text += f"{cn2an.an2cn(rest)}个月"
    return text


def amount(rng: random.Random, yuan: int, *, wan: bool = False) -> str:
    """An amount involved in the crime: 3,200元, 3200元 or (``wan``) 1.2万元."""
    if wan:
        return f"{yuan / 10_000:g}万元"
    return f"{yuan:,}元" if rng.random() < 0.6 else f"{yuan}元"


def fine(rng: random.Random, yuan: int) -> str:
    """A fine: 人民币三千元, 人民币3000元 or 人民币3,000元 (without 人民币 now and then)."""
    roll = rng.random()
    money = f"{cn2an.an2cn(yuan)}元" if roll < 0.6 else f"{yuan:,}元" if roll < 0.8 else f"{yuan}元"
    return money if rng.random() < 0.1 else f"人民币{money}"


def identity(rng: random.Random, d: Defendant, role: str, doc: str) -> str:
    """被告人X，男，1985年3月12日出生，公民身份号码…，汉族，初中文化，无业，户籍…，住…。"""
    sex = "男" if d.male else "女"
    born = day(d.birth) + "出生"
    if doc == JUDGMENT and rng.random() < 0.4:
        born += f"于{d.home[3:6]}"
    label = rng.choice(("公民身份号码", "公民身份号码", "身份证号码")) + rng.choice(
        ("", "：", "为")
    )
    school = f"{d.education}文化" if rng.random() < 0.7 else f"文化程度{d.education}"
    return (
        f"{role}{d.name_in(doc)}，{sex}，{born}，{label}{d.id_number}，{d.ethnicity}，{school}，"
        f"{d.job}，户籍所在地{d.home}，住{d.address}。"
    )


def prior(rng: random.Random, d: Defendant) -> str:
    p = d.prior
    if p is None:
        return ""
    sentence = f"有期徒刑{term(rng, p.months)}"
    return (
        f"曾因犯{p.charge}于{day(p.judged)}被{p.court}判处{sentence}，{day(p.released)}刑满释放。"
    )


def measures(
    rng: random.Random, d: Defendant, doc: str, place: District, until: date, charge: str
) -> str:
    """The measures of this case known at ``until``, as ``doc`` words them, and where the
    defendant is now."""
    known = [m for m in d.measures if m.day <= until]
    police = "我局" if doc == POLICE else place.police
    parts: list[str] = []
    before: date | None = None
    for i, m in enumerate(known):
        when = relative(before, m.day)
        parts.append(_measure(m, i, when, doc, police, place, charge))
        before = m.day
    text = "，".join(parts)
    if not text:
        return ""
    held = known[-1].kind in ("刑事拘留", "逮捕")
    if held:
        return f"{text}。现羁押于{place.detention_centre}。"
    return text + ("。" if rng.random() < 0.6 else "。现取保候审。" if doc != POLICE else "。")


def _measure(
    m: Measure, i: int, when: str, doc: str, police: str, place: District, charge: str
) -> str:
    cause = f"因涉嫌{'' if doc != JUDGMENT else '犯'}{charge}" if i == 0 else ""
    if m.kind == "逮捕":
        if doc == POLICE:
            return f"经{place.procuratorate}批准，于{when}被我局执行逮捕"
        if doc == INDICTMENT:
            return f"经本院批准，{when}由{police}执行逮捕"
        return f"{when}被逮捕"
    if m.kind == "刑事拘留":
        who = "被我局" if doc == POLICE else f"被{police}" if doc == INDICTMENT else "被"
        return f"{cause}于{when}{who}刑事拘留"
    if m.by == POLICE:
        who = "被我局" if doc == POLICE else f"被{police}"
        verb = (
            "取保候审" if i == 0 else "转取保候审" if doc == JUDGMENT else "变更强制措施为取保候审"
        )
        return f"{cause}于{when}{who}{verb}"
    if m.by == INDICTMENT:
        return f"{when}经{'本院' if doc == INDICTMENT else place.procuratorate}决定取保候审"
    return f"{when}经本院决定取保候审"
