"""The registry, the public API, and properties every type keeps."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiancha.identifiers as identifiers
from jiancha.identifiers import (
    CLASSIFICATIONS,
    Invalid,
    SemanticType,
    UnknownType,
    all_types,
    get,
    names,
)

NAMES = (
    "id_card",
    "credit_code",
    "person_name",
    "company_name",
    "phone",
    "plate",
    "date",
    "datetime",
    "money",
    "integer",
    "number",
    "boolean",
    "text",
    "org",
)
STRING_TYPES = [t for t in all_types() if t.storage == pa.string()]
TRICKY = st.text(
    alphabet="0123456789０１２-/.:T 年月日时分秒号〇零○一二三四五六七八九十百千万亿壹贰叁元角分整"
    "¥￥人民币RMB,+%eExX·•.（）()京A张三李阿卜杜热合曼公司法院",
    min_size=1,
)


def test_names_in_order() -> None:
    assert names() == NAMES
    assert tuple(t.name for t in all_types()) == NAMES


def test_get_returns_singletons() -> None:
    for name in NAMES:
        semantic = get(name)
        assert isinstance(semantic, SemanticType)
        assert semantic.name == name and get(name) is semantic
        assert repr(semantic) == f"<SemanticType {name}>"


def test_unknown_type() -> None:
    with pytest.raises(UnknownType) as caught:
        get("person_nam")
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert message.startswith("未知的字段类型：'person_nam'")
    assert "person_name" in message and "id_card" in message


def test_declarations() -> None:
    for semantic in all_types():
        assert semantic.label and not semantic.label.isascii()
        assert semantic.classification in CLASSIFICATIONS
        assert isinstance(semantic.storage, pa.DataType)
        assert semantic.keeps_raw is (semantic.name != "text")


def test_public_api() -> None:
    assert sorted(identifiers.__all__) == sorted(
        [
            "SemanticType",
            "Invalid",
            "is_missing",
            "MISSING_TOKENS",
            "CLASSIFICATIONS",
            "get",
            "names",
            "all_types",
            "guess",
            "UnknownType",
            "birth_date",
            "sex",
            "upgrade15",
            "to_int",
            "from_int",
        ]
    )
    assert identifiers.__doc__ is not None and "I/O" in identifiers.__doc__


def test_storage_accepts_clean_values() -> None:
    samples = {
        "id_card": "11010519491231002X",
        "credit_code": "91110000600037341L",
        "person_name": "张三",
        "company_name": "北京某某有限公司",
        "phone": "13812345678",
        "plate": "京A12345",
        "date": "2023年5月6日",
        "datetime": "2023-05-06 14:30",
        "money": "1.5万元",
        "integer": "1,234",
        "number": "12.5",
        "boolean": "是",
        "text": "备注",
        "org": "北京市朝阳区人民法院",
    }
    for semantic in all_types():
        value = semantic.clean(samples[semantic.name])
        assert pa.array([value, None], semantic.storage).type == semantic.storage


def _cleaned(semantic: SemanticType, raw: str) -> object:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return semantic.clean(raw)
    except Invalid:
        return None


@pytest.mark.parametrize("semantic", all_types(), ids=lambda t: t.name)
@given(raw=st.text(min_size=1))
def test_clean_raises_only_invalid(semantic: SemanticType, raw: str) -> None:
    _cleaned(semantic, raw)
    if raw.strip():
        assert isinstance(semantic.sniff(raw.strip()), bool)


@pytest.mark.parametrize("semantic", all_types(), ids=lambda t: t.name)
@given(raw=TRICKY)
def test_clean_raises_only_invalid_on_tricky_text(semantic: SemanticType, raw: str) -> None:
    _cleaned(semantic, raw)


@pytest.mark.parametrize("semantic", STRING_TYPES, ids=lambda t: t.name)
@given(raw=st.one_of(st.text(min_size=1), TRICKY))
def test_string_clean_is_idempotent(semantic: SemanticType, raw: str) -> None:
    value = _cleaned(semantic, raw)
    if value is not None:
        assert isinstance(value, str)
        assert semantic.clean(value) == value


@pytest.mark.parametrize(
    "semantic", [get(n) for n in ("date", "datetime", "money", "integer", "number")], ids=str
)
@given(raw=TRICKY)
def test_typed_clean_reads_its_own_text(semantic: SemanticType, raw: str) -> None:
    value = _cleaned(semantic, raw)
    if value is not None:
        assert semantic.clean(str(value) if semantic.name != "number" else repr(value)) == value
