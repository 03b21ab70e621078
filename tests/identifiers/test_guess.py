"""guess(): by column name first (Chinese, pinyin abbreviations, English), then by values."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

import pytest

from jiancha.identifiers import guess

from .helpers import ID_1949, ID_MAN, make_id, make_uscc

IDS = [ID_1949, ID_MAN, make_id("440305", dt.date(1990, 2, 3), 88)]
CODES = ["91110000600037341L", make_uscc("91440300MA5F00001"), make_uscc("12100000400000001")]
NAMES = ["张三", "李四", "阿卜杜·热合曼"]
COMPANIES = ["北京某某科技有限公司", "深圳市某某贸易有限公司", "某某（集团）股份有限公司"]
COURTS = ["北京市朝阳区人民法院", "上海市第一中级人民法院"]
PHONES = ["13812345678", "13912345678", "010-12345678"]
PLATES = ["京A12345", "粤BD12345", "沪A1234学"]
DATES = ["2023-05-06", "2023/5/7", "2023年5月8日"]
TIMES = ["2023-05-06 14:30", "2023-05-07 09:15:00", "2023-05-08T18:00:00"]
MIDNIGHTS = ["2023-05-06 00:00:00", "2023-05-07 00:00:00", "2023-05-08 00:00:00"]
AMOUNTS = ["1.5万元", "¥1,234.50", "3000元"]
PLAIN_AMOUNTS = ["3000", "1,234.50", "12000"]


def kind(column: str, samples: Sequence[str | None]) -> str:
    return guess(column, samples).name


@pytest.mark.parametrize(
    ("column", "samples", "expected"),
    [
        ("身份证号码", IDS, "id_card"),
        ("公民身份号码", IDS, "id_card"),
        ("被告人身份证号", IDS, "id_card"),
        ("证件号码", IDS, "id_card"),
        ("统一社会信用代码", CODES, "credit_code"),
        ("社会信用代码", CODES, "credit_code"),
        ("姓名", NAMES, "person_name"),
        ("被告人", NAMES, "person_name"),
        ("被告人姓名", NAMES, "person_name"),
        ("犯罪嫌疑人", NAMES, "person_name"),
        ("原告", NAMES, "person_name"),
        ("被告", NAMES, "person_name"),
        ("公司名称", COMPANIES, "company_name"),
        ("企业名称", COMPANIES, "company_name"),
        ("单位名称", COMPANIES, "company_name"),
        ("用人单位", COMPANIES, "company_name"),
        ("被告单位", COMPANIES, "company_name"),
        ("审判法院", COURTS, "org"),
        ("法院名称", COURTS, "org"),
        ("办案单位名称", COURTS, "org"),
        ("联系电话", PHONES, "phone"),
        ("手机号码", PHONES, "phone"),
        ("车牌号码", PLATES, "plate"),
        ("出生日期", DATES, "date"),
        ("判决生效日期", DATES, "date"),
        ("法院判决日期", DATES, "date"),
        ("被告人出生日期", DATES, "date"),
        ("立案时间", TIMES, "datetime"),
        ("立案时间", DATES, "date"),
        ("登记时间", MIDNIGHTS, "date"),
        ("日期", ["20230506", "20230507"], "date"),
        ("日期", ["45052", "45053"], "date"),
        ("涉案金额", PLAIN_AMOUNTS, "money"),
        ("罚款", AMOUNTS, "money"),
        ("违法所得数额", PLAIN_AMOUNTS, "money"),
        ("罚款日期", DATES, "date"),
        ("年龄", ["35", "42", "28"], "integer"),
        ("被告人年龄", ["35", "42"], "integer"),
        ("涉案人数", ["三", "十二"], "integer"),
        ("刑期（月）", ["36", "18", "6"], "integer"),
        ("刑期", ["三年六个月", "一年", "六个月"], "text"),
        ("刑期", ["12.5", "6"], "number"),
        ("比例", ["12.5%", "3%"], "number"),
        ("重量", ["1", "2"], "number"),
        ("是否认罪", ["是", "否", "是"], "boolean"),
        ("是否认罪", ["1", "0"], "boolean"),
        ("是否被告人", ["是", "否"], "boolean"),
        ("是否认罪", ["认罪", "不认罪", "认罪认罚"], "text"),
        ("被告人性别", ["男", "女"], "text"),
        ("被告人住址", ["北京市朝阳区某某路12号"], "text"),
        ("出生地", ["北京市", "浙江省杭州市"], "text"),
        ("法院案号", ["（2023）京0105刑初123号"], "text"),
        ("备注", ["无", "有前科"], "text"),
    ],
)
def test_chinese_names(column: str, samples: list[str | None], expected: str) -> None:
    assert kind(column, samples) == expected


@pytest.mark.parametrize(
    ("column", "samples", "expected"),
    [
        ("sfzh", IDS, "id_card"),
        ("bgrsfzh", IDS, "id_card"),
        ("zjhm", IDS, "id_card"),
        ("tyshxydm", CODES, "credit_code"),
        ("xm", NAMES, "person_name"),
        ("bgrxm", NAMES, "person_name"),
        ("dwmc", COMPANIES, "company_name"),
        ("qymc", COMPANIES, "company_name"),
        ("jgmc", COURTS, "org"),
        ("bajg", COURTS, "org"),
        ("sjhm", PHONES, "phone"),
        ("lxdh", PHONES, "phone"),
        ("cph", PLATES, "plate"),
        ("csrq", DATES, "date"),
        ("jfrq", ["20230506", "2023-05-07"], "date"),
        ("lasj", TIMES, "datetime"),
        ("je", PLAIN_AMOUNTS, "money"),
        ("fkje", AMOUNTS, "money"),
    ],
)
def test_pinyin_abbreviations(column: str, samples: list[str | None], expected: str) -> None:
    assert kind(column, samples) == expected


@pytest.mark.parametrize(
    ("column", "samples", "expected"),
    [
        ("id_card", IDS, "id_card"),
        ("idcard", IDS, "id_card"),
        ("ID_NO", IDS, "id_card"),
        ("id_number", IDS, "id_card"),
        ("credit_code", CODES, "credit_code"),
        ("uscc", CODES, "credit_code"),
        ("name", NAMES, "person_name"),
        ("defendant_name", NAMES, "person_name"),
        ("company_name", COMPANIES, "company_name"),
        ("companyName", COMPANIES, "company_name"),
        ("court_name", COURTS, "org"),
        ("phone_number", PHONES, "phone"),
        ("mobile", PHONES, "phone"),
        ("tel", PHONES, "phone"),
        ("plate_no", PLATES, "plate"),
        ("birth_date", DATES, "date"),
        ("birthDate", DATES, "date"),
        ("created_at", TIMES, "datetime"),
        ("createdAt", TIMES, "datetime"),
        ("signed_on", DATES, "date"),
        ("event_time", TIMES, "datetime"),
        ("datetime", TIMES, "datetime"),
        ("amount", PLAIN_AMOUNTS, "money"),
        ("fine_amount", PLAIN_AMOUNTS, "money"),
        ("fee", PLAIN_AMOUNTS, "money"),
        ("is_active", ["Y", "N"], "boolean"),
        ("has_record", ["true", "false"], "boolean"),
        ("flag", ["1", "0"], "boolean"),
        ("count", ["3", "4"], "integer"),
        ("rate", ["0.5", "0.25"], "number"),
        ("id", ["1", "2", "3"], "integer"),
        ("account", ["甲", "乙"], "text"),
        ("update_user", ["admin", "root"], "text"),
        ("template", ["A", "B"], "text"),
        ("subject", ["x"], "text"),
    ],
)
def test_english_names(column: str, samples: list[str | None], expected: str) -> None:
    assert kind(column, samples) == expected


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        (IDS, "id_card"),
        (CODES, "credit_code"),
        (PHONES, "phone"),
        (PLATES, "plate"),
        (TIMES, "datetime"),
        (DATES, "date"),
        (MIDNIGHTS, "date"),
        (["二〇二三年五月六日", "2023年5月7日"], "date"),
        (["是", "否", "是"], "boolean"),
        (["Y", "N"], "boolean"),
        (["√", "×"], "boolean"),
        (["1", "0", "1"], "integer"),
        (["20230506", "20230507", "20221231"], "integer"),
        (["45052", "45053"], "integer"),
        (["1,234", "-3", "0"], "integer"),
        (["007", "008"], "text"),
        (["12.5", "3", "0.25"], "number"),
        (["1.2e5", "12.5%"], "number"),
        (AMOUNTS, "money"),
        (["3000", "12,000"], "integer"),
        (PLAIN_AMOUNTS, "number"),
        (NAMES, "text"),
        (COMPANIES, "text"),
        (["十二", "三"], "text"),
        (["三年六个月"], "text"),
    ],
)
def test_by_values(samples: list[str | None], expected: str) -> None:
    assert kind("字段1", samples) == expected
    assert kind("col_1", samples) == expected


def test_value_share_threshold() -> None:
    assert kind("x", [str(i) for i in range(1, 10)] + ["abc"]) == "integer"  # 9 of 10
    assert kind("x", [str(i) for i in range(1, 9)] + ["abc", "def"]) == "text"  # 8 of 10
    many = [str(i) for i in range(1, 64)] + ["a"] * 7  # 63 of 70: exactly 90 %
    assert kind("x", many) == "integer"


def test_missing_values_are_ignored() -> None:
    assert kind("x", ["1", None, "", "  ", "null", "N/A", "-", "2"]) == "integer"
    assert kind("x", [" 13812345678 ", "13912345678\t"]) == "phone"
    assert kind("x", [None, "", "null"]) == "text"
    assert kind("x", []) == "text"


def test_name_alone_when_no_values() -> None:
    assert kind("身份证号码", []) == "id_card"
    assert kind("出生日期", [None, ""]) == "date"
    assert kind("备注", []) == "text"


def test_name_needs_values_to_agree() -> None:
    # Half the values must clean for most types …
    assert kind("姓名", ["1", "2"]) == "integer"
    assert kind("出生日期", ["abc", "def", "2023-01-01"]) == "text"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("身份证号码", "id_card"),
        ("公民身份号码", "id_card"),
        ("身份证号", "id_card"),
        ("sfzh", "id_card"),
        ("统一社会信用代码", "credit_code"),
        ("联系电话", "phone"),
        ("手机号码", "phone"),
    ],
)
def test_identifier_name_stands_however_bad_the_values(column: str, expected: str) -> None:
    # … but a column named as identifiers keeps the type even when most values are broken, so
    # that the import counts and reports them instead of hiding them in a text column.
    assert kind(column, [ID_1949, "123", "abc"]) == expected
    assert kind(column, ["123", "abc", "110101199003074X21"]) == expected


def test_guess_is_fast() -> None:
    columns = {
        "备注": [f"某某事项说明第{i}条" for i in range(1000)],
        "字段": [str(20230000 + i) for i in range(1000)],
        "立案时间": [f"2023-05-{1 + i % 28:02d} {i % 24:02d}:30" for i in range(1000)],
    }
    start = time.perf_counter()
    for column, samples in columns.items():
        guess(column, samples)
    assert time.perf_counter() - start < 1.0
