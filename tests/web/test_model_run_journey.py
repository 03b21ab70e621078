"""A modeller finds a model (建模中心 → 监督模型), reads what it does, runs it from the console
with its parameters checked in the form, watches the background job to its end, and finds the
run among the jobs (后台任务). Default parameters, so the demo's leads stay as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import Account, field
from tests.web.journey import Api

MODEL = "custodial-sentence-not-executed"
NAME = "审前未羁押判处实刑罪犯未交付执行监督模型"


def test_modeller_runs_a_model_and_watches_the_job(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    base_url: str,
    accounts: dict[str, Account],
) -> None:
    page = page_as("modeller")
    page.locator('[data-test="menu-/models"]').click()
    field(page, "model-q").fill("custodial-sentence-not-executed")  # not the builder's copies
    page.locator('[data-test="model-search"]').click()
    rows = page.locator('[data-test="model-table"] .el-table__row')
    # the province's adoption and the three districts' that adopted it, each its own row
    expect(rows).to_have_count(4)
    offices = rows.locator('[data-test="model-org"]')
    expect(offices).to_have_count(4)
    assert sorted(offices.all_inner_texts()) == sorted(
        f"采用单位：{n}"
        for n in (
            "浙江省人民检察院",
            "杭州市上城区人民检察院",
            "杭州市西湖区人民检察院",
            "绍兴市越城区人民检察院",
        )
    )
    shot(page, "modeller-models")
    own = rows.filter(has_text="采用单位：浙江省人民检察院")  # the modeller's office's adoption
    own.get_by_role("link", name=NAME).click()
    expect(page.locator('[data-test="model-name"]')).to_have_text(NAME)
    expect(page.locator('[data-test="model-org"]')).to_have_text("浙江省人民检察院")
    expect(page.locator('[data-test="legal-basis"]')).to_contain_text("刑事诉讼法")

    grace = field(page, "run-param-grace_days")
    expect(grace).to_have_value("30")  # the spec's default
    grace.fill("三十")
    page.locator('[data-test="run-submit"]').click()
    form = page.locator('[data-test="run-form"]')
    expect(form.locator(".el-form-item__error")).to_have_text("生效后宽限天数应为整数")
    expect(page.locator('[data-test="job-progress"]')).to_have_count(0)  # nothing was sent
    shot(page, "modeller-run-invalid")

    grace.fill("30")
    page.locator('[data-test="run-submit"]').click()
    result = page.locator('[data-test="run-result"]')
    expect(result).to_contain_text("运行完成", timeout=30_000)
    expect(page.locator('[data-test="job-progress"]')).to_contain_text("100%")
    shot(page, "modeller-run-done")

    jobs = Api(base_url, accounts["modeller"]).get("/api/jobs", mine="true", kind="run")
    job = jobs["items"][0]
    assert job["subject"] == MODEL and job["status"] == "succeeded"
    assert f"线索 {job['result']['leads']} 条" in result.inner_text()

    page.locator('[data-test="menu-/jobs"]').click()
    expect(page.locator(f'[data-test="job-status-{job["id"]}"]')).to_have_text("已完成")
    shot(page, "modeller-jobs")
