"""Earlier cases inside a disposition item (与前罪并罚, 撤销缓刑) and statutory penalties."""

import pytest

from jiancha.documents.extraction import extract
from jiancha.documents.extraction.disposition import person_chunks, read_sentence
from jiancha.documents.extraction.law import statutory_penalty
from jiancha.documents.extraction.priors import prior_clauses
from tests.documents.extraction.samples import judgment


def _sentence(text: str, name: str = "X某") -> tuple[list[str], str | None, int | None]:
    pieces = person_chunks(text, 0, len(text), [name])[name]
    sentence = read_sentence(text, pieces)
    return sentence.charges, sentence.principal_penalty, sentence.term_months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "被告人X某犯容留他人吸毒罪，判处有期徒刑七个月，并处罚金人民币二千元；与之前犯诈骗罪、"
            "容留他人吸毒罪没有执行的有期徒刑一年四个月又十五天，并处罚金人民币七千元并罚，决定执行"
            "有期徒刑二年，并处罚金人民币九千元。",
            (["容留他人吸毒罪"], "有期徒刑", 24),
        ),
        (
            "三、上诉人X某犯故意伤害罪，判处有期徒刑四年，与某县人民法院（2012）某刑初字第165号刑事"
            "判决中对X某犯聚众斗殴罪，判处有期徒刑三年数罪并罚，决定执行有期徒刑六年。",
            (["故意伤害罪"], "有期徒刑", 72),
        ),
        (
            "被告人X某犯诈骗罪，判处有期徒刑一年；撤销某区人民法院（2015）某刑初字第2号刑事判决中对"
            "被告人X某犯盗窃罪宣告的缓刑二年，与前罪判处的有期徒刑一年并罚，决定执行有期徒刑一年"
            "十个月。",
            (["诈骗罪"], "有期徒刑", 22),
        ),
        (
            "被告人X某犯盗窃罪，判处有期徒刑六个月，连同原判犯抢劫罪尚未执行的有期徒刑二年三个月"
            "并罚，执行有期徒刑二年八个月。",
            (["盗窃罪"], "有期徒刑", 32),
        ),
        # two offences of this case combined: both are charges
        (
            "被告人X某犯盗窃罪，判处有期徒刑一年；犯诈骗罪，判处有期徒刑六个月，数罪并罚，决定执行"
            "有期徒刑一年三个月。",
            (["盗窃罪", "诈骗罪"], "有期徒刑", 15),
        ),
    ],
)
def test_earlier_case_charges_are_not_this_cases(
    text: str, expected: tuple[list[str], str, int]
) -> None:
    assert _sentence(text) == expected


def test_prior_clause_spans() -> None:
    body = (
        "犯盗窃罪，判处有期徒刑八个月，与前罪所判处的有期徒刑四年并罚，决定执行有期徒刑四年六个月。"
    )
    ((start, end),) = prior_clauses(body)
    assert body[start:end] == "，与前罪所判处的有期徒刑四年并罚"
    assert prior_clauses("犯盗窃罪，判处有期徒刑一年；犯诈骗罪，判处拘役六个月，数罪并罚。") == []


@pytest.mark.parametrize(
    ("charges", "penalty", "months", "meant"),
    [
        (["危险驾驶罪"], "有期徒刑", 3, "拘役"),
        (["危险驾驶罪"], "拘役", 3, None),
        (["危险驾驶罪"], "有期徒刑", 12, None),  # not a slip of the word: left as written
        (["危险驾驶罪", "交通肇事罪"], "有期徒刑", 6, None),
        (["盗窃罪"], "有期徒刑", 3, None),
    ],
)
def test_statutory_penalty(
    charges: list[str], penalty: str, months: int, meant: str | None
) -> None:
    assert statutory_penalty(charges, penalty, months) == meant


def test_dangerous_driving_slip_in_an_appeal_is_read_as_detention() -> None:
    text = judgment(
        "原审被告人冯某，男，1980年9月19日出生。2017年11月21日被某公安局取保候审。",
        "一、维持某区人民法院（2018）某刑初152号刑事判决中对原审被告人冯某的定罪和量刑的主刑部分。"
        " 二、原审被告人冯某犯危险驾驶罪，判处有期徒刑三个月，缓刑四个月，并处罚金五万元。",
    )
    result = extract("dd", text)
    (person,) = result["defendants"]
    assert (person["principal_penalty"], person["term_months"], person["probation_months"]) == (
        "拘役",
        3,
        4,
    )
    assert any("危险驾驶罪" in w and "拘役" in w for w in result["warnings"])
