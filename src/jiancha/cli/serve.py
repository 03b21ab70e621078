"""``jiancha serve`` (API and, once built, the console) and ``jiancha user add``."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from jiancha.cli.output import console, handled, run, with_store
from jiancha.governance import create_user
from jiancha.store import Store, Workspace, open_workspace

users = typer.Typer(no_args_is_help=True)
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


def new_password() -> str:
    return secrets.token_urlsafe(12)


@users.command("add", help="新增用户（不给 --password 时生成随机密码并显示一次）")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    password: Annotated[str | None, typer.Option("--password", help="密码（至少 10 位）")] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="姓名")] = "",
    org: Annotated[str | None, typer.Option("--org", help="所属检察院（代码或名称）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    chosen = password or new_password()

    def work(store: Store) -> dict[str, str]:
        user = create_user(store, username, chosen, display_name, org)
        shown = {"username": user.username, "display_name": user.display_name}
        return shown if password else {**shown, "password": chosen}

    def show(result: dict[str, str]) -> None:
        console.print(f"已创建用户 {result['username']}")
        if "password" in result:
            console.print(f"初始密码（只显示这一次）：{result['password']}")

    run(as_json, with_store(ctx, work), show)
