"""``jiancha user add | list | unlock | deactivate | activate | token | revoke-token``: accounts
and API tokens. Each change is audited as done by the operator (``JIANCHA_USER`` or the
operating-system user)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.governance import create_user, list_users, revoke_token, unlock_user
from jiancha.governance.accounts import issue_token, set_active
from jiancha.governance.roles import ROLES
from jiancha.governance.user_admin import strong_password as new_password
from jiancha.stats.labels import LINE_LABELS
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


@app.command("add", help="新增用户（不给 --password 时生成随机密码并显示一次；首次登录须改密码）")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[
        str,
        typer.Option("--role", help="角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items())),
    ] = "prosecutor",
    org: Annotated[str | None, typer.Option("--org", help="所属检察院（代码或名称）")] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", help="初始密码（至少 10 位，含大写、小写、数字、符号中的三类）"),
    ] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="姓名")] = "",
    line: Annotated[
        list[str] | None,
        typer.Option(
            "--line",
            help="业务条线（可重复；不给则不限条线）："
            + "、".join(f"{k}（{v}）" for k, v in LINE_LABELS.items()),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    chosen = password or new_password()

    def work(store: Store) -> dict[str, Any]:
        user = create_user(
            store,
            username,
            chosen,
            display_name,
            org,
            role=role,
            lines=tuple(line or ()),
            by=current_user(),
        )
        shown: dict[str, Any] = {
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "org": org,
            "lines": list(user.lines),
            "must_change_password": True,
        }
        return shown if password else {**shown, "password": chosen}

    def show(result: dict[str, Any]) -> None:
        where = f"，所属 {result['org']}" if result["org"] else ""
        lines = f"，业务条线 {_lines(result['lines'])}" if result["lines"] else ""
        console.print(f"已创建用户 {result['username']}（{ROLES[result['role']]}{where}{lines}）")
        if "password" in result:
            console.print(f"初始密码（只显示这一次）：{result['password']}")
        console.print("首次登录后须修改密码。")

    run(as_json, with_store(ctx, work), show)


def _lines(lines: list[str]) -> str:
    """Business lines as read: their Chinese names; none means every line."""
    return "、".join(LINE_LABELS.get(x, x) for x in lines) or "（不限）"


@app.command("list", help="列出用户：角色、所属检察院、业务条线、是否锁定、是否须修改密码")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    def show(users: list[dict[str, Any]]) -> None:
        if not users:
            console.print("尚无用户。用 jiancha user add 新增。")
            return
        table = Table("用户名", "姓名", "角色", "检察院", "业务条线", "状态")
        for u in users:
            state = [
                "已停用" if not u["active"] else "",
                "已锁定" if u["locked"] else "",
                "须修改密码" if u["must_change_password"] else "",
            ]
            table.add_row(
                u["username"],
                u["display_name"],
                u["role_label"],
                u["org"] or "（不限）",
                _lines(u["lines"]),
                "、".join(s for s in state if s) or "正常",
            )
        console.print(table)

    run(as_json, with_store(ctx, list_users), show)


@app.command("unlock", help="解除因多次密码错误造成的锁定")
def unlock(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        unlock_user(store, username, by=current_user())
        return {"username": username, "unlocked": True}

    run(as_json, with_store(ctx, work), lambda _r: console.print(f"已解除 {username} 的锁定"))


@app.command("deactivate", help="停用账号：不能再登录，其全部会话和 API 令牌立即失效")
def deactivate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    as_json: JsonOption = False,
) -> None:
    work = with_store(ctx, lambda store: set_active(store, username, False, by=current_user()))
    run(as_json, work, lambda _r: console.print(f"已停用 {username}，其会话和令牌均已失效"))


@app.command("activate", help="重新启用已停用的账号（原有会话和令牌不恢复）")
def activate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    as_json: JsonOption = False,
) -> None:
    work = with_store(ctx, lambda store: set_active(store, username, True, by=current_user()))
    run(as_json, work, lambda _r: console.print(f"已重新启用 {username}"))


@app.command("token", help="为系统对接签发 API 令牌（以该用户身份访问，只显示这一次）")
def token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="令牌代表的用户")],
    name: Annotated[str, typer.Option("--name", help="令牌名称，如对接系统的名字")],
    days: Annotated[
        int | None, typer.Option("--days", min=1, help="有效天数（不给则长期有效，直到吊销）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        token_id, secret = issue_token(store, username, name, days, by=current_user())
        return {"id": token_id, "username": username, "name": name, "days": days, "token": secret}

    def show(result: dict[str, Any]) -> None:
        console.print(f"已签发令牌 {result['id']}（{result['name']}，用户 {result['username']}）")
        console.print(f"令牌（只显示这一次）：{result['token']}")
        console.print("请求时带 Authorization: Bearer 令牌；吊销：jiancha user revoke-token 编号")

    run(as_json, with_store(ctx, work), show)


@app.command("revoke-token", help="吊销 API 令牌")
def revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="令牌编号（签发时显示）")],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        revoke_token(store, token_id, by=current_user())
        return {"id": token_id, "revoked": True}

    run(as_json, with_store(ctx, work), lambda _r: console.print(f"已吊销令牌 {token_id}"))
