"""``benchmarks/leads_bench.py`` runs end to end on PostgreSQL, in miniature: its user signs in
without a forced password change and its timed reads do not trip the circuit breaker, which
stays on."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.modules import from_file

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "leads_bench.py"


def _bench() -> ModuleType:
    return from_file(BENCH, "leads_bench")


@pytest.mark.postgres
@pytest.mark.slow
def test_leads_bench_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    monkeypatch.setenv("JIANCHA_DATABASE_URL", "")  # the bench sets its own; restored after
    # 50 leads per page x 9 calls x 6 repeats: 2,700 evidence reads, over the default limit.
    bench.main(["--leads", "1000", "--repeats", "6", "--scale", "1000"])
    out = capsys.readouterr().out
    assert re.search(r"leads in the store +1,000\n", out), out
    timed = [line for line in out.splitlines() if re.search(r"p50 +[\d.]+ ms +p95", line)]
    assert len(timed) == len(bench.CALLS)
    searches = [line for line in timed if "q=" in line]
    assert searches and all(re.search(r"total [\d,]+\+?$", line) for line in searches), out
