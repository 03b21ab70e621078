"""What the job tests share: grants for ``demo`` to run the seeded model, GBK files, polling."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from fastapi.testclient import TestClient

from jiancha import clock
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.store import Store
from tests.api.helpers import PASSWORD

HEADER = "姓名,公民身份号码,罚金"


def grant_demo(store: Store) -> None:
    """Approved requests of ``demo`` for both datasets the seeded model reads."""
    create_user(store, "chief", PASSWORD, role="admin", must_change=False)
    today = clock.china_today()
    for dataset in ("判决", "收押"):
        asked = request_access(
            store,
            "demo",
            dataset,
            purpose="办理刑罚执行监督案件",
            starts_on=today,
            ends_on=today + dt.timedelta(days=30),
        )
        decide(store, "chief", asked["id"], approve=True)


def gbk_rows(count: int) -> str:
    return "".join(f"张{i},11010519491231002X,{i}元\n" for i in range(count))


def wait_for(client: TestClient, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    """The job once it has ended (a worker runs it meanwhile), or a failure after 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end: {job}")
