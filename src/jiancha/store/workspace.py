"""The workspace folder: where metadata (by default) and dataset files live.

Layout::

    HOME/workspace.json      marker and settings (format version, creation time)
    HOME/secret.key          the workspace secret (32 random bytes, hex; mode 0600) that keys
                             lead fingerprints: never in the metadata store, an export or the
                             audit trail; keep it with the workspace's backups
    HOME/metadata.db         SQLite metadata store, unless JIANCHA_DATABASE_URL names another
    HOME/data/<dataset id>/  Parquet files, one per dataset version
    HOME/staging/            imports in progress; nothing here is ever referenced by the catalogue
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jiancha.errors import JianchaError

MARKER = "workspace.json"
FORMAT_VERSION = 1
SECRET = "secret.key"
PENDING_SECRET = "secret.key.new"
"""A secret being adopted: written before the leads are re-keyed with it, renamed to
``secret.key`` once they are (``jiancha.leads.rekey``)."""


def resolve_home(home: str | Path | None = None) -> Path:
    """``home`` if given, else ``$JIANCHA_HOME``, else ``./jiancha-home``."""
    chosen = home or os.environ.get("JIANCHA_HOME") or "jiancha-home"
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class Workspace:
    """A workspace on disk."""

    home: Path

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def staging_dir(self) -> Path:
        return self.home / "staging"

    @property
    def database_url(self) -> str:
        """``JIANCHA_DATABASE_URL`` if set, else the workspace's own SQLite file."""
        return os.environ.get("JIANCHA_DATABASE_URL") or f"sqlite:///{self.home / 'metadata.db'}"

    def resolve(self, relative: str) -> Path:
        """Absolute path of a file the catalogue stored relative to the workspace."""
        return self.home / relative

    @property
    def secret_path(self) -> Path:
        return self.home / SECRET

    @property
    def secret(self) -> bytes:
        """The workspace secret that keys lead fingerprints (HMAC-SHA256)."""
        try:
            return read_secret(self.secret_path)
        except FileNotFoundError:
            raise JianchaError(
                f"工作区密钥不存在：{self.secret_path}",
                hint="请用新版本的 jiancha 打开工作区（会自动生成密钥），或从备份恢复该文件",
            ) from None


def read_secret(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise JianchaError(f"工作区密钥文件已损坏：{path}", hint="请从备份恢复该文件")
    return key


def write_secret(path: Path) -> bytes:
    """A new random secret in a new file readable by its owner only (refused if it exists)."""
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def init_workspace(home: str | Path | None = None) -> tuple[Workspace, bool]:
    """Create the workspace (idempotent); returns it and whether it was new."""
    path = resolve_home(home)
    if path.exists() and not path.is_dir():
        raise JianchaError(f"无法创建工作区：{path} 已存在且不是目录")
    marker = path / MARKER
    created = not marker.exists()
    if created:
        if path.exists() and any(path.iterdir()):
            raise JianchaError(
                f"无法创建工作区：目录 {path} 非空且不是 Jiancha 工作区",
                hint="请指定一个空目录或新目录",
            )
        path.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            json.dumps(
                {"format": FORMAT_VERSION, "created_at": datetime.now(UTC).isoformat()},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        write_secret(path / SECRET)  # after the marker: a crash in between is an old workspace
    ws = Workspace(path)
    ws.data_dir.mkdir(exist_ok=True)
    ws.staging_dir.mkdir(exist_ok=True)
    return ws, created


def open_workspace(home: str | Path | None = None) -> Workspace:
    """Open an existing workspace, or explain how to create one."""
    path = resolve_home(home)
    if not (path / MARKER).is_file():
        raise JianchaError(
            f"工作区不存在：{path}", hint="请先运行 jiancha init，或用 --home 指定工作区"
        )
    return Workspace(path)
