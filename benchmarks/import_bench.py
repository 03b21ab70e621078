"""Import benchmark: a CSV of N rows with identifiers, names, dates and money in mixed forms.

Generates the file once (cached under benchmarks/out/), imports it in a child process into a
fresh workspace (the real ``import_source`` path), and prints rows/s, seconds, peak memory (the
child's maximum resident set) and the share of time spent standardising, then the time of the
same import again in that process (as a running worker would, libraries loaded); then, side by
side, DuckDB's ``read_csv`` + ``COPY … TO parquet`` of the same file in another child, and the
ratio.
DuckDB cannot read GBK without its ``encodings`` extension (not installable offline), so for a
GBK file its reference reads a UTF-8 copy converted by Python first (conversion timed apart).
Figures, not pass/fail.

    python benchmarks/import_bench.py --rows 1000000 --encoding both [--repeat 3] [--python-only]
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"


def generate(rows: int, encoding: str, seed: int) -> tuple[Path, float]:
    from jiancha.demo.samples import PeopleGenerator, write_csv

    path = OUT / f"people-{rows}-{encoding}-{seed}.csv"
    planted = path.with_suffix(".planted.json")
    if path.exists() and planted.exists():
        return path, 0.0
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    generator = PeopleGenerator(seed=seed)
    write_csv(partial, generator, rows, encoding=encoding)
    planted.write_text(json.dumps(generator.planted_invalid, ensure_ascii=False))
    partial.rename(path)
    return path, time.perf_counter() - started


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process, all threads (steadier than wall time on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(path: str, home: str) -> None:
    from jiancha import catalogue
    from jiancha.store import init_workspace, open_store

    workspace, _ = init_workspace(home)
    store = open_store(workspace)
    cpu = _cpu_seconds()
    result = catalogue.import_source(store, catalogue.open_file(Path(path)), "bench")
    report = catalogue.show_dataset(store, "bench")
    figures = {
        "rows": result.rows,
        "seconds": result.seconds,
        "standardise_seconds": result.standardise_seconds,
        "encoding": result.encoding,
        "invalid": {k: v["invalid"] for k, v in report["quality"].items()},
        "parquet_bytes": workspace.resolve(report["path"]).stat().st_size,
        "peak_mib": _peak_mib(),
        "cpu_seconds": _cpu_seconds() - cpu,
    }
    # the same file again, as another dataset (its fields guessed again), in the same process:
    # what an import costs in a running worker, whose libraries are loaded and caches built
    cpu = _cpu_seconds()
    warm = catalogue.import_source(store, catalogue.open_file(Path(path)), "bench-warm")
    figures |= {"warm_seconds": warm.seconds, "warm_cpu_seconds": _cpu_seconds() - cpu}
    print(json.dumps(figures))


def duckdb_child(path: str, target: str) -> None:
    import duckdb

    started, cpu = time.perf_counter(), _cpu_seconds()
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT * FROM read_csv(?)) TO '"
            + target.replace("'", "''")
            + "' (FORMAT parquet, COMPRESSION zstd)",
            [path],
        )
        rows = con.execute("SELECT count(*) FROM read_parquet(?)", [target]).fetchall()[0][0]
    seconds = time.perf_counter() - started
    figures = {"rows": rows, "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu}
    print(json.dumps({**figures, "peak_mib": _peak_mib()}))


def _run_child(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, env=env
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def to_utf8(path: Path, encoding: str, target: Path) -> tuple[float, float]:
    """Stream ``path`` into a UTF-8 copy; returns the wall and CPU seconds it took."""
    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as src, target.open("w", encoding="utf-8") as dst:
        reader = codecs.getreader(encoding)(src)
        while chunk := reader.read(1 << 22):
            dst.write(chunk)
    return time.perf_counter() - started, time.process_time() - cpu


def _pair(args: argparse.Namespace, path: Path, encoding: str) -> dict[str, Any]:
    """One import in a fresh child, then DuckDB's reference in another (after the conversion
    to UTF-8 a GBK file needs first)."""
    home = Path(tempfile.mkdtemp(prefix="jiancha-bench-"))
    env = dict(os.environ)
    if args.python_only:
        env["JIANCHA_STANDARDISE_PYTHON"] = "1"
    try:
        figures = _run_child("--child", str(path), str(home / "ws"), env=env)
        reference, convert_seconds, convert_cpu = path, 0.0, 0.0
        if encoding != "utf-8":
            reference = home / "utf8.csv"
            convert_seconds, convert_cpu = to_utf8(path, encoding, reference)
        duck = _run_child("--duckdb-child", str(reference), str(home / "duck.parquet"))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    reference_seconds = duck["seconds"] + convert_seconds
    return {
        **figures,
        "duck": duck,
        "convert_seconds": convert_seconds,
        "convert_cpu": convert_cpu,
        "ratio": figures["seconds"] / reference_seconds,
        "warm_ratio": figures["warm_seconds"] / reference_seconds,
        "cpu_ratio": figures["cpu_seconds"] / (duck["cpu_seconds"] + convert_cpu),
    }


def bench(args: argparse.Namespace, encoding: str) -> None:
    path, gen_seconds = generate(args.rows, encoding, args.seed)
    pairs = [_pair(args, path, encoding) for _ in range(args.repeat)]
    figures = sorted(pairs, key=lambda p: p["ratio"])[len(pairs) // 2]  # the median pair
    duck, convert_seconds = figures["duck"], figures["convert_seconds"]
    size_mib = path.stat().st_size / 2**20
    seconds, peak_mib = figures["seconds"], figures["peak_mib"]
    path_name = "Python only (reference)" if args.python_only else "vectorised"
    print(
        f"file            {path.name}  {size_mib:,.0f} MiB, {encoding}"
        + (f", generated in {gen_seconds:.0f} s" if gen_seconds else " (cached)")
    )
    print(f"standardisation {path_name}")
    print(
        f"runs            {len(pairs)} pairs (import, then DuckDB), each in fresh processes; "
        "the figures below are the pair of median ratio"
    )
    for n, pair in enumerate(pairs, 1):
        print(
            f"  pair {n}        import {pair['seconds']:.2f} s (CPU {pair['cpu_seconds']:.1f} s), "
            f"DuckDB {pair['duck']['seconds']:.2f} s (CPU {pair['duck']['cpu_seconds']:.1f} s)"
            + (f" + conversion {pair['convert_seconds']:.2f} s" if encoding != "utf-8" else "")
            + f": {pair['ratio']:.2f}x, warm {pair['warm_ratio']:.2f}x"
        )
    print(f"rows            {figures['rows']:,}")
    print(f"seconds         {seconds:.1f}  (CPU {figures['cpu_seconds']:.1f} s, all threads)")
    print(f"rows/s          {figures['rows'] / seconds:,.0f}")
    print(f"MiB/s           {size_mib / seconds:,.1f}")
    print(f"peak memory     {peak_mib:,.0f} MiB  ({peak_mib / size_mib:.2f}x the file)")
    share = figures["standardise_seconds"] / seconds
    print(f"standardising   {figures['standardise_seconds']:.1f} s  ({share:.0%} of the import)")
    print(f"parquet         {figures['parquet_bytes'] / 2**20:,.0f} MiB")
    planted = json.loads(path.with_suffix(".planted.json").read_text())
    for column, count in planted.items():
        found = [pair["invalid"][column] for pair in pairs]
        print(f"invalid {column}  planted {count:,}, found {', '.join(f'{f:,}' for f in found)}")
    print(
        f"duckdb          read_csv + COPY TO parquet: {duck['seconds']:.2f} s "
        f"(CPU {duck['cpu_seconds']:.1f} s), {duck['rows'] / duck['seconds']:,.0f} rows/s, "
        f"peak {duck['peak_mib']:,.0f} MiB"
    )
    median = statistics.median
    warm, warm_cpu = figures["warm_seconds"], figures["warm_cpu_seconds"]
    if encoding == "utf-8":
        print(f"cpu ratio       {figures['cpu_ratio']:.1f}x DuckDB's CPU time")
        print(f"ratio           {figures['ratio']:.2f}x DuckDB (median of {len(pairs)} pairs)")
        print(
            f"warm process    {warm:.1f} s (CPU {warm_cpu:.1f} s), "
            f"{median(p['warm_ratio'] for p in pairs):.2f}x DuckDB (median): the same import "
            "again in the same process (a running worker)"
        )
    else:
        print(
            f"duckdb note     cannot read {encoding} offline (no encodings extension), so its "
            f"reference reads a UTF-8 copy that Python converted first in {convert_seconds:.2f} s "
            f"(CPU {figures['convert_cpu']:.2f} s); a GBK import has that conversion to do too, "
            "so the fair reference includes it"
        )
        print(f"cpu ratio       {figures['cpu_ratio']:.1f}x conversion + DuckDB's CPU time")
        print(
            f"ratio           {figures['ratio']:.2f}x conversion + DuckDB (median of "
            f"{len(pairs)} pairs), {seconds / duck['seconds']:.1f}x DuckDB on the UTF-8 copy"
        )
        print(
            f"warm process    {warm:.1f} s (CPU {warm_cpu:.1f} s), "
            f"{median(p['warm_ratio'] for p in pairs):.2f}x conversion + DuckDB (median): the "
            "same import again in the same process (a running worker)"
        )
    print(f"load average    {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gbk", "both"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat", type=int, default=3, help="pairs of runs (import, DuckDB); medians reported"
    )
    parser.add_argument(
        "--python-only", action="store_true", help="clean every value in Python (the reference)"
    )
    parser.add_argument("--child", nargs=2, metavar=("FILE", "HOME"), help=argparse.SUPPRESS)
    parser.add_argument("--duckdb-child", nargs=2, metavar=("FILE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.duckdb_child:
        duckdb_child(*args.duckdb_child)
        return
    for encoding in ("utf-8", "gbk") if args.encoding == "both" else (args.encoding,):
        bench(args, encoding)


if __name__ == "__main__":
    main()
