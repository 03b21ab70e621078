"""The model builder (模型构建器, issue 18) in the browser, as the demo's modeller uses it.

Two shipped templates are rebuilt from a blank page by clicks and typing alone — the collision
审前未羁押判处实刑罪犯未交付执行 (filters, an anti-join with its condition, a derived column)
and the profile 同一单位车辆频发致人死亡交通事故 (an aggregate with measures and a condition on
the groups, risk 高风险) — under ids of their own, bound to the demo datasets the templates
bind; each is previewed (rows after every step, the lead count) and saved with a change note.
The saved spec then finds, by the real engine on the same data and run date, exactly the leads
of the template. Also: a problem in an expert expression shows under its step as one types and
blocks saving until fixed, and a YAML text edited by hand opens in the form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from jiancha import clock
from jiancha.demo.datasets import demo_binds
from jiancha.modelling import load_spec
from jiancha.modelling.install import bind
from jiancha.store import ModelVersion, SupervisionModel, open_store
from jiancha.templates import TEMPLATE_DIR, load_template
from tests.web.builder_steps import BuilderPage, Lead, leads_of, mark
from tests.web.conftest import DemoWorkspace
from tests.web.journey import box

CUSTODIAL = "custodial-sentence-not-executed"
FATAL = "fatal-accidents-same-company"


@pytest.fixture
def builder(page_as: Callable[[str], Page], base_url: str) -> Iterator[BuilderPage]:
    """A blank builder page of the demo's modeller."""
    page = page_as("modeller")
    page.goto(f"{base_url}/models/new/builder")
    expect(page.locator(mark("add-from"))).to_be_visible()
    yield BuilderPage(page)


@pytest.fixture
def own_store(monkeypatch: pytest.MonkeyPatch, demo_workspace: DemoWorkspace) -> Iterator[Any]:
    """The served demo's own store (its SQLite file, as the served app reads it)."""
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    store = open_store(demo_workspace.workspace)
    yield store
    store.close()


def basic_info(template: str, new_id: str, labels: tuple[str, str, str, str]) -> dict[str, str]:
    """What the modeller types about the model: the template's texts under ``new_id``."""
    spec = load_template(template)
    area, line, kind, risk = labels
    legal = "\n".join(spec.legal_basis)
    typed = {"id": new_id, "name": f"{spec.name}（构建器）", "description": spec.description}
    return typed | {"legal_basis": legal, "area": area, "line": line, "kind": kind, "risk": risk}


def same_leads_as_template(store: Any, slug: str, template: str, changelog: str) -> set[Lead]:
    """The saved model (its version with ``changelog``) and its leads, checked equal to the
    template's (same data, same run date)."""
    with store.session() as session:
        saved = session.scalar(select(SupervisionModel).where(SupervisionModel.slug == slug))
        assert saved is not None, f"构建器保存的模型 {slug} 不在库中"
        version = session.get(ModelVersion, saved.version_id)
        assert version is not None and version.spec_text == saved.spec_text
        assert version.changelog == changelog
        text, bindings = saved.spec_text, saved.bindings
    spec = load_template(template)
    expected_bindings = {n: b.as_json() for n, b in bind(store, spec, demo_binds(spec)).items()}
    today = clock.china_today()
    built = leads_of(store, text, bindings, today)
    expected = leads_of(
        store,
        (TEMPLATE_DIR / f"{template}.yaml").read_text(encoding="utf-8"),
        expected_bindings,
        today,
    )
    assert built, f"{slug} 在演示数据上没有线索，无法比较"
    assert built == expected
    return built


def checked_preview(
    builder: BuilderPage, steps: int, name: str, shot: Callable[..., Path]
) -> dict[str, Any]:
    """The form valid with no problem anywhere, then 预览 run: what it showed (printed)."""
    expect(builder.at("builder-valid")).to_have_text("校验通过")
    assert builder.page.locator(mark("problem")).count() == 0
    shown = builder.preview(steps)
    shot(builder.page, name)
    print(
        f"\n{name}: 各步行数 {shown['rows']}，线索 {shown['leads']} 条，用时 {shown['seconds']} 秒"
    )
    assert shown["rows"][-1] >= shown["leads"] > 0
    return shown


