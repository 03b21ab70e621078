"""``jiancha audit …``: check the audit trail, list its entries, anchor its head."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, emit_json, err_console, handled, run, with_store
from jiancha.governance.audit_check import ANCHOR_FILE, anchor
from jiancha.governance.audit_views import check, list_entries, scope_of
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
RESULT_LABELS = {"ok": "成功", "refused": "被拒绝", "failed": "失败", "killed": "被中止"}

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", help=f"锚点文件（默认 工作区/{ANCHOR_FILE}；请另行复制保存）"),
]


def _anchor_file(store: Store, chosen: Path | None) -> Path:
    return chosen or store.workspace.home / ANCHOR_FILE


@app.command("verify", help="校验留痕哈希链与锚点：完好时退出码为 0，否则列出问题")
def verify_command(
    ctx: typer.Context, file: FileOption = None, as_json: JsonOption = False
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return check(store, _anchor_file(store, file))

    with handled(as_json):
        result = with_store(ctx, work)()
    if as_json:
        emit_json(result)
    elif result["intact"]:
        console.print(f"留痕完好：共 {result['entries']:,} 条，哈希链与锚点一致")
    else:
        err_console.print(f"[bold red]留痕发现 {len(result['problems'])} 处问题：[/]")
        for problem in result["problems"]:
            err_console.print(f"  {problem['message']}")
    if not result["intact"]:
        raise typer.Exit(1)


@app.command("list", help="列出留痕记录（最新在前）")
def list_command(
    ctx: typer.Context,
    action: Annotated[str | None, typer.Option("--action", help="只看某种操作")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="只看某人")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多条数")] = 50,
    user: Annotated[
        str | None,
        typer.Option("--user", help="以该审计员的范围列出（有所属检察院时只含本院及下级院）"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> list[dict[str, Any]]:
        within = None if user is None else scope_of(store, user)
        return list_entries(store, action, actor, limit, within=within)

    def show(entries: list[dict[str, Any]]) -> None:
        table = Table("序号", "时间", "操作人", "来源", "操作", "对象", "行数", "结果")
        for e in entries:
            target = e["object_type"] + (f" {e['object_id']}" if e["object_id"] else "")
            rows = "" if e["rows"] is None else f"{e['rows']:,}"
            result = RESULT_LABELS.get(e["result"] or "", e["result"] or "")
            if e["detail"].get("refusal"):
                result += f"：{e['detail']['refusal']}"
            shown = (e["seq"], e["at"], e["actor"], e["client"] or "", e["action_label"])
            table.add_row(*(str(x) for x in shown), target, rows, result)
        console.print(table if entries else "没有留痕记录")

    run(as_json, with_store(ctx, work), show)


@app.command("anchor", help="把当前链头写入锚点表和锚点文件（供审计人员另行保存）")
def anchor_command(
    ctx: typer.Context, file: FileOption = None, as_json: JsonOption = False
) -> None:
    def work(store: Store) -> dict[str, Any]:
        path = _anchor_file(store, file)
        with store.session() as session:
            row = anchor(session, current_user(), path)
        return {"seq": row.seq, "hash": row.hash, "at": row.at.isoformat(), "file": str(path)}

    def show(r: dict[str, Any]) -> None:
        console.print(f"已锚定第 {r['seq']} 条（{r['hash']}），写入 {r['file']}")
        console.print("请把锚点文件另行复制到数据库之外的地方保存")

    run(as_json, with_store(ctx, work), show)
