"""Planted unexecuted sanctions (templates 14 and 15) and their near-misses.

Owns: fines left unpaid more than 90 days after the judgment took effect (some where a
co-defendant in the same case has paid) and drunk drivers whose licence is still 正常, each with
every other execution record written; and near-misses: fines still within 90 days or paid only in
part, licences still valid within the 30-day grace period, cancelled (注销/暂扣) instead of
revoked, or held by someone convicted of another traffic crime.
"""

from __future__ import annotations

from datetime import timedelta

from jiancha.demo.county.core import County, Fen, cn_date
from jiancha.demo.county.criminal import case_number, execute, judge, licence
from jiancha.demo.county.execution import SKIP, defendant
from jiancha.demo.county.sentencing import sentence_for, serious

T14, T15 = "fine-not-executed", "drunk-driver-licence-not-revoked"
_FINED = ("盗窃罪", "诈骗罪", "开设赌场罪", "危险驾驶罪", "掩饰、隐瞒犯罪所得罪")


def plant_unpaid_fines(county: County) -> None:
    """Template 14: a fine more than 90 days overdue with no payment on (案号, ID)."""
    rng = county.rng("t14")
    for i in range(county.planted_per_template):
        person = defendant(county)
        s = sentence_for(rng, rng.choice(_FINED))
        judged = county.ago(rng.randint(130, 1200))
        place = county.people.districts[person]
        case_no = case_number(county, place, judged.year, high=serious(s))
        if i % 3 == 1:  # a co-defendant in the same case has paid
            other = judge(county, rng, defendant(county), s, judged, case_no=case_no, court=place)
            execute(county, rng, other)
        j = judge(county, rng, person, s, judged, case_no=case_no, court=place)
        execute(county, rng, j, skip=SKIP["fine"])
        county.truth.plant(
            T14,
            "person",
            county.people.ids[person],
            f"判处罚金{s.fine}元（{case_no}），{cn_date(j.effective)}生效逾九十日未见缴纳记录",
        )
    for _ in range(county.near_misses_per_kind):
        s = sentence_for(rng, rng.choice(_FINED))
        judged = county.ago(rng.randint(55, 95))
        effective = judged + timedelta(days=rng.randint(11, 15))
        j = judge(county, rng, defendant(county), s, judged, effective=effective)
        execute(county, rng, j, skip=SKIP["fine"])  # unpaid but not yet 90 days
        person = defendant(county)
        j = judge(county, rng, person, s, county.ago(rng.randint(200, 900)))
        execute(county, rng, j, skip=SKIP["fine"])  # paid only in part
        county.tables.add(
            "罚金缴纳",
            case_no=j.case_no,
            name=county.people.names[person],
            person_id=county.people.ids[person],
            amount=Fen.yuan(max(1000, s.fine // 3)),
            paid_date=j.effective + timedelta(days=40),
        )
        county.truth.near_miss(T14, 2)


def plant_drunk_drivers(county: County) -> None:
    """Template 15: convicted of 危险驾驶罪 and the driving licence is still 正常."""
    rng, today = county.rng("t15"), county.as_of
    for _ in range(county.planted_per_template):
        person = defendant(county)
        s = sentence_for(rng, "危险驾驶罪")
        j = judge(county, rng, person, s, county.ago(rng.randint(70, 1200)))
        execute(county, rng, j, skip=SKIP["licence"])
        licence(county, person, "正常", j.judged - timedelta(days=rng.randint(400, 6000)))
        county.truth.plant(
            T15,
            "person",
            county.people.ids[person],
            f"因危险驾驶罪被判处{s.describe()}（{cn_date(j.effective)}生效），驾驶证状态仍为正常",
        )
    for _ in range(county.near_misses_per_kind):
        person = defendant(county)  # within the 30-day grace period
        judged = county.ago(rng.randint(12, 25))
        j = judge(
            county,
            rng,
            person,
            sentence_for(rng, "危险驾驶罪"),
            judged,
            effective=min(judged + timedelta(days=11), today),
        )
        execute(county, rng, j, skip=SKIP["licence"])
        licence(county, person, "正常", judged - timedelta(days=900))
        person = defendant(county)  # licence cancelled rather than revoked
        j = judge(county, rng, person, sentence_for(rng, "危险驾驶罪"), county.ago(400))
        execute(county, rng, j, skip=SKIP["licence"])
        licence(county, person, rng.choice(("注销", "暂扣")), j.effective + timedelta(days=5))
        person = defendant(county)  # another traffic crime: outside this rule
        j = judge(county, rng, person, sentence_for(rng, "交通肇事罪"), county.ago(500))
        execute(county, rng, j)
        licence(county, person, "正常", j.judged - timedelta(days=2000))
        county.truth.near_miss(T15, 3)
