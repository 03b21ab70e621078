"""Which dataset column types may feed which spec field types."""

from __future__ import annotations

import pytest

from jiancha.errors import JianchaError
from jiancha.modelling.install import compatible, parse_binds


@pytest.mark.parametrize(
    ("wanted", "actual", "ok"),
    [
        ("id_card", "id_card", True),
        ("text", "id_card", True),  # any text column may feed a text field
        ("person_name", "text", True),  # a text column may be read as names
        ("person_name", "id_card", False),
        ("number", "integer", True),
        ("money", "number", True),
        ("integer", "number", False),
        ("date", "datetime", False),
        ("boolean", "text", False),
    ],
)
def test_compatible(wanted: str, actual: str, ok: bool) -> None:
    assert compatible(wanted, actual) is ok


def test_parse_binds() -> None:
    datasets, fields = parse_binds(["j=判决", "j.person_id=公民身份号码", "p = 收押"])
    assert datasets == {"j": "判决", "p": "收押"}
    assert fields == {"j": {"person_id": "公民身份号码"}}
    with pytest.raises(JianchaError, match="格式应为"):
        parse_binds(["j"])
