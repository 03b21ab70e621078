"""涉案金额 over itemised acts and summaries; names that begin another name; charge wording."""

import pytest

from jiancha.documents.extraction import extract
from jiancha.documents.extraction.amounts import find_amount
from jiancha.documents.extraction.common import SUSPECTED, split_charges
from jiancha.documents.extraction.disposition import CHARGE
from jiancha.documents.extraction.persons import find_persons
from tests.documents.extraction.samples import INDICTMENT, POLICE


@pytest.mark.parametrize(
    ("facts", "amount"),
    [
        # per-charge summaries of interleaved acts add up
        (
            "1. 被告人吴某骗取被害人孙某“活动经费”人民币1300000元。2. 被告人吴某撬锁入室，"
            "窃得现金及首饰等财物，经价格认定共计价值人民币380000元。3. 被告人吴某骗取被害人"
            "吴某某人民币610,000元。4. 被告人吴某窃得现金等财物，经价格认定共计价值人民币"
            "250,000元。"
            "综上，被告人吴某作案2起，盗窃财物共计价值人民币630,000元。"
            "综上，被告人吴某作案2起，骗取他人财物共计人民币1,910,000元。",
            2540000,
        ),
        # a numbered act with 共计 and another act, no summary: the acts add up
        (
            "1. 被告人罗某窃得现金及黄金首饰等财物，经价格认定共计价值人民币63,000元。2. 被告人罗某"
            "诱骗被害人孙某向其指定账户转账人民币21,100元。",
            84100,
        ),
        # a total that restates the acts is not added to them
        (
            "1、被告人王某窃得手机一部，价值人民币1000元；2、被告人王某窃得电动车一辆，价值人民币"
            "2000元。被告人王某盗窃财物共计价值人民币3000元。",
            3000,
        ),
        ("被告人王某从中抽头渔利人民币78,600元。", 78600),
        # a summary whose acts are not all itemised is the total on its own
        (
            "被告人王某多次盗窃，其中一次窃得现金500元。综上，被告人王某盗窃财物共计价值9000元。",
            9000,
        ),
    ],
)
def test_amounts(facts: str, amount: int) -> None:
    assert find_amount(facts, 0, len(facts)) == amount


def test_a_sentence_naming_nobody_belongs_to_the_person_before_it() -> None:
    facts = (
        "被告人吴某窃得被害人林某停放的电动自行车一辆。经价格认定，被盗车辆价值人民币5,810元。"
        "被告人杨某窃得电缆线一批，经价格认定价值人民币16100元。"
    )
    names = ("吴某", "杨某")
    assert find_amount(facts, 0, len(facts), "吴某", names) == 5810
    assert find_amount(facts, 0, len(facts), "杨某", names) == 16100


def test_a_name_that_begins_another_name() -> None:
    text = INDICTMENT.replace("李某某", "王某某")  # 王某某 and 王某: 王某 begins 王某某
    people = extract("ind", text)["defendants"]
    assert [p["name"] for p in people] == ["王某某", "王某"]
    first, second = people
    assert (first["rec_penalty"], first["rec_term_min"], first["rec_probation"]) == (
        "有期徒刑",
        12,
        False,
    )
    assert (second["rec_penalty"], second["rec_term_min"], second["rec_probation"]) == (
        "拘役",
        3,
        True,
    )


def test_surname_zeng_is_a_name() -> None:
    text = "被告人曾杰凯，男，1993年5月15日出生。 被告人曾某（曾用名曾二），女。"
    assert [p.name for p in find_persons(text, 0, len(text))] == ["曾杰凯", "曾某"]


@pytest.mark.parametrize(
    ("item", "charge"),
    [
        ("被告人王某犯帮助信息网络犯罪活动罪，判处有期徒刑一年。", "帮助信息网络犯罪活动罪"),
        ("被告人王某犯掩饰、隐瞒犯罪所得罪，判处有期徒刑一年。", "掩饰、隐瞒犯罪所得罪"),
        ("被告人王某犯盗窃罪，判处有期徒刑一年。", "盗窃罪"),
    ],
)
def test_charges_with_fanzui_inside(item: str, charge: str) -> None:
    found = CHARGE.search(item)
    assert found is not None and found["charge"] == charge


def test_suspected_list_of_charges() -> None:
    found = SUSPECTED.search("的行为已触犯…之规定，涉嫌诈骗罪、盗窃罪。依照")
    assert found is not None and split_charges(found["charges"]) == ["诈骗罪", "盗窃罪"]
    found = SUSPECTED.search("涉嫌帮助信息网络犯罪活动罪。")
    assert found is not None and found["charges"] == "帮助信息网络犯罪活动罪"
    text = POLICE.replace("已涉嫌盗窃罪。", "已涉嫌盗窃罪、诈骗罪。")
    assert extract("p", text)["defendants"][0]["charges"] == ["盗窃罪", "诈骗罪"]
