"""``jiancha leads show ID``: the lead and the plain sentences of its explanation, masked."""

from __future__ import annotations

import json
from pathlib import Path

from jiancha.governance.masking import mask_id_card
from tests.modelling.fixtures import AS_OF, pid
from tests.modelling.test_cli_model import home  # noqa: F401 - the fixture
from tests.test_cli import jiancha


def test_show_prints_the_plain_sentences(home: Path) -> None:  # noqa: F811
    jiancha(home, "model", "run", "custodial-sentence-not-executed", "--as-of", AS_OF.isoformat())
    leads = json.loads(jiancha(home, "leads", "list", "--json").stdout)
    lead = next(x["id"] for x in leads if x["subject_key"] == pid(1))
    out = jiancha(home, "leads", "show", str(lead)).stdout
    assert "命中原因：" in out
    assert "判决生效日期 不晚于 运行当日前 30 日（宽限天数）（判决生效日期：2024-01-03）" in out
    assert "在“监狱收押”中找不到身份证号与公民身份号码相同的记录" in out
    assert "依据：数据集“判决”第 2 行" in out
    assert pid(1) not in out and mask_id_card(pid(1)) in out
    assert "sentence_type" not in out and ":grace_days" not in out
    shown = json.loads(jiancha(home, "leads", "show", str(lead), "--json").stdout)
    assert shown["explanation"][3]["technical"]["condition"].startswith("effective_date <=")
    missing = jiancha(home, "leads", "show", "999", ok=False)
    assert missing.returncode != 0 and "没有编号为 999 的线索" in missing.stderr + missing.stdout
