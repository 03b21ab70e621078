"""Corporate defendants (被告单位) and where the defendant paragraphs end."""

from jiancha.documents.extraction import extract
from jiancha.documents.extraction.scoring import score
from tests.documents.extraction.samples import judgment

PERSONS = (
    "被告单位某市某科技有限公司，法定代表人李某，住所地某市某区某路11号。 "
    "诉讼代表人赵某，女，1987年1月19日出生，该公司会计。 "
    "被告人李某，男，1961年6月19日出生。因涉嫌犯单位行贿罪于2017年4月6日被取保候审。"
)
ITEMS = (
    "一、被告单位某市某科技有限公司犯单位行贿罪，判处罚金人民币十万元。 "
    "二、被告人李某犯单位行贿罪，判处拘役四个月，缓刑六个月，并处罚金人民币十万元。"
)


def test_company_is_a_defendant_after_the_persons() -> None:
    text = judgment(PERSONS, ITEMS)
    result = extract("unit", text)
    person, company = result["defendants"]
    assert (person["name"], person["unit"], person["principal_penalty"]) == ("李某", False, "拘役")
    assert company["name"] == "某市某科技有限公司"
    assert company["unit"] is True
    assert (company["sex"], company["birth_date"], company["measures"]) == (None, None, [])
    assert company["detained_before_judgment"] is None
    assert (company["charges"], company["principal_penalty"], company["fine_yuan"]) == (
        ["单位行贿罪"],
        "单处罚金",
        100000,
    )
    start, end = company["spans"]["name"]
    assert text[start:end] == "某市某科技有限公司"
    assert "诉讼代表人" not in text[slice(*company["spans"]["person"])]


def test_labels_score_persons_only() -> None:
    text = judgment(PERSONS, ITEMS)
    label = {"id": "unit", "defendants": [{"name": "李某", "principal_penalty": "拘役"}]}
    table, misses = score([label], lambda _: extract("unit", text))
    assert table["name"] == (1, 1) and table["principal_penalty"] == (1, 1)
    assert misses == []


def test_case_sentence_after_the_paragraph_is_not_part_of_it() -> None:
    text = judgment(
        "被告人陈某，男，1951年7月3日出生。2018年4月11日因涉嫌贩卖毒品被刑事拘留，同年5月16日被"
        "逮捕。现羁押于某看守所。 被告人陈某被控贩卖毒品一案，某区人民检察院于2018年7月3日向本院"
        "提起公诉。",
        "被告人陈某犯贩卖毒品罪，判处有期徒刑十个月，并处罚金人民币三千元。",
    )
    (person,) = extract("cut", text)["defendants"]
    paragraph = text[slice(*person["spans"]["person"])]
    assert paragraph.endswith("现羁押于某看守所。 ")
    assert person["measures"] == [
        {"type": "刑事拘留", "date": "2018-04-11"},
        {"type": "逮捕", "date": "2018-05-16"},
    ]
