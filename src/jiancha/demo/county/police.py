"""Police cases and their transfer for prosecution (templates 13 and 16).

Owns: 公安案件 rows (刑事 and 治安), the 刑事拘留 each detained suspect leaves in 羁押记录, and the
审查起诉受案 row of every case transferred to the procuratorate. In the background nobody has
more than two cases, and every criminal case whose suspect was detained two years ago or more
has been transferred, withdrawn (撤销案件) or closed (终止侦查). Planted: repeat violent
offenders (≥ 3 cases of 故意伤害, 寻衅滋事, 聚众斗殴 or 非法拘禁 in three years) and detained
cases never transferred; near-misses fall one case short, or just inside the two years.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jiancha.demo.county.core import County, cn_date, years_before
from jiancha.demo.county.criminal import detain
from jiancha.demo.county.draws import draw

T13, T16 = "repeat-violent-offender", "detained-case-not-transferred"
VIOLENT = ("故意伤害", "寻衅滋事", "聚众斗殴", "非法拘禁")
CRIMINAL = ("盗窃", "诈骗", "帮助信息网络犯罪活动", "开设赌场", "危险驾驶", *VIOLENT)
PUBLIC_ORDER = ("殴打他人", "盗窃", "赌博", "吸毒", "寻衅滋事", "故意伤害")
OPEN = ("侦查中", "取保候审中", "监视居住中")


def case(
    county: County,
    rng: random.Random,
    person: int,
    category: str,
    cause: str,
    filed: date,
    *,
    detained: date | None = None,
    status: str | None = None,
    transfer: bool = False,
) -> str:
    """Write one police case (and its detention and transfer); return its number."""
    people, today = county.people, county.as_of
    place = people.districts[person]
    unit = "580000" if category == "刑事" else "550000"
    seq = county.numbers.next(place.code, f"{filed:%Y%m}", category)
    case_no = f"A{place.code}{unit}{filed:%Y%m}{seq:04d}"
    if status is None:
        status = "已移送审查起诉" if transfer else rng.choice(("已处罚", "已处罚", "调解结案"))
    squad = "刑事侦查大队" if category == "刑事" else f"{rng.choice(place.streets)[:-2]}派出所"
    county.tables.add(
        "公安案件",
        case_no=case_no,
        case_category=category,
        cause=cause,
        name=people.names[person],
        person_id=people.ids[person],
        filing_date=filed,
        detention_date=detained,
        status=status,
        police_unit=f"{place.police}{squad}",
    )
    if detained is not None:
        detain(county, person, "刑事拘留", detained, place, f"涉嫌{cause}")
    if transfer:
        received = min(today, (detained or filed) + timedelta(days=rng.randint(20, 300)))
        county.tables.add(
            "审查起诉受案",
            case_no=case_no,
            name=people.names[person],
            person_id=people.ids[person],
            received_date=received,
            procuratorate=place.procuratorate,
        )
    return case_no


def _criminal(county: County, rng: random.Random, person: int, cause: str, filed: date) -> None:
    """A criminal case handled lawfully: if detained two years ago or more, it has moved on."""
    detained = filed + timedelta(days=rng.randint(0, 20)) if rng.random() < 0.6 else None
    if detained is not None and detained > county.as_of:
        detained = None
    overdue = detained is not None and detained <= years_before(county.as_of, 2) + timedelta(40)
    roll = rng.random()
    if overdue and roll >= 0.85:
        status = "撤销案件" if roll < 0.93 else "终止侦查"
        case(county, rng, person, "刑事", cause, filed, detained=detained, status=status)
    elif overdue or roll < 0.6:
        case(county, rng, person, "刑事", cause, filed, detained=detained, transfer=True)
    else:
        status = rng.choice((*OPEN, "撤销案件"))
        case(county, rng, person, "刑事", cause, filed, detained=detained, status=status)


def background(county: County, persons: list[int]) -> None:
    """One or two cases each for ``persons`` (never more, so nobody is a repeat offender)."""
    rng = county.rng("police")
    for person in persons:
        for _ in range(1 if rng.random() < 0.8 else 2):
            filed = county.ago(draw(rng, 1, min(2500, county.adult_days(person, 16))))
            if rng.random() < 0.45:
                _criminal(county, rng, person, rng.choice(CRIMINAL), filed)
            else:
                case(county, rng, person, "治安", rng.choice(PUBLIC_ORDER), filed)


def _violent(county: County, rng: random.Random, person: int, filed: date) -> str:
    cause = rng.choice(VIOLENT)
    if rng.random() < 0.5:
        case(county, rng, person, "治安", cause, filed)
    else:
        recent = filed + timedelta(days=1) if filed > years_before(county.as_of, 2) else None
        case(county, rng, person, "刑事", cause, filed, detained=recent, transfer=True)
    return cause


def plant_repeat_offenders(county: County) -> None:
    rng, today = county.rng("t13"), county.as_of
    window = (today - years_before(today, 3)).days - 60

    def within() -> date:
        return county.ago(rng.randint(10, window))

    for _ in range(county.planted_per_template):
        person = county.people.new(1965, today.year - 26)
        count = rng.randint(3, 5)
        causes = sorted({_violent(county, rng, person, within()) for _ in range(count)})
        county.truth.plant(
            T13, "person", county.people.ids[person], f"近三年涉{'、'.join(causes)}案件{count}起"
        )
    for _ in range(county.near_misses_per_kind):
        for third in ("old", "殴打他人", "盗窃"):
            person = county.people.new(1965, today.year - 26)
            _violent(county, rng, person, within())
            _violent(county, rng, person, within())
            if third == "old":
                _violent(
                    county, rng, person, years_before(today, 3) - timedelta(rng.randint(60, 400))
                )
            else:
                case(county, rng, person, "治安", third, within())
        county.truth.near_miss(T13, 3)


def plant_untransferred(county: County) -> None:
    rng, today = county.rng("t16"), county.as_of
    two_years = years_before(today, 2)
    for i in range(county.planted_per_template):
        person = county.people.new(1965, today.year - 26)
        detained = two_years - timedelta(days=rng.randint(60, 900))
        status = rng.choice(OPEN)
        cause = rng.choice(CRIMINAL)
        case_no = case(
            county,
            rng,
            person,
            "刑事",
            cause,
            detained - timedelta(rng.randint(0, 10)),
            detained=detained,
            status=status,
        )
        note = ""
        if i % 3 == 2:  # another case of the same person was transferred
            case(
                county,
                rng,
                person,
                "刑事",
                "盗窃",
                county.ago(rng.randint(100, 500)),
                transfer=True,
            )
            note = "（同一人另案已移送）"
        county.truth.plant(
            T16,
            "person",
            county.people.ids[person],
            f"{case_no}（{cause}）于{cn_date(detained)}刑事拘留，逾二年未移送审查起诉，"
            f"案件状态：{status}{note}",
        )
    for _ in range(county.near_misses_per_kind):
        for held, status in (
            (two_years + timedelta(days=rng.randint(60, 120)), "侦查中"),
            (two_years - timedelta(days=rng.randint(60, 900)), "撤销案件"),
            (two_years - timedelta(days=rng.randint(60, 900)), "终止侦查"),
            (None, "侦查中"),
        ):
            person = county.people.new(1965, today.year - 26)
            filed = held or two_years - timedelta(days=rng.randint(60, 900))
            case(
                county,
                rng,
                person,
                "刑事",
                rng.choice(CRIMINAL),
                filed - timedelta(days=2),
                detained=held,
                status=status,
            )
        county.truth.near_miss(T16, 4)
