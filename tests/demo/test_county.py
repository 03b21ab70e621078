"""The demo county generator: files, forms, determinism and — independently — its ground truth.

The ground truth is recomputed here from the written files alone: every cell is standardised with
``jiancha.identifiers`` (as an import would), the rules of docs/templates.md are run as plain
DuckDB SQL, and the subjects must equal ``ground_truth.csv`` exactly. That catches background rows
that accidentally break a rule as well as planted rows that do not.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import python_calamine
from stdnum.cn import ric, uscc

from jiancha.catalogue.sources.cells import cell_text
from jiancha.demo.county import CountyManifest, generate_county, read_ground_truth
from jiancha.demo.county.core import TABLE_TEMPLATES as TEMPLATES
from jiancha.demo.county.core import TEMPLATES as ALL_TEMPLATES
from jiancha.demo.county.documents import SETS
from jiancha.demo.county.styles import STYLES
from jiancha.demo.datasets import BY_NAME, COUNTY, DemoDataset
from jiancha.identifiers import Invalid, birth_date, get, is_missing

AS_OF = date(2025, 6, 30)
SCALE = 2_000
Table = list[dict[str, Any]]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("county")
    generate_county(out, scale=SCALE, seed=11, as_of=AS_OF)
    return out


def raw_rows(out: Path, dataset: DemoDataset) -> tuple[list[str], list[list[str | None]]]:
    """The header and the cells of a county file, as text (None for an empty cell)."""
    path = out / dataset.file
    if dataset.format == "xlsx":
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        assert len(book.sheet_names) == 1
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        return [str(c) for c in rows[0]], [[cell_text(c) or None for c in r] for r in rows[1:]]
    if dataset.format == "jsonl":
        header = [f.column for f in dataset.fields]
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        assert all(list(r) == header for r in records)
        return header, [[r[c] for c in header] for r in records]
    encoding = "gbk" if dataset.format == "csv-gbk" else "utf-8-sig"
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [[c or None for c in r] for r in rows[1:]]


def standardised(out: Path, dataset: DemoDataset) -> tuple[Table, dict[str, int]]:
    """Rows keyed by field name with standard values; unreadable cells per field."""
    _, rows = raw_rows(out, dataset)
    types = [get(f.semantic) for f in dataset.fields]
    invalid = {f.field: 0 for f in dataset.fields}
    table = []
    for row in rows:
        record: dict[str, Any] = {}
        for f, semantic, raw in zip(dataset.fields, types, row, strict=True):
            value = None
            if not is_missing(raw):
                try:
                    value = semantic.clean(str(raw).strip())
                except Invalid:
                    invalid[f.field] += 1
            record[f.field] = value
        table.append(record)
    return table, invalid


@pytest.fixture(scope="module")
def tables(county: Path) -> dict[str, tuple[Table, dict[str, int]]]:
    return {d.name: standardised(county, d) for d in COUNTY}


def test_files_have_the_registry_headers_and_encodings(county: Path) -> None:
    for dataset in COUNTY:
        path = county / dataset.file
        header, rows = raw_rows(county, dataset)
        assert header == [f.column for f in dataset.fields], dataset.name
        assert rows, dataset.name
        if dataset.format == "csv-gbk":
            data = path.read_bytes()
            data.decode("gbk")
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        elif dataset.format == "csv-utf8":
            path.read_bytes().decode("utf-8")


def test_manifest_matches_the_files(county: Path) -> None:
    manifest = CountyManifest.load(county)
    assert (manifest.seed, manifest.scale, manifest.as_of) == (11, SCALE, AS_OF)
    assert [d.name for d in manifest.datasets] == [d.name for d in COUNTY]
    for facts in manifest.datasets:
        dataset = BY_NAME[facts.name]
        assert (facts.file, facts.format) == (dataset.file, dataset.format)
        assert facts.rows == len(raw_rows(county, dataset)[1]), facts.name
    truth = read_ground_truth(county)
    assert manifest.planted == {t: sum(r["template"] == t for r in truth) for t in ALL_TEMPLATES}
    assert all(n >= 3 for n in manifest.planted.values())
    assert all(n >= 2 for n in manifest.near_misses.values())


def test_every_id_and_code_reads_except_the_recorded_unreadable(
    county: Path, tables: dict[str, tuple[Table, dict[str, int]]]
) -> None:
    manifest = CountyManifest.load(county)
    unreadable = 0
    for dataset in COUNTY:
        table, invalid = tables[dataset.name]
        expected = manifest.dataset(dataset.name).noise.get("id_unreadable", 0)
        ids = [f.field for f in dataset.fields if f.semantic == "id_card"]
        assert sum(invalid[f] for f in ids) == expected, dataset.name
        unreadable += expected
        for f in ids:
            for value in (r[f] for r in table if r[f] is not None):
                assert ric.validate(value) == value and len(value) == 18
        for f in (f.field for f in dataset.fields if f.semantic == "credit_code"):
            assert all(uscc.is_valid(r[f]) for r in table if r[f] is not None)
        others = {f.field for f in dataset.fields if f.semantic != "id_card"}
        assert all(invalid[f] == 0 for f in others), (dataset.name, invalid)
    assert 0 < unreadable < 0.005 * sum(len(t) for t, _ in tables.values())


def test_blanks_only_where_no_rule_reads(tables: dict[str, tuple[Table, dict[str, int]]]) -> None:
    # Empty by nature, not missing: a private car has no owning company, a case without
    # detention no detention date, a detention penalty no amount, a life sentence no term.
    structural = {
        ("交通事故", "credit_code"),
        ("交通事故", "company"),
        ("公安案件", "detention_date"),
        ("行政处罚", "amount"),
        ("刑事判决", "term_months"),
    }
    for dataset in COUNTY:
        table, _ = tables[dataset.name]
        allowed = {f for f, _ in STYLES[dataset.name].missing}
        for f in dataset.fields:
            if f.semantic == "id_card" or f.field in allowed:
                continue  # unreadable IDs are counted by the test above
            blank = sum(r[f.field] is None for r in table)
            assert blank == 0 or (dataset.name, f.field) in structural, (dataset.name, f.field)


def test_messy_forms_are_written(county: Path) -> None:
    manifest = CountyManifest.load(county)
    noise: dict[str, int] = {}
    for facts in manifest.datasets:
        for kind, count in facts.noise.items():
            noise[kind] = noise.get(kind, 0) + count
    for kind in ("id_15_digit", "id_lower_x", "id_full_width", "id_spaces", "id_unreadable",
                 "credit_lower_case", "credit_full_width", "date_slash", "date_chinese",
                 "date_compact", "money_wan", "money_chinese", "money_yen", "money_comma",
                 "name_typo", "missing"):  # fmt: skip
        assert noise.get(kind, 0) > 0, kind


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    manifest = generate_county(tmp_path / "a", scale=1_000, seed=3, as_of=AS_OF)
    assert CountyManifest.load(tmp_path / "a") == manifest
    generate_county(tmp_path / "b", scale=1_000, seed=3, as_of=AS_OF)
    generate_county(tmp_path / "c", scale=1_000, seed=4, as_of=AS_OF)
    names = sorted(p.name for p in (tmp_path / "a").iterdir() if p.is_file())
    document_files = [s.path for s in SETS if "." in s.path]  # the judgments are a folder
    assert len(names) == len(COUNTY) + 2 + len(document_files)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "ground_truth.csv").read_bytes() != (
        tmp_path / "c" / "ground_truth.csv"
    ).read_bytes()
    assert all(n >= 3 for n in manifest.planted.values())


def test_ground_truth_keys_are_standard_and_present(
    county: Path, tables: dict[str, tuple[Table, dict[str, int]]]
) -> None:
    primary = {t: (name, field) for t, name, field in PRIMARY}
    for row in read_ground_truth(county):
        if row["template"] not in primary:  # the document templates: test_county_documents
            continue
        name, field = primary[row["template"]]
        key = row["subject_key"]
        if row["subject_type"] == "person":
            assert ric.validate(key) == key
        else:
            assert row["subject_type"] == "company" and uscc.validate(key) == key
        assert any(r[field] == key for r in tables[name][0]), row
        assert row["reason"]


PRIMARY = (
    (TEMPLATES[0], "刑事判决", "person_id"), (TEMPLATES[1], "刑事判决", "person_id"),
    (TEMPLATES[2], "社区矫正", "person_id"), (TEMPLATES[3], "不起诉决定", "person_id"),
    (TEMPLATES[4], "行贿人名录", "person_id"), (TEMPLATES[5], "民间借贷判决", "plaintiff_id"),
    (TEMPLATES[6], "民间借贷判决", "plaintiff_id"), (TEMPLATES[7], "医保结算", "person_id"),
    (TEMPLATES[8], "住院记录", "person_id"), (TEMPLATES[9], "成品油购进", "credit_code"),
    (TEMPLATES[10], "用人单位用工", "credit_code"), (TEMPLATES[11], "交通事故", "credit_code"),
    (TEMPLATES[12], "公安案件", "person_id"), (TEMPLATES[13], "刑事判决", "person_id"),
    (TEMPLATES[14], "刑事判决", "person_id"), (TEMPLATES[15], "公安案件", "person_id"),
)  # fmt: skip

VIEWS = {
    "刑事判决": "j", "监狱收押": "intake", "社区矫正": "corr", "羁押记录": "det",
    "不起诉决定": "np", "行政处罚": "pen", "行贿人名录": "bribe", "民间借贷判决": "loan",
    "信用卡透支": "card", "医保结算": "claim", "住院记录": "adm", "死亡登记": "death",
    "成品油购进": "fuel", "增值税申报": "vat", "用人单位用工": "payroll", "残保金缴纳": "levy",
    "交通事故": "acc", "公安案件": "pc", "审查起诉受案": "pi", "驾驶证": "lic", "罚金缴纳": "fp",
    "工商登记": "reg",
}  # fmt: skip
_ARROW = {"date": pa.date32(), "money": pa.decimal128(18, 2), "integer": pa.int64(),
          "number": pa.float64(), "boolean": pa.bool_()}  # fmt: skip
A = f"DATE '{AS_OF.isoformat()}'"
RULES = {
    TEMPLATES[0]: f"""SELECT person_id FROM j WHERE sentence_type IN ('有期徒刑','拘役','无期徒刑')
        AND NOT coalesce(probation, false) AND pretrial_measure IN ('取保候审','监视居住')
        AND effective_date <= {A} - 30 AND NOT EXISTS (SELECT 1 FROM intake p
        WHERE p.person_id = j.person_id AND p.intake_date >= j.judgment_date)""",
    TEMPLATES[1]: f"""SELECT person_id FROM j WHERE (probation OR sentence_type = '管制')
        AND effective_date <= {A} - 10 AND NOT EXISTS (SELECT 1 FROM corr c
        WHERE c.person_id = j.person_id AND c.start_date >= j.judgment_date)""",
    TEMPLATES[2]: """SELECT c.person_id FROM corr c JOIN det d ON d.person_id = c.person_id
        WHERE d.detention_type IN ('刑事拘留','逮捕','行政拘留')
        AND d.detention_date BETWEEN c.start_date AND c.end_date""",
    TEMPLATES[3]: f"""SELECT person_id FROM np WHERE decision_type = '相对不起诉'
        AND decision_date <= {A} - 90 AND NOT EXISTS (SELECT 1 FROM pen p
        WHERE p.person_id = np.person_id AND p.penalty_date >= np.decision_date)""",
    TEMPLATES[4]: f"""SELECT person_id FROM bribe WHERE amount >= 30000
        AND last_date + to_years(CASE WHEN amount >= 5000000 THEN 20 WHEN amount >= 1000000
        THEN 15 ELSE 5 END) >= {A} AND NOT EXISTS (SELECT 1 FROM j WHERE j.person_id =
        bribe.person_id AND j.charge IN ('行贿罪','单位行贿罪','对有影响力的人行贿罪'))""",
    TEMPLATES[5]: f"""SELECT plaintiff_id FROM loan WHERE filing_date >= {A} - 365
        GROUP BY plaintiff_id HAVING count(*) >= 10""",
    TEMPLATES[6]: """SELECT plaintiff_id FROM loan WHERE EXISTS (SELECT 1 FROM card c
        WHERE c.person_id = loan.plaintiff_id AND c.txn_type IN ('取现','POS消费')
        AND c.txn_date BETWEEN loan.loan_date - 30 AND loan.loan_date
        AND c.amount >= 0.5 * loan.loan_amount)""",
    TEMPLATES[7]: """SELECT c.person_id FROM claim c JOIN death d ON d.person_id = c.person_id
        WHERE c.settle_date > d.death_date""",
    TEMPLATES[8]: """SELECT a.person_id FROM adm a JOIN adm b ON a.person_id = b.person_id
        WHERE b.hospital <> a.hospital AND b.admit_date < a.discharge_date
        AND b.discharge_date > a.admit_date AND b.admission_no > a.admission_no""",
    TEMPLATES[9]: f"""WITH s AS (SELECT f.credit_code, sum(f.purchased_litres)
        / sum(v.declared_litres) AS r FROM fuel f JOIN vat v ON f.credit_code = v.credit_code
        AND f.period = v.period WHERE f.period >= {A} - INTERVAL 12 MONTH GROUP BY 1)
        SELECT credit_code FROM s WHERE r / (SELECT avg(r) FROM s) >= 1.5""",
    TEMPLATES[10]: f"""SELECT credit_code FROM payroll WHERE year = {AS_OF.year - 1}
        AND headcount > 30 AND disabled_employees < headcount * 0.015 AND NOT EXISTS
        (SELECT 1 FROM levy l WHERE l.credit_code = payroll.credit_code
        AND l.year = payroll.year)""",
    TEMPLATES[11]: f"""SELECT credit_code FROM acc WHERE deaths > 0
        AND responsibility IN ('全部','主要') AND accident_date >= {A} - 180
        GROUP BY credit_code HAVING count(*) >= 3""",
    TEMPLATES[12]: f"""SELECT person_id FROM pc WHERE case_category IN ('刑事','治安')
        AND cause IN ('故意伤害','寻衅滋事','聚众斗殴','非法拘禁')
        AND filing_date >= {A} - INTERVAL 3 YEAR GROUP BY person_id HAVING count(*) >= 3""",
    TEMPLATES[13]: f"""SELECT person_id FROM j WHERE fine > 0 AND effective_date <= {A} - 90
        AND NOT EXISTS (SELECT 1 FROM fp WHERE fp.case_no = j.case_no
        AND fp.person_id = j.person_id)""",
    TEMPLATES[14]: f"""SELECT person_id FROM j WHERE charge = '危险驾驶罪'
        AND effective_date <= {A} - 30 AND EXISTS (SELECT 1 FROM lic
        WHERE lic.person_id = j.person_id AND lic.licence_status = '正常')""",
    TEMPLATES[15]: f"""SELECT person_id FROM pc WHERE case_category = '刑事'
        AND detention_date <= {A} - INTERVAL 2 YEAR
        AND status NOT IN ('撤销案件','终止侦查') AND NOT EXISTS
        (SELECT 1 FROM pi WHERE pi.case_no = pc.case_no)""",
}


@pytest.fixture(scope="module")
def db(tables: dict[str, tuple[Table, dict[str, int]]]) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect()
    for dataset in COUNTY:
        table, _ = tables[dataset.name]
        columns = {
            f.field: pa.array([r[f.field] for r in table], _ARROW.get(f.semantic, pa.string()))
            for f in dataset.fields
        }
        conn.register(VIEWS[dataset.name], pa.table(columns))
    yield conn
    conn.close()


def subjects(conn: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    query = f"SELECT DISTINCT * FROM ({sql}) AS hits(key) WHERE key IS NOT NULL"
    return {row[0] for row in conn.execute(query).fetchall()}


@pytest.mark.parametrize("template", TEMPLATES)
def test_rules_recomputed_from_the_files_give_the_ground_truth(
    county: Path, db: duckdb.DuckDBPyConnection, template: str
) -> None:
    truth = {r["subject_key"] for r in read_ground_truth(county) if r["template"] == template}
    found = subjects(db, RULES[template])
    assert found == truth, (sorted(found - truth), sorted(truth - found))


@pytest.mark.parametrize(
    ("template", "old", "new"),
    [
        (TEMPLATES[9], "sum(f.purchased_litres)", "sum(f.purchased_amount)"),
        (TEMPLATES[9], "sum(v.declared_litres)", "sum(v.declared_sales)"),
        (TEMPLATES[9], "INTERVAL 12 MONTH", "INTERVAL 13 MONTH"),
        (TEMPLATES[9], "INTERVAL 12 MONTH", "INTERVAL 365 DAY"),
        (TEMPLATES[4], ">= DATE", "> DATE"),
        (TEMPLATES[12], "INTERVAL 3 YEAR", "INTERVAL 1095 DAY"),
        (TEMPLATES[15], "INTERVAL 2 YEAR", "INTERVAL 730 DAY"),
        (TEMPLATES[10], "headcount * 0.015", "headcount * 0.015::DOUBLE"),
    ],
)
def test_truth_does_not_hang_on_a_boundary_reading(
    county: Path, db: duckdb.DuckDBPyConnection, template: str, old: str, new: str
) -> None:
    """Readings of the contract that differ only at a boundary find the same subjects."""
    assert old in RULES[template]
    truth = {r["subject_key"] for r in read_ground_truth(county) if r["template"] == template}
    assert subjects(db, RULES[template].replace(old, new)) == truth


def test_money_values_round_trip(tables: dict[str, tuple[Table, dict[str, int]]]) -> None:
    fines = [r["fine"] for r in tables["刑事判决"][0]]
    assert all(isinstance(v, Decimal) for v in fines)
    assert any(v > 0 for v in fines) and all(v == v.to_integral_value() for v in fines)


def test_dates_are_plausible(tables: dict[str, tuple[Table, dict[str, int]]]) -> None:
    """Nothing happens after the as-of date (but a correction period may end later), and every
    defendant, suspect, lender and party was an adult at the time."""
    for dataset in COUNTY:
        table, _ = tables[dataset.name]
        for f in dataset.fields:
            if f.semantic == "date" and (dataset.name, f.field) != ("社区矫正", "end_date"):
                assert all(r[f.field] <= AS_OF for r in table if r[f.field]), (dataset.name, f)
    for name, key, day in (
        ("刑事判决", "person_id", "judgment_date"),
        ("民间借贷判决", "plaintiff_id", "filing_date"),
        ("公安案件", "person_id", "filing_date"),
        ("不起诉决定", "person_id", "decision_date"),
        ("行政处罚", "person_id", "penalty_date"),
        ("羁押记录", "person_id", "detention_date"),
    ):
        for row in tables[name][0]:
            if row[key] is not None:
                age = (row[day] - birth_date(row[key])).days / 365.25
                assert age >= 16, (name, row)
