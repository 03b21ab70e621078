"""``jiancha documents extract | import | rules``: documents as data (thin layer over
``jiancha.documents.intake``)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.output import console, emit_json, err_console, handled, run, with_store
from jiancha.documents.intake import (
    DOC_TYPE_LABELS,
    extract_all,
    import_documents,
    install_document_rules,
    read_documents,
)
from jiancha.store import Store, open_store, open_workspace

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
InputArgument = Annotated[
    Path, typer.Argument(help="JSON Lines 文件（每行 id、text），或 .txt/.docx 文件所在目录")
]


def _problems(doc: dict[str, Any]) -> str:
    if "error" in doc and "doc_type" not in doc:
        return str(doc["error"])
    return "；".join(str(w) for w in doc.get("warnings") or [])


@app.command("extract", help="抽取文书的结构化字段（不写入工作区）")
def extract(input_path: InputArgument, as_json: JsonOption = False) -> None:
    with handled(as_json):
        docs = [item.as_json() for item in extract_all(read_documents(input_path))]
    if as_json:
        emit_json(docs)
        return
    table = Table("文书编号", "类型", "案号", "被告人", "问题")
    for doc in docs:
        names = "、".join(str(p.get("name") or "") for p in doc.get("defendants") or [])
        label = DOC_TYPE_LABELS.get(str(doc.get("doc_type")), "")
        table.add_row(doc["id"], label, doc.get("case_number") or "", names, _problems(doc))
    console.print(table)
    failed = sum(1 for d in docs if "doc_type" not in d)
    console.print(f"共 {len(docs)} 份文书，{failed} 份无法抽取")


@app.command("import", help="抽取文书并导入为数据集（每名被告人一行），保存原文")
def import_(
    ctx: typer.Context,
    input_path: InputArgument,
    name: Annotated[str, typer.Option("--name", help="数据集名称")],
    skip_errors: Annotated[
        bool, typer.Option("--skip-errors", help="跳过无法读取的文书，导入其余的")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    with handled(as_json):
        store = open_store(open_workspace(ctx.obj["home"]))
        try:
            waiting = err_console.status("正在抽取并导入文书……") if not as_json else nullcontext()
            with waiting:
                result = import_documents(store, input_path, name, skip_errors=skip_errors)
        finally:
            store.close()
    if as_json:
        emit_json(result)
        return
    label = DOC_TYPE_LABELS[result["doc_type"]]
    console.print(
        f"已导入 [bold]{result['name']}[/] 第 {result['version']} 版：{label} "
        f"{result['documents']} 份，{result['rows']} 行（每名被告人一行）"
    )
    for error in result["errors"]:
        console.print(f"[yellow]已跳过[/] {error['id']}：{error['error']}")
    for done in result["runs"]:
        console.print(f"已运行模型 {done.get('model') or done.get('id')}：{done}")


@app.command("rules", help="安装文书审查模板：即时审查（判决书），三书齐全时加三书比对")
def rules(
    ctx: typer.Context,
    judgments: Annotated[str, typer.Option("--judgments", help="刑事判决书数据集")],
    indictments: Annotated[str | None, typer.Option("--indictments", help="起诉书数据集")] = None,
    police: Annotated[str | None, typer.Option("--police", help="起诉意见书数据集")] = None,
    org: Annotated[str | None, typer.Option("--org", help="安装模型的检察院（代码或名称）")] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> list[dict[str, Any]]:
        return install_document_rules(store, judgments, indictments, police, org)

    def show(installed: list[dict[str, Any]]) -> None:
        for model in installed:
            bound = "，".join(f"{n}={b['dataset']}" for n, b in model["bindings"].items())
            console.print(f"已安装 [bold]{model['id']}[/] {model['version']}（{bound}）")

    run(as_json, with_store(ctx, work), show)
