"""The facts of the documents: each act told the way police, procurators and courts tell it.

Owns: the wordings of an act per charge (theft of an e-bike or a phone, loan or job fraud, drunk
driving with the blood alcohol, a fight with the injury grade, gambling with the 抽头渔利, a bank
card lent for payment settlement), a defendant's facts paragraph with the total when there are
several counts, and what 本院认为 says each crime is. The amount of every act is written in the
act's own sentence, the total after ``共计``.
"""

from __future__ import annotations

import random

from jiancha.demo.county import documents_words as words
from jiancha.demo.county.documents_facts import Act, Defendant
from jiancha.demo.county.geography import District

PLACES = ("某小区", "某商场", "某农贸市场", "某工地", "某网吧", "某出租房")


def _plate(a: Act) -> str:
    seed = a.day.toordinal() * 7919 + a.variant
    return f"浙{'AD'[seed % 2]}·{'BCDEFGHJK'[seed % 9]}{seed % 10000:04d}"


def act_text(rng: random.Random, a: Act, who: str, place: District, wan: bool) -> str:
    when = words.day(a.day)
    hour = f"{(a.day.toordinal() * 13 + a.variant) % 24}时许"
    spot = f"{place.full_name}{a.place}{PLACES[(a.day.day + a.variant) % len(PLACES)]}"
    money = words.amount(rng, a.amount, wan=wan) if a.amount is not None else ""
    v = a.victim
    if a.charge == "盗窃罪":
        return _theft(a, when, hour, who, spot, money)
    if a.charge == "诈骗罪":
        return (
            f"{when}，{who}通过微信添加被害人{v}为好友，谎称可以帮助其办理低息贷款，"
            f"以收取手续费、保证金为由，骗取被害人{v}人民币{money}。",
            f"{when}，{who}在{spot}，谎称能为被害人{v}的子女安排工作，骗取被害人{v}"
            f"“活动经费”人民币{money}。",
            f"{when}，{who}以投资虚拟货币可获高额回报为由，诱骗被害人{v}向其指定账户转账"
            f"人民币{money}。",
        )[a.variant]
    if a.charge == "危险驾驶罪":
        alcohol = 80 + (a.day.toordinal() * 37 + a.variant * 11) % 170
        return (
            f"{when}{hour}，{who}饮酒后驾驶号牌为{_plate(a)}的小型轿车行驶至{place.full_name}"
            f"{a.place}路段时，被执勤民警当场查获。经鉴定，其血液中乙醇含量为{alcohol}mg/100ml。"
        )
    if a.charge == "故意伤害罪":
        grade = "一二"[a.variant % 2]
        return (
            f"{when}{hour}，{who}在{spot}门口，因琐事与被害人{v}发生争执，继而用拳脚殴打被害人{v}，"
            f"致其鼻骨骨折。经鉴定，被害人{v}的损伤程度为轻伤{grade}级。"
        )
    if a.charge == "寻衅滋事罪":
        return f"{when}晚，{who}酒后在{spot}内无故寻衅，随意殴打被害人{v}等人，致二人轻微伤。"
    if a.charge == "开设赌场罪":
        return (
            f"{when}起，{who}在{spot}内设置赌台，组织他人以“牌九”方式进行赌博，"
            f"从中抽头渔利人民币{money}。"
        )
    return (
        f"{when}，{who}明知他人利用信息网络实施犯罪，仍将本人名下的银行卡出租给他人使用。"
        f"经查，该银行卡为他人犯罪提供支付结算，金额共计人民币{money}。"
    )


def _theft(a: Act, when: str, hour: str, who: str, spot: str, money: str) -> str:
    """A theft told by what was stolen: what an e-bike or a phone is worth, or more."""
    v, worth = a.victim, a.amount or 0
    if worth > 20_000:
        return (
            f"{when}{hour}，{who}窜至{spot}被害人{v}的住处，撬锁入室，窃得现金及黄金首饰等财物，"
            f"经价格认定共计价值人民币{money}。"
        )
    if a.variant == 0 and worth <= 6_000:
        return (
            f"{when}{hour}，{who}在{spot}，采用剪断车锁的方式，窃得被害人{v}停放的电动自行车一辆。"
            f"经价格认定，被盗车辆价值人民币{money}。"
        )
    if a.variant == 1:
        return (
            f"{when}{hour}，{who}在{spot}，趁被害人{v}不备，窃得其放在挎包内的手机一部及现金，"
            f"合计价值人民币{money}。"
        )
    return f"{when}，{who}窜至{spot}，窃得被害人{v}存放的电缆线一批，经价格认定价值人民币{money}。"


TOTAL = {
    "盗窃罪": "盗窃财物共计价值人民币",
    "诈骗罪": "骗取他人财物共计人民币",
    "开设赌场罪": "抽头渔利共计人民币",
    "帮助信息网络犯罪活动罪": "帮助支付结算金额共计人民币",
}


def facts(rng: random.Random, d: Defendant, doc: str, role: str, place: District) -> list[str]:
    """The paragraphs telling ``d``'s acts in ``doc``; a total after several counts."""
    acts = d.acts[doc]
    who = f"{role}{d.name_in(doc)}"
    wan = doc in d.wan_in
    if len(acts) == 1:
        return [act_text(rng, acts[0], who, place, wan)]
    lines = [f"{i}. {act_text(rng, a, who, place, wan)}" for i, a in enumerate(acts, 1)]
    for charge, label in TOTAL.items():
        money = [a.amount for a in acts if a.charge == charge and a.amount is not None]
        if len(money) > 1:
            total = words.amount(rng, sum(money), wan=wan)
            lines.append(f"综上，{who}作案{len(money)}起，{label}{total}。")
    return lines


def nature(charge: str, amount: int | None) -> str:
    """What the crime is, as 本院认为 says it."""
    money = amount or 0
    if charge == "盗窃罪":
        size = "数额特别巨大" if money >= 400_000 else "数额巨大" if money >= 80_000 else "数额较大"
        return f"以非法占有为目的，秘密窃取他人财物，{size}"
    if charge == "诈骗罪":
        size = (
            "数额特别巨大" if money >= 500_000 else "数额巨大" if money >= 100_000 else "数额较大"
        )
        return f"以非法占有为目的，虚构事实、隐瞒真相，骗取他人财物，{size}"
    return {
        "危险驾驶罪": "在道路上醉酒驾驶机动车",
        "故意伤害罪": "故意伤害他人身体，致一人轻伤",
        "寻衅滋事罪": "随意殴打他人，情节恶劣",
        "开设赌场罪": "以营利为目的，开设赌场",
        "帮助信息网络犯罪活动罪": (
            "明知他人利用信息网络实施犯罪，为其犯罪提供支付结算帮助，情节严重"
        ),
    }[charge]
