"""即时审查 and 三书比对 templates on hand-written document datasets.

Each case writes rows of the document datasets (one row per defendant, the Chinese column
headers of ``jiancha documents import``) as CSV, imports them through the real catalogue import
with their semantic types, installs the template bound field by field, runs it, and asserts
exactly which persons become leads: the planted violation is found, its near misses are not.
Expected leads are known by construction (dates and terms worked out by hand in the comments).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiancha import catalogue
from jiancha.leads import list_leads
from jiancha.modelling import Spec, compile_spec, install
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.templates import load_template, template_files
from tests.templates.harness import AS_OF, pid

Row = dict[str, Any]
Tables = dict[str, list[Row]]
JUDGMENT, INDICTMENT, POLICE = "刑事判决书", "起诉书", "起诉意见书"
COMMON = {
    "文书编号": ("document_id", "text"),
    "文书类型": ("doc_type_label", "text"),
    "文号": ("case_number", "text"),
    "制作机关": ("issuer", "org"),
    "文书日期": ("doc_date", "date"),
    "人员序号": ("defendant_no", "integer"),
    "姓名": ("name", "person_name"),
    "性别": ("sex", "text"),
    "出生日期": ("birth_date", "date"),
    "公民身份号码": ("id_number", "id_card"),
    "罪名": ("charges", "text"),
    "强制措施": ("measures", "text"),
    "最后强制措施": ("last_measure", "text"),
    "首次羁押日期": ("custody_start", "date"),
    "在押": ("detained", "boolean"),
    "涉案金额": ("amount_yuan", "money"),
    "人员段落": ("person_passage", "text"),
    "罪名段落": ("charge_passage", "text"),
    "原文位置": ("spans", "text"),
}
COLUMNS = {
    JUDGMENT: COMMON
    | {
        "公诉机关": ("prosecutor_office", "org"),
        "审理程序": ("procedure", "text"),
        "起诉书文号": ("indictment_number", "text"),
        "主刑": ("principal_penalty", "text"),
        "刑期月数": ("term_months", "integer"),
        "刑期余日": ("term_days", "integer"),
        "缓刑考验期月数": ("probation_months", "integer"),
        "罚金": ("fine_yuan", "money"),
        "累犯": ("recidivist", "boolean"),
        "刑期起始日期": ("term_start", "date"),
        "刑期届满日期": ("term_end", "date"),
        "判项段落": ("sentence_passage", "text"),
    },
    INDICTMENT: COMMON
    | {
        "侦查机关": ("investigating_agency", "org"),
        "起诉意见书文号": ("police_number", "text"),
        "受理法院": ("court", "org"),
        "建议主刑": ("rec_penalty", "text"),
        "建议刑期下限月数": ("rec_term_min", "integer"),
        "建议刑期上限月数": ("rec_term_max", "integer"),
        "建议缓刑": ("rec_probation", "boolean"),
        "建议罚金": ("rec_fine_yuan", "money"),
        "量刑建议段落": ("recommendation_passage", "text"),
    },
    POLICE: COMMON
    | {"侦查机关": ("investigating_agency", "org"), "移送检察院": ("prosecutor_office", "org")},
}
NAMES = (
    "王德胜 刘玉梅 孙国庆 马秀兰 韩志刚 李文华 祁海燕 朱永平 朱永安 "
    "赵建国 钱小红 周海涛 吴丽娟 郑卫东 冯春生 陈秀英 褚明亮 卫小军"
)
NAME = ["", *NAMES.split()]
COURT, OFFICE, POLICE_BUREAU = (
    "杭州市上城区人民法院",
    "杭州市上城区人民检察院",
    "杭州市公安局上城区分局",
)


def person(seq: int) -> str:
    return pid(seq)


def _person_rows(seq: int, doc: str, no: int, title: str, charges: str) -> Row:
    return {
        "文书编号": doc,
        "人员序号": no,
        "姓名": NAME[seq],
        "性别": "男",
        "公民身份号码": person(seq),
        "罪名": charges,
        "人员段落": f"{title}{NAME[seq]}，男，1980年1月1日出生，公民身份号码{person(seq)}。",
        "罪名段落": f"{title}{NAME[seq]}的行为已构成{charges}。",
    }


def judgment(seq: int, **values: Any) -> Row:
    """A first-instance judgment of one defendant that breaks no rule: 盗窃罪, 有期徒刑八个月
    from the first day of custody (2024-01-10 + 8 months − 1 day = 2024-09-09), fine 2000."""
    row = _person_rows(seq, f"J{seq:03d}", 1, "被告人", str(values.get("罪名", "盗窃罪")))
    row |= {
        "文书类型": "刑事判决书",
        "文号": f"（2024）浙0102刑初{seq}号",
        "制作机关": COURT,
        "文书日期": "2024-06-20",
        "强制措施": "2024-01-10 刑事拘留；2024-02-01 逮捕",
        "最后强制措施": "逮捕",
        "首次羁押日期": "2024-01-10",
        "在押": "是",
        "涉案金额": "5000",
        "公诉机关": OFFICE,
        "审理程序": "一审",
        "起诉书文号": f"杭上检刑诉〔2024〕{seq}号",
        "主刑": "有期徒刑",
        "刑期月数": 8,
        "罚金": "2000",
        "累犯": "否",
        "刑期起始日期": "2024-01-10",
        "刑期届满日期": "2024-09-09",
        "判项段落": f"被告人{NAME[seq]}犯盗窃罪，判处有期徒刑八个月，并处罚金人民币二千元。",
    }
    return row | values


def indictment(seq: int, case: int, no: int = 1, **values: Any) -> Row:
    row = _person_rows(seq, f"I{case:03d}", no, "被告人", str(values.get("罪名", "盗窃罪")))
    row |= {
        "文书类型": "起诉书",
        "文号": f"杭上检刑诉〔2024〕{case}号",
        "制作机关": OFFICE,
        "文书日期": "2024-05-20",
        "涉案金额": "5000",
        "侦查机关": POLICE_BUREAU,
        "起诉意见书文号": f"杭上公（刑）诉字〔2024〕{case}号",
        "受理法院": COURT,
        "量刑建议段落": "建议判处被告人有期徒刑六个月至八个月，并处罚金人民币二千元。",
    }
    return row | values


def police(seq: int, case: int, no: int = 1, **values: Any) -> Row:
    row = _person_rows(seq, f"R{case:03d}", no, "犯罪嫌疑人", str(values.get("罪名", "盗窃罪")))
    row |= {
        "文书类型": "起诉意见书",
        "文号": f"杭上公（刑）诉字〔2024〕{case}号",
        "制作机关": POLICE_BUREAU,
        "文书日期": "2024-04-20",
        "涉案金额": "5000",
        "侦查机关": POLICE_BUREAU,
        "移送检察院": OFFICE,
    }
    return row | values


def write_documents(tmp: Path, kind: str, name: str, rows: list[Row]) -> tuple[Path, Path]:
    """``rows`` as a UTF-8 CSV with every column of ``kind``, and its schema file."""
    columns = COLUMNS[kind]
    unknown = {k for row in rows for k in row} - set(columns)
    assert not unknown, f"{kind} has no columns {unknown}"
    path = tmp / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(columns))
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    schema_path = tmp / f"{name}.schema.yaml"
    fields = {column: {"semantic": semantic} for column, (_, semantic) in columns.items()}
    schema_path.write_text(yaml.safe_dump({"fields": fields}, allow_unicode=True), "utf-8")
    return path, schema_path


def import_documents(store: Store, tmp: Path, kind: str, name: str, rows: list[Row]) -> None:
    """Import ``rows`` of document type ``kind`` as dataset ``name`` (the real import path)."""
    path, schema_path = write_documents(tmp, kind, name, rows)
    schema = catalogue.load_schema(schema_path)
    catalogue.import_source(store, catalogue.open_file(path), name, schema=schema)


def binds(spec: Spec, datasets: Mapping[str, str]) -> list[str]:
    """``--bind`` pairs: each input to the dataset of its document type, field by field."""
    pairs = []
    for name, spec_input in spec.inputs.items():
        kind = spec_input.label.split("（", 1)[0]
        pairs.append(f"{name}={datasets[kind]}")
        by_field = {field: column for column, (field, _) in COLUMNS[kind].items()}
        pairs += [f"{name}.{field}={by_field[field]}" for field in spec_input.fields]
    return pairs


def install_case(store: Store, tmp: Path, template: str, tables: Tables, suffix: str = "") -> None:
    datasets = {kind: f"{kind}{suffix}" for kind in tables}
    for kind, rows in tables.items():
        import_documents(store, tmp, kind, datasets[kind], rows)
    spec = load_template(template)
    install(store, spec, binds(spec, datasets))


def leads_of(store: Store, template: str) -> list[dict[str, Any]]:
    with store.session() as session:
        return list_leads(session, model=template)


def run_case(
    store: Store, tmp: Path, template: str, tables: Tables, params: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Import, install, run on DuckDB: the leads by subject key."""
    install_case(store, tmp, template, tables)
    run_model(store, template, overrides=params, run_date=AS_OF)
    return {lead["subject_key"]: lead for lead in leads_of(store, template)}


