"""起诉书 fields and the 量刑建议 (REFERENCE 4.4)."""

import pytest

from jiancha.documents.extraction import detect_type, extract
from jiancha.documents.extraction.recommendation import read_proposal
from tests.documents.extraction.samples import INDICTMENT


def test_document_fields() -> None:
    result = extract("ind-1", INDICTMENT)
    assert result["doc_type"] == "indictment"
    assert result["doc_type_label"] == "起诉书"
    assert result["case_number"] == "七新检刑诉〔2024〕74号"
    assert result["prosecutor_office"] == "七台河市新兴区人民检察院"
    assert result["court"] == "七台河市新兴区人民法院"
    assert result["investigating_agency"] == "七台河市公安局新兴分局"
    assert result["police_number"] == "七公（新）诉字〔2024〕31号"
    assert result["doc_date"] == "2024-09-10"
    start, end = result["spans"]["case_number"]
    assert INDICTMENT[start:end] == "七新检刑诉〔2024〕74号"


def test_defendants_and_recommendations() -> None:
    first, second = extract("ind-1", INDICTMENT)["defendants"]
    assert (first["name"], first["id_number"], first["charges"]) == (
        "李某某",
        "230903198503020011",
        ["盗窃罪"],
    )
    assert first["measures"] == [
        {"type": "刑事拘留", "date": "2024-02-02"},
        {"type": "逮捕", "date": "2024-02-10"},
    ]
    assert (first["rec_penalty"], first["rec_term_min"], first["rec_term_max"]) == (
        "有期徒刑",
        12,
        18,
    )
    assert (first["rec_probation"], first["rec_fine_yuan"]) == (False, 3000)
    assert first["amount_yuan"] == 6200
    assert (second["rec_penalty"], second["rec_term_min"], second["rec_term_max"]) == ("拘役", 3, 3)
    assert (second["rec_probation"], second["detained_before_judgment"]) == (True, False)
    start, end = second["spans"]["recommendation"]
    assert "王某拘役三个月" in INDICTMENT[start:end]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "建议判处被告人X有期徒刑一年至一年六个月，适用缓刑，并处罚金人民币三千元。",
            ("有期徒刑", 12, 18, True, 3000),
        ),
        ("建议判处被告人X拘役四个月至五个月，并处罚金。", ("拘役", 4, 5, None, None)),
        ("建议对被告人X判处有期徒刑二年，不适用缓刑。", ("有期徒刑", 24, 24, False, None)),
    ],
)
def test_proposals(sentence: str, expected: tuple[object, ...]) -> None:
    proposal = read_proposal(sentence, (0, len(sentence)))
    got = (
        proposal.penalty,
        proposal.term_min,
        proposal.term_max,
        proposal.probation,
        proposal.fine_yuan,
    )
    assert got == expected


def test_detect_type() -> None:
    assert detect_type(INDICTMENT) == "indictment"
    assert detect_type("这是一段普通的文字") is None
