"""The console tests' copy of the role table (``web/src/testing/roles.json``, read by Vitest
specs such as ``web/src/layout/menu.spec.ts``) says exactly what ``jiancha.governance.roles``
grants, so that those specs test the menu against the real roles and not a stale copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jiancha.governance.roles import PERMISSIONS, ROLES

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "web" / "src" / "testing" / "roles.json"
SCRIPT = REPO / "scripts" / "write_role_fixture.py"
REGENERATE = f"stale {FIXTURE.relative_to(REPO)}: run `.venv/bin/python {SCRIPT.relative_to(REPO)}`"


def test_fixture_grants_what_the_role_table_grants() -> None:
    table = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert set(table) == set(ROLES), REGENERATE
    for role, granted in PERMISSIONS.items():
        assert set(table[role]) == set(granted), f"{role}: {REGENERATE}"
        assert len(table[role]) == len(granted), f"{role} lists a permission twice: {REGENERATE}"


def test_script_writes_the_committed_fixture(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == FIXTURE.read_text(encoding="utf-8"), REGENERATE
