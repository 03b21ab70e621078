"""Disposition items (REFERENCE 4.3 patterns)."""

import pytest

from jiancha.documents.extraction.disposition import person_chunks, read_sentence


def _one(text: str, name: str = "X某") -> dict[str, object]:
    pieces = person_chunks(text, 0, len(text), [name])[name]
    sentence = read_sentence(text, pieces)
    return {
        "charges": sentence.charges,
        "penalty": sentence.principal_penalty,
        "months": sentence.term_months,
        "days": sentence.term_days,
        "probation": sentence.probation_months,
        "fine": sentence.fine_yuan,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "被告人X某犯盗窃罪，判处有期徒刑一年六个月，并处罚金人民币二千元。",
            (["盗窃罪"], "有期徒刑", 18, 0, None, 2000),
        ),
        (
            "被告人X某犯盗窃罪，判处拘役三个月，缓刑六个月，并处罚金人民币一千元。",
            (["盗窃罪"], "拘役", 3, 0, 6, 1000),
        ),
        (
            "被告人X某犯盗窃罪，判处有期徒刑一年又六个月，宣告缓刑二年（缓刑考验期限，从判决确定之日起"
            "计算），并处罚金三千元。",
            (["盗窃罪"], "有期徒刑", 18, 0, 24, 3000),
        ),
        (
            "被告人X某犯危险驾驶罪，判处拘役三个月二十日。",
            (["危险驾驶罪"], "拘役", 3, 20, None, None),
        ),
        ("被告人X某犯盗窃罪，判处管制六个月。", (["盗窃罪"], "管制", 6, 0, None, None)),
        (
            "被告人X某犯盗窃罪，判处罚金人民币2000元。",
            (["盗窃罪"], "单处罚金", None, 0, None, 2000),
        ),
        ("被告人X某犯盗窃罪，免予刑事处罚。", (["盗窃罪"], "免予刑事处罚", None, 0, None, None)),
        ("被告人X某无罪。", ([], None, None, 0, None, None)),
        (
            "被告人X某犯抢劫罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产。",
            (["抢劫罪"], "无期徒刑", None, 0, None, None),
        ),
        (
            "被告人X某犯故意杀人罪，判处死刑，缓期二年执行，剥夺政治权利终身。",
            (["故意杀人罪"], "死刑", None, 0, None, None),
        ),
        (
            "被告人X某犯盗窃罪，判处有期徒刑一年，并处罚金人民币二千元；犯抢劫罪，判处有期徒刑三年，"
            "并处罚金人民币三千元；决定执行有期徒刑三年六个月，并处罚金人民币五千元。",
            (["盗窃罪", "抢劫罪"], "有期徒刑", 42, 0, None, 5000),
        ),
        (
            "被告人X某犯走私、贩卖、运输、制造毒品罪，判处有期徒刑八个月，与前罪所判处的有期徒刑四年"
            "八个月并罚，决定执行有期徒刑五年。",
            (["走私、贩卖、运输、制造毒品罪"], "有期徒刑", 60, 0, None, None),
        ),
    ],
)
def test_items(text: str, expected: tuple[object, ...]) -> None:
    got = _one(text)
    charges, penalty, months, days, probation, fine = expected
    assert got["charges"] == charges
    assert got["penalty"] == penalty
    assert got["months"] == months
    assert (got["days"] or 0) == days
    assert got["probation"] == probation
    assert got["fine"] == fine


def test_several_defendants_and_term_dates() -> None:
    text = (
        "一、被告人甲某犯盗窃罪，判处有期徒刑六个月。（刑期从判决执行之日起计算。判决执行以前先行羁押的，"
        "羁押一日折抵刑期一日，即自2018年3月29日起至2018年9月28日止。） 二、被告人乙某犯盗窃罪，"
        "判处拘役四个月，缓刑六个月。 三、追缴被告人甲某、乙某违法所得。"
    )
    chunks = person_chunks(text, 0, len(text), ["甲某", "乙某"])
    first = read_sentence(text, chunks["甲某"])
    second = read_sentence(text, chunks["乙某"])
    assert (first.term_months, first.term_start, first.term_end) == (6, "2018-03-29", "2018-09-28")
    assert (second.principal_penalty, second.probation_months, second.term_start) == (
        "拘役",
        6,
        None,
    )


def test_appeal_recitals_are_skipped() -> None:
    text = (
        "一、撤销某法院（2015）某刑初字第2号刑事判决量刑部分，即被告人X某犯挪用资金罪，判处有期徒刑七年。"
        " 二、上诉人X某犯挪用资金罪，判处有期徒刑五年。"
    )
    assert _one(text)["months"] == 60