# -- the cases: tables and the subjects that must become leads ----------------------------------


def recidivist() -> Tables:
    return {
        JUDGMENT: [
            judgment(1, 累犯="是", 缓刑考验期月数=12),  # lead
            judgment(2, 累犯="否", 缓刑考验期月数=12),  # probation for a non-recidivist
            judgment(3, 累犯="是"),  # recidivist, no probation
            judgment(4, 累犯="是", 缓刑考验期月数=12, 公民身份号码=""),  # lead, no ID
        ]
    }


def probation_not_allowed() -> Tables:
    return {
        JUDGMENT: [
            judgment(1, 刑期月数=37, 缓刑考验期月数=48),  # lead: above three years
            judgment(2, 刑期月数=36, 缓刑考验期月数=36),  # exactly three years
            judgment(3, 主刑="管制", 刑期月数=6, 缓刑考验期月数=6),  # lead: 管制
            judgment(4, 刑期月数=36, 刑期余日=10, 缓刑考验期月数=48),  # lead: 3 years 10 days
            judgment(5, 主刑="拘役", 刑期月数=4, 缓刑考验期月数=6),
            judgment(6, 刑期月数=48),  # no probation
        ]
    }


def probation_period() -> Tables:
    def j(seq: int, penalty: str, term: int, probation: int, days: int | None = None) -> Row:
        return judgment(seq, 主刑=penalty, 刑期月数=term, 刑期余日=days, 缓刑考验期月数=probation)

    return {
        JUDGMENT: [
            j(1, "拘役", 3, 2),  # lead: shorter than the term
            j(2, "拘役", 1, 2),  # the 2-month floor
            j(3, "拘役", 1, 1),  # lead: below 2 months
            j(4, "拘役", 4, 12),  # the 1-year ceiling
            j(5, "拘役", 4, 13),  # lead: above 1 year
            j(6, "有期徒刑", 8, 12),  # the 1-year floor
            j(7, "有期徒刑", 8, 11),  # lead: below 1 year
            j(8, "有期徒刑", 36, 60),  # the 5-year ceiling
            j(9, "有期徒刑", 36, 61),  # lead: above 5 years
            j(10, "有期徒刑", 18, 18, days=10),  # lead: shorter than 1 year 6 months 10 days
            j(11, "有期徒刑", 18, 19, days=10),
            j(12, "有期徒刑", 24, 24),  # equal to the term
        ]
    }


