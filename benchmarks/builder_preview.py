"""Builder preview benchmark: how long 「预览」 takes, step by step, against plain DuckDB.

Builds the demo county (``jiancha.demo``: its files, imported through the real path with the
registry's schemas: 刑事判决, 监狱收押, 交通事故) and a pair of ``--rows`` judgments and
~0.9 × ``--rows`` prison intakes in the same columns (valid ID numbers computed in SQL),
imported the same way. Opens two shipped templates as builder documents
(``modelling.builder.to_document``) — ``custodial-sentence-not-executed`` bound to the
county's judgments and intake, then to the large pair, and ``fatal-accidents-same-company``
bound to the county's accidents — and times the
whole preview (``runs.preview.preview``: checks, grants, compile, the DuckDB statements,
sample leads, masking, audit) for every step shown (``step`` = 0 … N-1) and without rows,
median of ``--repeats``. Beside it, the same counts (rows after every step, distinct leads)
from a hand-written DuckDB query over the same Parquet files, interleaved with the previews
(a shared machine's load slows both alike), and the ratio preview / hand-written. Checks
that both give the same counts. Figures, not pass/fail.

    python benchmarks/builder_preview.py [--rows 1000000] [--scale 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
from engine_bench import _ID as ENGINE_BENCH_IDS  # a sibling script: benchmarks/ is on sys.path
from sqlalchemy import select

from jiancha import catalogue, clock
from jiancha.demo.datasets import BY_NAME, demo_binds
from jiancha.demo.workflow import schema_of
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.governance.breaker import set_limits
from jiancha.modelling.builder import to_document
from jiancha.modelling.install import parse_binds
from jiancha.runs.preview import preview
from jiancha.store import Dataset, Store, init_workspace, open_store
from jiancha.templates import load_template

CUSTODIAL = "custodial-sentence-not-executed"
FATAL = "fatal-accidents-same-company"
BIG_JUDGMENTS, BIG_INTAKE = "刑事判决（百万行）", "监狱收押（百万行）"
LIMIT = 2**31 - 1

# ID = region + birth date + sequence + GB 11643 check character, all computed in SQL.
_ID = ENGINE_BENCH_IDS  # the same valid ID numbers, computed in SQL (engine_bench.py)


def generate_pair(out: Path, rows: int, today: dt.date) -> tuple[Path, Path]:
    """``rows`` judgments in the county's 刑事判决 columns and the intake of ~90 % of them."""
    judgments, intake = out / f"judgments-{rows}.parquet", out / f"intake-{rows}.parquet"
    con = duckdb.connect()
    con.execute(f"CREATE TABLE ids AS {_ID.format(n=rows)}")
    con.execute(f"""COPY (
      SELECT '(' || (2020 + i % 5) || ')青0202刑初' || i || '号' AS 案号,
        '张王李赵'[1 + i % 4] || '某' || (i % 97) AS 被告人姓名, id AS 公民身份号码,
        ['乐都县人民法院', '平安县人民法院', '民和县人民法院'][1 + i % 3] AS 审判法院,
        '盗窃罪' AS 罪名,
        CASE WHEN i % 10 < 4 THEN '有期徒刑' WHEN i % 10 < 6 THEN '拘役' ELSE '管制' END AS 刑种,
        6 + i % 30 AS 刑期月数,
        CASE WHEN i % 10 IN (1, 4) THEN '是' ELSE '否' END AS 是否缓刑,
        CASE WHEN i % 7 < 4 THEN '取保候审' WHEN i % 7 < 5 THEN '监视居住' ELSE '逮捕' END
          AS 审前强制措施,
        CAST(DATE '{today}' - 700 + CAST(i % 650 AS INTEGER) AS VARCHAR) AS 判决日期,
        CAST(DATE '{today}' - 690 + CAST(i % 650 AS INTEGER) AS VARCHAR) AS 判决生效日期,
        '' AS 罚金
      FROM ids) TO '{judgments}' (FORMAT parquet)""")
    con.execute(f"""COPY (
      SELECT '某' AS 罪犯姓名, id AS 身份证号,
        CAST(DATE '{today}' - 680 + CAST(i % 650 AS INTEGER) AS VARCHAR) AS 收押日期,
        '青海省西宁监狱' AS 收押单位
      FROM ids WHERE i % 10 <> 9 AND i % 500 <> 2) TO '{intake}' (FORMAT parquet)""")
    con.close()
    return judgments, intake


