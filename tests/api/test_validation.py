"""Pydantic's validation errors said in Chinese (no app, no store)."""

from __future__ import annotations

from jiancha.api.validation import describe, sentence


def test_common_kinds_are_sentences() -> None:
    missing = {"type": "missing", "loc": ("body", "issued_on"), "msg": "Field required"}
    assert sentence(missing) == "缺少请求体“issued_on”"
    nul = {"type": "value_error", "loc": ("body", "text"), "ctx": {"error": "不能包含空字符"}}
    assert sentence(nul) == "请求体“text”不能包含空字符"
    odd = {"type": "uuid_parsing", "loc": ("query", "id"), "msg": "Input should be a valid UUID"}
    assert sentence(odd) == "查询参数“id”：Input should be a valid UUID"
    no_ctx = {"type": "less_than_equal", "loc": ("query", "size"), "msg": "too big"}
    assert sentence(no_ctx) == "查询参数“size”：too big"  # a template without its context


def test_describe_lists_every_field_once_and_counts_the_rest() -> None:
    errors = [
        {"type": "missing", "loc": ("body", name), "msg": "Field required"}
        for name in ("a", "b", "c", "d", "e")
    ]
    errors.append({"type": "int_parsing", "loc": ("body", "a"), "msg": "x"})
    fields, message = describe(errors)
    assert fields == ["body.a", "body.b", "body.c", "body.d", "body.e"]
    assert message == "缺少请求体“a”；缺少请求体“b”；缺少请求体“c”；另有 3 处问题"