def term_range() -> Tables:
    two = "盗窃罪、危险驾驶罪"

    def j(seq: int, penalty: str, term: int, charges: str = "盗窃罪", **more: Any) -> Row:
        return judgment(seq, 主刑=penalty, 刑期月数=term, 罪名=charges, **more)

    prior = "与前罪所判处的有期徒刑四年并罚，决定执行有期徒刑十五年十个月"
    return {
        JUDGMENT: [
            j(1, "拘役", 7),  # lead: one charge, above 6 months
            j(2, "拘役", 6),
            j(3, "拘役", 8, two),  # combined: up to one year
            j(4, "拘役", 13, two),  # lead
            j(5, "有期徒刑", 181),  # lead: one charge, above 15 years
            j(6, "有期徒刑", 180),
            j(7, "有期徒刑", 200, two),  # combined, under 20 years
            j(8, "有期徒刑", 250, two),  # lead: over 20 years, total must reach 35
            j(9, "有期徒刑", 240, two),
            j(10, "有期徒刑", 301, two),  # lead: over 25 years
            j(11, "有期徒刑", 5),  # lead: under 6 months
            j(12, "有期徒刑", 6),
            j(13, "有期徒刑", 190, 判项段落=prior),  # combined with a prior sentence
            j(14, "管制", 25),  # lead
            j(15, "管制", 24),
            j(16, "拘役", 6, 刑期余日=10),  # lead: 6 months 10 days
        ]
    }


