"""``jiancha leads draft``: a draft 检察建议书 or 纠正违法通知书 (.docx) for a lead.

The reminders for the person drafting (the lead, who drafted it, whether the lead is verified,
whether it is masked) are printed after the 已生成 line, never written into the document."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.documents import KINDS, check_kind, draft_for_lead
from jiancha.errors import JianchaError
from jiancha.governance import breaker
from jiancha.governance.access import unmask_for_lead
from jiancha.store import Store


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def draft(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    kind: Annotated[
        str, typer.Option("--kind", help="、".join(f"{k}（{v}）" for k, v in KINDS.items()))
    ],
    out: Annotated[Path, typer.Option("--out", help="输出的 .docx 文件")],
    unmasked: Annotated[
        bool,
        typer.Option("--unmasked", help="不脱敏：须用 --user 指明持有未脱敏授权的用户"),
    ] = False,
    account: Annotated[
        str | None, typer.Option("--user", help="以该用户身份起草（计入其熔断阈值）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        label = check_kind(kind)
        if out.exists() and not force:
            raise JianchaError(f"输出文件已存在：{out}", hint="换一个文件名，或加 --force 覆盖")
        if not out.parent.is_dir():
            raise JianchaError(f"输出目录不存在：{out.parent}")
        grants = _unmask(store, account, lead_id) if unmasked else []
        if account is not None:
            breaker.consume(store, account, "evidence_reads")
        done = draft_for_lead(
            store,
            lead_id,
            kind,
            user=account or current_user(),
            unmasked=unmasked,
            grants=grants,
        )
        write_atomically(out, done.data)
        return {
            "lead_id": lead_id,
            "kind": kind,
            "kind_label": label,
            "path": str(out),
            "bytes": len(done.data),
            "masked": not unmasked,
            "verified": done.verified,
            "reminders": done.reminders(),
        }

    def show(result: dict[str, Any]) -> None:
        masked = "已脱敏" if result["masked"] else "未脱敏"
        what = f"线索 {result['lead_id']} 的{result['kind_label']}草稿（{masked}）"
        console.print(f"已生成{what}：{result['path']}")
        for line in result["reminders"]:  # kept out of the document, which goes to another body
            console.print(f"提示：{line}", markup=False)

    run(as_json, with_store(ctx, work), show)


def _unmask(store: Store, account: str | None, lead_id: int) -> list[int]:
    """The unmasking grants ``account`` holds for the lead's sources (refused without)."""
    if account is None:
        raise JianchaError(
            "不脱敏起草须用 --user 指明起草人", hint="起草人须持有相应数据集的未脱敏授权"
        )
    return unmask_for_lead(store, account, lead_id)


def register(app: typer.Typer) -> None:
    app.command("draft", help="起草监督文书（检察建议书、纠正违法通知书）为可编辑的 Word 文件")(
        draft
    )
