"""Driving the model builder (模型构建器) in the browser the way a modeller does — typing into its
boxes, ticking columns, choosing from Element Plus selects by their visible Chinese texts — and
computing a model's leads with the real engine to compare what was built with a template.

Owns these helpers only; the fixtures (served demo, Chromium, signed-in pages) are
``conftest``'s, the tests ``test_model_builder``'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Locator, Page, expect

from jiancha.engines import open_engine
from jiancha.leads import LeadBuilder
from jiancha.modelling import compile_spec, load_spec
from jiancha.modelling.parameters import resolve
from jiancha.runs.inputs import bound_inputs
from jiancha.runs.runner import placeholders
from jiancha.store import Store
from tests.web.journey import box

OPTION = ".el-select-dropdown__item:visible"
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"
Lead = tuple[Any, tuple[Any, ...]]


def mark(name: str) -> str:
    return f'[data-test="{name}"]'


def option_text(text: str) -> re.Pattern[str]:
    """An option showing exactly ``text``, or ``text（中文名）`` (a column with its label)."""
    return re.compile(rf"^\s*{re.escape(text)}(（[^）]*）)?\s*$")


def dataset_text(name: str) -> re.Pattern[str]:
    """A dataset option: its name, then its rows (``刑事判决 143 行 · 已授权``)."""
    return re.compile(rf"^\s*{re.escape(name)}\s*\d+\s*行")


class BuilderPage:
    """The builder page open in ``page``: one method per thing a modeller does on it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        # no transitions: a select's dropdown opens and closes at once (the widgets' behaviour
        # is the same; only the waiting for their animations goes)
        page.add_style_tag(content=STILL)

    def at(self, name: str) -> Locator:
        return self.page.locator(mark(name))

    def pinned(self, name: str) -> Locator:
        """``name`` in the bar or the right panel, which stay pinned (el-affix) while the page
        scrolls: back at the top first, since Playwright's own scrolling towards a pinned
        element can race its re-pinning."""
        self.page.evaluate(
            "() => { document.querySelectorAll('.el-main').forEach((m) => { m.scrollTop = 0 });"
            " window.scrollTo(0, 0) }"
        )
        expect(self.at(name)).to_be_in_viewport()
        return self.at(name)

    def type(self, name: str, text: str) -> None:
        box(self.page, name).fill(text)

    def settle(self) -> None:
        """Wait for the validation answer to the last change (校验通过 or 有 N 处问题)."""
        shown = f"{mark('builder-valid')}, {mark('builder-invalid')}"
        # a tag leaving (its transition) and the one entering may both be there for a moment
        settled = self.page.locator(shown).locator("xpath=self::*[not(contains(@class, 'leave'))]")
        expect(settled.first).to_be_visible()

    def _open(self, name: str, item: Locator) -> None:
        """Open the select ``name`` until ``item`` shows (its options may wait for a compose)."""
        for attempt in range(4):
            self.at(name).click()
            try:
                item.wait_for(state="visible", timeout=2_500)
                return
            except Exception:
                if attempt == 3:
                    raise
                self.page.keyboard.press("Escape")
                self.settle()

    def choose(self, name: str, text: str | re.Pattern[str]) -> None:
        """Pick the option showing ``text`` in the single select ``name``."""
        expect(self.page.locator(".el-select-dropdown:visible")).to_have_count(0)
        pattern = option_text(text) if isinstance(text, str) else text
        item = self.page.locator(OPTION).filter(has_text=pattern).first
        self._open(name, item)
        item.click()
        expect(self.page.locator(".el-select-dropdown:visible")).to_have_count(0)

    def choose_many(self, name: str, texts: list[str]) -> None:
        """Pick ``texts`` in this order in the multiple select ``name``, then close it."""
        expect(self.page.locator(".el-select-dropdown:visible")).to_have_count(0)
        self._open(name, self.page.locator(OPTION).filter(has_text=option_text(texts[0])).first)
        for text in texts:
            self.page.locator(OPTION).filter(has_text=option_text(text)).first.click()
        self.page.keyboard.press("Escape")
        expect(self.page.locator(".el-select-dropdown:visible")).to_have_count(0)

    # ---- the form ----
    def basic_info(self, info: Mapping[str, str]) -> None:
        """``info``: id, name, description, legal_basis (one per line) typed; area, line,
        kind, risk chosen by their Chinese labels."""
        for key in ("id", "name", "description"):
            self.type(f"bi-{key}", info[key])
        self.type("bi-legal-basis", info["legal_basis"])
        for key in ("area", "line", "kind", "risk"):
            self.choose(f"bi-{key}", info[key])

    def parameter(self, i: int, name: str, type_label: str, default: str, label: str) -> None:
        self.at("param-add").click()
        self.type(f"param-name-{i}", name)
        self.choose(f"param-type-{i}", type_label)
        self.type(f"param-default-{i}", default)
        self.type(f"param-label-{i}", label)

    def input(self, i: int, name: str, label: str, dataset: str, fields: Mapping[str, str]) -> None:
        """Input ``i`` reading ``dataset``: each column of ``fields`` ticked and named."""
        self.at("input-add").click()
        self.type(f"input-name-{i}", name)
        self.type(f"input-label-{i}", label)
        self.choose(f"input-dataset-{i}", dataset_text(dataset))
        for column, field in fields.items():
            self.tick(f"input-column-{i}-{column}")
            self.type(f"input-field-name-{i}-{column}", field)

    def tick(self, name: str) -> None:
        """Tick the checkbox ``name`` once the last change has been validated, and see it
        ticked: a validation answer shows or hides the problems above the columns and moves
        them, and a click racing it on a loaded machine once landed beside its box."""
        self.settle()
        box = self.at(name)
        box.click()
        expect(box).to_have_class(re.compile(r"\bis-checked\b"))

    def add_step(self, kind: str, index: int, label: str) -> None:
        self.at(f"add-{kind}").click()
        expect(self.at(f"step-{index}")).to_be_visible()
        self.type(f"step-label-{index}", label)
        self.settle()

    def condition(self, i: int, k: int, column: str, op: str, /, **right: str) -> None:
        """Condition row ``k`` of step ``i``: ``column`` ``op`` and one of ``value=`` (typed),
        ``param=``, ``column=`` (another column) or ``days=`` (a parameter of days before
        today), the operand kind chosen first."""
        ids = f"{i}-{k}"
        if not self.page.locator(mark(f"cond-column-{ids}")).count():
            self.at(f"cond-add-{i}").click()
        self.choose(f"cond-column-{ids}", column)
        self.choose(f"cond-op-{ids}", op)
        kinds = {"value": "值", "param": "参数", "column": "列", "days": "今天之前 N 天"}
        for kind, text in right.items():
            if kind != "value":  # a value is the operand's first kind
                self.choose(f"cond-kind-{ids}", kinds[kind])
            if kind == "value":
                self.type(f"cond-value-{ids}", text)
            elif kind == "column":
                self.choose(f"cond-value-{ids}", text)
            else:
                self.choose(f"cond-param-{ids}", text)
        self.settle()

    def named(self, prefix: str, i: int, items: list[tuple[str, str, str]]) -> None:
        """The derive columns or measures of step ``i``: (name, expression, Chinese label)."""
        for k, (name, expr, label) in enumerate(items):
            if not self.page.locator(mark(f"{prefix}-name-{i}-{k}")).count():
                self.at(f"{prefix}-add-{i}").click()
            self.type(f"{prefix}-name-{i}-{k}", name)
            self.type(f"{prefix}-expr-{i}-{k}", expr)
            self.type(f"{prefix}-label-{i}-{k}", label)
        self.settle()

    def lead(self, lead: Mapping[str, Any]) -> None:
        """The lead section: subject type, key and name, title (its first column inserted by
        its chip at the start), evidence in order, jurisdiction when given."""
        self.choose("lead-subject-type", lead["type"])
        self.choose("lead-subject-key", lead["key"])
        self.choose("lead-subject-name", lead["name"])
        first, rest = re.match(r"^\{(\w+)\}(.*)$", lead["title"]).groups()  # type: ignore[union-attr]
        self.type("lead-title", rest)
        box(self.page, "lead-title").press("Home")
        self.at(f"title-chip-{first}").click()
        expect(box(self.page, "lead-title")).to_have_value(lead["title"])
        self.choose_many("lead-evidence", lead["evidence"])
        if lead.get("jurisdiction"):
            self.choose("lead-jurisdiction", lead["jurisdiction"])
        self.settle()

    # ---- preview and save ----
    def preview(self, steps: int) -> dict[str, Any]:
        """Run 预览; the rows each step card shows, the lead count and the seconds."""
        self.pinned("tab-preview").click()
        self.pinned("preview-run").click()
        count = self.at("preview-lead-count")
        expect(count).to_have_text(re.compile(r"^\d+$"))
        rows = []
        for i in range(steps):
            shown = self.at(f"step-rows-{i}")
            expect(shown).to_have_text(re.compile(r"^\d+$"))
            rows.append(int(shown.inner_text()))
        seconds = float(self.at("preview-seconds").inner_text())
        return {"rows": rows, "leads": int(count.inner_text()), "seconds": seconds}

    def save(self, changelog: str) -> str:
        """Save with ``changelog``; the version line the dialog shows (``slug · v1.0.0``)."""
        expect(self.at("builder-save")).to_be_enabled()
        self.pinned("builder-save").click()
        self.type("save-changelog", changelog)
        self.at("save-confirm").click()
        expect(self.at("save-version")).to_be_visible()
        return self.at("save-version").inner_text()


def leads_of(
    store: Store, spec_text: str, bindings: Mapping[str, Any], run_date: dt.date
) -> set[Lead]:
    """The leads a spec finds on its bound datasets run on ``run_date`` by DuckDB, each as
    (subject key, evidence values in order) — what a lead's fingerprint is made of."""
    spec = load_spec(spec_text, "builder-test")
    compiled = compile_spec(spec, {name: b["fields"] for name, b in bindings.items()})
    values = resolve(spec.parameters, {}, run_date)
    query = compiled.query("duckdb")
    bound = {k: v for k, v in values.items() if k in placeholders(query)}
    with open_engine("duckdb") as engine:
        engine.register(bound_inputs(store, bindings).views)
        table = engine.execute(query.sql(dialect="duckdb"), bound)
    builder = LeadBuilder(compiled, values, key=b"builder-test")
    return {
        (row[builder.key], tuple(row[physical] for _, physical in builder.evidence))
        for row in table.to_pylist()
    }