def fine_missing() -> Tables:
    def j(seq: int, charges: str, **more: Any) -> Row:
        return judgment(seq, 罪名=charges, 罚金="", 判项段落=f"犯{charges}，判处刑罚。") | more

    return {
        JUDGMENT: [
            j(1, "盗窃罪"),  # lead
            j(2, "盗窃罪", 罚金="2000"),  # fine present
            j(3, "故意伤害罪"),  # no fine required
            j(4, "故意伤害罪、危险驾驶罪"),  # lead: the second charge requires one
            j(5, "盗窃罪", 主刑="单处罚金", 刑期月数=None),
            j(6, "诈骗罪", 主刑="免予刑事处罚", 刑期月数=None),
            j(
                7,
                "抢劫罪",
                刑期月数=144,
                判项段落="判处有期徒刑十二年，并处没收个人财产人民币五万元。",
            ),
            j(8, "掩饰、隐瞒犯罪所得罪", 主刑="拘役", 刑期月数=3),  # lead: a '、' inside the name
            j(9, "故意伤害罪、寻衅滋事罪、妨害公务罪、诈骗罪"),  # lead: the fourth charge
        ]
    }


def custody() -> Tables:
    bailed = "2024-01-10 刑事拘留；2024-01-20 取保候审；2024-05-01 逮捕"
    return {
        JUDGMENT: [
            # lead: kept in custody from 2024-01-10, term counted from the judgment, nothing
            # deducted: 2024-01-10 … 2025-02-19 is 407 days for a term of about 244
            judgment(1, 刑期起始日期="2024-06-20", 刑期届满日期="2025-02-19"),
            judgment(2),  # counted from the first day of custody
            # counted from the judgment, custody deducted from the end: same release date
            judgment(3, 刑期起始日期="2024-06-20", 刑期届满日期="2024-09-09"),
            # bailed in between: 10 days of custody deducted (2024-05-01 … 2024-12-21, 235 days)
            judgment(4, 强制措施=bailed, 刑期起始日期="2024-05-01", 刑期届满日期="2024-12-21"),
            # lead: bailed in between, the full 8 months from re-arrest (245 days)
            judgment(5, 强制措施=bailed, 刑期起始日期="2024-05-01", 刑期届满日期="2024-12-31"),
            # lead: 管制 after 15 days of custody, the full six months (183 days) from judgment
            judgment(
                6,
                主刑="管制",
                刑期月数=6,
                强制措施="2024-01-10 刑事拘留；2024-01-25 取保候审",
                在押="否",
                刑期起始日期="2024-06-20",
                刑期届满日期="2024-12-19",
            ),
            # three days late, within the tolerance: 247 days from custody for about 244
            judgment(7, 刑期起始日期="2024-01-12", 刑期届满日期="2024-09-11"),
            judgment(8, 首次羁押日期="", 强制措施="2024-01-10 取保候审", 在押="否"),  # never held
        ]
    }


def suspect_not_indicted() -> Tables:
    return {
        POLICE: [
            police(1, 1, 1),
            police(2, 1, 2),
            police(3, 1, 3),  # lead: not in indictment 1
            police(4, 2, 1),  # case 2 not indicted yet
            police(5, 3, 1, 公民身份号码=""),  # matched by name
            police(6, 3, 2),
            police(7, 4, 1, 公民身份号码=""),  # lead, keyed by document and number
        ],
        INDICTMENT: [
            indictment(1, 1, 1),
            indictment(2, 1, 2),
            indictment(5, 3, 1),
            indictment(6, 3, 2),
            indictment(8, 4, 1),
        ],
    }


