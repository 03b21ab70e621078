"""Reading one dataset's quality report on someone's behalf: refused, counted and audited.

A quality report carries examples of invalid values — personal data, even masked — so reading
it is treated like reading a lead's evidence:

- a user whose data access the circuit breaker suspended is refused (403 "数据访问已熔断");
- the read counts toward the user's ``evidence_reads``: one per invalid example the report
  shows, and at least one (the report also shows counts of a personal dataset);
- it is audited as ``dataset_read`` (who, which dataset and version, how many examples).

Over the API (``account`` given) nothing of the server's file system is shown. From the
workspace's own command line (no ``account``) the local operator, who holds the files anyway,
is not counted by the breaker, sees where the version's file lies, and is audited as such.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from jiancha.catalogue.importer import current_user
from jiancha.catalogue.views import show_dataset
from jiancha.store import Store


def examples_shown(report: dict[str, Any]) -> int:
    """How many invalid examples a report shows, over all its fields."""
    return sum(len(q["examples"]) for q in report["quality"].values())


def read_dataset(
    store: Store,
    name: str,
    version: int | None = None,
    *,
    account: str | None = None,
    visible: Collection[int] | None = None,
) -> dict[str, Any]:
    """The report of ``show_dataset``, read by ``account`` (None: the local operator)."""
    from jiancha.governance import audit, breaker
    from jiancha.governance.accounts import find_user

    if account is not None:
        with store.session() as session:
            breaker.refuse_if_suspended(find_user(session, account))
    report = show_dataset(store, name, version, visible, local=account is None)
    shown = examples_shown(report)
    if account is not None:
        breaker.consume(store, account, "evidence_reads", max(shown, 1))
    detail: dict[str, Any] = {"version": report["version"], "examples": shown}
    detail["via"] = "api" if account is not None else "cli"
    audit.record_now(
        store,
        actor=account or current_user(),
        action="dataset_read",
        object_type="dataset",
        object_id=report["name"],
        rows=shown,
        detail=detail,
    )
    return report
