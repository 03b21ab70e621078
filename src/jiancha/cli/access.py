"""``jiancha access …`` (数据申请与审批) and ``jiancha breaker …`` (熔断).

The command line names the account that acts (``--user`` / ``--by``): a request is filed for
that account and decided by that leader, with the same rules as over the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha import clock
from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.errors import JianchaError
from jiancha.governance import access, breaker
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
breaker_app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ById = Annotated[str, typer.Option("--by", help="审批人（院领导/部门负责人）的用户名")]


def _day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise JianchaError(f"{what}“{value}”不是有效日期", hint="格式 YYYY-MM-DD") from None


def _show_request(row: dict[str, Any]) -> None:
    unmask = "，含未脱敏信息" if row["unmask"] else ""
    model = f"，用于模型 {row['model']}" if row.get("model") else ""
    console.print(
        f"数据申请 {row['id']}：{row['requester']} 申请使用“{row['dataset']}”"
        f"（{row['starts_on']} 至 {row['ends_on']}{unmask}{model}）——{row['status_label']}"
    )
    if row["grant"]:
        console.print(f"已生成使用授权 {row['grant']}")


@app.command("request", help="提出数据申请：用途、期限，是否需要查看未脱敏信息")
def request(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="数据集名称")],
    user: Annotated[str, typer.Option("--user", help="申请人的用户名")],
    purpose: Annotated[str, typer.Option("--purpose", help="用途（所办案件、所建模型等）")],
    until: Annotated[str, typer.Option("--until", help="使用期限结束日 YYYY-MM-DD（含当日）")],
    since: Annotated[
        str | None, typer.Option("--from", help="使用期限开始日 YYYY-MM-DD（默认今天）")
    ] = None,
    unmask: Annotated[bool, typer.Option("--unmask", help="需要查看未脱敏的个人信息")] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="用途为某一模型时其编号（高风险模型的运行和采用须写明）"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        starts = _day(since, "开始日") if since else clock.china_today()
        ends = _day(until, "结束日")
        return access.request_access(
            store,
            user,
            dataset,
            purpose=purpose,
            starts_on=starts,
            ends_on=ends,
            unmask=unmask,
            model=model,
        )

    run(as_json, with_store(ctx, work), _show_request)


@app.command("approve", help="批准数据申请（数据所属检察院的领导，不能批准本人的申请）")
def approve(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="数据申请编号")],
    by: ById,
    reason: Annotated[str, typer.Option("--reason", help="意见")] = "",
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return access.decide(store, by, request_id, approve=True, reason=reason)

    run(as_json, with_store(ctx, work), _show_request)


@app.command("refuse", help="驳回数据申请（须写明理由）")
def refuse(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="数据申请编号")],
    by: ById,
    reason: Annotated[str, typer.Option("--reason", help="驳回理由")],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return access.decide(store, by, request_id, approve=False, reason=reason)

    run(as_json, with_store(ctx, work), _show_request)


@app.command("list", help="列出数据申请")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="pending、approved …")] = None,
    as_json: JsonOption = False,
) -> None:
    def show(rows: list[dict[str, Any]]) -> None:
        table = Table("编号", "申请人", "数据集", "用途", "期限", "未脱敏", "状态", "审批人")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["requester"],
                r["dataset"],
                r["purpose"],
                f"{r['starts_on']} 至 {r['ends_on']}",
                "是" if r["unmask"] else "否",
                r["status_label"],
                r["decided_by"] or "",
            )
        console.print(table if rows else "没有数据申请。")

    run(as_json, with_store(ctx, lambda st: access.list_requests(st, None, status)), show)


@app.command("grants", help="列出数据使用授权")
def grants(ctx: typer.Context, as_json: JsonOption = False) -> None:
    def show(rows: list[dict[str, Any]]) -> None:
        table = Table("编号", "用户", "数据集", "有效期至", "未脱敏", "当前有效", "批准人")
        for g in rows:
            table.add_row(
                str(g["id"]),
                g["user"],
                g["dataset"],
                g["valid_until"],
                "是" if g["unmask"] else "否",
                "是" if g["active"] else "否",
                g["granted_by"],
            )
        console.print(table if rows else "没有数据使用授权。")

    run(as_json, with_store(ctx, lambda st: access.list_grants(st)), show)


@app.command("revoke", help="撤销数据使用授权")
def revoke(
    ctx: typer.Context,
    grant_id: Annotated[int, typer.Argument(help="授权编号")],
    by: Annotated[str, typer.Option("--by", help="撤销人（所属检察院领导或系统管理员）")],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return access.revoke_grant(store, by, grant_id)

    run(as_json, with_store(ctx, work), lambda g: console.print(f"授权 {g['id']} 已撤销。"))


@breaker_app.command("alerts", help="列出安全告警（熔断）")
def alerts(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="只看未处理的")] = False,
    as_json: JsonOption = False,
) -> None:
    def show(rows: list[dict[str, Any]]) -> None:
        table = Table("编号", "时间", "用户", "告警", "处理人")
        for a in rows:
            table.add_row(
                str(a["id"]), a["at"], a["user"] or "", a["message"], a["resolved_by"] or ""
            )
        console.print(table if rows else "没有安全告警。")

    run(as_json, with_store(ctx, lambda st: breaker.alerts(st, open_only=open_only)), show)


@breaker_app.command("lift", help="解除某用户的熔断（核实后）")
def lift(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    as_json: JsonOption = False,
) -> None:
    run(
        as_json,
        with_store(ctx, lambda st: breaker.lift(st, username, by=current_user())),
        lambda r: console.print(f"已解除 {r['username']} 的熔断。"),
    )


@breaker_app.command("limits", help="设置某用户每小时查看证据和导出行数的上限")
def limits(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    evidence_reads: Annotated[
        int | None, typer.Option("--evidence-reads", help="每小时查看证据上限（不填：默认）")
    ] = None,
    exported_rows: Annotated[
        int | None, typer.Option("--exported-rows", help="每小时导出行数上限（不填：默认）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        breaker.set_limits(store, username, evidence_reads, exported_rows)
        return {
            "username": username,
            "evidence_reads": evidence_reads or breaker.LIMITS["evidence_reads"],
            "exported_rows": exported_rows or breaker.LIMITS["exported_rows"],
        }

    def show(r: dict[str, Any]) -> None:
        console.print(
            f"{r['username']}：每小时查看证据至多 {r['evidence_reads']} 条，"
            f"导出至多 {r['exported_rows']} 行。"
        )

    run(as_json, with_store(ctx, work), show)
