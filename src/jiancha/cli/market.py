"""``jiancha market …``: the model marketplace's publication (征集 and the four review steps),
the publication queue, the model card, a model's versions and the diff between two.

Submitting and deciding are a named person's acts: the command acts as an account (``--user``,
also ``--as``) whose role must grant the step's permission, with the same rules as the API
(``marketplace.submission``, ``marketplace.decisions``); the audit entry names that account.
Reading (queue, card, versions, diff) is the local operator's, who sees every model; ``queue
--user`` lists what that person may take. Other marketplace commands register on ``app`` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.lead_signoffs import account_of
from jiancha.cli.market_show import show_card, show_decision, show_diff, show_versions
from jiancha.cli.output import console, run, with_store
from jiancha.marketplace.attachments import keep_files
from jiancha.marketplace.card import model_card
from jiancha.marketplace.decisions import decide as take_decision
from jiancha.marketplace.history import diff as version_diff
from jiancha.marketplace.history import list_versions
from jiancha.marketplace.publication import REVIEW_STEPS, STEPS
from jiancha.marketplace.review_queue import review_queue
from jiancha.marketplace.submission import Submission
from jiancha.marketplace.submission import submit as submit_model
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
Slug = Annotated[str, typer.Argument(help="模型编号")]
AsOption = Annotated[
    str, typer.Option("--user", "--as", help="操作人的用户名（其角色须有相应权限）")
]
STEP_HELP = "、".join(f"{k}（{STEPS[k]}）" for k in REVIEW_STEPS)


@app.command("submit", help="征集：作者院提交模型上架，附模型说明书（背景要旨、创新性、适用范围）")
def submit(
    ctx: typer.Context,
    slug: Slug,
    authors: Annotated[str, typer.Option("--authors", help="署名作者，用逗号分隔（冠名）")],
    background: Annotated[str, typer.Option("--background", help="背景要旨")],
    innovation: Annotated[str, typer.Option("--innovation", help="创新性")],
    scope: Annotated[str, typer.Option("--scope", help="适用范围")],
    account: AsOption,
    org: Annotated[
        str | None, typer.Option("--org", help="提交的检察院（代码或名称，默认本人所在院）")
    ] = None,
    spec: Annotated[
        Path | None, typer.Option("--spec", help="提交新的模型文本（否则提交本院采用的版本）")
    ] = None,
    changelog: Annotated[str, typer.Option("--changelog", help="新版本的修改说明")] = "",
    note: Annotated[str, typer.Option("--note", help="给审查人的说明")] = "",
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        names = tuple(a for a in authors.replace("，", ",").replace("、", ",").split(","))
        text = None if spec is None else spec.read_text(encoding="utf-8")
        form = Submission(background, innovation, scope, names, org, text, changelog, note)
        return submit_model(store, slug, form, account_of(store, account))

    def show(r: dict[str, Any]) -> None:
        console.print(f"模型 {r['model']} {r['version']} 已提交：{r['state_label']}")
        for near in r["similar"]:
            mark = "[bold red]疑似重复[/]" if near["near"] else "相近"
            console.print(f"  {mark}：{near['slug']}（{near['name']}），相似度 {near['score']:.2f}")

    run(as_json, with_store(ctx, work), show)


@app.command("decide", help=f"审查：通过或退回一个上架步骤（{STEP_HELP}）")
def decide(
    ctx: typer.Context,
    slug: Slug,
    step: Annotated[str, typer.Option("--step", help=STEP_HELP)],
    account: AsOption,
    approve: Annotated[
        bool, typer.Option("--approve/--refuse", help="通过，或退回作者（须写明意见）")
    ],
    opinion: Annotated[str, typer.Option("--opinion", help="审查意见（退回和规则研判必填）")] = "",
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="附件（可多次给出）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        user = account_of(store, account)
        files = list(attach or [])
        return take_decision(
            store, slug, step, approve, opinion, user, lambda: keep_files(store, files)
        )

    run(as_json, with_store(ctx, work), show_decision)


@app.command("queue", help="待审查队列：等待某一上架步骤的模型")
def queue(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--user", "--as", help="只列该用户可以处理的")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> list[dict[str, Any]]:
        return review_queue(store, None if account is None else account_of(store, account))

    def show(rows: list[dict[str, Any]]) -> None:
        table = Table("模型", "名称", "当前", "待办步骤", "作者院", "提交人", "疑似重复")
        for r in rows:
            office = (r["author_org"] or {}).get("name", "")
            table.add_row(
                r["slug"],
                r["name"],
                r["state_label"],
                r["step_label"],
                office,
                r["submitted_by"] or "",
                "、".join(r["flagged"]),
            )
        console.print(table if rows else "没有待处理的模型")

    run(as_json, with_store(ctx, work), show)


@app.command("card", help="模型说明书：背景要旨、法律依据、监督规则、数据要素、冠名与审查记录")
def card(ctx: typer.Context, slug: Slug, as_json: JsonOption = False) -> None:
    run(as_json, with_store(ctx, lambda store: model_card(store, slug)), show_card)


@app.command("versions", help="模型的全部版本及修改说明")
def versions(ctx: typer.Context, slug: Slug, as_json: JsonOption = False) -> None:
    run(as_json, with_store(ctx, lambda store: list_versions(store, slug)), show_versions)


@app.command("diff", help="两个版本之间的差异（版本号或 SHA-256 前缀）")
def diff(
    ctx: typer.Context,
    slug: Slug,
    old: Annotated[str, typer.Option("--from", help="旧版本：版本号或 SHA-256 前缀")],
    new: Annotated[str, typer.Option("--to", help="新版本：版本号或 SHA-256 前缀")],
    as_json: JsonOption = False,
) -> None:
    run(as_json, with_store(ctx, lambda store: version_diff(store, slug, old, new)), show_diff)
