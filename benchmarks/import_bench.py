"""Import benchmark: a CSV of N rows with identifiers, names, dates and money in mixed forms.

Generates the file once (cached under benchmarks/out/), imports it in a child process into a
fresh workspace, and prints rows/s, seconds, peak memory (the child's maximum resident set) and
the share of time spent standardising. Figures, not pass/fail.

    python benchmarks/import_bench.py --rows 10000000 [--encoding gbk]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def child(path: str, home: str) -> None:
    from jiancha import catalogue
    from jiancha.store import init_workspace, open_store

    workspace, _ = init_workspace(home)
    store = open_store(workspace)
    result = catalogue.import_source(store, catalogue.open_file(Path(path)), "bench")
    report = catalogue.show_dataset(store, "bench")
    print(
        json.dumps(
            {
                "rows": result.rows,
                "seconds": result.seconds,
                "standardise_seconds": result.standardise_seconds,
                "encoding": result.encoding,
                "invalid": {k: v["invalid"] for k, v in report["quality"].items()},
                "parquet_bytes": workspace.resolve(report["path"]).stat().st_size,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gbk"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("FILE", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    path, gen_seconds = generate(args.rows, args.encoding, args.seed)
    home = Path(tempfile.mkdtemp(prefix="jiancha-bench-"))
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(home / "ws")],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    figures = json.loads(done.stdout)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size_mib = path.stat().st_size / 2**20
    print(
        f"file            {path.name}  {size_mib:,.0f} MiB, {args.encoding}"
        + (f", generated in {gen_seconds:.0f} s" if gen_seconds else " (cached)")
    )
    print(f"rows            {figures['rows']:,}")
    print(f"seconds         {figures['seconds']:.1f}")
    print(f"rows/s          {figures['rows'] / figures['seconds']:,.0f}")
    print(f"MiB/s           {size_mib / figures['seconds']:,.1f}")
    print(f"peak memory     {peak_mib:,.0f} MiB  ({peak_mib / size_mib:.2f}x the file)")
    share = figures["standardise_seconds"] / figures["seconds"]
    print(f"standardising   {figures['standardise_seconds']:.1f} s  ({share:.0%} of the import)")
    print(f"parquet         {figures['parquet_bytes'] / 2**20:,.0f} MiB")
    planted = json.loads(path.with_suffix(".planted.json").read_text())
    for column, count in planted.items():
        print(f"invalid {column}  planted {count:,}, found {figures['invalid'][column]:,}")


if __name__ == "__main__":
    main()
