"""One small spec per step kind over the hand-made county, with the leads expected by hand."""

from __future__ import annotations

from tests.modelling.fixtures import BINDS as DESIGN_BINDS
from tests.modelling.fixtures import pid

HEAD = """spec: 1
id: {id}
version: 1.0.0
name: 测试模型
area: criminal
line: criminal_execution
kind: {kind}
risk: low
parameters:
  min_days: {{type: integer, default: 10}}
  courts: {{type: list, default: [乐都县人民法院, 平安县人民法院]}}
inputs:
  j:
    label: 刑事判决
    fields: {{person_id: id_card, name: person_name, court: text, sentence_type: text,
             probation: boolean, pretrial_measure: text, effective_date: date, fine: money}}
  p:
    label: 监狱收押
    fields: {{person_id: id_card, intake_date: date}}
"""

CASES: dict[str, tuple[str, str, set[str]]] = {
    # join with a where relating both sides, derive on joined columns, filter on the result
    "join-where": (
        "collision",
        """steps:
  - from: j
  - join: {input: p, on: [[person_id, person_id]], where: "p.intake_date >= effective_date"}
  - derive: {delay: "date_diff('day', effective_date, p.intake_date)"}
  - filter: "delay > :min_days"
lead:
  subject: {type: person, key: person_id, name: name}
  title: "{name} 生效后 {delay} 日才收押"
  evidence: [person_id, p.intake_date, delay]
""",
        {pid(2)},
    ),
    "derived-date": (
        "collision",
        """steps:
  - from: j
  - derive: {deadline: "effective_date + INTERVAL 30 DAY", due: "date_add(effective_date, 10)"}
  - filter: "deadline < current_date AND sentence_type = '有期徒刑'"
lead:
  subject: {type: person, key: person_id}
  title: "{name} 应于 {deadline} 前交付执行（{due}）"
  evidence: [person_id, deadline, due]
""",
        {pid(1), pid(2), pid(4)},
    ),
    "left-join": (
        "collision",
        """steps:
  - from: j
  - join: {input: p, on: [[person_id, person_id]], type: left}
  - filter: "p.intake_date IS NULL AND court IN :courts AND sentence_type = '有期徒刑'"
lead:
  subject: {type: person, key: person_id}
  title: "{court}：{person_id}"
  evidence: [person_id]
""",
        {pid(1), pid(5)},
    ),
    "semi-join-where": (
        "collision",
        """steps:
  - from: j
  - semi_join: {input: p, on: [[person_id, person_id]], where: "p.intake_date < effective_date"}
lead:
  subject: {type: person, key: person_id}
  title: "{name} 先收押后生效"
  evidence: [person_id]
""",
        {pid(4)},
    ),
    "anti-join-where": (
        "collision",
        """steps:
  - from: j
  - filter: "NOT probation"
  - anti_join: {input: p, on: [[person_id, person_id]], where: "p.intake_date >= effective_date"}
lead:
  subject: {type: person, key: person_id}
  title: "{name}"
  evidence: [person_id]
""",
        {pid(1), pid(4), pid(5), pid(6), pid(7)},
    ),
    "aggregate-having": (
        "profile",
        """steps:
  - from: j
  - aggregate: {by: [court], measures: {n: "count(*)", total: "sum(fine)"}, having: "n >= 4"}
lead:
  subject: {type: org, key: court}
  title: "{court} 共 {n} 件，罚金 {total} 元"
  evidence: [court, n, total]
  amount: total
""",
        {"乐都县人民法院"},
    ),
    "anomaly-ratio": (
        "mining",
        """steps:
  - from: j
  - filter: "fine IS NOT NULL"
  - anomaly: {value: fine, by: [court], method: ratio, threshold: 1.4}
  - select: [person_id, name, court, fine, score]
lead:
  subject: {type: person, key: person_id, name: name}
  title: "{name} 罚金 {fine} 元，为同院平均的 {score} 倍"
  evidence: [person_id, fine]
  amount: fine
""",
        {pid(1)},
    ),
    "anomaly-zscore": (
        "mining",
        """steps:
  - from: j
  - filter: "fine IS NOT NULL"
  - anomaly: {value: fine, method: zscore, threshold: 1.5}
lead:
  subject: {type: person, key: person_id}
  title: "{name}"
  evidence: [person_id]
""",
        {pid(4)},
    ),
    "anomaly-iqr": (
        "mining",
        """steps:
  - from: j
  - filter: "fine IS NOT NULL"
  - anomaly: {value: fine, method: iqr, threshold: 1.0}
lead:
  subject: {type: person, key: person_id}
  title: "{name}"
  evidence: [person_id]
""",
        {pid(4)},
    ),
}


def spec_text(case: str) -> str:
    kind, body, _ = CASES[case]
    return HEAD.format(id=f"test-{case}", kind=kind) + body


def expected(case: str) -> set[str]:
    return CASES[case][2]


BINDS = [*DESIGN_BINDS, "j.fine=罚金"]
