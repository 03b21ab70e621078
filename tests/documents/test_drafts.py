"""Draft 检察建议书 and 纠正违法通知书: the lead's facts, the model's legal basis, masking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from jiancha.clock import china_today
from jiancha.documents import REVIEW, draft_document, draft_for_lead
from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import add_org
from jiancha.leads import Move, history, move_lead
from jiancha.leads.actions import issue_action
from jiancha.modelling import install, load_spec
from jiancha.runs import run_model
from jiancha.store import Lead, Store
from tests.documents.conftest import masked_id, paragraphs, text
from tests.leads.approvals import approve
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, pid

ISSUED = china_today()  # an action is dated no earlier than the run that found its lead

BASIS = "《中华人民共和国刑事诉讼法》第二百六十四条"
ORGANIC_LAW = "《中华人民共和国人民检察院组织法》第二十一条"


def _to_case(store: Store, lead: int) -> None:
    for step in (
        Move("assigned", assignee="zhang.san"),
        Move("verifying"),
        Move("confirmed", note="确未收押"),
    ):
        move_lead(store, lead, step, "zhang.san")
    approve(store, lead)  # a medium model's lead: a leader approves before the case is opened
    move_lead(store, lead, Move("case_opened"), "zhang.san")


def _office(store: Store, lead: int) -> None:
    add_org(store, "63", "青海省人民检察院", "province")
    add_org(store, "6302", "海东市人民检察院", "city", parent="63")
    office = add_org(store, "630202", "海东市乐都区人民检察院", "district", parent="6302")
    with store.session() as session:
        row = session.get(Lead, lead)
        assert row is not None
        row.org_id = office["id"]


def test_suggestion_draft_carries_the_leads_facts_and_legal_basis(
    store: Store, lead_id: int
) -> None:
    data = draft_document(store, lead_id, "suggestion", user="zhang.san")
    shown = paragraphs(data)
    assert ("公文标题", "检察建议书") in shown
    assert shown[0] == ("公文机关", "××人民检察院")  # no office on the lead yet
    assert shown[2][1] == f"×检×建〔{dt.date.today().year}〕×号"
    assert shown[3][1] == "乐都县人民法院："  # the lead's jurisdiction receives it
    body = text(data)
    assert "“审前未羁押判处实刑罪犯未交付执行监督模型”大数据法律监督模型" in body
    assert "张**：乐都县人民法院判处有期徒刑，生效逾294日未交付执行。" in body
    assert "审判法院：乐都县人民法院；刑罚：有期徒刑；审前强制措施：取保候审" in body
    assert "在“监狱收押”中找不到身份证号与公民身份号码相同的记录" in body  # plain sentences
    assert "经审查，判决生效后，审前未羁押而被判处实刑的罪犯，逾期仍未交付执行。" in body
    assert f"上述情形不符合{BASIS}的规定。" in body
    assert f"根据{ORGANIC_LAW}和《人民检察院检察建议工作规定》的规定" in body
    assert "自收到本检察建议书之日起两个月内，将采纳检察建议的情况书面回复本院" in body
    assert "尚未核查属实" not in body  # a reminder for the drafter, not for the receiver


def test_a_draft_carries_no_internal_note(store: Store, lead_id: int) -> None:
    """The lead number, the drafter's account, the state and 附注 stay out of the document;
    the drafter gets them as reminders."""
    done = draft_for_lead(store, lead_id, "suggestion", user="zhang.san")
    body = text(done.data)
    assert "附注" not in body and "zhang.san" not in body and "草稿" not in body
    assert f"线索 {lead_id}" not in body and f"线索{lead_id}" not in body
    assert "新线索" not in body and "已脱敏" not in body
    assert all(style != "公文附注" for style, _ in paragraphs(done.data))
    assert done.header == "unverified" and not done.verified
    today = china_today().isoformat()
    assert done.reminders() == [
        f"本文书为根据线索 {lead_id} 自动生成的草稿（zhang.san，{today}），{REVIEW}。",
        "该线索当前为“新线索”，尚未核查属实。",
        "文中公民身份号码、手机号码、姓名已脱敏。",
    ]


def test_personal_identifiers_are_masked_unless_asked(store: Store, lead_id: int) -> None:
    masked = text(draft_document(store, lead_id, "suggestion", user="zhang.san"))
    assert pid(1) not in masked and "张甲" not in masked
    assert f"监督对象：张**（{masked_id(pid(1))}）。" in masked
    assert f"公民身份号码：{masked_id(pid(1))}" in masked
    done = draft_for_lead(store, lead_id, "suggestion", user="zhang.san", unmasked=True)
    plain = text(done.data)
    assert f"监督对象：张甲（{pid(1)}）。" in plain
    assert f"公民身份号码：{pid(1)}" in plain
    assert "未脱敏" not in plain and "文中个人信息未脱敏，请按规定使用。" in done.reminders()


def test_correction_notice_uses_the_office_and_the_issued_action(
    store: Store, lead_id: int
) -> None:
    _office(store, lead_id)
    _to_case(store, lead_id)
    issue_action(
        store,
        lead_id,
        kind="correction_notice",
        document_no="乐检纠〔2025〕3号",
        issued_on=ISSUED,
        receiver="乐都县公安局",
        content=f"依法将罪犯送交监狱执行刑罚；同案人员 {pid(9)}（电话 13812345678）一并核查",
        user="zhang.san",
    )
    before = history(store, lead_id)
    done = draft_for_lead(store, lead_id, "correction_notice", user="li.si")
    assert done.header == "verified" and len(done.reminders()) == 2  # no 尚未核查 reminder
    data = done.data
    shown = paragraphs(data)
    assert shown[:4] == [
        ("公文机关", "海东市乐都区人民检察院"),
        ("公文标题", "纠正违法通知书"),
        ("公文文号", "乐检纠〔2025〕3号"),
        ("公文主送", "乐都县公安局："),
    ]
    body = text(data)
    assert "（一）依法将罪犯送交监狱执行刑罚；同案人员 " in body
    assert masked_id(pid(9)) in body and pid(9) not in body  # an ID only in free text
    assert "138****5678" in body and "13812345678" not in body
    assert f"上述情形违反了{BASIS}的规定。" in body
    assert "《人民检察院刑事诉讼规则》第五百五十二条" in body
    assert "督促回复；经督促仍不回复或者没有正当理由不纠正的，本院将向上一级人民检察院报告" in body
    assert "经调查核实，情况属实" in body and "尚未核查属实" not in body
    assert ("公文落款", "海东市乐都区人民检察院") in shown
    assert ("公文落款", f"{ISSUED.year}年{ISSUED.month}月{ISSUED.day}日") in shown
    assert history(store, lead_id) == before  # drafting changes nothing on the lead


def test_public_interest_suggestion_cites_the_two_month_and_fifteen_day_reply(
    store: Store, lead_id: int
) -> None:
    source = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
    spec = load_spec(
        source.replace("id: custodial-sentence-not-executed", "id: public-interest-variant")
        .replace("area: criminal", "area: public_interest")
        .replace("line: criminal_execution", "line: public_interest")
    )
    install(store, spec, BINDS)
    run_model(store, "public-interest-variant", run_date=AS_OF)
    with store.session() as session:
        other = session.scalar(
            select(Lead.id).where(Lead.id != lead_id, Lead.subject_key == pid(1))
        )
    assert other is not None
    body = text(draft_document(store, other, "suggestion", user="zhang.san"))
    law = "《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条"
    assert f"为此，根据{law}的规定，本院提出如下检察建议：" in body
    assert "自收到本检察建议书之日起两个月内依法履行职责，并书面回复本院" in body
    assert "应当在十五日内书面回复" in body


def _template(path: Path, *lines: str) -> None:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def test_an_offices_own_template_takes_precedence(store: Store, lead_id: int) -> None:
    own = store.workspace.home / "templates" / "documents" / "suggestion.docx"
    _template(
        own,
        "乐都区院专用检察建议书",
        "{{ org_name }}｜{{ model_name }}",
        "{%p for b in legal_basis %}",
        "依据：{{ b }}",
        "{%p endfor %}",
    )
    body = text(draft_document(store, lead_id, "suggestion", user="zhang.san"))
    assert body.splitlines() == [
        "乐都区院专用检察建议书",
        "××人民检察院｜审前未羁押判处实刑罪犯未交付执行监督模型",
        f"依据：{BASIS}",
    ]
    other = paragraphs(draft_document(store, lead_id, "correction_notice", user="zhang.san"))
    assert ("公文标题", "纠正违法通知书") in other  # no own template: the shipped one


def test_a_broken_office_template_is_a_clear_error(store: Store, lead_id: int) -> None:
    own = store.workspace.home / "templates" / "documents" / "suggestion.docx"
    _template(own, "{{ org_name ")
    with pytest.raises(JianchaError, match="文书模板有误") as error:
        draft_document(store, lead_id, "suggestion", user="zhang.san")
    assert error.value.hint is not None and "org_name" in error.value.hint
    own.write_text("not a word file", encoding="utf-8")
    with pytest.raises(JianchaError, match=r"不是有效的 Word（\.docx）文件"):
        draft_document(store, lead_id, "suggestion", user="zhang.san")


def test_unknown_kind_missing_lead_and_rejected_lead_are_refused(
    store: Store, lead_id: int
) -> None:
    with pytest.raises(JianchaError, match="没有“protest”这种可起草的文书") as error:
        draft_document(store, lead_id, "protest", user="zhang.san")
    assert error.value.hint == "可用：suggestion（检察建议书）、correction_notice（纠正违法通知书）"
    with pytest.raises(NotFound, match="没有编号为 999999 的线索"):
        draft_document(store, 999999, "suggestion", user="zhang.san")
    for step in (
        Move("assigned", assignee="zhang.san"),
        Move("verifying"),
        Move("rejected", reason="data_error", note="收押表漏录"),
    ):
        move_lead(store, lead_id, step, "zhang.san")
    with pytest.raises(JianchaError, match=f"线索 {lead_id} 已核查不属实"):
        draft_document(store, lead_id, "suggestion", user="zhang.san")
