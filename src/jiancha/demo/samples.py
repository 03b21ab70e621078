"""Sample records of a fictional county in Qinghai, written the way agencies export them.

Values come in mixed forms on purpose: 15-digit and lower-case-x ID numbers, full-width digits,
dates as ``2023/5/6``, ``2023年5月6日``, ``20230506`` or ``二〇二三年五月六日``, money as
``1.5万元`` or ``人民币五千元``, and a small share of invalid values (a wrong check digit, an
impossible date) whose count the import's quality report must match.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import cn2an
import openpyxl
import pyarrow as pa
from stdnum.cn import ric, uscc

# Region codes valid in python-stdnum's database for every birth year generated.
REGIONS = ("630121", "632121", "632122", "632123", "632126", "632127", "632128")
COURTS = (
    "大通回族土族自治县人民法院",
    "平安县人民法院",
    "民和回族土族自治县人民法院",
    "乐都县人民法院",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林韩"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉梅建国志红"
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
HEADER = ("姓名", "公民身份号码", "审判法院", "判决日期", "罚金", "是否缓刑", "联系电话")


@dataclass
class PeopleGenerator:
    """Rows of a criminal-judgment extract with mixed forms and a known share of bad values."""

    seed: int = 7
    invalid_rate: float = 0.01
    planted_invalid: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.planted_invalid = {"公民身份号码": 0, "判决日期": 0}

    def id_number(self) -> str:
        rng = self.rng
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        full = body + ric.calc_check_digit(body + "0")
        roll = rng.random()
        if roll < self.invalid_rate:
            self.planted_invalid["公民身份号码"] += 1
            wrong = "0123456789X".replace(full[-1], "")
            return full[:-1] + rng.choice(wrong)
        if roll < 0.05 and born.year < 2000 and full[-1] != "X":
            return full[:6] + full[8:17]  # the old 15-digit form
        if roll < 0.08:
            return full.lower() if full.endswith("X") else f"{full[:6]} {full[6:14]} {full[14:]}"
        if roll < 0.10:
            return full.translate(FULL_WIDTH)
        return full

    def judgment_date(self) -> str:
        rng = self.rng
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
        roll = rng.random()
        if roll < self.invalid_rate:
            self.planted_invalid["判决日期"] += 1
            return f"{day.year}-02-30"
        forms = (
            day.isoformat(),
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y%m%d}",
        )
        if roll < 0.05:
            year = "".join("〇一二三四五六七八九"[int(c)] for c in str(day.year))
            return f"{year}年{cn2an.an2cn(day.month)}月{cn2an.an2cn(day.day)}日"
        return rng.choice(forms)

    def fine(self) -> str:
        rng = self.rng
        yuan = rng.choice((1000, 2000, 5000, 8000, 10000, 15000, 20000, 50000))
        return rng.choice(
            (
                f"{yuan / 10000:g}万元",
                f"人民币{cn2an.an2cn(yuan)}元",
                f"￥{yuan:,.2f}",
                f"{yuan:,.2f}",
                "",
            )
        )

    def row(self) -> tuple[str, ...]:
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        if rng.random() < 0.03:
            name = " ".join(name)
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        return (
            name,
            self.id_number(),
            rng.choice(COURTS),
            self.judgment_date(),
            self.fine(),
            rng.choice(("是", "否", "Y", "N")),
            phone if rng.random() > 0.1 else "",
        )

    def tables(self, rows: int, chunk: int = 200_000) -> Iterator[pa.Table]:
        """The rows as text tables of at most ``chunk`` rows each."""
        for start in range(0, rows, chunk):
            batch = [self.row() for _ in range(min(chunk, rows - start))]
            yield pa.table({h: [r[i] for r in batch] for i, h in enumerate(HEADER)})


def write_csv(path: Path, generator: PeopleGenerator, rows: int, encoding: str = "utf-8") -> None:
    """Write rows as CSV in ``encoding`` (GBK exports are common), streaming in chunks."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        for table in generator.tables(rows):
            columns = [c.to_pylist() for c in table.columns]
            writer.writerows(zip(*columns, strict=True))


def write_sample_files(directory: Path, rows: int = 2000, seed: int = 7) -> dict[str, Path]:
    """Three files of one county, each in a form agencies really send."""
    directory.mkdir(parents=True, exist_ok=True)
    gen = PeopleGenerator(seed=seed)
    judgments = directory / "刑事判决.csv"
    write_csv(judgments, gen, rows, encoding="gbk")
    rng = random.Random(seed + 1)

    intake = directory / "监狱收押.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "收押名册"
    sheet.append(["罪犯姓名", "身份证号", "收押日期", "刑期（月）"])
    for _ in range(rows // 2):
        row = gen.row()
        sheet.append(
            [
                row[0],
                row[1],
                date(2021, 1, 1) + timedelta(days=rng.randrange(1200)),
                rng.randrange(6, 120),
            ]
        )
    book.save(intake)

    companies = directory / "企业登记.jsonl"
    with companies.open("w", encoding="utf-8") as fh:
        for i in range(rows // 4):
            body = f"91630100{rng.randrange(10**9):09d}"
            code = body + uscc.calc_check_digit(body)
            capital = rng.choice(("50万元", "100万元", "1,000,000.00", "人民币伍拾万元"))
            founded = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
            record = {
                "单位名称": f"西宁市{rng.choice(SURNAMES)}氏商贸有限公司（{i}）",
                "统一社会信用代码": code,
                "成立日期": founded.isoformat(),
                "注册资本": capital,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"刑事判决": judgments, "监狱收押": intake, "企业登记": companies}
