"""The five-step publication (issue 17, point 2): each step by the role allowed to take it, with
its check and its figures; refusals return the model with reasons and a resubmission starts
over; cross-validation measures precision from another office's real verified leads; the
model card is generated; near-duplicates are flagged at submission."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from sqlalchemy import select

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.errors import Conflict, Forbidden, JianchaError, NotFound
from jiancha.marketplace import attachments
from jiancha.marketplace.card import model_card
from jiancha.marketplace.decisions import decide
from jiancha.marketplace.history import diff, list_versions
from jiancha.marketplace.publication import check_opinion, check_step, reviewer_refusal
from jiancha.marketplace.review_queue import review_queue
from jiancha.marketplace.submission import submit
from jiancha.store import AuditEntry, MarketModel, ModelVersion, Store
from tests.marketplace.publication_fixtures import (
    AUTHOR,
    CARD,
    OTHER,
    SLUG,
    office_leads,
    person,
    seed,
    verify,
)


def installed_text(store: Store) -> str:
    """The spec text the model was first installed with (its version 1.0.0)."""
    with store.session() as session:
        first = session.scalars(select(ModelVersion).order_by(ModelVersion.id)).first()
        assert first is not None
        return first.spec_text


# -- the rules (pure) ----------------------------------------------------------------------------


def test_a_step_is_taken_only_from_the_state_before_it() -> None:
    check_step("draft", "submitted")
    check_step("returned", "submitted")
    check_step("submitted", "data_checked")
    check_step("cross_validated", "published")
    with pytest.raises(JianchaError) as early:  # never submitted: not a conflict
        check_step("draft", "data_checked")
    assert not isinstance(early.value, Conflict) and "须先由作者院提交" in str(early.value)
    with pytest.raises(JianchaError) as skip:  # skipping ahead is refused, not a conflict
        check_step("submitted", "rules_reviewed")
    assert not isinstance(skip.value, Conflict) and "须先完成数据核查" in skip.value.message
    for state, step in [
        ("data_checked", "data_checked"),  # somebody else took it
        ("published", "published"),
        ("returned", "rules_reviewed"),  # somebody refused meanwhile
        ("submitted", "submitted"),
    ]:
        with pytest.raises(Conflict):
            check_step(state, step)
    with pytest.raises(JianchaError, match="没有“approve”这个上架步骤"):
        check_step("submitted", "approve")


def test_opinions_and_who_may_not_review() -> None:
    assert check_opinion("data_checked", True, "  ") == ""
    with pytest.raises(JianchaError, match="退回须写明意见"):
        check_opinion("data_checked", False, " ")
    with pytest.raises(JianchaError, match="规则研判须写明意见"):
        check_opinion("rules_reviewed", True, "")
    with pytest.raises(JianchaError, match="NUL"):  # PostgreSQL cannot store it
        check_opinion("data_checked", False, "理由\x00")
    assert reviewer_refusal("lp", "省院领导", ["张三"], ["ma"]) is None
    assert isinstance(reviewer_refusal("lz", "张三", ["张三", "李四"], ["ma"]), Forbidden)
    assert isinstance(reviewer_refusal("ma", "杭州建模员", ["张三"], ["ma"]), Forbidden)


# -- stored --------------------------------------------------------------------------------------


def test_five_steps_by_the_right_roles(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path)
    with pytest.raises(NotFound):  # 温州 neither authored nor adopted the draft
        model_card(store, SLUG, person(store, "pc"))
    with pytest.raises(Forbidden, match="作者院为杭州市人民检察院"):
        submit(store, SLUG, CARD, person(store, "mb"))
    with pytest.raises(JianchaError, match="请填写创新性"):
        submit(store, SLUG, dataclasses.replace(CARD, innovation=" "), person(store, "ma"))
    with pytest.raises(JianchaError, match="请署名至少一位作者"):
        submit(store, SLUG, dataclasses.replace(CARD, authors=("",)), person(store, "ma"))
    sent = submit(store, SLUG, CARD, person(store, "ma"))
    assert (sent["state"], sent["office"]["code"], sent["authors"]) == (
        "submitted",
        AUTHOR,
        ["张三", "李四"],
    )
    with pytest.raises(Conflict):
        submit(store, SLUG, CARD, person(store, "ma"))
    assert [(q["slug"], q["step"]) for q in review_queue(store, person(store, "da"))] == [
        (SLUG, "data_checked")
    ]
    assert review_queue(store, person(store, "lp")) == []  # leaders wait for 数据核查

    for wrong in ("pa", "ma", "lp"):  # prosecutor, modeller, a leader: no market.check_data
        with pytest.raises(Forbidden):
            decide(store, SLUG, "data_checked", True, "", person(store, wrong))
    checked = decide(store, SLUG, "data_checked", True, "", person(store, "da"))
    assert checked["state"] == "data_checked" and checked["problems"] == []
    assert [i["dataset"] for i in checked["figures"]["inputs"]] == ["判决", "收押"]
    with pytest.raises(Conflict):
        decide(store, SLUG, "data_checked", True, "", person(store, "da"))

    with pytest.raises(Forbidden, match="署名作者"):  # 张三 is named on the card
        decide(store, SLUG, "rules_reviewed", True, "依据充分", person(store, "lz"))
    with pytest.raises(JianchaError, match="规则研判须写明意见"):
        decide(store, SLUG, "rules_reviewed", True, "", person(store, "lp"))
    report = io.BytesIO("规则研判意见：依据《刑事诉讼法》第二百六十四条".encode())
    opinion = "法律依据充分，规则与法条相符"
    kept = lambda: [attachments.keep(store, report, "../研判意见.txt")]  # noqa: E731
    reviewed = decide(store, SLUG, "rules_reviewed", True, opinion, person(store, "lp"), kept)
    [file] = reviewed["attachments"]
    assert file["name"] == "研判意见.txt" and file["bytes"] == len(report.getvalue())
    assert store.workspace.resolve(attachments.relative(file["sha256"])).read_bytes() == (
        report.getvalue()
    )

    with pytest.raises(JianchaError, match="尚无核查结论"):  # 宁波 ran it but verified nothing
        decide(store, SLUG, "cross_validated", True, "", person(store, "lp"))
    ningbo = office_leads(store, OTHER)
    verify(store, ningbo[0], True)
    verify(store, ningbo[1], False)
    verify(store, office_leads(store, AUTHOR)[0], True, leader="adm", by="pa")  # not counted
    validated = decide(store, SLUG, "cross_validated", True, "", person(store, "lp"))
    figures = validated["figures"]
    assert (figures["confirmed"], figures["rejected"], figures["precision"]) == (1, 1, 0.5)
    assert [o["office"]["code"] for o in figures["offices"]] == [OTHER]
    assert figures["offices"][0]["runs"] == 1 and figures["offices"][0]["leads"] == 2

    published = decide(store, SLUG, "published", True, "同意冠名上架", person(store, "lp"))
    assert published["state"] == "published"
    card = model_card(store, SLUG, person(store, "pc"))  # now everyone's
    assert card["credit"] == "杭州市人民检察院　张三、李四"
    assert card["figures"]["precision"] == 0.5 and card["published_at"] is not None
    assert card["background"] == CARD.background and card["scope"] == CARD.scope
    assert card["legal_basis"] == ["《中华人民共和国刑事诉讼法》第二百六十四条"]
    rules = [r["text"] for r in card["rules"]]
    assert rules[0] == "逐条检查“刑事判决”"
    assert "刑罚 属于 “有期徒刑”、“拘役” 且 并非 是否缓刑" in rules
    assert "在“监狱收押”中找不到身份证号与公民身份号码相同的记录" in rules
    judgments = card["data"][0]
    assert (judgments["dataset"], judgments["classification_label"]) == ("判决", "敏感")
    assert judgments["fields"][0] == {
        "field": "person_id",
        "semantic": "id_card",
        "semantic_label": "居民身份证号",
        "column": "公民身份号码",
        "classification": "sensitive",
        "classification_label": "敏感",
    }
    assert card["risk_label"] == "中风险" and card["state_label"] == "已冠名上架"
    steps = [(d["step"], d["decision"], d["decided_by"]) for d in card["decisions"]]
    assert steps == [
        ("submitted", "approved", "ma"),
        ("data_checked", "approved", "da"),
        ("rules_reviewed", "approved", "lp"),
        ("cross_validated", "approved", "lp"),
        ("published", "approved", "lp"),
    ]
    assert {d["version"] for d in card["decisions"]} == {"1.0.0"}
    with store.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        model = session.scalars(select(MarketModel)).one()
        assert model.figures is not None and model.figures["verified"] == 2
    assert actions.count("market_submit") == 1 and actions.count("market_decision") == 4


def test_a_refusal_returns_the_model_and_a_resubmission_starts_over(
    sqlite_store: Store, tmp_path: Path
) -> None:
    store = sqlite_store
    seed(store, tmp_path)
    submit(store, SLUG, CARD, person(store, "adm"))
    with pytest.raises(Forbidden, match="提交人不能审查"):  # the admin may check data, not this
        decide(store, SLUG, "data_checked", True, "", person(store, "adm"))
    decide(store, SLUG, "data_checked", True, "", person(store, "da"))
    with pytest.raises(JianchaError, match="退回须写明意见"):
        decide(store, SLUG, "rules_reviewed", False, "", person(store, "lp"))
    reason = "法律依据只引用了刑事诉讼法，请补充司法解释中交付执行期限的规定"
    back = decide(store, SLUG, "rules_reviewed", False, reason, person(store, "lp"))
    assert back["state"] == "returned"
    card = model_card(store, SLUG, person(store, "ma"))
    assert card["returned"] == {
        "step": "rules_reviewed",
        "step_label": "规则研判",
        "reason": reason,
    }
    assert review_queue(store, person(store, "da")) == []
    [waiting] = review_queue(store, person(store, "ma"))
    assert (waiting["step"], waiting["reason"]) == ("submitted", reason)
    with pytest.raises(Conflict):  # the refusal overtook any later step
        decide(store, SLUG, "cross_validated", True, "", person(store, "lp"))

    text = installed_text(store).replace("version: 1.0.0", "version: 1.1.0")
    text = text.replace(
        "  - 《中华人民共和国刑事诉讼法》第二百六十四条",
        "  - 《中华人民共和国刑事诉讼法》第二百六十四条\n"
        "  - 《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第五百一十一条",
    )
    again = dataclasses.replace(CARD, spec_text=text, changelog="补充法律依据")
    resent = submit(store, SLUG, again, person(store, "ma"))
    assert (resent["state"], resent["version"]) == ("submitted", "1.1.0")
    with pytest.raises(JianchaError, match="须先完成数据核查"):  # starts over at step 1
        decide(store, SLUG, "rules_reviewed", True, "依据已补充", person(store, "lp"))
    decide(store, SLUG, "data_checked", True, "", person(store, "da"))
    decide(store, SLUG, "rules_reviewed", True, "依据已补充", person(store, "lp"))
    card = model_card(store, SLUG)
    assert card["returned"] is None and card["version"]["version"] == "1.1.0"
    assert len(card["legal_basis"]) == 2
    rounds = [(d["step"], d["decision"], d["version"]) for d in card["decisions"]]
    assert rounds == [
        ("submitted", "approved", "1.0.0"),
        ("data_checked", "approved", "1.0.0"),
        ("rules_reviewed", "refused", "1.0.0"),
        ("submitted", "approved", "1.1.0"),
        ("data_checked", "approved", "1.1.0"),
        ("rules_reviewed", "approved", "1.1.0"),
    ]
    versions = list_versions(store, SLUG)["versions"]
    assert [(v["version"], v["changelog"], v["current"]) for v in versions] == [
        ("1.1.0", "补充法律依据", True),
        ("1.0.0", "首次安装", False),
    ]
    changed = diff(store, SLUG, "1.0.0", versions[0]["sha256"][:8])
    assert "+version: 1.1.0" in changed["diff"] and "第五百一十一条" in changed["diff"]
    with pytest.raises(NotFound, match=r"没有版本“9\.9”"):
        diff(store, SLUG, "9.9", "1.0.0")


def test_data_check_lists_what_the_bindings_lack(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    seed(store, tmp_path)
    text = installed_text(store).replace(
        "p:\n    label: 监狱收押\n    fields: {person_id: id_card, intake_date: date}",
        "p:\n    label: 监狱收押\n"
        "    fields: {person_id: id_card, intake_date: date, prison: text}",
    )
    text = text.replace("version: 1.0.0", "version: 2.0.0")
    submit(store, SLUG, dataclasses.replace(CARD, spec_text=text), person(store, "ma"))
    with pytest.raises(JianchaError) as refused:
        decide(store, SLUG, "data_checked", True, "", person(store, "da"))
    assert "数据核查不能通过，1 处问题" in refused.value.message
    assert "输入 `p` 的字段 `prison`（text）在数据集“收押”中找不到列 `prison`" in str(refused.value)
    back = decide(store, SLUG, "data_checked", False, "收押数据缺少监狱名称", person(store, "da"))
    assert back["state"] == "returned" and len(back["problems"]) == 1


def test_an_attachment_over_the_limit_is_refused(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    kept = attachments.keep(sqlite_store, io.BytesIO(b"0123456789"), "a\x07b.txt")
    assert kept["name"] == "ab.txt" and kept["bytes"] == 10
    with pytest.raises(attachments.TooLarge):
        attachments.keep(sqlite_store, io.BytesIO(b"0123456789A"), "big.bin")
    assert list(sqlite_store.workspace.staging_dir.iterdir()) == []
