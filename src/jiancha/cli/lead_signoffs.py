"""``jiancha leads signoff ID --kind approval|second_verification --opinion TEXT --as USER``:
the sign-offs a model's risk grade asks before a case is opened (审批, 复核), and the account
``leads move --as`` acts as.

A sign-off is a named person's decision: the command acts as an account (``--as``, also
``--user``), whose role must grant the kind's permission, with the same rules as the API
(``leads.signoffs``). The audit entry names that account.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from jiancha.cli.output import console, run, with_store
from jiancha.governance.accounts import find_user
from jiancha.leads.signoffs import sign_off
from jiancha.leads.workflow import SIGNOFF_KINDS
from jiancha.store import Store, User

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
AsOption = Annotated[
    str,
    typer.Option("--as", "--user", help="签署人的用户名（其角色须有相应权限）"),
]


def account_of(store: Store, username: str) -> User:
    """The account named ``username`` (refused when unknown)."""
    with store.session() as session:
        return find_user(session, username)


def signoff(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    kind: Annotated[
        str, typer.Option("--kind", help="、".join(f"{k}（{v}）" for k, v in SIGNOFF_KINDS.items()))
    ],
    opinion: Annotated[str, typer.Option("--opinion", help="意见（必填）")],
    account: AsOption,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return sign_off(store, lead_id, kind, opinion, account_of(store, account))

    def show(r: dict[str, Any]) -> None:
        missing = "、".join(m["label"] for m in r["signoffs"]["missing"]) or "无（可以成案）"
        console.print(f"线索 {r['lead_id']}：{r['user']} 已作{r['label']}。尚缺：{missing}")

    run(as_json, with_store(ctx, work), show)


def register(app: typer.Typer) -> None:
    app.command(
        "signoff",
        help="成案前的签署：院领导审批（中、高风险模型）、第二人核查（高风险模型）",
    )(signoff)
