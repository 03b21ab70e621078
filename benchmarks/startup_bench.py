"""Start-up benchmark of the command line: how long ``jiancha --version``, ``jiancha --help``,
``jiancha leads --help`` and ``jiancha dataset list --help`` take, each ``--runs`` times in a
fresh process (the venv's installed ``jiancha`` script), median and p95 in seconds, beside the
target (``--version`` and ``--help`` under 0.3 s; the sub-commands' help as fast as may be).

``--compare SRC`` runs the same commands, interleaved with the current ones (a shared machine's
load slows both alike), with ``PYTHONPATH=SRC`` — a copy of ``src/`` at another revision, e.g.

    mkdir -p /tmp/before && git archive HEAD src | tar -x -C /tmp/before
    python benchmarks/startup_bench.py --compare /tmp/before/src

— and prints the ratio other / current. Figures, not pass/fail.

    python benchmarks/startup_bench.py [--runs 10] [--compare SRC]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS: list[tuple[list[str], float | None]] = [
    (["--version"], 0.3),
    (["--help"], 0.3),
    (["leads", "--help"], None),
    (["dataset", "list", "--help"], None),
]


def once(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} 失败（{done.returncode}）：{done.stderr.decode()}")
    return took


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--compare", type=Path, help="another src/ directory to time alongside")
    args = parser.parse_args()
    script = Path(sys.executable).parent / "jiancha"
    current = {**os.environ, "COLUMNS": "100"}
    current.pop("PYTHONPATH", None)
    other = {**current, "PYTHONPATH": str(args.compare)} if args.compare else None
    header = f"{'command':<28}{'median':>8}{'p95':>8}{'target':>8}"
    print(header + (f"{'other':>8}{'ratio':>8}" if other else ""))
    for command, target in COMMANDS:
        argv = [str(script), *command]
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            mine.append(once(argv, current))
            if other is not None:
                theirs.append(once(argv, other))
        median = statistics.median(mine)
        line = f"{' '.join(command):<28}{median:>8.3f}{p95(mine):>8.3f}"
        line += f"{target:>8.2f}" if target else f"{'—':>8}"
        if theirs:
            line += f"{statistics.median(theirs):>8.3f}{statistics.median(theirs) / median:>7.1f}×"
        print(line)
    print(f"({args.runs} runs each, fresh processes; seconds)")


if __name__ == "__main__":
    main()
