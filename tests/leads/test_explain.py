"""Explanations: the run's template and a lead's values read as the sentences a user sees."""

from __future__ import annotations

from jiancha.leads import render

TEMPLATE = [
    {
        "step": 1,
        "kind": "from",
        "condition": "",
        "parameters": {},
        "source": "输入 j（刑事判决）",
        "keys": [],
        "detail": "",
    },
    {
        "step": 2,
        "kind": "filter",
        "condition": "effective_date <= current_date - :grace_days",
        "parameters": {"grace_days": 30, "current_date": "2024-10-23"},
        "source": "输入 j（刑事判决）",
        "keys": [],
        "detail": "",
    },
    {
        "step": 3,
        "kind": "anti_join",
        "condition": "p.intake_date >= judgment_date",
        "parameters": {},
        "source": "输入 p（监狱收押）",
        "keys": ["person_id"],
        "detail": "",
    },
    {
        "step": 4,
        "kind": "anomaly",
        "condition": "ratio",
        "parameters": {},
        "source": "",
        "keys": [],
        "detail": "全体，方法 ratio，阈值 1.5",
    },
]
VALUES = [
    {"values": {}, "row": 7},
    {"values": {"effective_date": "2024-01-03"}},
    {"values": {}, "on": ["330102198001010018"]},
    {"values": {}, "score": 2.25},
]


def test_sentences_from_template_and_values() -> None:
    steps = render(TEMPLATE, VALUES)
    assert [s["text"] for s in steps] == [
        "来自输入 j（刑事判决）第 7 行",
        "满足条件 effective_date <= current_date - :grace_days："
        "effective_date = 2024-01-03，grace_days = 30，current_date = 2024-10-23",
        "输入 p（监狱收押）中没有 person_id = 330102198001010018 的记录"
        "（且 p.intake_date >= judgment_date）",
        "ratio 偏离同组水平（全体，方法 ratio，阈值 1.5）：score = 2.25",
    ]
    assert steps[0]["row"] == 7 and "row" not in steps[1]
    assert steps[1]["parameters"] == {"grace_days": 30, "current_date": "2024-10-23"}


def test_explanations_written_whole_read_as_they_are() -> None:
    whole = [{"step": 1, "kind": "from", "text": "来自输入 j（刑事判决）第 2 行", "values": {}}]
    assert render(None, whole) == whole
    assert render(TEMPLATE, whole) == whole  # step counts differ: not a per-run template
