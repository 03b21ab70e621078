"""The statistics scenario (``scenario.py``): built once per process and backend, and a copy of
it is the workspace of each test that asks for ``scenario`` (``tests.seeded``)."""

from __future__ import annotations

from typing import Any

import pytest

from jiancha.store import Workspace
from tests.conftest import seeds_client
from tests.seeded import SeededCopies
from tests.stats.scenario import Scenario, build


def scenario_fixtures() -> tuple[Any, Any]:
    """``workspace_seed`` and ``scenario`` for a module or folder of scenario tests."""

    @pytest.fixture
    def scenario(workspace: Workspace, seeded_copies: SeededCopies, backend: str) -> Scenario:
        """The ids of the scenario's leads and actions in the test's copy (``workspace``)."""
        value: Scenario = seeded_copies.value(build, backend)
        return value

    return seeds_client(build, asked_by="scenario"), scenario


workspace_seed, scenario = scenario_fixtures()
