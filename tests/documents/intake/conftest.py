"""The API's ``client`` fixture (the real app over the seeded workspace), for the intake tests."""

from tests.api.conftest import client, workspace_seed

__all__ = ["client", "workspace_seed"]
