"""Word drafts read like a prosecutor wrote them: the steps' plain sentences and the datasets'
Chinese column names, never SQL, parameters, field identifiers or notes kept inside the office."""

from __future__ import annotations

import re
from pathlib import Path

from jiancha.documents import draft_document
from jiancha.leads import Move, move_lead
from jiancha.leads.actions import add_comment
from jiancha.store import Store
from tests.documents.conftest import text
from tests.templates.harness import pid, run_template
from tests.templates.test_custodial_sentence_not_executed import ID, TABLES

TECHNICAL = [
    re.compile(r" IN "),
    re.compile(r"coalesce", re.IGNORECASE),
    re.compile(r":[a-z_]+"),
    re.compile(r"\$[a-z_]+"),
    re.compile(r"\b(SELECT|NOT|AND|current_date)\b"),
    re.compile(r"sentence_type|person_id|effective_date|pretrial_measure|probation"),
]


def _clean(body: str) -> None:
    for pattern in TECHNICAL:
        assert not pattern.search(body), (pattern.pattern, pattern.search(body))


def test_a_draft_of_a_labelled_template_uses_its_sentences(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES)
    lead = next(x["id"] for x in leads if x["subject_key"] == pid(1))
    add_comment(store, lead, "内部意见：先电话联系法院刑庭王法官", "zhang.san")
    move_lead(store, lead, Move("assigned", assignee="zhang.san", note="请尽快核查"), "li.si")
    for kind in ("suggestion", "correction_notice"):
        body = text(draft_document(store, lead, kind, user="zhang.san"))
        _clean(body)
        assert "（3）判决书中判处实刑（有期徒刑、拘役、无期徒刑）且未宣告缓刑。" in body
        assert "（5）判决生效已逾 30 日。" in body
        assert "（6）监狱收押名册中找不到此人。" in body
        assert "刑种：有期徒刑" in body and "审前强制措施：取保候审" in body
        assert "内部意见" not in body and "请尽快核查" not in body


def test_a_draft_of_an_unlabelled_spec_reads_its_conditions_in_chinese(
    store: Store, lead_id: int
) -> None:
    body = text(draft_document(store, lead_id, "suggestion", user="zhang.san"))
    _clean(body)
    assert "（2）刑罚 属于 “有期徒刑”、“拘役” 且 并非 是否缓刑。" in body
    assert "（4）判决生效日期 不晚于 运行当日前 30 日（宽限天数）。" in body
