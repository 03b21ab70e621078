"""What the job tests share: grants for ``demo`` to run the seeded model, GBK files, polling."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from jiancha import clock
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.governance.orgs import add_org
from jiancha.store import Store, open_store
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
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end: {job}")


def race(store: Store, act: Callable[[Store], list[int]]) -> list[list[int]]:
    """Two threads, each with a store of its own on the same database, start ``act`` at the
    same instant; the ids each one got."""
    stores = [open_store(store.workspace) for _ in range(2)]
    got: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def go(index: int) -> None:
        start.wait()
        got[index] += act(stores[index])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    finally:
        for opened in stores:
            opened.close()
    return got


def zhejiang(store: Store) -> None:
    """A province, a city and a district office (330000 > 330100 > 330106)."""
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, "330100", "杭州市人民检察院", "city", "330000")
    add_org(store, "330106", "杭州市西湖区人民检察院", "district", "330100")
