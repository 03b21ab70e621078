"""Workspaces for the incremental-run tests: two versions of a driving dataset, and the leads.

A *scenario* imports version 1 of every dataset into one workspace, installs and runs a model in
full, imports version 2 of the driving dataset and runs again (incrementally, or as told); a
*fresh* workspace imports version 2 directly and runs in full. Leads are compared by what a
person sees (subject, title, evidence), since fingerprints are keyed per workspace.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from jiancha.leads import list_leads
from jiancha.modelling import install
from jiancha.modelling.spec import Spec
from jiancha.runs import run_model
from jiancha.store import Store, init_workspace, open_store
from tests.templates.harness import load

Rows = Sequence[Mapping[str, Any]]
Tables = Mapping[str, Rows]
MakeStore = Callable[[str], Store]


@pytest.fixture(name="homes")
def homes_fixture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_sqlite: Path
) -> Iterator[MakeStore]:
    """Opens a new SQLite workspace under ``tmp_path`` by name."""
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    opened: list[Store] = []

    def make(name: str) -> Store:
        ws, _ = init_workspace(tmp_path / name)
        shutil.copyfile(migrated_sqlite, ws.home / "metadata.db")
        opened.append(open_store(ws))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


def current_leads(store: Store, slug: str) -> set[tuple[Any, ...]]:
    """The leads still hit, as (subject, title, evidence) — what a full run must also give."""
    with store.session() as session:
        leads = list_leads(session, model=slug)
    return {
        (lead["subject_key"], lead["title"], tuple(sorted(lead["evidence"].items())))
        for lead in leads
        if lead["hit"]
    }


def load_into(store: Store, folder: Path, tables: Tables) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    load(store, folder, tables)


def scenario(
    make: MakeStore,
    tmp: Path,
    spec: Spec,
    binds: list[str],
    v1: Tables,
    v2: Tables,
    **run: Any,
) -> tuple[Store, dict[str, Any], Store]:
    """Workspace A: v1 of ``v1``'s datasets, a full run, ``v2``'s datasets, an incremental run
    (its result returned); workspace B: ``v1`` overlaid by ``v2``, one full run."""
    a = make("a")
    load_into(a, tmp / "a1", v1)
    install(a, spec, binds)
    run_model(a, spec.id, **run)
    load_into(a, tmp / "a2", v2)
    result = run_model(a, spec.id, incremental=True, **run)
    b = make("b")
    load_into(b, tmp / "b", {**v1, **v2})
    install(b, spec, binds)
    run_model(b, spec.id, **run)
    return a, result, b