def test_build_custodial_sentence_from_scratch(
    builder: BuilderPage, own_store: Any, shot: Callable[..., Path]
) -> None:
    slug = "builder-custodial-sentence"
    labels = ("刑事检察", "刑事执行检察", "碰撞", "中风险")
    builder.basic_info(basic_info(CUSTODIAL, slug, labels))
    builder.parameter(0, "grace_days", "整数", "30", "生效后宽限天数")
    builder.parameter(1, "custodial", "文本列表", "有期徒刑、拘役、无期徒刑", "实刑刑种")
    builder.parameter(2, "not_detained", "文本列表", "取保候审、监视居住", "审前非羁押措施")
    judgments = {"案号": "case_no", "公民身份号码": "person_id", "被告人姓名": "name"}
    judgments |= {"审判法院": "court", "刑种": "sentence_type", "是否缓刑": "probation"}
    judgments |= {"审前强制措施": "pretrial_measure", "判决日期": "judgment_date"}
    judgments |= {"判决生效日期": "effective_date"}
    builder.input(0, "j", "刑事判决", "刑事判决", judgments)
    builder.input(
        1, "p", "监狱收押", "监狱收押", {"身份证号": "person_id", "收押日期": "intake_date"}
    )

    builder.add_step("from", 0, "逐条审查刑事判决")
    builder.add_step("filter", 1, "判决书载明的公民身份号码可以识别")
    builder.condition(1, 0, "person_id", "不为空")
    builder.add_step("filter", 2, "判决书中判处实刑（{custodial}）且未宣告缓刑")
    builder.condition(2, 0, "sentence_type", "属于", param="custodial")
    builder.condition(2, 1, "probation", "为假")
    builder.add_step("filter", 3, "审前未被羁押（{not_detained}）")
    builder.condition(3, 0, "pretrial_measure", "属于", param="not_detained")
    builder.add_step("filter", 4, "判决生效已逾 {grace_days} 日")
    builder.condition(4, 0, "effective_date", "小于等于", days="grace_days")
    builder.add_step("anti_join", 5, "监狱收押名册中找不到此人")
    builder.choose("join-input-5", "p（监狱收押）")
    builder.choose("join-left-5-0", "person_id")
    builder.choose("join-right-5-0", "person_id")
    builder.condition(5, 0, "p.intake_date", "大于等于", column="judgment_date")
    builder.add_step("derive", 6, "计算判决生效至今的天数")
    overdue = "date_diff('day', effective_date, current_date)"
    builder.named("derive", 6, [("days_overdue", overdue, "判决生效至今天数")])
    evidence = ["case_no", "name", "person_id", "court", "sentence_type", "pretrial_measure"]
    title = "{name}：{court}判处{sentence_type}（{case_no}），生效逾{days_overdue}日未交付执行"
    lead = {"type": "人员", "key": "person_id", "name": "name", "jurisdiction": "court"}
    builder.lead(lead | {"evidence": [*evidence, "effective_date"], "title": title})
    shown = checked_preview(builder, 7, "builder-custodial-preview", shot)
    builder.pinned("tab-yaml").click()
    expect(builder.at("yaml-text")).to_contain_text(
        "anti_join: {input: p, on: [[person_id, person_id]]"
    )
    changelog = "用构建器从零搭建审前未羁押实刑未交付执行模型"
    assert builder.save(changelog) == f"{slug} · v1.0.0"
    expect(builder.at("save-dialog")).to_contain_text("已保存为第 1.0.0 版")
    expect(builder.at("save-dialog")).to_contain_text("新安装的模型")
    expect(builder.page).to_have_url(re.compile(rf"/models/{slug}/builder"))

    leads = same_leads_as_template(own_store, slug, CUSTODIAL, changelog)
    assert shown["leads"] == len(leads)


