"""Version numbers of models saved from the builder (``marketplace.revisions``)."""

from __future__ import annotations

import pytest

from jiancha.marketplace.revisions import raised, revise, version_key
from jiancha.store import ModelVersion


@pytest.mark.parametrize(
    ("given", "expected"),
    [("1.0.0", "1.0.1"), ("1.0.9", "1.0.10"), ("2", "3"), ("v3", "v4"), ("2.0-beta", "2.1-beta")],
)
def test_raised(given: str, expected: str) -> None:
    assert raised(given) == expected
    assert version_key(raised(given)) > version_key(given)


def test_raised_without_a_number() -> None:
    assert raised("初版") == "初版.1"


def test_version_key_orders_numerically() -> None:
    assert version_key("1.10.0") > version_key("1.9.3")
    assert version_key("1.0") < version_key("1.0.1")


def _current(version: str) -> ModelVersion:
    return ModelVersion(version=version, spec_text="", spec_sha256="0" * 64, created_by="t")


def test_revise() -> None:
    document = {"id": "m", "version": "1.0.0", "parameters": {"d": {"default": "2024-01-01"}}}
    assert revise(document, None).version == "1.0.0"
    current = _current("1.0.0")
    same = revise(document, current, {**document})
    assert same.unchanged and same.version == "1.0.0"
    changed = {**document, "name": "新名"}
    bumped = revise(changed, current, document)
    assert (bumped.unchanged, bumped.version, bumped.bumped_from) == (False, "1.0.1", "1.0.0")
    higher = revise({**changed, "version": "2.0.0"}, current, document)
    assert (higher.version, higher.bumped_from) == ("2.0.0", None)
