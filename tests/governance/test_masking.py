"""Masking: ID numbers keep region and last four, phones first three and last four."""

from __future__ import annotations

from jiancha.api.masking import mask_lead, mask_text
from jiancha.governance import mask_value

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
