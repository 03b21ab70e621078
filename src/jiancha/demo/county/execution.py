"""Planted execution failures (templates 1, 2 and 3) and their near-misses.

Owns: sentences left unexecuted on purpose — custodial sentences never committed, community
sentences never received, detentions during community correction — each with every other
companion written, so that it is a lead of its own template only; and rows that fail exactly
one condition of those rules (still in the grace period, a type the rule excludes, a date on the
boundary, the match in the other dataset).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from jiancha.demo.county.core import County, cn_date
from jiancha.demo.county.criminal import detain, execute, judge, supervise
from jiancha.demo.county.sentencing import sentence_for

T1 = "custodial-sentence-not-executed"
T2 = "community-correction-not-received"
T3 = "reoffending-during-correction"
_CUSTODIAL_CHARGES = ("盗窃罪", "诈骗罪", "故意伤害罪", "危险驾驶罪", "帮助信息网络犯罪活动罪")
SKIP = {k: frozenset({k}) for k in ("intake", "correction", "fine", "licence")}


def defendant(county: County) -> int:
    """A new person old enough to be tried as an adult."""
    return county.people.new(1960, county.as_of.year - 26)


def plant_custodial(county: County) -> None:
    """Template 1: custodial sentence, not detained before trial, never committed."""
    rng, today = county.rng("t1"), county.as_of
    for i in range(county.planted_per_template):
        person = defendant(county)
        s = sentence_for(rng, rng.choice(_CUSTODIAL_CHARGES), probation=False)
        s = replace(s, pretrial=rng.choice(("取保候审", "取保候审", "监视居住")))
        judged = county.ago(rng.randint(60, 900))
        prior = i % 3 == 2
        if prior:  # served an earlier sentence: the only intake predates this judgment
            old = replace(
                sentence_for(rng, "盗窃罪", probation=False),
                kind="有期徒刑",
                pretrial="逮捕",
                months=8,
            )
            before = judged - timedelta(days=rng.randint(800, 1500))
            execute(county, rng, judge(county, rng, person, old, before))
        j = judge(county, rng, person, s, judged)
        execute(county, rng, j, skip=SKIP["intake"])
        note = "（仅有本判决前的收押记录）" if prior else ""
        county.truth.plant(
            T1,
            "person",
            county.people.ids[person],
            f"判处{s.describe()}、审前{s.pretrial}，{cn_date(j.effective)}生效后未收押{note}",
        )
    for _ in range(county.near_misses_per_kind):
        # still within the 30-day grace period
        s = replace(sentence_for(rng, "盗窃罪", probation=False), pretrial="取保候审")
        judged = county.ago(rng.randint(20, 30))
        effective = min(judged + timedelta(days=rng.randint(11, 15)), today)
        j = judge(county, rng, defendant(county), s, judged, effective=effective)
        execute(county, rng, j, skip=SKIP["intake"])
        # detained before trial (逮捕): outside this rule
        s = replace(sentence_for(rng, "诈骗罪", probation=False), pretrial="逮捕")
        j = judge(county, rng, defendant(county), s, county.ago(rng.randint(100, 900)))
        execute(county, rng, j, skip=SKIP["intake"])
        # suspended: received into community correction instead
        s = replace(sentence_for(rng, "盗窃罪", probation=True), pretrial="取保候审")
        execute(
            county, rng, judge(county, rng, defendant(county), s, county.ago(rng.randint(100, 900)))
        )
        # committed on the day of the judgment (收押日期 = 判决日期)
        s = replace(sentence_for(rng, "故意伤害罪", probation=False), pretrial="监视居住")
        person = defendant(county)
        j = judge(county, rng, person, s, county.ago(rng.randint(100, 900)))
        execute(county, rng, j, skip=SKIP["intake"])
        county.tables.add(
            "监狱收押",
            name=county.people.names[person],
            person_id=county.people.ids[person],
            intake_date=j.judged,
            facility=county.people.districts[person].detention_centre,
        )
        county.truth.near_miss(T1, 4)


def plant_uncorrected(county: County) -> None:
    """Template 2: suspended sentence or 管制 never received into community correction."""
    rng, today = county.rng("t2"), county.as_of
    for i in range(county.planted_per_template):
        person = defendant(county)
        s = sentence_for(rng, rng.choice(("盗窃罪", "危险驾驶罪", "帮助信息网络犯罪活动罪")), True)
        if i % 4 == 3:
            s = replace(s, kind="管制", months=rng.randint(3, 24), probation_months=None)
        judged = county.ago(rng.randint(40, 900))
        prior = i % 3 == 2
        if prior:  # an earlier suspended sentence, long finished
            old = replace(
                sentence_for(rng, "盗窃罪", probation=True),
                months=6,
                probation_months=rng.randint(12, 24),
                pretrial="取保候审",
            )
            before = judged - timedelta(days=rng.randint(1500, 2500))
            execute(county, rng, judge(county, rng, person, old, before))
        j = judge(county, rng, person, replace(s, pretrial="取保候审"), judged)
        execute(county, rng, j, skip=SKIP["correction"])
        note = "（仅有前一次判决的矫正记录）" if prior else ""
        county.truth.plant(
            T2,
            "person",
            county.people.ids[person],
            f"判处{s.describe()}，{cn_date(j.effective)}生效后未入矫{note}",
        )
    for _ in range(county.near_misses_per_kind):
        # effective less than 10 days ago
        s = sentence_for(rng, "危险驾驶罪", probation=True)
        effective = today - timedelta(days=rng.randint(1, 8))
        j = judge(
            county,
            rng,
            defendant(county),
            s,
            effective - timedelta(days=rng.randint(0, 12)),
            effective=effective,
        )
        execute(county, rng, j, skip=SKIP["correction"])
        # effective on the day of judgment and received that same day
        s = sentence_for(rng, "盗窃罪", probation=True)
        judged = county.ago(rng.randint(60, 900))
        person = defendant(county)
        j = judge(county, rng, person, s, judged, effective=judged)
        execute(county, rng, j, skip=SKIP["correction"])
        end = judged + timedelta(days=round((s.probation_months or 12) * 30.4))
        supervise(county, rng, person, "缓刑", judged, end)
        county.truth.near_miss(T2, 2)


def _supervised(county: County, rng: random.Random, judged: date) -> tuple[int, date, date]:
    """A lawfully received suspended sentence; its correction period."""
    person = defendant(county)
    s = replace(
        sentence_for(rng, "盗窃罪", probation=True), months=8, probation_months=rng.randint(12, 36)
    )
    j = judge(county, rng, person, s, judged)
    execute(county, rng, j, skip=SKIP["correction"])
    start = j.effective + timedelta(days=rng.randint(1, 9))
    end = start + timedelta(days=round((s.probation_months or 12) * 30.4))
    supervise(county, rng, person, "缓刑", start, end)
    return person, start, end


def plant_reoffending(county: County) -> None:
    """Template 3: detained (刑拘, 逮捕, 行政拘留) while under community correction."""
    rng, today = county.rng("t3"), county.as_of
    for _ in range(county.planted_per_template):
        person, start, end = _supervised(county, rng, county.ago(rng.randint(150, 900)))
        kind = rng.choice(("刑事拘留", "逮捕", "行政拘留"))
        day = start + timedelta(days=rng.randint(15, (min(end, today) - start).days - 5))
        place = county.people.districts[person]
        detain(county, person, kind, day, place, rng.choice(("涉嫌盗窃罪", "殴打他人", "吸毒")))
        county.truth.plant(
            T3,
            "person",
            county.people.ids[person],
            f"社区矫正期间（{cn_date(start)}至{cn_date(end)}）于{cn_date(day)}被{kind}",
        )
    for _ in range(county.near_misses_per_kind):
        person, start, end = _supervised(county, rng, county.ago(rng.randint(1700, 2000)))
        place = county.people.districts[person]
        detain(
            county, person, "行政拘留", end + timedelta(days=rng.randint(5, 60)), place, "殴打他人"
        )
        person, start, end = _supervised(county, rng, county.ago(rng.randint(150, 900)))
        kind = rng.choice(("司法拘留", "强制隔离戒毒"))
        detain(
            county,
            person,
            kind,
            start + timedelta(days=10),
            county.people.districts[person],
            "拒不执行判决、裁定" if kind == "司法拘留" else "吸毒成瘾",
        )
        person, start, end = _supervised(county, rng, county.ago(rng.randint(150, 900)))
        detain(
            county,
            person,
            "行政拘留",
            start - timedelta(days=1),
            county.people.districts[person],
            "殴打他人",
        )
        county.truth.near_miss(T3, 3)