def defendant_not_judged() -> Tables:
    return {
        INDICTMENT: [
            indictment(1, 1, 1),
            indictment(2, 1, 2),  # lead: judgment 1 leaves him out
            indictment(3, 2, 1),  # not judged yet
            indictment(4, 3, 1),
            indictment(5, 3, 2),  # judged separately, citing the same indictment
        ],
        JUDGMENT: [
            judgment(1, 起诉书文号="杭上检刑诉〔2024〕1号"),
            judgment(4, 起诉书文号="杭上检刑诉〔2024〕3号"),
            judgment(5, 起诉书文号="杭上检刑诉〔2024〕3号"),
        ],
    }


def defendant_added() -> Tables:
    return {
        JUDGMENT: [
            judgment(1, 文书编号="J001", 起诉书文号="杭上检刑诉〔2024〕1号"),
            judgment(2, 文书编号="J001", 人员序号=2, 起诉书文号="杭上检刑诉〔2024〕1号"),  # lead
            judgment(3, 起诉书文号="杭上检刑诉〔2024〕2号"),  # indictment 2 not imported
            judgment(4, 起诉书文号="杭上检刑诉〔2024〕3号"),  # matched by name
        ],
        INDICTMENT: [indictment(1, 1, 1), indictment(4, 3, 1, 公民身份号码="")],
    }


def three(seq: int, police_value: Any, indicted: Any, judged: Any, column: str) -> Tables:
    """One person through the three documents, ``column`` set to each document's value
    (``None``: that document is absent; for the judgment ``("二审", v)``: a second instance)."""
    tables: Tables = {POLICE: [], INDICTMENT: [indictment(seq, seq, **{column: indicted})]}
    if police_value is not None:
        tables[POLICE].append(police(seq, seq, **{column: police_value}))
    judgments = []
    if judged is not None:
        procedure, value = judged if isinstance(judged, tuple) else ("一审", judged)
        judgments.append(judgment(seq, 审理程序=procedure, **{column: value}))
    return tables | {JUDGMENT: judgments}


def merged(*parts: Tables) -> Tables:
    out: Tables = {POLICE: [], INDICTMENT: [], JUDGMENT: []}
    for part in parts:
        for kind, rows in part.items():
            out[kind] += rows
    return {kind: rows for kind, rows in out.items() if rows}


def charge_changed() -> Tables:
    return merged(
        three(1, "盗窃罪", "盗窃罪", "盗窃罪", "罪名"),
        three(2, "盗窃罪", "盗窃罪", "诈骗罪", "罪名"),  # lead: the court changed it
        three(3, "抢劫罪", "盗窃罪", None, "罪名"),  # lead: the prosecutor changed it
        three(4, "盗窃罪、诈骗罪", "诈骗罪、盗窃罪", "盗窃罪、诈骗罪", "罪名"),  # order only
        three(5, None, "盗窃罪、诈骗罪", "盗窃罪", "罪名"),  # lead: one dropped
        three(6, None, "贩卖、运输毒品罪", "运输毒品罪", "罪名"),  # lead
        three(7, None, "盗窃罪", ("二审", "诈骗罪"), "罪名"),  # second instance: not compared
    )


def amount_differs() -> Tables:
    return merged(
        three(1, "10000", "10000", "10000", "涉案金额"),
        three(2, "10000", "8000", None, "涉案金额"),  # lead: 2000 yuan, 20 %
        three(3, None, "10000", "9950", "涉案金额"),  # 50 yuan
        three(4, None, "100000", "97000", "涉案金额"),  # 3000 yuan but 3 %
        three(5, None, "100000", "90000", "涉案金额"),  # lead: 10000 yuan, 10 %
        three(6, None, "5000", "", "涉案金额"),  # the judgment's amount unread
    )


