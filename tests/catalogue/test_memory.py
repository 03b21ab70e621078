"""The importing process opts out of transparent huge pages (``catalogue.memory``).

In a child process: the policy is the process's own (and inherited: a test worker that imported
before passes it on, so the child first allows huge pages again), so the test must see one
process change.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import ctypes, json, sys
    from pathlib import Path

    from jiancha.catalogue.memory import PR_SET_THP_DISABLE

    ctypes.CDLL(None).prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0)  # allowed, whatever the parent chose
    from jiancha import catalogue
    from jiancha.store import init_workspace, open_store

    def thp():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("THP_enabled:"):
                return int(line.split()[1])
        return None

    before = thp()
    workspace, _ = init_workspace(sys.argv[1])
    store = open_store(workspace)
    result = catalogue.import_source(store, catalogue.open_file(Path(sys.argv[2])), "人员")
    print(json.dumps({"before": before, "after": thp(), "rows": result.rows}))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_an_import_turns_huge_pages_off_for_its_process(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("姓名,手机号码\n张三,13812345678\n李四,13912345678\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "ws"), str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    assert figures == {"before": 1, "after": 0, "rows": 2}
