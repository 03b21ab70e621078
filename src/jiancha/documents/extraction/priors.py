"""Parts of a disposition item that speak of an earlier case, not of the offence judged now.

Two wordings recite an earlier judgment inside this case's item:
- the combination with an unserved earlier sentence (刑法第六十九条至第七十一条):
  ``与前罪所判处的有期徒刑三年并罚``, ``与之前犯诈骗罪没有执行的有期徒刑一年并罚``,
  ``与某法院（2012）某刑初字第165号刑事判决中对X犯聚众斗殴罪，判处有期徒刑三年数罪并罚``;
- the revocation of an earlier probation or parole (第七十七条, 第八十六条):
  ``撤销某法院（2015）某刑初字第2号刑事判决中对X犯盗窃罪宣告的缓刑``.
The 罪名 written inside them belong to the earlier case.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_COMBINED = re.compile(r"(?:数罪)?并罚")
_JOINT = re.compile(
    r"[，,；;：:]\s*(?:并|再|依法)?(?:与|同|连同|和)"
    r"|(?:与|同|连同)(?=前罪|原判|原审|尚未|未执行|没有执行|剩余|余刑)"
)
_EARLIER = re.compile(
    r"前罪|前次|原判|原审|之前|此前|以前|先前|未执行|没有执行|尚未|余刑|剩余|判决|法院|漏罪|已判处"
)
_REVOKED = re.compile(r"撤销[^。；;]{0,160}?(?:缓刑|假释)")


def prior_clauses(body: str) -> list[Span]:
    """Spans of ``body`` that recite an earlier case (``与前罪…并罚``, ``撤销…缓刑``)."""
    spans = [(m.start(), m.end()) for m in _REVOKED.finditer(body)]
    for combined in _COMBINED.finditer(body):
        sentence_start = body.rfind("。", 0, combined.start()) + 1
        joints = list(_JOINT.finditer(body, sentence_start, combined.start()))
        for joint in reversed(joints):
            if _EARLIER.search(body, joint.end(), combined.start()):
                spans.append((joint.start(), combined.end()))
                break
    return sorted(spans)


def inside(spans: list[Span], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
