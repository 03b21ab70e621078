"""The texts of the police's 起诉意见书 and the procuratorate's 起诉书.

Owns: the 起诉意见书 (issuing 公安分局, ``X公（刑）诉字〔year〕N号``, 犯罪嫌疑人 paragraphs,
how the case came in, 经依法侦查查明, the offence each suspect is suspected of, 移送审查起诉
under 刑事诉讼法第一百六十二条, 此致 the procuratorate) and the 起诉书
(``X检刑诉〔year〕N号``, 被告人 paragraphs with 公民身份号码, the police 文号 it was sent with,
经依法审查查明, 应当以X罪追究其刑事责任, the 量刑建议 of each defendant, 此致 the court,
检察官 and date).
"""

from __future__ import annotations

import random

from jiancha.demo.county import documents_acts as acts
from jiancha.demo.county import documents_words as words
from jiancha.demo.county.documents_facts import CRIMES, INDICTMENT, POLICE, Advice, Case

LAW = "《中华人民共和国刑法》"


def police_text(rng: random.Random, case: Case) -> str:
    place, ds = case.district, case.in_doc(POLICE)
    names = "、".join(d.name_in(POLICE) for d in ds)
    charges = "、".join(dict.fromkeys(c for d in ds for c in d.charges(POLICE)))
    lines = [place.police, rng.choice(("起 诉 意 见 书", "起诉意见书")), case.police_no]
    for d in ds:
        text = words.identity(rng, d, "犯罪嫌疑人", POLICE) + words.prior(rng, d)
        charge = d.charges(POLICE)[0]
        lines.append(text + words.measures(rng, d, POLICE, place, case.police_day, charge))
    case_of = "、".join(c.removesuffix("罪") for c in charges.split("、"))
    lines.append(
        f"犯罪嫌疑人{names}涉嫌{case_of}一案，我局于{words.day(case.filed)}"
        f"立案侦查。犯罪嫌疑人{ds[0].name_in(POLICE)}于{words.day(ds[0].measures[0].day)}被抓获归案。"
    )
    lines.append("经依法侦查查明：")
    for d in ds:
        lines.extend(acts.facts(rng, d, POLICE, "犯罪嫌疑人", place))
    lines.append(
        "认定上述事实的证据如下：1.被害人陈述；2.证人证言；3.鉴定意见、价格认定结论书；"
        "4.监控视频资料；5.犯罪嫌疑人的供述与辩解。"
    )
    all_of = "均" if len(ds) > 1 else ""
    lines.append(
        f"上述犯罪事实清楚，证据确实、充分，足以认定。犯罪嫌疑人{names}{all_of}自愿认罪认罚。"
    )
    opinion = ["综上所述，"]
    for d in ds:
        found = d.charges(POLICE)
        cited = "、".join(CRIMES[c].article for c in found)
        opinion.append(
            f"犯罪嫌疑人{d.name_in(POLICE)}的行为已触犯{LAW}{cited}之规定，涉嫌{'、'.join(found)}；"
        )
    opinion[-1] = opinion[-1].rstrip("；") + "。"
    opinion.append("依照《中华人民共和国刑事诉讼法》第一百六十二条之规定，现将此案移送审查起诉。")
    lines.append("".join(opinion))
    lines += ["此致", place.procuratorate, f"局长　{case.staff['chief']}"]
    lines.append(
        words.day(case.police_day) if rng.random() < 0.5 else words.upper_day(case.police_day)
    )
    return "\n".join(lines) + "\n"


def indictment_text(rng: random.Random, case: Case) -> str:
    place, ds = case.district, case.in_doc(INDICTMENT)
    names = "、".join(d.name_in(INDICTMENT) for d in ds)
    charges = "、".join(dict.fromkeys(c for d in ds for c in d.charges(INDICTMENT)))
    lines = [f"浙江省{place.procuratorate}", rng.choice(("起 诉 书", "起诉书")), case.indictment_no]
    for d in ds:
        text = words.identity(rng, d, "被告人", INDICTMENT) + words.prior(rng, d)
        charge = d.charges(INDICTMENT)[0]
        lines.append(text + words.measures(rng, d, INDICTMENT, place, case.indictment_day, charge))
    lines.append(
        f"本案由{place.police}侦查终结，以被告人{names}涉嫌{charges}，于{words.day(case.police_day)}"
        f"以{case.police_no}起诉意见书向本院移送审查起诉。本院受理后，已告知被告人有权委托辩护人"
        "和认罪认罚可能导致的法律后果，依法讯问了被告人，听取了被告人及其值班律师的意见，审查了全部案件材料。"
    )
    lines.append("经依法审查查明：")
    for d in ds:
        lines.extend(acts.facts(rng, d, INDICTMENT, "被告人", place))
    lines.append(
        "认定上述事实的证据如下：1.书证：受案登记表、立案决定书、到案经过等；2.证人证言；"
        f"3.被害人陈述；4.被告人{names}的供述与辩解；5.鉴定意见；6.视听资料。"
    )
    lines.append(
        f"上述证据收集程序合法，内容客观真实，足以认定指控事实。被告人{names}对指控的犯罪事实和"
        "证据没有异议，并自愿认罪认罚。"
    )
    opinion = ["本院认为，"]
    for d in ds:
        found = d.charges(INDICTMENT)
        cited = "、".join(CRIMES[c].article for c in found)
        what = "；".join(acts.nature(c, d.amount(INDICTMENT)) for c in found)
        opinion.append(
            f"被告人{d.name_in(INDICTMENT)}{what}，其行为触犯了{LAW}{cited}，犯罪事实清楚，"
            f"证据确实、充分，应当以{'、'.join(found)}追究其刑事责任。"
        )
        if d.recidivist:
            opinion.append(
                f"被告人{d.name_in(INDICTMENT)}系累犯，依据{LAW}第六十五条第一款的规定，应当从重处罚。"
            )
    opinion.append("被告人认罪认罚，依据《中华人民共和国刑事诉讼法》第十五条的规定，可以从宽处理。")
    lines.append("".join(opinion))
    for d in ds:
        lines.append(f"建议判处被告人{d.name_in(INDICTMENT)}{_advice(rng, d.advice)}。")
    lines.append("根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。")
    lines += ["此致", place.court, f"检察官　{case.staff['prosecutor']}",
              f"检察官助理　{case.staff['assistant']}"]  # fmt: skip
    day = case.indictment_day
    lines.append(words.day(day) if rng.random() < 0.6 else words.upper_day(day))
    held = [d.name_in(INDICTMENT) for d in ds if d.custody]
    note = (
        f"1.被告人{'、'.join(held)}现羁押于{place.detention_centre}；"
        if held
        else "1.被告人现取保候审；"
    )
    lines.append(
        f"附件：{note}2.案卷材料和证据{rng.randint(1, 4)}册；3.《认罪认罚具结书》{len(ds)}份。"
    )
    return "\n".join(lines) + "\n"


def _advice(rng: random.Random, a: Advice) -> str:
    if a.low == a.high:
        text = f"{a.kind}{words.term(rng, a.low)}"
    else:
        text = f"{a.kind}{words.term(rng, a.low)}至{words.term(rng, a.high)}"
    if a.probation:
        text += "，适用缓刑" if rng.random() < 0.5 else "，宣告缓刑"
    elif a.probation is False:
        text += "，不适用缓刑"
    if a.fine:
        text += f"，并处罚金{words.fine(rng, a.fine)}"
    return text
