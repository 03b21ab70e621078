"""The wording of the two drafts: opening, problems, requests and the reply the law requires.

Sources (quoted from the texts listed in REFERENCE.md §6):

* 《中华人民共和国人民检察院组织法》第二十一条 — a procuratorate may make 纠正意见 and 检察建议;
  the body concerned "应当予以配合，并及时将采纳纠正意见、检察建议的情况书面回复人民检察院".
* 《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条 — an
  administrative body must perform its duties and reply in writing within two months of receiving
  a 检察建议书, within fifteen days in an emergency; if it does not, the procuratorate sues.
* 《人民检察院检察建议工作规定》 — the written reply to a 检察建议 is due within two months.
* 《人民检察院刑事诉讼规则》第五百五十二条 (a serious violation in criminal proceedings: 纠正违法
  通知书 by decision of the chief procurator) and 第五百五十三条 (the notice sets the reply
  period; no reply → urge a reply, then report to the procuratorate one level up).

The reply period of a 纠正违法通知书 is set by the office, so the draft leaves it as ××.
"""

from __future__ import annotations

from jiancha.documents.facts import LeadFacts

ORGANIC_LAW = "《中华人民共和国人民检察院组织法》第二十一条"
PUBLIC_INTEREST = (
    "《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条"
)
SUGGESTION_RULES = "《人民检察院检察建议工作规定》"
CRIMINAL_RULES = "《人民检察院刑事诉讼规则》"
VERIFIED = frozenset({"confirmed", "case_opened", "actions_issued", "feedback_received", "closed"})


def _basis(facts: LeadFacts) -> str:
    return "、".join(facts.spec.legal_basis) or "有关法律法规"


def opening(kind: str, facts: LeadFacts) -> str:
    checked = "经调查核实，情况属实" if facts.status in VERIFIED else "相关情况尚待调查核实"
    found = f"本院在履行法律监督职责中，运用“{facts.spec.name}”大数据法律监督模型比对相关数据"
    if kind == "suggestion":
        return f"{found}，发现下列问题，{checked}。现将有关情况和建议通报如下："
    return f"{found}，发现下列违法情形，{checked}。现通知如下："


def facts_section(facts: LeadFacts) -> list[str]:
    lines = [f"{facts.title}。"]
    subject = facts.subject_name or facts.subject_key
    if facts.subject_name and facts.subject_key:
        subject = f"{facts.subject_name}（{facts.subject_key}）"
    lines.append(f"监督对象：{subject}。")
    if facts.jurisdiction:
        lines.append(f"所涉单位：{facts.jurisdiction}。")
    if facts.amount is not None:
        lines.append(f"涉案金额：{format(facts.amount, 'f')}元。")
    if facts.evidence:
        lines.append(
            "主要证据：" + "；".join(f"{e.label}：{e.value}" for e in facts.evidence) + "。"
        )
    if facts.steps:
        lines.append("模型比对过程：")
        lines += [f"（{i}）{step}。" for i, step in enumerate(facts.steps, 1)]
    return lines


def problems(kind: str, facts: LeadFacts) -> list[str]:
    lines = [f"经审查，{facts.spec.description.strip()}"] if facts.spec.description.strip() else []
    verb = "不符合" if kind == "suggestion" else "违反了"
    lines.append(f"上述情形{verb}{_basis(facts)}的规定。")
    if kind == "correction_notice" and facts.spec.area == "criminal":
        lines.append(
            f"依照{CRIMINAL_RULES}第五百五十二条的规定，对刑事诉讼活动中情节较重的违法行为，"
            "经检察长决定，发出纠正违法通知书。"
        )
    return lines


def requests(kind: str, facts: LeadFacts) -> list[str]:
    content = facts.issued.content.strip() if facts.issued else ""
    if kind == "suggestion":
        law = PUBLIC_INTEREST if facts.spec.area == "public_interest" else ORGANIC_LAW
        items = [
            f"依照{_basis(facts)}的规定，对上述问题逐项核查，依法履行职责，及时整改到位；",
            "深入分析问题成因，健全完善相关工作机制，防止类似问题再次发生。",
        ]
        lead_in = f"为此，根据{law}的规定，本院提出如下检察建议："
    else:
        items = [
            f"依照{_basis(facts)}的规定，对上述违法情形依法予以纠正；",
            "查明违法原因，依法处理，防止类似情形再次发生。",
        ]
        lead_in = f"根据{ORGANIC_LAW}的规定，本院提出如下纠正意见："
    if content:
        items.insert(0, content.rstrip("。；;") + "；")
    numbers = "一二三四五六七八九十"
    return [lead_in, *(f"（{numbers[i]}）{item}" for i, item in enumerate(items))]


def reply(kind: str, facts: LeadFacts) -> str:
    if kind == "suggestion" and facts.spec.area == "public_interest":
        return (
            f"根据{PUBLIC_INTEREST}的规定，请你单位自收到本检察建议书之日起两个月内依法履行职责，"
            "并书面回复本院；出现国家利益或者社会公共利益损害继续扩大等紧急情形的，应当在十五日内"
            "书面回复。不依法履行职责的，本院将依法向人民法院提起诉讼。"
        )
    if kind == "suggestion":
        return (
            f"根据{ORGANIC_LAW}和{SUGGESTION_RULES}的规定，请你单位自收到本检察建议书之日起"
            "两个月内，将采纳检察建议的情况书面回复本院。"
        )
    text = f"根据{ORGANIC_LAW}的规定，请你单位自收到本通知书之日起××日内，将纠正情况书面回复本院。"
    if facts.spec.area == "criminal":
        text += (
            f"逾期未回复的，本院将依照{CRIMINAL_RULES}第五百五十三条的规定督促回复；"
            "经督促仍不回复或者没有正当理由不纠正的，本院将向上一级人民检察院报告。"
        )
    return text
