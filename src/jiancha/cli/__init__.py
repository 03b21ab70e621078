"""The ``jiancha`` command (Typer). Thin: parses arguments, calls a capability, prints.

Every command takes ``--json`` for machine output (DESIGN's command-line contract). A
:class:`~jiancha.errors.JianchaError` is printed as a Chinese message without a traceback and
the command exits with status 2 (``--json``: ``{"error": …}`` on standard output).
"""

from __future__ import annotations

import sys

from jiancha.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="jiancha")
    sys.exit(0)
