"""Masking: ID numbers keep region and last four, phones first three and last four."""

from __future__ import annotations

import duckdb
import pytest

from jiancha.api.masking import mask_lead, mask_text
from jiancha.governance import mask_value
from jiancha.governance.masking import mask_sql

ID = "330102198001010018"  # valid check digit


def test_values_by_type_and_by_shape() -> None:
    assert mask_value(ID) == "330102********0018"
    assert mask_value("330102800101001") == "330102*****1001"
    assert mask_value("13812345678") == "138****5678"
    assert mask_value("张三丰", "person_name") == "张**"
    assert mask_value("杭州市上城区人民法院") == "杭州市上城区人民法院"
    assert mask_value(None) is None and mask_value(42) == 42


def test_identifiers_inside_text_and_nested_values() -> None:
    assert mask_text(f"张三（{ID}）电话13812345678") == "张三（330102********0018）电话138****5678"
    assert mask_text("案号（2025）浙0102刑初123456789012345678号") == (
        "案号（2025）浙0102刑初123456789012345678号"
    )
    lead = {
        "fingerprint": "ab" * 32,
        "subject_key": ID,
        "title": f"{ID} 未交付执行",
        "evidence": {"person_id": ID, "court": "法院"},
        "explanation": [{"text": f"没有 person_id = {ID} 的记录", "values": {"x": [ID]}}],
    }
    masked = mask_lead(lead)
    assert masked["fingerprint"] == lead["fingerprint"] and masked["masked"] is True
    assert ID not in repr(masked)
    assert masked["evidence"] == {"person_id": "330102********0018", "court": "法院"}


def test_a_name_mask_does_not_tell_the_length() -> None:
    assert {mask_value(n, "person_name") for n in ("张三", "张三丰", "张三丰收")} == {"张**"}
    assert mask_value("张三", "person_name") == mask_value("张三丰收", "person_name") == "张**"
    assert mask_value("张", "person_name") == "*"


def test_plates_sensitive_and_derived_values() -> None:
    assert mask_value("浙A12345", "plate") == "浙A***45"
    assert mask_value("浙AD12345", "plate") == "浙A***45"  # new-energy plate
    assert mask_value("曾任副局长", "sensitive") == "***" and mask_value(7, "sensitive") == "***"
    assert mask_value("张三/李四", "derived") == "***"
    assert mask_value("杭州", "text") == "杭州"  # another semantic type: by shape only


def test_ids_in_free_text_whatever_their_check_digit() -> None:
    wrong = ID[:-1] + "9"  # 330102198001010019: the check digit should be 8
    assert mask_text(f"身份证{wrong}，旧证330102800101001。") == (
        "身份证330102********0019，旧证330102*****1001。"
    )
    # A case or claim number is not shaped like an ID number (no birth date): kept.
    assert mask_text("理赔号 123456789012345678、100000000000000") == (
        "理赔号 123456789012345678、100000000000000"
    )


VALUES = [
    "",
    "张",
    "张三",
    "欧阳明华",
    "浙A12345",
    "浙A1",
    ID,
    "330102800101001",
    "12345",
    "1381234",
]


@pytest.mark.parametrize(
    "kind", ["person_name", "id_card", "phone", "plate", "sensitive", "derived"]
)
def test_sql_masks_agree_with_python(kind: str) -> None:
    con = duckdb.connect()
    for value in VALUES:
        [(masked,)] = con.execute(f"SELECT {mask_sql(kind, '$v')}", {"v": value}).fetchall()
        assert masked == mask_value(value, kind), (kind, value)


def test_a_lead_masks_every_personal_column() -> None:
    lead = {
        "fingerprint": "ab" * 32,
        "subject_type": "person",
        "subject_key": ID,
        "subject_name": "王五",
        "title": "王五向李建国行贿",
        "title_masked": "王**向李**行贿",
        "evidence": {"name": "王五", "official": "李建国", "plate": "浙A12345", "court": "法院"},
        "explanation": [
            {"text": "name = 王五，official = 李建国", "values": {"official": "李建国"}}
        ],
        "personal": {
            "fields": {"name": "person_name", "official": "person_name", "plate": "plate"},
            "subject_key": "id_card",
            "subject_name": "person_name",
        },
    }
    masked = mask_lead(lead)
    assert "李建国" not in repr(masked) and "王五" not in repr(masked)
    assert masked["title"] == "王**向李**行贿" and "personal" not in masked
    assert masked["evidence"] == {
        "name": "王**",
        "official": "李**",
        "plate": "浙A***45",
        "court": "法院",
    }
    assert masked["explanation"][0]["text"] == "name = 王**，official = 李**"
