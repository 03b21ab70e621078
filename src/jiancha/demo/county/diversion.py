"""Non-prosecution decisions and the administrative penalties that should follow (template 4).

Owns: 不起诉决定 rows (相对/存疑/法定不起诉) and the 行政处罚 a 相对不起诉 leads to — imposed by
the agency competent for the offence (交警 for 醉驾, 公安 for 盗窃 and 殴打他人, 农业农村 for
非法捕捞 …) — plus the planted decisions never followed by a penalty and their near-misses; and
:func:`penalty`, which other storylines use to write any 行政处罚 row. Every background 相对不起诉
older than 90 days has a penalty dated on or after the decision.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jiancha.demo.county.core import BadId, County, Fen, cn_date
from jiancha.demo.county.draws import draw, pick
from jiancha.demo.county.geography import District

T4 = "non-prosecution-without-admin-penalty"
# charge → (违法行为, 处罚种类, fine in yuan or None, which agency)
OFFENCES: dict[str, tuple[str, str, int | None, str]] = {
    "危险驾驶罪": ("醉酒后驾驶机动车", "罚款、吊销机动车驾驶证", 2000, "traffic"),
    "盗窃罪": ("盗窃", "行政拘留", None, "police"),
    "故意伤害罪": ("殴打他人", "罚款", 500, "police"),
    "寻衅滋事罪": ("寻衅滋事", "行政拘留", None, "police"),
    "帮助信息网络犯罪活动罪": ("出租、出借银行账户", "罚款、没收违法所得", 3000, "police"),
    "非法捕捞水产品罪": ("在禁渔期使用禁用方法捕捞", "罚款、没收渔获物", 5000, "agriculture"),
    "非法占用农用地罪": ("非法占用农用地", "罚款、责令退还土地", 20000, "land"),
}
_WEIGHTS = (40, 15, 12, 6, 15, 7, 5)
# general penalties: (违法行为, 处罚种类, fine range or None, agency)
GENERAL: tuple[tuple[str, str, tuple[int, int] | None, str], ...] = (
    ("驾驶机动车超速", "罚款", (200, 2000), "traffic"),
    ("饮酒后驾驶机动车", "罚款、暂扣机动车驾驶证", (1000, 2000), "traffic"),
    ("殴打他人", "行政拘留", None, "police"),
    ("赌博", "罚款", (500, 3000), "police"),
    ("销售不符合食品安全标准的食品", "罚款、没收违法所得", (5000, 50000), "market"),
    ("未取得营业执照从事经营活动", "罚款", (1000, 10000), "market"),
    ("违法建设", "罚款、限期拆除", (5000, 80000), "land"),
)


_ABBR = {"traffic": "公交", "police": "公", "agriculture": "农", "land": "资规", "market": "市监"}


def authority(district: District, agency: str) -> str:
    return {
        "traffic": district.traffic_brigade,
        "police": district.police,
        "agriculture": f"{district.full_name}农业农村局",
        "land": f"{district.full_name}自然资源和规划局",
        "market": district.market_regulator,
    }[agency]


def penalty(
    county: County,
    person: int,
    day: date,
    offence: str,
    kind: str,
    fine: int | None,
    agency: str,
    *,
    bad_id: bool = False,
) -> None:
    """Write one 行政处罚 row for ``person``."""
    people = county.people
    place = people.districts[person]
    who = authority(place, agency)
    seq = county.numbers.next(who, str(day.year), "罚")
    pid = people.ids[person]
    county.tables.add(
        "行政处罚",
        penalty_no=f"{place.city.name[0]}{place.name[0]}{_ABBR[agency]}罚决字〔{day.year}〕第{seq:05d}号",
        name=people.names[person],
        person_id=BadId(pid) if bad_id else pid,
        authority=who,
        offence=offence,
        penalty_type=kind,
        amount=None if fine is None else Fen.yuan(fine),
        penalty_date=day,
    )


def _decide(county: County, rng: random.Random, kind: str, day: date, charge: str) -> int:
    person = county.people.new(1960, county.as_of.year - 26)
    place = county.people.districts[person]
    abbr = f"{place.city.name[0]}{place.name[0]}检"
    seq = county.numbers.next(place.procuratorate, str(day.year), "不诉")
    county.tables.add(
        "不起诉决定",
        case_no=f"{abbr}刑不诉〔{day.year}〕{seq}号",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        charge=charge,
        decision_type=kind,
        decision_date=day,
        procuratorate=place.procuratorate,
    )
    return person


def _punish(county: County, person: int, charge: str, day: date) -> None:
    offence, kind, fine, agency = OFFENCES[charge]
    penalty(county, person, day, offence, kind, fine, agency)


def background(county: County) -> None:
    rng, today = county.rng("non-prosecution"), county.as_of
    charges = list(OFFENCES)
    for _ in range(county.per_thousand(5, minimum=20)):
        charge = rng.choices(charges, _WEIGHTS)[0]
        kind = rng.choices(("相对不起诉", "存疑不起诉", "法定不起诉"), (70, 20, 10))[0]
        day = county.ago(rng.randint(10, 1800))
        person = _decide(county, rng, kind, day, charge)
        if kind != "相对不起诉":
            continue
        punished = day + timedelta(days=rng.randint(0, 75))
        if punished <= today and (day <= county.ago(90) or rng.random() < 0.5):
            _punish(county, person, charge, punished)


def plant(county: County) -> None:
    rng = county.rng("t4")
    charges = list(OFFENCES)
    for i in range(county.planted_per_template):
        charge = rng.choices(charges, _WEIGHTS)[0]
        day = county.ago(rng.randint(120, 1000))
        person = _decide(county, rng, "相对不起诉", day, charge)
        note = ""
        if i % 3 == 2:  # an earlier, unrelated penalty does not count
            earlier = day - timedelta(days=rng.randint(100, 600))
            penalty(county, person, earlier, "驾驶机动车超速", "罚款", 200, "traffic")
            note = "（仅有决定前的行政处罚）"
        county.truth.plant(
            T4,
            "person",
            county.people.ids[person],
            f"{cn_date(day)}因{charge}被相对不起诉，此后未受行政处罚{note}",
        )
    for _ in range(county.near_misses_per_kind):
        charge = rng.choices(charges, _WEIGHTS)[0]
        _decide(county, rng, "相对不起诉", county.ago(rng.randint(20, 80)), charge)  # < 90 days
        _decide(county, rng, "存疑不起诉", county.ago(rng.randint(120, 1000)), charge)
        day = county.ago(rng.randint(120, 1000))  # penalised on the day of the decision
        _punish(county, _decide(county, rng, "相对不起诉", day, charge), charge, day)
        county.truth.near_miss(T4, 3)


def general(county: County, persons: list[int], loners: list[int]) -> None:
    """Everyday penalties of the general population (and a few unreadable loner rows)."""
    rng = county.rng("penalties")
    for person in persons:
        _everyday(county, rng, person, False)
    for person in loners:
        _everyday(county, rng, person, True)


def _everyday(county: County, rng: random.Random, person: int, bad_id: bool) -> None:
    offence, kind, fines, agency = pick(rng, GENERAL)
    fine = draw(rng, fines[0] // 100, fines[1] // 100) * 100 if fines else None
    day = county.ago(draw(rng, 1, min(1800, county.adult_days(person))))
    penalty(county, person, day, offence, kind, fine, agency, bad_id=bad_id)
