"""The text of a first-instance 刑事判决书, in the order and fixed phrases of real ones.

Owns: heading and 案号, 公诉机关, the defendant paragraphs (identity, prior record, measures,
custody), the procedure paragraph citing the 起诉书文号, 经审理查明 with each defendant's acts,
the evidence sentence, 本院认为 (the crime, 累犯, confession, 认罪认罚, the 量刑建议 adopted or
not), the articles applied, 判决如下 with each defendant's item (数罪并罚, 缓刑, 罚金, 刑期起止 and
折抵), the appeal notice, the bench and the date in Chinese numerals, and the clerk.
"""

from __future__ import annotations

import random

from jiancha.demo.county import documents_acts as acts
from jiancha.demo.county import documents_words as words
from jiancha.demo.county.documents_facts import INDICTMENT, JUDGMENT, Case, Defendant, Penalty

ORDINALS = "一二三四五六七八九十"


def render(rng: random.Random, case: Case) -> str:
    place, ds = case.district, case.in_doc(JUDGMENT)
    names = "、".join(d.name_in(JUDGMENT) for d in ds)
    court = f"浙江省{place.court}" if rng.random() < 0.7 else place.court
    lines = [court, rng.choice(("刑 事 判 决 书", "刑事判决书")), case.judgment_no]
    lines.append(f"公诉机关{place.procuratorate}。")
    for d in ds:
        text = words.identity(rng, d, "被告人", JUDGMENT) + words.prior(rng, d)
        charge = d.charges(JUDGMENT)[0]
        text += words.measures(rng, d, JUDGMENT, place, case.judgment_day, charge)
        lines.append(text)
    charges = "、".join(
        dict.fromkeys(c for d in ds for c in d.charges(INDICTMENT) or d.charges(JUDGMENT))
    )
    bench = "依法组成合议庭" if case.procedure == "普通程序" else "实行独任审判"
    lines.append(
        f"{place.procuratorate}以{case.indictment_no}起诉书指控被告人{names}犯{charges}，"
        f"于{words.day(case.indictment_day)}向本院提起公诉。本院依法适用{case.procedure}，{bench}，"
        f"公开开庭审理了本案。{place.procuratorate}指派检察员{case.staff['prosecutor']}出庭支持公诉，"
        f"被告人{names}到庭参加诉讼。现已审理终结。"
    )
    lines.append(rng.choice(("经审理查明：", "经审理查明，", "经本院审理查明：")))
    for d in ds:
        lines.extend(acts.facts(rng, d, JUDGMENT, "被告人", place))
    lines.append(
        f"上述事实，被告人{names}在开庭审理过程中亦无异议，并有被害人陈述、证人证言、"
        f"{'鉴定意见、' if rng.random() < 0.5 else ''}受案登记表、到案经过及被告人的供述等证据"
        "证实，足以认定。"
    )
    lines.append(_reasoning(rng, case, ds))
    lines.append(f"依照{_articles(ds)}之规定，判决如下：")
    for i, d in enumerate(ds):
        lines.extend(_item(rng, d, ORDINALS[i] if len(ds) > 1 else ""))
    lines.append(
        "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向"
        f"浙江省{place.city.intermediate_court}提出上诉。书面上诉的，应当提交上诉状正本一份，"
        f"副本{rng.choice(('一', '二', '两'))}份。"
    )
    if case.procedure == "普通程序":
        lines += [f"审判长　{case.staff['judge']}", f"人民陪审员　{case.staff['juror1']}",
                  f"人民陪审员　{case.staff['juror2']}"]  # fmt: skip
    else:
        lines.append(f"审判员　{case.staff['judge']}")
    lines += [words.upper_day(case.judgment_day), f"书记员　{case.staff['clerk']}"]
    return "\n".join(lines) + "\n"


