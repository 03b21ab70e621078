"""The API's ``client`` fixture (the real app over the seeded workspace), for the intake tests."""

from tests.api.conftest import client

__all__ = ["client"]