def test_build_fatal_accidents_profile_from_scratch(
    builder: BuilderPage, own_store: Any, shot: Callable[..., Path]
) -> None:
    slug = "builder-fatal-accidents"
    builder.basic_info(basic_info(FATAL, slug, ("刑事检察", "普通犯罪检察", "画像", "高风险")))
    builder.parameter(0, "window_days", "整数", "180", "统计最近天数")
    builder.parameter(1, "min_accidents", "整数", "3", "致死事故起数下限")
    builder.parameter(2, "responsibilities", "文本列表", "全部、主要", "计入的事故责任")
    accidents = {"事故编号": "accident_no", "事故日期": "accident_date"}
    accidents |= {"车辆所属单位信用代码": "credit_code", "车辆所属单位": "company"}
    accidents |= {"死亡人数": "deaths", "事故责任": "responsibility"}
    builder.input(0, "t", "交通事故", "交通事故", accidents)

    builder.add_step("from", 0, "逐起审查交通事故")
    builder.add_step("filter", 1, "车辆所属单位的统一社会信用代码可以识别")
    builder.condition(1, 0, "credit_code", "不为空")
    builder.add_step("filter", 2, "事故造成人员死亡")
    builder.condition(2, 0, "deaths", "大于", value="0")
    builder.add_step("filter", 3, "车辆一方负{responsibilities}责任")
    builder.condition(3, 0, "responsibility", "属于", param="responsibilities")
    builder.add_step("filter", 4, "事故发生在最近 {window_days} 日内")
    builder.condition(4, 0, "accident_date", "大于等于", days="window_days")
    builder.add_step("aggregate", 5, "同一单位的车辆致人死亡事故不少于 {min_accidents} 起")
    builder.choose_many("agg-by-5", ["credit_code"])
    measures = [("company_name", "max(company)", "单位名称")]
    measures.append(("accidents", "count(DISTINCT accident_no)", "死亡事故起数"))
    measures.append(("total_deaths", "sum(deaths)", "死亡人数合计"))
    measures.append(("first_date", "min(accident_date)", "首次事故日期"))
    measures.append(("last_date", "max(accident_date)", "最近事故日期"))
    builder.named("measure", 5, measures)
    builder.condition(5, 0, "accidents", "大于等于", param="min_accidents")
    title = "{company_name}：{first_date}至{last_date}车辆发生{accidents}起负全部或主要责任的"
    builder.lead(
        {"type": "单位（企业）", "key": "credit_code", "name": "company_name"}
        | {
            "evidence": ["credit_code", "company_name"],
            "title": f"{title}致人死亡事故，共死亡{{total_deaths}}人",
        }
    )
    shown = checked_preview(builder, 6, "builder-fatal-preview", shot)
    builder.pinned("tab-yaml").click()
    expect(builder.at("yaml-text")).to_contain_text("risk: high")
    changelog = "用构建器从零搭建同一单位致死事故画像模型"
    assert builder.save(changelog) == f"{slug} · v1.0.0"
    expect(builder.at("save-dialog")).to_contain_text("已保存为第 1.0.0 版")

    leads = same_leads_as_template(own_store, slug, FATAL, changelog)
    assert shown["leads"] == len(leads)
    with own_store.session() as session:
        saved = session.scalar(select(SupervisionModel).where(SupervisionModel.slug == slug))
        assert saved is not None and saved.risk == "high" and saved.kind == "profile"


def test_expert_expression_problem_shows_under_its_step_as_one_types(
    page_as: Callable[[str], Page], base_url: str, shot: Callable[..., Path]
) -> None:
    page = page_as("modeller")
    page.goto(f"{base_url}/models/{CUSTODIAL}")
    page.locator(mark("open-builder")).click()
    builder = BuilderPage(page)
    expect(page).to_have_url(re.compile(rf"/models/{CUSTODIAL}/builder"))
    expect(builder.at("builder-valid")).to_be_visible()
    step = builder.at("step-4")
    builder.at("cond-expert-4").click()
    expect(box(page, "expr-4")).to_have_value("effective_date <= current_date - :grace_days")

    box(page, "expr-4").fill("effective_dat <= current_date - :grace_days")
    problem = step.locator(mark("problem"))
    expect(problem).to_contain_text("未知的列")
    expect(problem).to_contain_text("是否应为 `effective_date`")
    expect(problem.locator("mark").first).to_have_text("effective_dat")
    expect(builder.at("builder-save")).to_be_disabled()
    expect(builder.at("builder-invalid")).to_be_visible()
    shot(page, "builder-problem")

    box(page, "expr-4").fill("effective_date <= current_date - :grace_days")
    expect(builder.at("builder-valid")).to_be_visible()
    expect(step.locator(mark("problem"))).to_have_count(0)
    expect(builder.at("builder-save")).to_be_enabled()


def test_yaml_edited_by_hand_opens_in_the_form(builder: BuilderPage) -> None:
    text = (TEMPLATE_DIR / f"{FATAL}.yaml").read_text(encoding="utf-8")
    edited = text.replace(
        "min_accidents: {type: integer, default: 3,", "min_accidents: {type: integer, default: 5,"
    )
    assert edited != text and load_spec(edited, "edited").parameters["min_accidents"].default == 5
    builder.pinned("yaml-open").click()
    box(builder.page, "yaml-input").fill(edited)
    builder.at("yaml-apply").click()
    expect(builder.at("yaml-dialog")).to_be_hidden()
    expect(box(builder.page, "bi-id")).to_have_value(FATAL)
    expect(box(builder.page, "param-name-1")).to_have_value("min_accidents")
    expect(box(builder.page, "param-default-1")).to_have_value("5")
    expect(box(builder.page, "param-default-2")).to_have_value("全部、主要")
    expect(builder.at("step-5")).to_be_visible()
