"""``jiancha serve`` (API and, once built, the console); user accounts are in ``users``."""

from __future__ import annotations

from typing import Annotated

import typer

from jiancha.cli.output import console, handled
from jiancha.cli.users import new_password
from jiancha.store import Workspace, open_workspace

__all__ = ["new_password", "serve", "serve_workspace"]
HostOption = Annotated[str, typer.Option("--host", help="监听地址（默认只在本机）")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")]


def serve_workspace(workspace: Workspace, host: str, port: int) -> None:
    """Serve the API of ``workspace`` until interrupted (imports uvicorn only when serving)."""
    import uvicorn

    from jiancha.api import create_app

    console.print(f"[bold]Jiancha 已启动[/]：http://{host}:{port}/  （按 Ctrl+C 停止）")
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")


def serve(ctx: typer.Context, host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    with handled(False):
        workspace = open_workspace(ctx.obj["home"])
    serve_workspace(workspace, host, port)