def sentence_outside() -> Tables:
    def pair(seq: int, rec: Row, judged: Row) -> Tables:
        recommendation: Row = {
            "建议主刑": "有期徒刑",
            "建议刑期下限月数": 6,
            "建议刑期上限月数": 8,
            "建议缓刑": "否",
            "建议罚金": "2000",
        }
        return {
            INDICTMENT: [indictment(seq, seq, **(recommendation | rec))],
            JUDGMENT: [judgment(seq, **judged)],
        }

    empty = {"建议主刑": "", "建议刑期下限月数": "", "建议刑期上限月数": "", "建议罚金": ""}
    return merged(
        pair(1, {}, {}),  # 8 months inside [6, 8]
        pair(2, {}, {"刑期月数": 9}),  # lead: above
        pair(
            3, {"建议主刑": "拘役", "建议刑期下限月数": 3, "建议刑期上限月数": 3}, {"刑期月数": 6}
        ),
        pair(4, {"建议缓刑": "是"}, {}),  # lead: probation recommended, not given
        pair(5, {}, {"缓刑考验期月数": 12}),  # lead: probation given against it
        pair(6, {}, {"罚金": "2000.00"}),
        pair(7, {}, {"罚金": "3000"}),  # lead
        pair(8, {}, {"刑期余日": 10}),  # lead: 8 months 10 days
        pair(9, {"建议缓刑": "是"}, {"刑期月数": 6, "缓刑考验期月数": 12}),
        pair(10, empty | {"建议缓刑": ""}, {"刑期月数": 30}),  # no recommendation
    )


CASES: dict[str, tuple[Callable[[], Tables], set[str]]] = {
    "review-probation-for-recidivist": (recidivist, {person(1), "J004#1"}),
    "review-probation-not-allowed": (probation_not_allowed, {person(s) for s in (1, 3, 4)}),
    "review-probation-period-out-of-range": (
        probation_period,
        {person(s) for s in (1, 3, 5, 7, 9, 10)},
    ),
    "review-term-out-of-range": (term_range, {person(s) for s in (1, 4, 5, 8, 10, 11, 14, 16)}),
    "review-mandatory-fine-missing": (fine_missing, {person(s) for s in (1, 4, 8, 9)}),
    "review-custody-not-credited": (custody, {person(s) for s in (1, 5, 6)}),
    "three-docs-suspect-not-indicted": (suspect_not_indicted, {person(3), "R004#1"}),
    "three-docs-defendant-not-judged": (defendant_not_judged, {person(2)}),
    "three-docs-defendant-added": (defendant_added, {person(2)}),
    "three-docs-charge-changed": (charge_changed, {person(s) for s in (2, 3, 5, 6)}),
    "three-docs-amount-differs": (amount_differs, {person(2), person(5)}),
    "three-docs-sentence-outside-recommendation": (
        sentence_outside,
        {person(s) for s in (2, 3, 4, 5, 7, 8)},
    ),
}
PASSAGES = {"person_passage", "charge_passage", "sentence_passage", "recommendation_passage"}


def test_every_document_template_has_a_case() -> None:
    shipped = {p.stem for p in template_files() if p.stem.startswith(("review-", "three-docs-"))}
    assert shipped == set(CASES)
    assert len(shipped) == 12


@pytest.mark.parametrize("template", sorted(CASES))
def test_template_validates_compiles_and_runs_on_import(template: str) -> None:
    spec = load_template(template)
    assert spec.run_on_import and spec.area == "criminal"
    assert spec.kind == ("collision" if template.startswith("three-docs-") else "mining")
    assert all(step.label for step in spec.steps)
    assert set(spec.made_columns()) <= set(spec.columns)
    assert spec.lead.subject_type == "person" and spec.lead.subject_name == "name"
    evidence = set(spec.lead.evidence)
    assert "document_id" in evidence and evidence & PASSAGES
    # every document the evidence links to names its defendant (人员序号) beside it
    prefixes = {key.removesuffix("document_id") for key in evidence if key.endswith("document_id")}
    assert {f"{prefix}defendant_no" for prefix in prefixes} <= evidence
    for dialect in ("duckdb", "spark"):
        assert "SELECT" in compile_spec(spec).sql(dialect)


@pytest.mark.parametrize("template", sorted(CASES))
def test_planted_violations_are_the_leads(store: Store, tmp_path: Path, template: str) -> None:
    tables, expected = CASES[template]
    leads = run_case(store, tmp_path, template, tables())
    assert set(leads) == expected


