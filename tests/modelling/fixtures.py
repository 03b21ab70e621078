"""A hand-made county: judgments and prison intake whose expected leads are known by construction.

As of 2024-10-23 with the default grace of 30 days, the DESIGN example model must hit exactly
张甲 (never taken into custody) and 孙己 (拘役, never taken in). 李乙 was taken in; 王丙 got
probation; 赵丁 was detained before trial; 钱戊's judgment is only 13 days old (a lead only with
a grace shorter than 13 days); 周庚 got 管制, not a custodial sentence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stdnum.cn import ric

from jiancha import catalogue
from jiancha.store import Store

AS_OF = dt.date(2024, 10, 23)
SPECS = Path(__file__).with_name("specs")


def pid(seq: int) -> str:
    body = f"63212319800101{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


JUDGMENTS = [
    # 姓名, 公民身份号码, 审判法院, 刑罚, 是否缓刑, 审前强制措施, 判决生效日期, 罚金
    ("张甲", pid(1), "乐都县人民法院", "有期徒刑", "否", "取保候审", "2024-01-03", "5000元"),
    ("李乙", pid(2), "乐都县人民法院", "有期徒刑", "否", "取保候审", "2024-01-03", "3000元"),
    ("王丙", pid(3), "平安县人民法院", "拘役", "是", "取保候审", "2024-02-01", ""),
    ("赵丁", pid(4), "平安县人民法院", "有期徒刑", "否", "逮捕", "2024-02-01", "1万元"),
    ("钱戊", pid(5), "乐都县人民法院", "有期徒刑", "否", "监视居住", "2024-10-10", "2000元"),
    ("孙己", pid(6), "平安县人民法院", "拘役", "否", "监视居住", "2024-03-01", ""),
    ("周庚", pid(7), "乐都县人民法院", "管制", "否", "取保候审", "2024-03-01", ""),
]
INTAKE = [(pid(2), "2024-01-20"), (pid(4), "2023-12-01")]
BINDS = [
    "j=判决",
    "j.person_id=公民身份号码",
    "j.name=姓名",
    "j.court=审判法院",
    "j.sentence_type=刑罚",
    "j.probation=是否缓刑",
    "j.pretrial_measure=审前强制措施",
    "j.effective_date=判决生效日期",
    "p=收押",
    "p.person_id=身份证号",
    "p.intake_date=收押日期",
]


def write_csv(path: Path, header: str, rows: list[tuple[str, ...]]) -> Path:
    path.write_text(header + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="gbk")
    return path


def load_county(store: Store, tmp: Path, intake: list[tuple[str, str]] | None = None) -> None:
    header = "姓名,公民身份号码,审判法院,刑罚,是否缓刑,审前强制措施,判决生效日期,罚金"
    j = write_csv(tmp / "判决.csv", header, JUDGMENTS)
    p = write_csv(tmp / "收押.csv", "身份证号,收押日期", intake if intake is not None else INTAKE)
    catalogue.import_source(store, catalogue.open_file(j), "判决")
    catalogue.import_source(store, catalogue.open_file(p), "收押")