def _reasoning(rng: random.Random, case: Case, ds: list[Defendant]) -> str:
    parts = ["本院认为，"]
    for d in ds:
        found = d.charges(JUDGMENT)
        crimes = "、".join(found)
        what = "；".join(acts.nature(c, _amount(d, c)) for c in found)
        parts.append(f"被告人{d.name_in(JUDGMENT)}{what}，其行为已构成{crimes}。")
    changed = [
        d for d in ds if INDICTMENT in d.present and d.charges(INDICTMENT) != d.charges(JUDGMENT)
    ]
    if changed:
        parts.append("公诉机关指控的犯罪事实清楚，但指控的罪名不当，本院依法予以纠正。")
    else:
        parts.append("公诉机关指控的罪名成立。")
    for d in ds:
        name = d.name_in(JUDGMENT)
        if len(d.charges(JUDGMENT)) > 1:
            parts.append(f"被告人{name}一人犯数罪，依法应当数罪并罚。")
        if d.recidivist:
            parts.append(
                f"被告人{name}曾因故意犯罪被判处有期徒刑，刑罚执行完毕以后五年以内再犯应当判处"
                "有期徒刑以上刑罚之罪，系累犯，依法应当从重处罚。"
            )
        parts.append(f"被告人{name}到案后如实供述自己的罪行，依法可以从轻处罚。")
    parts.append("被告人自愿认罪认罚，依法可以从宽处理。")
    if all(_within(d) for d in ds):
        parts.append("公诉机关的量刑建议适当，本院予以采纳。")
    else:
        parts.append("公诉机关的量刑建议不当，本院依法予以调整。")
    probation = [d.name_in(JUDGMENT) for d in ds if d.penalty.probation is not None]
    if probation:
        parts.append(
            f"鉴于被告人{'、'.join(probation)}犯罪情节较轻，有悔罪表现，没有再犯罪的危险，"
            "宣告缓刑对所居住社区没有重大不良影响，可以宣告缓刑。"
        )
    return "".join(parts)


def _amount(d: Defendant, charge: str) -> int | None:
    money = [a.amount for a in d.acts[JUDGMENT] if a.charge == charge and a.amount is not None]
    return sum(money) if money else None


def _within(d: Defendant) -> bool:
    a, p = d.advice, d.penalty
    if INDICTMENT not in d.present:
        return True
    same_probation = a.probation is None or a.probation == (p.probation is not None)
    return a.kind == p.kind and a.low <= p.months <= a.high and same_probation


def _articles(ds: list[Defendant]) -> str:
    law = []
    for d in ds:
        for c in d.charges(JUDGMENT):
            law.append(acts_article(c))
    if any(len(d.charges(JUDGMENT)) > 1 for d in ds):
        law.append("第六十九条")
    if any(d.recidivist for d in ds):
        law.append("第六十五条第一款")
    law.append("第六十七条第三款")
    if any(d.penalty.probation is not None for d in ds):
        law += ["第七十二条第一款、第三款", "第七十三条第一款、第二款、第三款"]
    if any(d.penalty.fine for d in ds):
        law += ["第五十二条", "第五十三条第一款"]
    law.append("第六十四条")
    unique = "、".join(dict.fromkeys(law))
    return f"《中华人民共和国刑法》{unique}，《中华人民共和国刑事诉讼法》第十五条"


def acts_article(charge: str) -> str:
    from jiancha.demo.county.documents_facts import CRIMES

    return CRIMES[charge].article


def _item(rng: random.Random, d: Defendant, ordinal: str) -> list[str]:
    p, name = d.penalty, d.name_in(JUDGMENT)
    head = f"{ordinal}、" if ordinal else ""
    if p.parts:
        pieces = [
            f"犯{c}，判处{p.kind}{words.term(rng, m)}"
            + (f"，并处罚金{words.fine(rng, f)}" if f else "")
            for c, m, f in p.parts
        ]
        body = f"被告人{name}" + "；".join(pieces) + f"；决定执行{_sentence(rng, p)}。"
    else:
        body = f"被告人{name}犯{d.charges(JUDGMENT)[0]}，判处{_sentence(rng, p)}。"
    return [head + body, _note(rng, p)]


def _sentence(rng: random.Random, p: Penalty) -> str:
    text = f"{p.kind}{words.term(rng, p.months)}"
    if p.probation is not None:
        text += f"，缓刑{words.term(rng, p.probation)}"
    if p.fine:
        text += f"，并处罚金{words.fine(rng, p.fine)}"
    return text


def _note(rng: random.Random, p: Penalty) -> str:
    pay = "罚金于本判决生效后十日内缴纳。" if p.fine else ""
    if p.probation is not None:
        return f"（缓刑考验期限，从判决确定之日起计算。{pay}）"
    if p.kind == "管制":
        return f"（管制刑期从判决执行之日起计算。{pay}）"
    if p.start is None or p.end is None:
        return f"（刑期从判决执行之日起计算。{pay}）"
    span = f"即自{words.day(p.start)}起至{words.day(p.end)}止"
    credit = "判决执行以前先行羁押的，羁押一日折抵刑期一日，"
    return f"（刑期从判决执行之日起计算。{credit}{span}。{pay}）"
