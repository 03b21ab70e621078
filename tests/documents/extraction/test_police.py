"""起诉意见书 fields."""

import pytest

from jiancha.documents.extraction import detect_type, extract
from jiancha.errors import JianchaError
from tests.documents.extraction.samples import POLICE


def test_police_recommendation() -> None:
    result = extract("pol-1", POLICE)
    assert detect_type(POLICE) == "police_recommendation"
    assert (result["doc_type"], result["doc_type_label"]) == ("police_recommendation", "起诉意见书")
    assert result["case_number"] == "七公（新）诉字〔2024〕31号"
    assert result["investigating_agency"] == "七台河市公安局新兴分局"
    assert result["prosecutor_office"] == "七台河市新兴区人民检察院"
    assert result["doc_date"] == "2024-03-28"
    names = [(p["name"], p["charges"], p["custody_start"]) for p in result["defendants"]]
    assert names == [("李某某", ["盗窃罪"], "2024-02-02"), ("王某", ["盗窃罪"], None)]


def test_not_a_document() -> None:
    with pytest.raises(JianchaError, match="不是可识别的"):
        extract("x", "今天天气很好。")
    with pytest.raises(JianchaError, match="正文为空"):
        extract("x", "  ")
