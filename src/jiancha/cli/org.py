"""``jiancha org add | alias | list``: the office tree and the aliases that route leads."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.output import console, run, with_store
from jiancha.governance.orgs import LEVELS, add_aliases, add_org, list_orgs

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
AliasOption = Annotated[
    list[str] | None,
    typer.Option("--alias", help="别名：辖区法院、公安、区县名称或代码（可多次给出）"),
]


@app.command("add", help="新增检察院（省院 → 市院/分院 → 基层院）")
def add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="单位代码，如行政区划代码 330106")],
    name: Annotated[str, typer.Argument(help="名称，如 杭州市西湖区人民检察院")],
    level: Annotated[str, typer.Option("--level", help="级别：" + "、".join(LEVELS))],
    parent: Annotated[str | None, typer.Option("--parent", help="上级院（代码或名称）")] = None,
    alias: AliasOption = None,
    as_json: JsonOption = False,
) -> None:
    def show(org: dict[str, Any]) -> None:
        under = f"，上级 {org['parent']}" if org["parent"] else ""
        console.print(f"已新增{org['level_label']} {org['name']}（{org['code']}{under}）")

    run(
        as_json,
        with_store(ctx, lambda store: add_org(store, code, name, level, parent, alias or [])),
        show,
    )


@app.command("alias", help="给检察院添加别名，线索按“管辖”字段匹配别名分流")
def alias_(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="检察院（代码或名称）")],
    aliases: Annotated[list[str], typer.Argument(help="别名")],
    as_json: JsonOption = False,
) -> None:
    run(
        as_json,
        with_store(ctx, lambda store: add_aliases(store, org, aliases)),
        lambda added: console.print(f"已添加别名：{'、'.join(added)}"),
    )


@app.command("list", help="列出检察院（树形）及别名")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    def show(orgs: list[dict[str, Any]]) -> None:
        if not orgs:
            console.print("尚未设置检察院。用 jiancha org add 新增。")
            return
        table = Table("代码", "名称", "级别", "别名")
        for org in orgs:
            indent = "  " * org["depth"]
            extra = [a for a in org["aliases"] if a not in (org["code"], org["name"])]
            table.add_row(org["code"], indent + org["name"], org["level_label"], "、".join(extra))
        console.print(table)

    run(as_json, with_store(ctx, list_orgs), show)
