"""How ``jiancha market`` prints a model card, a decision, versions and a diff for people (the
``--json`` output is the domain's dicts as they are)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from jiancha.cli.output import console


def _percent(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def show_decision(r: dict[str, Any]) -> None:
    verdict = "通过" if r["approved"] else "退回"
    console.print(f"模型 {r['model']}：{r['step_label']}{verdict}，当前{r['state_label']}")
    for problem in r["problems"]:
        console.print(f"  [yellow]问题[/]：{problem}")
    figures = r["figures"]
    if r["step"] == "cross_validated":
        console.print(
            f"  异地验证：{figures.get('adopted_by', 0)} 个院采用，核查属实 "
            f"{figures.get('confirmed', 0)} 条、不属实 {figures.get('rejected', 0)} 条，"
            f"精准率 {_percent(figures.get('precision'))}"
        )
    for a in r["attachments"]:
        console.print(f"  附件：{a['name']}（{a['bytes']:,} 字节，SHA-256 {a['sha256'][:12]}）")


def _section(title: str, lines: list[str]) -> None:
    console.print(f"\n[bold]{title}[/]")
    for line in lines or ["（无）"]:
        console.print(f"  {line}")


def show_card(c: dict[str, Any]) -> None:
    console.print(f"[bold]{c['name']}[/]（{c['slug']}，版本 {c['version']['version']}）")
    console.print(
        f"{c['area_label']} · {c['line_label']} · {c['kind_label']} · {c['risk_label']} · "
        f"{c['state_label']}"
    )
    console.print(f"冠名：{c['credit'] or '（未署名）'}")
    if c["returned"]:
        r = c["returned"]
        console.print(f"[red]已在{r['step_label']}退回[/]：{r['reason']}")
    _section("背景要旨", [c["background"]] if c["background"] else [])
    _section("法律依据", c["legal_basis"])
    _section("监督规则", [f"{r['step']}. {r['text']}" for r in c["rules"]])
    data = []
    for i in c["data"]:
        fields = "、".join(
            f"{f['field']}（{f['semantic_label']}"
            + (f"，{f['classification_label']}" if f["classification_label"] else "")
            + "）"
            for f in i["fields"]
        )
        bound = (
            f"→ {i['dataset']}（{i['classification_label'] or '未分级'}）" if i["dataset"] else ""
        )
        data.append(f"{i['label']}（{i['input']}）{bound}：{fields}")
    _section("数据要素", data)
    _section("创新性", [c["innovation"]] if c["innovation"] else [])
    _section("适用范围", [c["scope"]] if c["scope"] else [])
    figures = c["figures"]
    if figures.get("precision") is not None or figures.get("verified"):
        _section(
            "实测成效（异地验证）",
            [
                f"{figures.get('adopted_by', 0)} 个院采用，核查属实 {figures.get('confirmed', 0)} "
                f"条、不属实 {figures.get('rejected', 0)} 条，精准率 "
                f"{_percent(figures.get('precision'))}"
            ],
        )
    _section(
        "审查记录",
        [
            f"{d['decided_at'][:16]} {d['step_label']} {d['decision_label']}（{d['decided_by']}）"
            + (f"：{d['opinion']}" if d["opinion"] else "")
            for d in c["decisions"]
        ],
    )


def show_versions(r: dict[str, Any]) -> None:
    table = Table("版本", "SHA-256", "修改说明", "登记人", "登记时间", "采用", "当前")
    for v in r["versions"]:
        table.add_row(
            v["version"],
            v["sha256"][:12],
            v["changelog"],
            v["created_by"],
            v["created_at"][:16],
            str(v["adoptions"]),
            "✓" if v["current"] else "",
        )
    console.print(f"{r['name']}（{r['model']}）")
    console.print(table)


def show_diff(r: dict[str, Any]) -> None:
    if r["same"]:
        console.print("两个版本的模型文本相同")
        return
    console.print(r["diff"], markup=False, highlight=False)
