"""The ``client`` fixture: the real app over a seeded workspace (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.store import Store, Workspace
from tests.api.helpers import seed


@pytest.fixture
def client(store: Store, workspace: Workspace, tmp_path: Path) -> Iterator[TestClient]:
    seed(store, tmp_path)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client