def build(home: Path, files: Path, rows: int, scale: int, today: dt.date) -> Store:
    from jiancha.demo.county import generate_county

    store = open_store(init_workspace(home)[0])
    started = time.perf_counter()
    generate_county(files, scale=scale, seed=7, as_of=today)
    for name in ("刑事判决", "监狱收押", "交通事故"):
        dataset = BY_NAME[name]
        source = catalogue.open_file(files / dataset.file)
        catalogue.import_source(store, source, name, schema=schema_of(dataset))
    took = time.perf_counter() - started
    print(f"demo county ({scale:,} persons) generated and imported: {took:.1f} s")
    judgments, intake = generate_pair(files, rows, today)
    for path, name, like in (
        (judgments, BIG_JUDGMENTS, "刑事判决"),
        (intake, BIG_INTAKE, "监狱收押"),
    ):
        started = time.perf_counter()
        schema = schema_of(BY_NAME[like])
        result = catalogue.import_source(store, catalogue.open_file(path), name, schema=schema)
        print(f"import {name}: {result.rows:,} rows, {time.perf_counter() - started:.1f} s")
    create_user(store, "bench", "bench-password-123", "基准", role="modeller", must_change=False)
    create_user(store, "approver", "bench-password-123", "审批", role="admin", must_change=False)
    set_limits(store, "bench", LIMIT, LIMIT)
    for name in ("刑事判决", "监狱收押", "交通事故", BIG_JUDGMENTS, BIG_INTAKE):
        request = request_access(
            store, "bench", name, purpose="基准测试", starts_on=today, ends_on=today
        )
        decide(store, "approver", request["id"], approve=True)
    return store


def bindings_for(template: str, rename: dict[str, str]) -> dict[str, dict[str, Any]]:
    datasets, fields = parse_binds(demo_binds(load_template(template)))
    return {
        n: {"dataset": rename.get(d, d), "fields": fields.get(n, {})} for n, d in datasets.items()
    }


def parquet(store: Store, name: str) -> str:
    with store.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.name == name))
        assert dataset is not None
        return str(store.workspace.resolve(dataset.latest.storage_path))


def hand_custodial(
    store: Store, today: dt.date, judgments: str = "刑事判决", intake: str = "监狱收押"
) -> str:
    j, p = parquet(store, judgments), parquet(store, intake)
    return f"""
WITH j AS (SELECT * FROM read_parquet('{j}')),
s2 AS (SELECT * FROM j WHERE 公民身份号码 IS NOT NULL),
s3 AS (SELECT * FROM s2 WHERE 刑种 IN ('有期徒刑', '拘役', '无期徒刑')
                          AND NOT coalesce(是否缓刑, false)),
s4 AS (SELECT * FROM s3 WHERE 审前强制措施 IN ('取保候审', '监视居住')),
s5 AS (SELECT * FROM s4 WHERE 判决生效日期 <= DATE '{today}' - 30),
s6 AS (SELECT s5.* FROM s5 ANTI JOIN read_parquet('{p}') AS p
         ON p.身份证号 = s5.公民身份号码 AND p.收押日期 >= s5.判决日期)
SELECT (SELECT count(*) FROM j), (SELECT count(*) FROM s2), (SELECT count(*) FROM s3),
  (SELECT count(*) FROM s4), (SELECT count(*) FROM s5), (SELECT count(*) FROM s6),
  (SELECT count(*) FROM s6),
  (SELECT count(*) FROM (SELECT DISTINCT 公民身份号码, 案号, 被告人姓名, 审判法院, 刑种,
                                          审前强制措施, 判决生效日期 FROM s6))"""


