"""Write the console tests' copy of the role table (run from the repository root).

    .venv/bin/python scripts/write_role_fixture.py

writes ``web/src/testing/roles.json``: role -> its permissions (sorted), from
``jiancha.governance.roles.PERMISSIONS``. Only the console's unit tests (Vitest) read it, to
know what a role may see; the console itself takes a user's permissions from ``GET /api/me``.
``tests/web/test_role_fixture.py`` fails when the file no longer matches the table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jiancha.governance.roles import PERMISSIONS

FIXTURE = Path(__file__).resolve().parents[1] / "web" / "src" / "testing" / "roles.json"


def render() -> str:
    """The fixture's text: each role's permissions sorted, roles in the table's order."""
    table = {role: sorted(granted) for role, granted in PERMISSIONS.items()}
    return json.dumps(table, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else FIXTURE
    out.write_text(render(), encoding="utf-8")
    print(f"已写入 {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
