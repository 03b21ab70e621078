"""The demo county's datasets: what each file is called, its columns and their semantic types.

One registry read by three parties: the generator (which writes these columns), the demo import
(which writes an import schema from it) and template binding (a template input whose label is
a dataset's name binds to it, each spec field to the column that carries that field name). The
column headers are the Chinese ones agencies use; ``field`` is the English name templates use.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Literal

from jiancha.errors import JianchaError
from jiancha.modelling.spec import Spec

Format = Literal["csv-gbk", "csv-utf8", "xlsx", "jsonl"]


@dataclass(frozen=True)
class DemoField:
    column: str
    field: str
    semantic: str


@dataclass(frozen=True)
class DemoDataset:
    name: str
    file: str
    format: Format
    source: str
    fields: tuple[DemoField, ...]

    def column_of(self, field: str) -> str | None:
        return next((f.column for f in self.fields if f.field == field), None)

    def schema(self) -> dict[str, dict[str, dict[str, str]]]:
        """The ``--schema`` document for importing this dataset."""
        return {"fields": {f.column: {"semantic": f.semantic} for f in self.fields}}


def _fields(*triples: tuple[str, str, str]) -> tuple[DemoField, ...]:
    return tuple(DemoField(*t) for t in triples)


COUNTY: tuple[DemoDataset, ...] = (
    DemoDataset(
        "刑事判决",
        "criminal_judgments.csv",
        "csv-gbk",
        "法院",
        _fields(
            ("案号", "case_no", "text"),
            ("被告人姓名", "name", "person_name"),
            ("公民身份号码", "person_id", "id_card"),
            ("审判法院", "court", "org"),
            ("罪名", "charge", "text"),
            ("刑种", "sentence_type", "text"),
            ("刑期月数", "term_months", "integer"),
            ("是否缓刑", "probation", "boolean"),
            ("审前强制措施", "pretrial_measure", "text"),
            ("判决日期", "judgment_date", "date"),
            ("判决生效日期", "effective_date", "date"),
            ("罚金", "fine", "money"),
        ),
    ),
    DemoDataset(
        "监狱收押",
        "prison_intake.xlsx",
        "xlsx",
        "监狱管理局",
        _fields(
            ("罪犯姓名", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("收押日期", "intake_date", "date"),
            ("收押单位", "facility", "org"),
        ),
    ),
    DemoDataset(
        "社区矫正",
        "community_correction.xlsx",
        "xlsx",
        "司法局",
        _fields(
            ("姓名", "name", "person_name"),
            ("身份证号码", "person_id", "id_card"),
            ("矫正类别", "correction_type", "text"),
            ("入矫日期", "start_date", "date"),
            ("矫正期满日期", "end_date", "date"),
            ("执行地司法所", "office", "org"),
        ),
    ),
    DemoDataset(
        "羁押记录",
        "detentions.csv",
        "csv-utf8",
        "公安局",
        _fields(
            ("姓名", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("羁押类型", "detention_type", "text"),
            ("羁押日期", "detention_date", "date"),
            ("羁押场所", "facility", "org"),
            ("案由", "cause", "text"),
        ),
    ),
    DemoDataset(
        "不起诉决定",
        "non_prosecutions.csv",
        "csv-gbk",
        "检察院",
        _fields(
            ("案号", "case_no", "text"),
            ("被不起诉人", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("罪名", "charge", "text"),
            ("不起诉类型", "decision_type", "text"),
            ("决定日期", "decision_date", "date"),
            ("决定检察院", "procuratorate", "org"),
        ),
    ),
    DemoDataset(
        "行政处罚",
        "admin_penalties.jsonl",
        "jsonl",
        "行政执法机关",
        _fields(
            ("决定书文号", "penalty_no", "text"),
            ("当事人", "name", "person_name"),
            ("证件号码", "person_id", "id_card"),
            ("处罚机关", "authority", "org"),
            ("违法行为", "offence", "text"),
            ("处罚种类", "penalty_type", "text"),
            ("罚款金额", "amount", "money"),
            ("处罚决定日期", "penalty_date", "date"),
        ),
    ),
    DemoDataset(
        "行贿人名录",
        "bribe_givers.xlsx",
        "xlsx",
        "法院（受贿案判决认定）",
        _fields(
            ("受贿案号", "case_no", "text"),
            ("受贿人", "official_name", "person_name"),
            ("行贿人", "name", "person_name"),
            ("行贿人身份证号", "person_id", "id_card"),
            ("行贿人单位", "company", "company_name"),
            ("行贿金额", "amount", "money"),
            ("首次行贿日期", "first_date", "date"),
            ("末次行贿日期", "last_date", "date"),
        ),
    ),
    DemoDataset(
        "民间借贷判决",
        "lending_judgments.csv",
        "csv-gbk",
        "法院",
        _fields(
            ("案号", "case_no", "text"),
            ("审理法院", "court", "org"),
            ("原告", "plaintiff_name", "person_name"),
            ("原告身份证号", "plaintiff_id", "id_card"),
            ("被告", "defendant_name", "person_name"),
            ("被告身份证号", "defendant_id", "id_card"),
            ("借款金额", "loan_amount", "money"),
            ("借款日期", "loan_date", "date"),
            ("立案日期", "filing_date", "date"),
            ("结案方式", "closing_type", "text"),
            ("结案日期", "closing_date", "date"),
        ),
    ),
    DemoDataset(
        "信用卡透支",
        "card_overdrafts.csv",
        "csv-utf8",
        "人民银行",
        _fields(
            ("持卡人", "name", "person_name"),
            ("持卡人身份证号", "person_id", "id_card"),
            ("发卡机构", "bank", "text"),
            ("交易类型", "txn_type", "text"),
            ("交易日期", "txn_date", "date"),
            ("交易金额", "amount", "money"),
        ),
    ),
    DemoDataset(
        "医保结算",
        "medical_claims.csv",
        "csv-gbk",
        "医疗保障局",
        _fields(
            ("结算单号", "claim_no", "text"),
            ("参保人", "name", "person_name"),
            ("参保人身份证号", "person_id", "id_card"),
            ("定点医疗机构", "institution", "text"),
            ("结算日期", "settle_date", "date"),
            ("统筹支付金额", "fund_paid", "money"),
        ),
    ),
    DemoDataset(
        "住院记录",
        "admissions.xlsx",
        "xlsx",
        "卫生健康委",
        _fields(
            ("住院号", "admission_no", "text"),
            ("姓名", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("医院", "hospital", "text"),
            ("入院日期", "admit_date", "date"),
            ("出院日期", "discharge_date", "date"),
            ("医保支付金额", "fund_paid", "money"),
        ),
    ),
    DemoDataset(
        "死亡登记",
        "deaths.csv",
        "csv-utf8",
        "民政局",
        _fields(
            ("姓名", "name", "person_name"),
            ("公民身份号码", "person_id", "id_card"),
            ("死亡日期", "death_date", "date"),
            ("登记机关", "registrar", "org"),
        ),
    ),
    DemoDataset(
        "成品油购进",
        "fuel_purchases.xlsx",
        "xlsx",
        "商务局",
        _fields(
            ("纳税人识别号", "credit_code", "credit_code"),
            ("加油站名称", "station", "company_name"),
            ("所属期", "period", "date"),
            ("购进数量（升）", "purchased_litres", "number"),
            ("购进金额", "purchased_amount", "money"),
        ),
    ),
    DemoDataset(
        "增值税申报",
        "vat_returns.csv",
        "csv-gbk",
        "税务局",
        _fields(
            ("纳税人识别号", "credit_code", "credit_code"),
            ("纳税人名称", "taxpayer", "company_name"),
            ("所属期", "period", "date"),
            ("申报销售数量（升）", "declared_litres", "number"),
            ("申报销售额", "declared_sales", "money"),
            ("申报税额", "declared_tax", "money"),
        ),
    ),
    DemoDataset(
        "用人单位用工",
        "employer_payroll.csv",
        "csv-gbk",
        "人力资源和社会保障局",
        _fields(
            ("统一社会信用代码", "credit_code", "credit_code"),
            ("单位名称", "company", "company_name"),
            ("年度", "year", "integer"),
            ("在职职工人数", "headcount", "integer"),
            ("安排残疾人就业人数", "disabled_employees", "integer"),
            ("上年度职工年平均工资", "avg_wage", "money"),
        ),
    ),
    DemoDataset(
        "残保金缴纳",
        "levy_payments.csv",
        "csv-utf8",
        "税务局",
        _fields(
            ("统一社会信用代码", "credit_code", "credit_code"),
            ("单位名称", "company", "company_name"),
            ("缴费年度", "year", "integer"),
            ("缴纳金额", "amount", "money"),
            ("缴纳日期", "paid_date", "date"),
        ),
    ),
    DemoDataset(
        "工商登记",
        "business_registry.csv",
        "csv-utf8",
        "市场监督管理局",
        _fields(
            ("统一社会信用代码", "credit_code", "credit_code"),
            ("企业名称", "company", "company_name"),
            ("法定代表人", "legal_rep", "person_name"),
            ("法定代表人身份证号", "legal_rep_id", "id_card"),
            ("登记状态", "status", "text"),
            ("成立日期", "founded", "date"),
            ("住所", "address", "text"),
            ("联系电话", "phone", "phone"),
        ),
    ),
    DemoDataset(
        "交通事故",
        "traffic_accidents.csv",
        "csv-gbk",
        "公安交通管理部门",
        _fields(
            ("事故编号", "accident_no", "text"),
            ("事故日期", "accident_date", "date"),
            ("号牌号码", "plate", "plate"),
            ("车辆所属单位信用代码", "credit_code", "credit_code"),
            ("车辆所属单位", "company", "company_name"),
            ("驾驶人身份证号", "driver_id", "id_card"),
            ("死亡人数", "deaths", "integer"),
            ("事故责任", "responsibility", "text"),
        ),
    ),
    DemoDataset(
        "公安案件",
        "police_cases.jsonl",
        "jsonl",
        "公安局",
        _fields(
            ("案件编号", "case_no", "text"),
            ("案件类别", "case_category", "text"),
            ("案由", "cause", "text"),
            ("嫌疑人", "name", "person_name"),
            ("嫌疑人身份证号", "person_id", "id_card"),
            ("立案日期", "filing_date", "date"),
            ("刑事拘留日期", "detention_date", "date"),
            ("案件状态", "status", "text"),
            ("办案单位", "police_unit", "org"),
        ),
    ),
    DemoDataset(
        "审查起诉受案",
        "prosecution_intake.csv",
        "csv-utf8",
        "检察院",
        _fields(
            ("移送案件编号", "case_no", "text"),
            ("犯罪嫌疑人", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("受理日期", "received_date", "date"),
            ("受理检察院", "procuratorate", "org"),
        ),
    ),
    DemoDataset(
        "驾驶证",
        "driver_licences.xlsx",
        "xlsx",
        "公安交通管理部门",
        _fields(
            ("姓名", "name", "person_name"),
            ("身份证明号码", "person_id", "id_card"),
            ("准驾车型", "licence_class", "text"),
            ("驾驶证状态", "licence_status", "text"),
            ("状态变更日期", "status_date", "date"),
        ),
    ),
    DemoDataset(
        "罚金缴纳",
        "fine_payments.csv",
        "csv-utf8",
        "法院执行局",
        _fields(
            ("案号", "case_no", "text"),
            ("被执行人", "name", "person_name"),
            ("身份证号", "person_id", "id_card"),
            ("缴纳金额", "amount", "money"),
            ("缴纳日期", "paid_date", "date"),
        ),
    ),
)

BY_NAME: dict[str, DemoDataset] = {d.name: d for d in COUNTY}

DOCUMENT_SETS = ("起诉意见书", "起诉书", "刑事判决书")
"""The county's legal documents, imported through the documents intake (one row per
defendant, columns of ``jiancha.documents.intake.columns``) under these dataset names."""


def dataset_for_label(label: str) -> DemoDataset | None:
    """The county dataset a template input labelled ``label`` reads (text before any '（')."""
    return BY_NAME.get(label.split("（", 1)[0].strip())


def document_set_for_label(label: str) -> str | None:
    """The document set a template input labelled ``label`` reads (text before any '（')."""
    name = label.split("（", 1)[0].strip()
    return name if name in DOCUMENT_SETS else None


def demo_binds(spec: Spec) -> list[str]:
    """``--bind`` pairs binding every input of ``spec`` to the county dataset its label names
    (for a template over the legal documents, to the document sets, column by column)."""
    documents = {name: document_set_for_label(i.label) for name, i in spec.inputs.items()}
    if documents and all(documents.values()):
        from jiancha.documents.intake.columns import binds_for  # the intake imports a lot

        # each input is read as the set its label names: a label's note in brackets
        # (起诉书（引用该起诉意见书的起诉书）) must not decide the document type
        named = {
            name: SimpleNamespace(label=documents[name], fields=i.fields)
            for name, i in spec.inputs.items()
        }
        sets = {name: str(label) for name, label in documents.items()}
        return binds_for(SimpleNamespace(inputs=named), sets)
    pairs: list[str] = []
    for name, spec_input in spec.inputs.items():
        dataset = dataset_for_label(spec_input.label)
        if dataset is None:
            known = "、".join(BY_NAME)
            raise JianchaError(
                f"模型 {spec.id} 的输入 `{name}`（{spec_input.label}）不是演示数据集",
                hint=f"演示数据集：{known}",
            )
        pairs.append(f"{name}={dataset.name}")
        for field in spec_input.fields:
            column = dataset.column_of(field)
            if column is None:
                raise JianchaError(f"演示数据集“{dataset.name}”没有字段 `{field}`")
            pairs.append(f"{name}.{field}={column}")
    return pairs
