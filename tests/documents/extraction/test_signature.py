"""The judgment date: the one between the judges' names and the clerk, whatever follows."""

import pytest

from jiancha.documents.extraction import extract
from tests.documents.extraction.samples import judgment

PERSON = "被告人王某，男，1980年1月2日出生。因涉嫌犯盗窃罪于2018年1月5日被刑事拘留。"
ITEM = "被告人王某犯盗窃罪，判处有期徒刑六个月，并处罚金人民币一千元。"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("审判员张某 二〇一八年五月二十八日 书记员李某", "2018-05-28"),
        # typed variants of 〇 in the year
        ("审判员张某 二O一八年五月二十八日 书记员李某", "2018-05-28"),
        ("审判员张某 二0一六年十一月二十二日 书记员李某", "2016-11-22"),
        ("审 判 长 张某 人民陪审员赵某 二○一七年七月五日 书 记 员 李某", "2017-07-05"),
        # 日 mistyped after the day
        ("审判员吕某 二○一七年十一月七无 书记员黄某", "2017-11-07"),
        # dates and names after the signature are not the judgment date
        (
            "审判员张某 二〇一七年十二月十九日 本件与原本核对无异 书记员郭某 书记员黎某 "
            "附：相关法律条文 第六十七条 2018年6月6日起施行",
            "2017-12-19",
        ),
        (
            "审判长徐某 人民陪审员安某 二〇一八年五月十五日 法官助理申某 书记员陈某 "
            "二〇一八年六月一日",
            "2018-05-15",
        ),
        # a law article after the clerk that mentions 审判长 does not move the search
        (
            "审判员邓某 二〇一六年十一月二十二日 书记员周某 附：《中华人民共和国刑事诉讼法》"
            "第一百九十五条在被告人最后陈述后，审判长宣布休庭，合议庭进行评议。",
            "2016-11-22",
        ),
    ],
)
def test_signature_date(tail: str, expected: str) -> None:
    result = extract("sig", judgment(PERSON, ITEM, tail))
    assert result["judgment_date"] == expected
    assert result["doc_date"] == expected
    assert not result["warnings"]


def test_blanked_day_gives_no_date_and_says_so() -> None:
    text = judgment(
        PERSON,
        ITEM + "（刑期自2018年1月5日起至2018年7月4日止。）",
        "审判长黄某 人民陪审员张某 二〇一五年四月××日 书记员李某",
    )
    result = extract("sig", text)
    assert result["judgment_date"] is None
    assert "判决日期无法识别" in result["warnings"]
    start, end = result["spans"]["doc_date"]
    assert text[start:end] == "二〇一五年四月××日"
