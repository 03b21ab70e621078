"""定时运行 on the model page: a modeller's expression the API refuses is shown in the form; a
schedule made from a preset (每周一 3:00, 即时) is listed with its Chinese description and next
firing; a prosecutor (who may not schedule) sees it without buttons; the modeller deletes it."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import Account, field
from tests.web.journey import Api

MODEL = "custodial-sentence-not-executed"
NAME = "审前未羁押判处实刑罪犯未交付执行监督模型"


def schedules_of(api: Api, creator: str) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = api.get("/api/schedules")
    return [s for s in listed if s["model"] == MODEL and s["created_by"] == creator]


@pytest.fixture
def modeller_api(base_url: str, accounts: dict[str, Account]) -> Iterator[Api]:
    """The modeller's API; any schedule of the model the test leaves is removed afterwards (the
    served demo is shared by the session's other browser tests)."""
    api = Api(base_url, accounts["modeller"])
    yield api
    for left in schedules_of(api, accounts["modeller"].username):
        request = urllib.request.Request(f"{base_url}/api/schedules/{left['id']}", method="DELETE")
        request.add_header("Authorization", f"Bearer {api.token}")
        urllib.request.urlopen(request, timeout=30).close()


def open_model(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/models/{MODEL}")
    expect(page.locator('[data-test="model-name"]')).to_have_text(NAME)


def test_a_modeller_schedules_a_model_and_deletes_the_schedule(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
    modeller_api: Api,
) -> None:
    modeller = accounts["modeller"].username
    assert schedules_of(modeller_api, modeller) == []
    page = page_as("modeller")
    open_model(page, base_url)
    section = page.locator('[data-test="model-schedules"]')
    expect(section).to_contain_text("尚无定时运行")

    page.locator('[data-test="schedule-new"]').click()
    dialog = page.locator('[data-test="schedule-dialog"]')
    dialog.get_by_text("自定义").click()
    field(page, "schedule-cron-input").fill("61 2 * * *")
    expect(dialog.locator('[data-test="schedule-described"]')).to_have_text("无法解读该表达式")
    dialog.locator('[data-test="schedule-save"]').click()
    refusal = dialog.locator('[data-test="schedule-refusal"]')
    expect(refusal).to_contain_text("定时表达式“61 2 * * *”无效")  # the API's own answer
    assert schedules_of(modeller_api, modeller) == []
    shot(page, "schedule-refused")

    dialog.get_by_text("每周一 3:00").click()
    expect(dialog.locator('[data-test="schedule-described"]')).to_contain_text("星期一")
    dialog.get_by_text("输入数据集有新版本时运行").click()
    dialog.locator('[data-test="schedule-save"]').click()
    expect(dialog).to_be_hidden()
    rows = section.locator(".el-table__body-wrapper .el-table__row")
    expect(rows).to_have_count(1)
    expect(rows.locator('[data-test="schedule-when"]')).to_have_text(
        "在03:00, 仅星期一；即时（输入数据有新版本时）"
    )
    expect(rows.locator('[data-test="schedule-cron"]')).to_have_text("0 3 * * 1")
    [made] = schedules_of(modeller_api, modeller)
    assert (made["cron"], made["on_new_version"], made["incremental"]) == ("0 3 * * 1", True, False)
    next_run = str(made["next_run_at"])  # a Monday 03:00 in China time, shown as such
    assert next_run.endswith("T03:00:00+08:00")
    expect(rows.locator('[data-test="schedule-next"]')).to_have_text(
        next_run[:16].replace("T", " ")
    )
    shot(page, "schedule-listed")

    prosecutor = page_as("prosecutor")  # may read the model, may not schedule it
    open_model(prosecutor, base_url)
    theirs = prosecutor.locator('[data-test="model-schedules"]')
    expect(theirs.locator('[data-test="schedule-cron"]')).to_have_text("0 3 * * 1")
    expect(prosecutor.locator('[data-test="schedule-new"]')).to_have_count(0)
    expect(prosecutor.locator('[data-test="schedule-delete"]')).to_have_count(0)

    rows.locator('[data-test="schedule-delete"]').click()
    page.locator(".el-popconfirm").get_by_role("button", name="删除").click()
    expect(section).to_contain_text("尚无定时运行")
    expect(rows).to_have_count(0)
    assert schedules_of(modeller_api, modeller) == []
