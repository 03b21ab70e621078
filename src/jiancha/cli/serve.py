"""``jiancha serve`` (API and, once built, the console); user accounts are in ``users``."""

from __future__ import annotations

from typing import Annotated

import typer

from jiancha.cli.output import console, handled
from jiancha.governance.user_admin import strong_password as new_password
from jiancha.store import Workspace, open_workspace

__all__ = ["new_password", "serve", "serve_workspace"]
HostOption = Annotated[str, typer.Option("--host", help="监听地址（默认只在本机）")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")]
PublicDocsOption = Annotated[
    bool,
    typer.Option(
        "--public-docs", help="接口说明（/openapi.json 和 /api/reference）无需登录即可查看"
    ),
]

NoWorkerOption = Annotated[
    bool,
    typer.Option(
        "--no-worker",
        help="不在本进程执行后台任务（导入、运行等由另行启动的 jiancha worker 执行）",
    ),
]


def serve_workspace(
    workspace: Workspace,
    host: str,
    port: int,
    *,
    public_docs: bool = False,
    worker: bool = True,
) -> None:
    """Serve the API of ``workspace`` until interrupted (imports uvicorn only when serving),
    with a worker thread running background jobs (stopped when the server stops) unless
    ``worker`` is false (jobs then wait for a ``jiancha worker``); ``public_docs``: the API's
    description needs no sign-in."""
    import uvicorn

    from jiancha.api import create_app
    from jiancha.jobs import start_worker

    # the worker opens (migrates, recovers) the store before the server; without one, the
    # server's own start does
    running = start_worker(workspace) if worker else None
    try:
        console.print(f"[bold]Jiancha 已启动[/]：http://{host}:{port}/  （按 Ctrl+C 停止）")
        if running is None:
            console.print("后台任务不在本进程执行：请另行运行 jiancha worker")
        app = create_app(workspace, public_docs=public_docs)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        if running is not None:
            running.stop()


def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    public_docs: PublicDocsOption = False,
    no_worker: NoWorkerOption = False,
) -> None:
    with handled(False):
        workspace = open_workspace(ctx.obj["home"])
    serve_workspace(workspace, host, port, public_docs=public_docs, worker=not no_worker)
