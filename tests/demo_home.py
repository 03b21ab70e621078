"""One demo workspace per test session, shared by every xdist worker, copied for each user.

``jiancha demo --scale 1000 --no-serve --json`` (the smallest county in which every template
still finds leads) takes half a minute; seven places of the suite used to build one each. The
first worker to ask builds it, through the real command line, in the directory all workers of
the session share (a lock file makes the others wait); every user then gets a copy of its home
(``copy_demo``), so that what one test changes (a lead moved, a grant approved) never reaches
another. The generated source files stay in the shared directory, read only.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DEMO_SCALE = "1000"


@dataclass(frozen=True)
class BuiltDemo:
    home: Path
    summary: dict[str, Any]  # what ``jiancha demo --json`` printed when it was built


def _shared_root(factory: pytest.TempPathFactory) -> Path:
    """The session's base temporary directory common to all xdist workers."""
    base = factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def built_demo(factory: pytest.TempPathFactory) -> BuiltDemo:
    """The session's demo, built by whichever worker asks first."""
    from tests.test_cli import jiancha  # here: test_cli itself uses this module

    root = _shared_root(factory) / "shared-demo"
    root.mkdir(exist_ok=True)
    summary_file = root / "summary.json"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not summary_file.is_file():
                home = root / "home"
                shutil.rmtree(home, ignore_errors=True)  # a build that died half way
                done = jiancha(home, "demo", "--scale", DEMO_SCALE, "--no-serve", "--json")
                summary_file.write_text(done.stdout, encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return BuiltDemo(root / "home", json.loads(summary_file.read_text(encoding="utf-8")))


def copy_demo(factory: pytest.TempPathFactory, destination: Path) -> BuiltDemo:
    """A private copy of the session's demo workspace at ``destination`` (which must not
    exist yet), with the summary it was built with."""
    built = built_demo(factory)
    shutil.copytree(built.home, destination)
    return BuiltDemo(destination, built.summary)
