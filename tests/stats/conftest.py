"""The statistics scenario (``scenario.py``) built in a fresh store for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.stats.scenario import Scenario, build


@pytest.fixture
def scenario(store: Store, tmp_path: Path) -> Scenario:
    return build(store, tmp_path)
