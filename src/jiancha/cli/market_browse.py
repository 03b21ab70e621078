"""``jiancha market list`` (browse the marketplace) and ``jiancha market show SLUG`` (a model's
figures across offices), added to the ``market`` command group (``register``).

The command line's local operator browses as the office ``--org`` names (「我院」: its adoption,
the datasets it sees), or as no office (every dataset); ``--review`` adds the models in review.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.output import console, run, with_store
from jiancha.governance.orgs import find_org, visible_ids
from jiancha.marketplace.browse import BrowseFilter, browse, find_market_model
from jiancha.marketplace.figures import figures_of, marketplace_totals, model_figures
from jiancha.marketplace.listing import MarketViewer
from jiancha.stats.labels import shown
from jiancha.store import Store

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="以该检察院（代码或名称）的身份浏览：本院可用的数据、本院的采用"),
]


def folded(*headings: str) -> Table:
    """A table whose cells fold rather than crop in a narrow terminal."""
    table = Table()
    for heading in headings:
        table.add_column(heading, overflow="fold")
    return table


def _viewer(store: Store, org: str | None) -> MarketViewer:
    with store.session() as session:
        office = None if org is None else find_org(session, org)
        visible = None if office is None else visible_ids(session, office)
        session.expunge_all()
    return MarketViewer(office=office, visible=visible)


def list_(
    ctx: typer.Context,
    area: Annotated[str | None, typer.Option("--area", help="检察领域")] = None,
    line: Annotated[str | None, typer.Option("--line", help="业务条线")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="类型：collision、mining、profile")
    ] = None,
    risk: Annotated[str | None, typer.Option("--risk", help="风险等级")] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-q", help="编号、名称或说明包含的文字")
    ] = None,
    data: Annotated[
        str | None, typer.Option("--data", help="需要的数据：数据集名称、输入名称或语义类型")
    ] = None,
    usable: Annotated[
        bool, typer.Option("--usable", help="只列出「我院可直接使用」的模型")
    ] = False,
    review: Annotated[bool, typer.Option("--review", help="同时列出审查中的模型")] = False,
    sort: Annotated[str, typer.Option("--sort", help="排序（前加 - 为倒序）")] = "-adoptions",
    org: OrgOption = None,
    as_json: JsonOption = False,
) -> None:
    wanted = BrowseFilter(
        area=area,
        line=line,
        kind=kind,
        risk=risk,
        text=text,
        data=data,
        usable=True if usable else None,
        review=review,
        sort=sort,
    )

    def work(store: Store) -> dict[str, Any]:
        viewer = _viewer(store, org)
        with store.session() as session:
            total, items = browse(session, wanted, viewer)
            totals = marketplace_totals(model_figures(session, [m["slug"] for m in items]))
        return {"total": total, "totals": totals, "items": items}

    def show(result: dict[str, Any]) -> None:
        if not result["items"]:
            console.print("模型超市中没有符合条件的模型")
            return
        table = folded(
            "模型", "名称", "冠名单位", "条线", "风险", "采用", "线索", "精准率", "可直接使用"
        )
        for m in result["items"]:
            f = m["figures"]
            table.add_row(
                m["slug"],
                m["name"],
                m["author_org_name"] or "—",
                m["line_label"],
                m["risk_label"],
                f["adoption_label"],
                shown(f["leads"], "int"),
                shown(f["precision"], "percent"),
                "是" if m["usable"] else "否",
            )
        console.print(table)
        console.print(f"共 {result['total']} 个模型，{result['totals']['adoption_label']}")

    run(as_json, with_store(ctx, work), show)


def show_(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="模型编号")],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        with store.session() as session:
            model = find_market_model(session, slug, MarketViewer())
            head = {"name": model.name, "state": model.state}
            return head | figures_of(session, slug)

    def show(r: dict[str, Any]) -> None:
        console.print(
            f"[bold]{r['model']}[/] {r['name']}：{r['adoption_label']}，运行 {r['runs']} 次"
        )
        keys = ("leads", "verified", "confirmed", "cases", "actions_total")
        table = folded(
            "采用单位",
            "版本",
            "运行",
            "线索",
            "已核查",
            "属实",
            "成案",
            "文书",
            "精准率",
            "挽回（元）",
        )
        for o in [*r["per_office"], {"org_name": "合计", "version": "", **r}]:
            table.add_row(
                o["org_name"] or "（未归属单位）",
                o["version"],
                str(o["runs"]),
                *(shown(o[k], "int") for k in keys),
                shown(o["precision"], "percent"),
                shown(o["recovered_amount"], "money"),
            )
        console.print(table)

    run(as_json, with_store(ctx, work), show)


def register(app: typer.Typer) -> None:
    """Add ``list`` and ``show`` to the ``market`` command group ``app``."""
    app.command("list", help="浏览模型超市：按领域、条线、类型、所需数据筛选，「我院可直接使用」")(
        list_
    )
    app.command("show", help="模型在各院的采用和成效：N 个院 M 次、线索、精准率、成案、挽回损失")(
        show_
    )


app = typer.Typer(no_args_is_help=True)
"""The two commands alone, until ``cli.market`` registers them in its own group."""
register(app)