def test_three_docs_evidence_shows_both_passages(store: Store, tmp_path: Path) -> None:
    leads = run_case(store, tmp_path, "three-docs-charge-changed", charge_changed())
    lead = leads[person(2)]
    evidence = lead["evidence"]
    assert evidence["document_id"] == "I002" and evidence["j.document_id"] == "J002"
    assert evidence["charge_passage"] == f"被告人{NAME[2]}的行为已构成盗窃罪。"
    assert evidence["j.charge_passage"] == f"被告人{NAME[2]}的行为已构成诈骗罪。"
    assert lead["title"] == (
        f"{NAME[2]}：罪名不一致——起诉书（杭上检刑诉〔2024〕2号）指控盗窃罪，"
        "判决（（2024）浙0102刑初2号）认定诈骗罪"
    )
    assert leads[person(3)]["title"].startswith(f"{NAME[3]}：罪名不一致——起诉意见书（")


def test_evidence_names_each_documents_defendant_number(store: Store, tmp_path: Path) -> None:
    """The same person is the 2nd suspect of the police recommendation, the 1st defendant of
    the indictment and the 3rd of the judgment: each document's number sits by its 文书编号."""
    case = "杭上检刑诉〔2024〕1号"
    tables = {
        POLICE: [police(1, 1, 1), police(2, 1, 2)],
        INDICTMENT: [indictment(2, 1, 1)],
        JUDGMENT: [
            judgment(
                seq,
                文书编号="J001",
                文号="（2024）浙0102刑初1号",
                人员序号=no,
                起诉书文号=case,
                罪名=charges,
            )
            for seq, no, charges in ((1, 1, "盗窃罪"), (3, 2, "盗窃罪"), (2, 3, "诈骗罪"))
        ],
    }
    leads = run_case(store, tmp_path, "three-docs-charge-changed", tables)
    assert set(leads) == {person(2)}
    evidence = leads[person(2)]["evidence"]
    numbers = {key: evidence[f"{key}defendant_no"] for key in ("", "r.", "j.")}
    documents = {key: evidence[f"{key}document_id"] for key in ("", "r.", "j.")}
    assert documents == {"": "I001", "r.": "R001", "j.": "J001"}
    assert numbers == {"": 1, "r.": 2, "j.": 3}


def test_review_evidence_names_the_defendant_among_several(store: Store, tmp_path: Path) -> None:
    rows = [
        judgment(seq, 文书编号="J001", 人员序号=no, 累犯=recidivist, 缓刑考验期月数=12)
        for seq, no, recidivist in ((1, 1, "否"), (2, 2, "是"), (3, 3, "否"))
    ]
    leads = run_case(store, tmp_path, "review-probation-for-recidivist", {JUDGMENT: rows})
    assert set(leads) == {person(2)}
    evidence = leads[person(2)]["evidence"]
    assert (evidence["document_id"], evidence["defendant_no"]) == ("J001", 2)


def test_review_title_and_routing(store: Store, tmp_path: Path) -> None:
    leads = run_case(store, tmp_path, "review-probation-for-recidivist", recidivist())
    lead = leads[person(1)]
    assert lead["title"] == (
        f"{NAME[1]}：{COURT}（（2024）浙0102刑初1号）认定其为累犯，仍判处有期徒刑并宣告缓刑12个月"
    )
    assert lead["jurisdiction"] == COURT
    assert lead["evidence"]["sentence_passage"].startswith(f"被告人{NAME[1]}犯盗窃罪")
    assert leads["J004#1"]["subject_name"] == NAME[4]


def test_amount_is_the_largest_gap_and_tolerance_is_a_parameter(
    store: Store, tmp_path: Path
) -> None:
    leads = run_case(store, tmp_path, "three-docs-amount-differs", amount_differs())
    assert float(leads[person(2)]["amount"]) == 2000
    run_model(store, "three-docs-amount-differs", {"tolerance_percent": 1}, run_date=AS_OF)
    found = {lead["subject_key"] for lead in leads_of(store, "three-docs-amount-differs")}
    assert person(4) in found and person(3) not in found


def test_combined_check_threshold_is_a_parameter(store: Store, tmp_path: Path) -> None:
    template = "review-term-out-of-range"
    leads = run_case(store, tmp_path, template, term_range(), {"combined_check_months": 300})
    assert person(8) not in leads and person(10) in leads