def hand_fatal(store: Store, today: dt.date) -> str:
    t = parquet(store, "交通事故")
    return f"""
WITH t AS (SELECT * FROM read_parquet('{t}')),
s2 AS (SELECT * FROM t WHERE 车辆所属单位信用代码 IS NOT NULL),
s3 AS (SELECT * FROM s2 WHERE 死亡人数 > 0),
s4 AS (SELECT * FROM s3 WHERE 事故责任 IN ('全部', '主要')),
s5 AS (SELECT * FROM s4 WHERE 事故日期 >= DATE '{today}' - 180),
s6 AS (SELECT 车辆所属单位信用代码, max(车辆所属单位) AS company_name,
         count(DISTINCT 事故编号) AS accidents FROM s5 GROUP BY 车辆所属单位信用代码
       HAVING count(DISTINCT 事故编号) >= 3)
SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM s2), (SELECT count(*) FROM s3),
  (SELECT count(*) FROM s4), (SELECT count(*) FROM s5), (SELECT count(*) FROM s6),
  (SELECT count(*) FROM (SELECT DISTINCT 车辆所属单位信用代码, company_name FROM s6))"""


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def bench(store: Store, template: str, rename: dict[str, str], hand: str, repeats: int) -> None:
    """Per step shown: ``repeats`` rounds of (hand-written query, preview), interleaved so that
    a machine whose load comes and goes slows both alike; medians and their ratio."""
    document = to_document(load_template(template).text)
    bound = bindings_for(template, rename)

    def plain() -> tuple[Any, ...]:
        with duckdb.connect() as con:
            found = con.execute(hand).fetchone()
        assert found is not None
        return tuple(found)

    print(f"\n{template}  (inputs: { {n: b['dataset'] for n, b in bound.items()} })")
    head = f"  {'step shown':<22}{'preview ms':>11}{'hand ms':>9}{'ratio':>7}"
    print(head + "  rows after each step, leads")
    for step in [None, *range(len(document["steps"]))]:
        hand_times, preview_times = [], []
        for _ in range(repeats):
            seconds, counts = timed(plain)
            hand_times.append(seconds)
            seconds, shown = timed(
                lambda s=step: preview(store, document, bound, account="bench", step=s)
            )
            preview_times.append(seconds)
        figures = (*(s["rows"] for s in shown["steps"]), shown["leads"]["count"])
        same = "same" if figures == counts else f"DIFFERENT from hand-written {counts}"
        label = "none" if step is None else f"{step} ({shown['steps'][step]['kind']})"
        ours, theirs = statistics.median(preview_times), statistics.median(hand_times)
        print(
            f"  {label:<22}{ours * 1000:11.1f}{theirs * 1000:9.1f}{ours / theirs:7.1f}  "
            f"{list(figures)} {same}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scale", type=int, default=20_000, help="demo county persons")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    today = clock.china_today()
    with tempfile.TemporaryDirectory(prefix="jiancha-preview-") as tmp:
        root = Path(tmp)
        store = build(root / "home", root / "files", args.rows, args.scale, today)
        try:
            bench(store, CUSTODIAL, {}, hand_custodial(store, today), args.repeats)
            bench(store, FATAL, {}, hand_fatal(store, today), args.repeats)
            rename = {"刑事判决": BIG_JUDGMENTS, "监狱收押": BIG_INTAKE}
            hand = hand_custodial(store, today, BIG_JUDGMENTS, BIG_INTAKE)
            bench(store, CUSTODIAL, rename, hand, args.repeats)
        finally:
            store.close()


if __name__ == "__main__":
    sys.exit(main())
