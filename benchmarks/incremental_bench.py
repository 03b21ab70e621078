"""Incremental vs full run: a 1 M-row driving input with 1 % new rows (``--incremental``).

Builds a workspace with the shipped template 审前未羁押判处实刑罪犯未交付执行 over a generated
刑事判决 (``--rows`` judgments, valid ID numbers, about 5 % of them leads) and 监狱收押 (most
of the sentenced people taken in), runs it in full, then imports version 2 of the judgments:
version 1 plus ``--new`` % new rows and one changed row. The workspace is copied, and on
identical copies side by side one run is incremental and one full (``--repeats`` pairs, in
alternating order, the engine started before); the
script checks both leave the same leads and prints the seconds of each and their ratio.

It also times the row diff's candidate SQL forms on the two Parquet versions (the columns the
model reads): ``ANTI JOIN`` with ``IS NOT DISTINCT FROM`` (used), a hash anti-join checked on
the columns, and ``EXCEPT ALL`` (which loses the row number, needed for a lead's source row).
Figures, not pass/fail.

    python benchmarks/incremental_bench.py [--rows 1000000] [--new 1] [--repeats 3]
        [--engine duckdb|spark]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import yaml
from sqlalchemy import func, select

from jiancha import catalogue
from jiancha.demo.datasets import BY_NAME, demo_binds
from jiancha.engines import open_engine
from jiancha.modelling import install
from jiancha.runs import run_model
from jiancha.runs.row_diff import anti_join_sql
from jiancha.store import (
    Dataset,
    Lead,
    Store,
    SupervisionModel,
    init_workspace,
    open_store,
    open_workspace,
)
from jiancha.templates import load_template

SLUG = "custodial-sentence-not-executed"
AS_OF = "2025-06-30"
WEIGHTS = "[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]"


def id_sql(seq: str, region: str) -> str:
    """A valid 18-character ID number for integer ``seq`` (birth date and sequence from it)."""
    body = (
        f"'{region}' || strftime(DATE '1950-01-01' + CAST({seq} // 1000 AS INTEGER), '%Y%m%d')"
        f" || lpad(CAST({seq} % 1000 AS VARCHAR), 3, '0')"
    )
    total = (
        f"list_sum(list_transform(range(17), lambda k: (ascii(b[k + 1]) - 48) * {WEIGHTS}[k + 1]))"
    )
    check = f"substr('10X98765432', CAST({total} % 11 AS BIGINT) + 1, 1)"
    return f"(SELECT b || {check} FROM (SELECT {body} AS b))"


def judgments_sql(start: int, stop: int, region: str) -> str:
    return f"""SELECT '（2024）浙0102刑初' || i || '号' AS 案号, '张' || (i % 997) AS 被告人姓名,
        {id_sql("i", region)} AS 公民身份号码, '杭州市上城区人民法院' AS 审判法院, '盗窃罪' AS 罪名,
        CASE WHEN i % 4 = 0 THEN '管制' ELSE '有期徒刑' END AS 刑种, 12 AS 刑期月数,
        CASE WHEN i % 5 = 0 THEN '是' ELSE '否' END AS 是否缓刑, '取保候审' AS 审前强制措施,
        '2024-01-02' AS 判决日期, '2024-02-01' AS 判决生效日期, '' AS 罚金
        FROM range({start}, {stop}) t(i)"""


def write(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> Path:
    con.execute(f"COPY ({query}) TO '{path}' (HEADER, DELIMITER ',')")
    return path


def import_csv(store: Store, path: Path, name: str) -> None:
    schema_path = path.with_suffix(".schema.yaml")
    schema_path.write_text(yaml.safe_dump(BY_NAME[name].schema(), allow_unicode=True), "utf-8")
    schema = catalogue.load_schema(schema_path)
    catalogue.import_source(store, catalogue.open_file(path), name, schema=schema)


def prepare(root: Path, rows: int, new: int) -> Path:
    """A workspace after a full run on v1 and the import of v2; returns its home."""
    con = duckdb.connect()
    v1 = write(con, judgments_sql(0, rows, "330102"), root / "j1.csv")
    intake = f"""SELECT '某' AS 罪犯姓名, {id_sql("i", "330102")} AS 身份证号,
        '2024-03-01' AS 收押日期, '某监狱' AS 收押单位 FROM range({rows}) t(i) WHERE i % 20 <> 7"""
    p = write(con, intake, root / "p.csv")
    changed = f"SELECT * REPLACE ('改名' AS 被告人姓名) FROM ({judgments_sql(1, 2, '330102')})"
    v2_query = (
        f"SELECT * FROM read_csv('{v1}', all_varchar = true) WHERE 案号 <> '（2024）浙0102刑初1号'"
        f" UNION ALL {changed} UNION ALL {judgments_sql(rows, rows + new, '330103')}"
    )
    v2 = write(con, v2_query, root / "j2.csv")
    ws, _ = init_workspace(root / "home")
    store = open_store(ws)
    started = time.perf_counter()
    import_csv(store, v1, "刑事判决")
    import_csv(store, p, "监狱收押")
    spec = load_template(SLUG)
    install(store, spec, demo_binds(spec))
    print(f"imported v1 ({rows:,} + intake) in {time.perf_counter() - started:.1f} s")
    first = run_model(store, SLUG, run_date=_date())
    print(f"full run on v1: {first['seconds']:.2f} s, {first['leads']:,} leads")
    import_csv(store, v2, "刑事判决")
    store.close()
    return ws.home


def _date() -> dt.date:
    return dt.date.fromisoformat(AS_OF)


def hit_leads(home: Path) -> int:
    store = open_store(open_workspace(home))
    try:
        with store.session() as session:
            found = session.scalar(select(func.count()).select_from(Lead).where(Lead.hit.is_(True)))
        return int(found or 0)
    finally:
        store.close()


def timed_run(home: Path, incremental: bool, engine: str) -> tuple[float, dict[str, Any]]:
    store = open_store(open_workspace(home))
    try:
        started = time.perf_counter()
        result = run_model(store, SLUG, engine=engine, run_date=_date(), incremental=incremental)
        return time.perf_counter() - started, result
    finally:
        store.close()


def diff_forms(home: Path) -> None:
    """Times the candidate row-diff forms on the judgments' two versions, over the bound columns."""
    store = open_store(open_workspace(home))
    try:
        with store.session() as session:
            dataset = session.scalar(select(Dataset).where(Dataset.name == "刑事判决"))
            model = session.scalar(select(SupervisionModel).where(SupervisionModel.slug == SLUG))
            assert dataset is not None and model is not None
            old, cur = (store.workspace.resolve(v.storage_path) for v in dataset.versions[-2:])
            names = sorted(set(model.bindings["j"]["fields"].values()))
    finally:
        store.close()
    con = duckdb.connect()
    listed = ", ".join(f'"{c}"' for c in names)
    on = " AND ".join(f'a."{c}" IS NOT DISTINCT FROM b."{c}"' for c in names)
    forms = {
        "anti join, IS NOT DISTINCT FROM (used)": anti_join_sql(cur, old, names),
        "hash anti join, checked on the columns": (
            f"SELECT a.* FROM (SELECT *, hash({listed}) AS h FROM '{cur}') a ANTI JOIN "
            f"(SELECT {listed}, hash({listed}) AS h FROM '{old}') b ON a.h = b.h AND {on}"
        ),
        "EXCEPT ALL (no row number)": (
            f"SELECT {listed} FROM '{cur}' EXCEPT ALL SELECT {listed} FROM '{old}'"
        ),
    }
    for label, query in forms.items():
        seconds = []
        for _ in range(3):
            started = time.perf_counter()
            n = con.sql(f"SELECT count(*) FROM ({query})").fetchall()[0][0]
            seconds.append(time.perf_counter() - started)
        print(f"  row diff, {label}: {statistics.median(seconds):.3f} s ({n:,} rows)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--new", type=float, default=1.0, help="new rows, %% of --rows")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engine", default="duckdb", help="engine of the timed runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="incremental-bench-") as tmp:
        root = Path(tmp)
        home = prepare(root, args.rows, int(args.rows * args.new / 100))
        diff_forms(home)
        with open_engine(args.engine) as warm:  # Spark: the session starts before the timing
            warm.execute("SELECT 1", {})
        pairs: list[tuple[float, float]] = []
        for i in range(args.repeats):
            homes = [root / f"inc{i}", root / f"full{i}"]
            for copy in homes:
                shutil.copytree(home, copy)
            if i % 2:  # alternate which goes first
                full, _ = timed_run(homes[1], False, args.engine)
                inc, result = timed_run(homes[0], True, args.engine)
            else:
                inc, result = timed_run(homes[0], True, args.engine)
                full, _ = timed_run(homes[1], False, args.engine)
            assert result["incremental"], result.get("incremental_reason")
            assert hit_leads(homes[0]) == hit_leads(homes[1]), "incremental ≠ full"
            pairs.append((inc, full))
            print(
                f"  pair {i + 1}: incremental {inc:.2f} s ({result['incremental_rows']}), "
                f"full {full:.2f} s, full/incremental {full / inc:.2f}×"
            )
            for copy in homes:
                shutil.rmtree(copy)
        inc_m = statistics.median(p[0] for p in pairs)
        full_m = statistics.median(p[1] for p in pairs)
        print(
            f"median ({args.engine}): incremental {inc_m:.2f} s, full {full_m:.2f} s, "
            f"full/incremental {full_m / inc_m:.2f}×"
        )


if __name__ == "__main__":
    main()
