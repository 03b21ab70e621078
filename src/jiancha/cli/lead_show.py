"""``jiancha leads show ID``: one lead, and why it was hit, in plain Chinese sentences.

Prints the lead's title and state, then each step of its explanation as the sentence the spec's
label (or the condition read aloud) gives, with the values that satisfied it under the
datasets' own column names and the source rows it rests on. Personal values are masked, as in
the API (``jiancha.governance.masking.mask_lead``). Reading only: nothing here changes a lead.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from jiancha.cli.output import console, run, with_store
from jiancha.errors import NotFound
from jiancha.governance.masking import mask_lead
from jiancha.leads import list_leads
from jiancha.leads.values import shown
from jiancha.leads.workflow import STATES
from jiancha.store import Store

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _lead(store: Store, lead_id: int) -> dict[str, Any]:
    with store.session() as session:
        found = list_leads(session, lead_id=lead_id)
    if not found:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return mask_lead(found[0])


def _print(lead: dict[str, Any]) -> None:
    state = STATES.get(lead["status"], lead["status"])
    console.print(f"线索 {lead['id']}：{lead['title']}", markup=False, soft_wrap=True)
    console.print(f"模型：{lead['model']}    状态：{state}", markup=False, soft_wrap=True)
    console.print("命中原因：")
    for entry in lead["explanation"]:
        values = "，".join(f"{k}：{shown(v)}" for k, v in (entry.get("values") or {}).items())
        line = f"  {entry.get('step', '')}. {entry.get('text', '')}"
        console.print(line + (f"（{values}）" if values else ""), markup=False, soft_wrap=True)
        for ref in entry.get("rows") or []:
            where = f"数据集“{ref.get('dataset', ref.get('label', ''))}”第 {ref['row']} 行"
            console.print(f"     依据：{where}", markup=False, soft_wrap=True)


def show(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    as_json: JsonOption = False,
) -> None:
    run(as_json, with_store(ctx, lambda store: _lead(store, lead_id)), _print)


def register(app: typer.Typer) -> None:
    app.command("show", help="一条线索及其命中原因（通俗的中文说明，已脱敏）")(show)
