"""What the builder's preview and route tests share: a county with offices, a modeller and a
leader, a few thousand generated judgments and prison intakes, grants, and a builder document.

The generated rows are random but seeded; the tests never rely on their values, only compare
the preview with what a hand-written query or a real run finds on the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import select
from stdnum.cn import ric

from jiancha import catalogue
from jiancha.catalogue import set_owner
from jiancha.clock import CHINA
from jiancha.governance import create_user
from jiancha.governance.access import decide, request_access
from jiancha.governance.orgs import add_org
from jiancha.modelling.builder import to_document
from jiancha.modelling.install import parse_binds
from jiancha.store import Dataset, Store
from tests.modelling.fixtures import BINDS, SPECS, write_csv

PASSWORD = "Role-password-2024"
LEDU = "630202"
HEADER = "姓名,公民身份号码,审判法院,刑罚,是否缓刑,审前强制措施,判决生效日期,罚金"


def pid(seq: int) -> str:
    body = f"632123{1950 + seq // 1000:04d}0101{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def generate(tmp: Path, people: int = 3000, seed: int = 18) -> tuple[Path, Path]:
    """``people`` judgments (some IDs unreadable, some fields empty, some rows recorded twice)
    and the prison intake of about half of their persons (some before the judgment), plus
    intakes of unrelated persons."""
    draw = random.Random(seed)
    today = dt.datetime.now(CHINA).date()
    judgments, intake = [], []
    for seq in range(people):
        person = pid(seq) if draw.random() > 0.03 else f"63212319{seq:06d}"  # unreadable
        effective = today - dt.timedelta(days=draw.randint(0, 400))
        if judgments and draw.random() < 0.05:  # the same judgment recorded twice: one lead
            judgments.append(judgments[-1])
            continue
        judgments.append(
            (
                "张王李赵钱孙周吴"[seq % 8] + "某" + "甲乙丙丁"[seq % 4],
                person,
                draw.choice(["乐都县人民法院", "平安县人民法院", "民和县人民法院"]),
                draw.choice(["有期徒刑", "有期徒刑", "拘役", "管制", "罚金"]),
                draw.choice(["是", "否", "否", ""]),
                draw.choice(["取保候审", "监视居住", "逮捕", "刑事拘留", ""]),
                effective.isoformat(),
                draw.choice(["", "5000元", "1万元"]),
            )
        )
        if draw.random() < 0.5:
            taken = effective + dt.timedelta(days=draw.randint(-60, 120))
            intake.append((person, taken.isoformat()))
    intake += [(pid(people + n), "2024-05-01") for n in range(200)]
    return (
        write_csv(tmp / "判决.csv", HEADER, judgments),
        write_csv(tmp / "收押.csv", "身份证号,收押日期", intake),
    )


def county(store: Store, tmp: Path, people: int = 3000) -> Store:
    """Offices, the generated judgments and intake (owned by 乐都区院), a modeller and a leader."""
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    judgments, intake = generate(tmp, people)
    catalogue.import_source(store, catalogue.open_file(judgments), "判决")
    catalogue.import_source(store, catalogue.open_file(intake), "收押")
    for name in ("判决", "收押"):
        set_owner(store, name, LEDU, by="setup")
    for username, role in [("modeller", "modeller"), ("leader", "leader"), ("pros", "prosecutor")]:
        create_user(store, username, PASSWORD, org=LEDU, role=role, must_change=False)
    return store


def grant(store: Store, dataset: str, username: str = "modeller") -> int:
    today = dt.datetime.now(CHINA).date()
    request = request_access(
        store,
        username,
        dataset,
        purpose="构建刑罚执行监督模型",
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
    )
    granted = decide(store, "leader", request["id"], approve=True)["grant"]
    assert isinstance(granted, int)
    return granted


def document() -> dict[str, Any]:
    """The DESIGN example as a builder document (its decomposable conditions structured)."""
    return to_document((SPECS / "custodial.yaml").read_text(encoding="utf-8"))


def bindings() -> dict[str, dict[str, Any]]:
    """The example's inputs bound to 判决 and 收押 (``tests.modelling.fixtures.BINDS``)."""
    datasets, fields = parse_binds(BINDS)
    return {name: {"dataset": d, "fields": fields.get(name, {})} for name, d in datasets.items()}


def parquet(store: Store, name: str) -> str:
    """The Parquet file of the latest version of dataset ``name``."""
    with store.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.name == name))
        assert dataset is not None
        return str(store.workspace.resolve(dataset.latest.storage_path))
