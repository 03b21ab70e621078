"""Where an import works before its version is recorded, and what a killed import leaves.

Each import works in a folder of its own, ``staging/import-<uuid>/`` (the Parquet file being
written, DuckDB's spill files), holding an exclusive ``flock`` on the folder's ``.lock`` for as
long as it lives; the folder is removed before the lock is released. A process that is killed
(``kill -9``, a power cut) loses its lock with it, so a folder whose lock can be taken belongs
to an import that is gone.

:func:`clean` (run whenever the store is opened) removes those folders, anything else in
``staging/`` untouched for :data:`STALE_SECONDS` (an upload or a file of an older version left
by a killed process), and any version file in ``data/`` that no recorded version refers to and
no live import is about to record: an import moves its file into ``data/`` inside the
transaction that records it, so a process killed between the two leaves such a file.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from jiancha.store import DatasetVersion, Store, Workspace

IMPORT_PREFIX = "import-"
LOCK = ".lock"
STALE_SECONDS = 3600
"""Age after which a file in ``staging/`` that belongs to no live import is removed."""
TAG_LENGTH = 8
"""Characters of an import's id that name its version file (``v3-<tag>.parquet``)."""
log = logging.getLogger("jiancha.catalogue")


@contextmanager
def import_area(workspace: Workspace) -> Iterator[Path]:
    """A locked folder of its own for one import, removed (with all in it) when it ends."""
    folder = workspace.staging_dir / f"{IMPORT_PREFIX}{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)  # releases the lock, once the folder is gone


def tag_of(folder: Path) -> str:
    """The short id an import's version file carries."""
    return folder.name.removeprefix(IMPORT_PREFIX)[:TAG_LENGTH]


def _held(folder: Path) -> bool:
    """Whether a live process holds the import folder's lock (a folder without one counts as
    held for a minute: it may have been made an instant ago)."""
    try:
        fd = os.open(folder / LOCK, os.O_RDWR)
    except FileNotFoundError:
        return _age(folder) < 60
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing also releases a lock just taken
    return False


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _live_tags(workspace: Workspace) -> set[str]:
    staging = workspace.staging_dir
    if not staging.is_dir():
        return set()
    return {
        tag_of(entry)
        for entry in staging.iterdir()
        if entry.name.startswith(IMPORT_PREFIX) and _held(entry)
    }


def clean_staging(workspace: Workspace) -> list[str]:
    """Remove what dead imports (and stale uploads) left in ``staging/``; the names removed."""
    staging = workspace.staging_dir
    if not staging.is_dir():
        return []
    removed = []
    for entry in sorted(staging.iterdir()):
        if entry.name.startswith(IMPORT_PREFIX) and entry.is_dir():
            gone = not _held(entry)
        else:
            gone = _age(entry) > STALE_SECONDS
        if gone:
            _remove(entry)
            removed.append(entry.name)
    return removed


def clean_orphans(store: Store) -> list[str]:
    """Remove version files in ``data/`` that no version records and no live import will."""
    data = store.workspace.data_dir
    if not data.is_dir():
        return []
    files = sorted(data.glob("*/v*-*.parquet"))
    if not files:
        return []
    live = _live_tags(store.workspace)  # checked after listing: see the module's docstring
    with store.session() as session:
        recorded = set(session.scalars(select(DatasetVersion.storage_path)))
    removed = []
    for path in files:
        relative = path.relative_to(store.workspace.home).as_posix()
        tag = path.stem.rpartition("-")[2]
        if relative in recorded or tag in live:
            continue
        path.unlink(missing_ok=True)
        removed.append(relative)
    return removed


def clean(store: Store) -> list[str]:
    """Everything a killed import left behind, removed; what was removed (logged too)."""
    removed = [f"staging/{name}" for name in clean_staging(store.workspace)]
    removed += clean_orphans(store)
    if removed:
        log.warning("removed what interrupted imports left: %s", ", ".join(removed))
    return removed
