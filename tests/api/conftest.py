"""The ``client`` fixture: the real app over a seeded workspace (SQLite and PostgreSQL).

A test of this folder that asks for ``client`` gets as its ``workspace`` (and so its ``store``)
a copy of the county ``seed`` made once in this process (``tests.seeded``); a module with a
``client`` of its own names its own seed the same way (``workspace_seed = seeds_client(…)``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.store import Workspace
from tests.api.helpers import seed
from tests.conftest import seeds_client

workspace_seed = seeds_client(seed)


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(workspace)) as test_client:
        yield test_client
