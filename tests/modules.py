"""Loading a Python file that is not part of a package (a benchmark, a script, a migration) as a
module, for the tests that call its functions."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def from_file(path: Path, name: str) -> ModuleType:
    """The module in ``path``, executed afresh under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
