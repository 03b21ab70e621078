"""A data administrator imports files through the console (数据 → 导入数据).

A GBK CSV with a row that has one column too many: the import runs as a background job, its
progress is shown, and it fails with the error naming the offending line (the importer never
drops a row silently). The same file without the bad row then imports, and the new dataset's
page shows its fields and quality report. Screenshots of every page visited.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import field

HEADER = "案号,被告人姓名,公民身份号码,判决日期"
GOOD = [
    "（2024）浙0102刑初1号,王小明,330102199001011234,2024-03-01",
    "（2024）浙0102刑初2号,李华,330102198502023456,2024-03-05",
]
BAD = "（2024）浙0102刑初3号,张三,330102197003035678,2024-03-09,多出的一列"


def write_gbk(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    return path


def import_file(page: Page, file: Path, name: str) -> None:
    """Fill the import form (GBK chosen) and start the job."""
    page.locator('[data-test="import-file"] input[type="file"]').set_input_files(str(file))
    field(page, "import-name").fill(name)
    page.locator('[data-test="encoding-gbk"]').click()
    page.locator('[data-test="import-submit"]').click()


def test_data_admin_imports_a_gbk_csv_and_sees_the_bad_line(
    page_as: Callable[[str], Page],
    shot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    page = page_as("data_admin")
    page.locator('[data-test="menu-/data"]').click()
    expect(page.locator('[data-test="dataset-table"] .el-table__row').first).to_be_visible()
    shot(page, "data_admin-data-catalogue")

    # line 1 is the header, so the bad row (third data row) is line 4 of the file
    bad = write_gbk(tmp_path / "判决（含错行）.csv", [HEADER, *GOOD, BAD])
    page.locator('[data-test="menu-/data/import"]').click()
    expect(page.locator('[data-test="import-form"]')).to_be_visible()
    import_file(page, bad, "浏览器导入测试")
    error = page.locator('[data-test="import-error"]')
    expect(error).to_contain_text("第 4 行", timeout=30_000)
    expect(error).to_contain_text("5 列")
    expect(page.get_by_text("第 4 行有 5 列")).to_have_count(1)  # said once, not twice
    expect(page.locator('[data-test="import-result"]')).to_have_count(0)
    shot(page, "data_admin-import-bad-line")

    good = write_gbk(tmp_path / "判决.csv", [HEADER, *GOOD])
    page.locator('[data-test="import-again"]').click()
    import_file(page, good, "浏览器导入测试")
    result = page.locator('[data-test="import-result"]')
    expect(result).to_contain_text("共 2 行", timeout=30_000)
    expect(result).to_contain_text("第 1 版")
    shot(page, "data_admin-import-done")

    result.get_by_role("link", name="查看数据集与质量报告").click()
    expect(page.locator('[data-test="dataset-name"]')).to_have_text("浏览器导入测试")
    expect(page.locator('[data-test="dataset-fields"]')).to_contain_text("公民身份号码")
    page.get_by_role("tab", name="版本（1）").click()
    expect(page.locator('[data-test="dataset-versions"]')).to_contain_text("GBK")
    shot(page, "data_admin-dataset-detail")
