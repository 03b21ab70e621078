"""Drawing the documents' cases: who, what they did, how they were held, what they got.

Owns: :class:`CaseMaker`, which turns county persons into defendants (sex from the ID number,
birth date, 户籍, address, schooling), draws their acts (the same in all three documents unless
a storyline changes them), their measures (刑事拘留 → 逮捕 in custody, 取保候审 at each stage,
or 刑事拘留 → 取保候审), a lawful penalty with the 量刑建议 it follows, and dates the case:
立案, 移送审查起诉, 起诉 and 判决, all before the as-of date. Every drawn case is clean; the
planted errors are ``documents_plants``' job.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jiancha.demo.county import names
from jiancha.demo.county.core import County, years_before
from jiancha.demo.county.criminal import case_number
from jiancha.demo.county.documents_facts import (
    CRIMES,
    DOCS,
    INDICTMENT,
    JUDGMENT,
    POLICE,
    Act,
    Advice,
    Case,
    Defendant,
    Measure,
    Prior,
)
from jiancha.demo.county.documents_sentences import advice_for, clean_penalty, settle
from jiancha.demo.county.geography import DISTRICTS, District

EDUCATION = ("小学", "初中", "初中", "初中", "高中", "中专", "大专", "大学")
JOBS = ("无业", "无固定职业", "农民", "务工", "务工", "个体经营", "公司职员", "驾驶员")
ETHNICITY = ("汉族",) * 18 + ("回族", "畲族")
VICTIMS = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
STAFF = ("judge", "clerk", "prosecutor", "assistant", "chief", "juror1", "juror2")
ABBREVIATIONS = {"上城区": "杭上", "西湖区": "杭西", "越城区": "绍越", "柯桥区": "绍柯"}
"""The short names offices put before their document numbers (杭西检刑诉〔2024〕12号)."""


class CaseMaker:
    """Clean cases from the county's persons (each used once)."""

    def __init__(self, county: County, persons: list[int]) -> None:
        self.county = county
        self.rng = county.rng("documents")
        born = range(county.as_of.year - 62, county.as_of.year - 21)
        pool = [p for p in persons if county.people.births[p].year in born]
        self.rng.shuffle(pool)
        self._pool = pool

    def person(self, born_before: int | None = None, *, named: bool = False) -> int:
        """An unused person (born before ``born_before``, with a name a clerk can misspell
        (``named``), if asked)."""
        people = self.county.people
        for i in range(len(self._pool) - 1, -1, -1):
            p = self._pool[i]
            if born_before is not None and people.births[p].year >= born_before:
                continue
            if not named or names.typo(people.names[p]) is not None:
                return self._pool.pop(i)
        raise ValueError("演示县的人口不足以生成文书案件，请增大人口规模")

    def victim(self) -> str:
        return f"{self.rng.choice(VICTIMS)}某{'某' if self.rng.random() < 0.6 else ''}"

    def acts(self, charge: str, place: District, before: date, count: int = 0) -> list[Act]:
        rng = self.rng
        count = count or (rng.choice((1, 1, 1, 2, 2, 3)) if CRIMES[charge].amounts else 1)
        bounds = CRIMES[charge].amounts
        acts = []
        for _ in range(count):
            amount = None
            if bounds is not None:
                raw = rng.randint(bounds[0], bounds[1]) // count
                amount = max(bounds[0] // count, round(raw, -1 if raw < 10_000 else -2))
            day = before - timedelta(days=rng.randint(3, 120))
            street = rng.choice(place.streets)
            acts.append(Act(charge, day, amount, self.victim(), street, rng.randrange(3)))
        return sorted(acts, key=lambda a: a.day)

    def defendant(
        self,
        case: Case,
        charge: str,
        *,
        custody: bool | None = None,
        older: bool = False,
        named: bool = False,
    ) -> Defendant:
        rng, people = self.rng, self.county.people
        p = self.person(self.county.as_of.year - 32 if older else None, named=named)
        pid = people.ids[p]
        acts = tuple(self.acts(charge, case.district, case.filed))
        amount = sum(a.amount or 0 for a in acts) or None
        if custody is None:
            custody = rng.random() < (0.1 if charge == "危险驾驶罪" else 0.55)
        mode = "custody" if custody else rng.choice(("bail", "bail", "detained-then-bail"))
        probation = None if mode == "bail" else (mode != "custody" or rng.random() < 0.1)
        penalty = clean_penalty(rng, charge, amount, probation=probation)
        home = people.districts[p]
        street = rng.choice(home.streets)
        d = Defendant(
            person=p,
            name=people.names[p],
            id_number=pid,
            male=int(pid[16]) % 2 == 1,
            birth=people.births[p],
            home=f"浙江省{home.full_name}",
            address=f"{home.full_name}{street}{self._house(rng)}",
            ethnicity=rng.choice(ETHNICITY),
            education=rng.choice(EDUCATION),
            job=rng.choice(JOBS),
            measures=self.measures(case, mode, acts[-1].day),
            custody=custody,
            acts=dict.fromkeys(DOCS, acts),
            advice=Advice("", 0, 0, None, None),
            penalty=penalty,
        )
        self.advise(d)
        d.penalty = settle(penalty, d.held_from, case.judgment_day)
        return d

    def advise(self, d: Defendant, *, edge: bool = False) -> None:
        p = d.penalty
        low, high = advice_for(self.rng, p, edge=edge)
        rng_no = self.rng.random() < 0.3
        probation = True if p.probation is not None else (False if rng_no else None)
        d.advice = Advice(p.kind, low, high, probation, p.fine)

    def measures(self, case: Case, mode: str, last_act: date) -> tuple[Measure, ...]:
        rng = self.rng
        held = min(case.filed + timedelta(days=rng.randint(0, 12)), case.police_day - timedelta(30))
        held = max(held, last_act + timedelta(days=1))
        if mode == "custody":
            arrest = held + timedelta(days=rng.choice((1, 3, 7, 14, 20, 25, 29)))
            return (Measure("刑事拘留", held, POLICE), Measure("逮捕", arrest, POLICE))
        bails: list[Measure] = []
        if mode == "detained-then-bail":
            bails.append(Measure("刑事拘留", held, POLICE))
            held += timedelta(days=rng.choice((1, 1, 3, 7, 15, 30)))
        bails.append(Measure("取保候审", held, POLICE))
        if rng.random() < 0.6:
            bails.append(Measure("取保候审", case.police_day + timedelta(days=3), INDICTMENT))
            if rng.random() < 0.7:
                day = case.indictment_day + timedelta(days=rng.randint(2, 6))
                bails.append(Measure("取保候审", min(day, case.judgment_day), JUDGMENT))
        return tuple(bails)

    @staticmethod
    def _house(rng: random.Random) -> str:
        block, room = rng.randint(1, 40), rng.randint(1, 6) * 100 + rng.randint(1, 4)
        return f"{rng.choice('东南西北中新')}{rng.choice('苑园村')}{block}幢{room}室"

    def case(
        self,
        charge: str,
        extra: int = 0,
        *,
        custody: bool | None = None,
        older: bool = False,
        lead_charge: str | None = None,
        named: bool = False,
    ) -> Case:
        """A clean case of ``charge`` with its lead defendant (drawn with ``custody`` and
        ``older`` as given, charged with ``lead_charge`` if given) and ``extra`` others."""
        rng, as_of = self.rng, self.county.as_of
        judged = as_of - timedelta(days=rng.randint(8, 1000))
        indicted = judged - timedelta(days=rng.randint(10, 60))
        police = indicted - timedelta(days=rng.randint(10, 40))
        filed = police - timedelta(days=rng.randint(45, 100))
        district = rng.choice(DISTRICTS)
        case = Case(district, [], filed, police, indicted, judged)
        case.procedure = rng.choice(("速裁程序", "简易程序", "简易程序", "普通程序"))
        case.staff = {role: names.person_name(rng, rng.random() < 0.5) for role in STAFF}
        self.number(case)
        lead = self.defendant(
            case, lead_charge or charge, custody=custody, older=older, named=named
        )
        case.defendants.append(lead)
        for _ in range(extra):
            case.defendants.append(self.defendant(case, charge))
        return case

    def number(self, case: Case) -> None:
        numbers, place = self.county.numbers, case.district
        short = ABBREVIATIONS[place.name]
        year = case.police_day.year
        seq = numbers.next(place.police, str(year), "诉字")
        case.police_no = f"{short}公（刑）诉字〔{year}〕{seq}号"
        year = case.indictment_day.year
        seq = numbers.next(place.procuratorate, str(year), "刑诉")
        case.indictment_no = f"{short}检刑诉〔{year}〕{seq}号"
        case.judgment_no = case_number(self.county, place, year)

    def finish(
        self, case: Case, d: Defendant, *, edge: bool = False, credited: bool = True
    ) -> None:
        """Recompute ``d``'s 量刑建议 and 刑期起止 after a storyline changed the penalty."""
        self.advise(d, edge=edge)
        d.penalty = settle(d.penalty, d.held_from, case.judgment_day, credited=credited)

    def prior(self, d: Defendant, *, recent: bool, charge: str | None = None) -> None:
        """A prior sentence of 有期徒刑 served out: within five years of the first act
        (``recent``, making a 累犯) or long before."""
        rng = self.rng
        first = min(a.day for a in d.acts[POLICE])
        gap = rng.randint(200, 1500) if recent else rng.randint(2200, 3000)
        released = first - timedelta(days=gap)
        months = rng.randint(6, 30)
        judged = released - timedelta(days=round(months * 30.4) - rng.randint(0, 60))
        if judged < years_before(d.birth, -19):
            raise ValueError(f"{d.name} is too young for a prior sentence")
        court = rng.choice(DISTRICTS).court
        charge = charge or rng.choice(("盗窃罪", "诈骗罪", "故意伤害罪", "寻衅滋事罪"))
        d.prior = Prior(charge, judged, court, months, released)
        d.recidivist = recent
