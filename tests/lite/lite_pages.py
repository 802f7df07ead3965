"""Driving a module in the JupyterLite site the way a learner does: menus, clicks, keys.

The right answers come from the module spec inside the notebook itself (its first
code cell), so the test answers exactly the questions the site shows. Every wait
names what it waits for, so a timeout says which step of the learner's path broke.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lite_support import REPO
from playwright.sync_api import Locator, Page, expect

from generator.notebook import spec_from_setup

ARTIFACTS = REPO / "test-artifacts" / "lite"

# Pyodide boot and the IPython import dominate (16-26 s on these machines); a loaded
# 2-core CI machine gets headroom.
KERNEL_TIMEOUT_MS = 120_000
FEEDBACK_TIMEOUT_MS = 30_000
VERDICT = re.compile(r"✓ (Right|Saved)")


@dataclass(frozen=True)
class ModuleFile:
    """A module notebook of modules/: where it is in the site, and what it asks."""

    path: str  # relative to modules/, as in the site: <story>/<file>
    cells: list[dict[str, Any]]
    spec: dict[str, Any]

    @classmethod
    def read(cls, modules: Path, notebook: Path) -> ModuleFile:
        cells = json.loads(notebook.read_text("utf-8"))["cells"]
        loader = next(c for c in cells if "load_module(" in "".join(c["source"]))
        spec = spec_from_setup("".join(loader["source"]))
        return cls(notebook.relative_to(modules).as_posix(), cells, spec)

    @property
    def kinds(self) -> set[str]:
        return {q["kind"] for q in self.spec["questions"]}

    def first_of_kind(self, kind: str) -> dict[str, Any]:
        return next(q for q in self.spec["questions"] if q["kind"] == kind)

    def cell_index(self, call: str) -> int:
        """The position of the (only) cell whose code contains ``call``."""
        [index] = [i for i, c in enumerate(self.cells) if call in "".join(c["source"])]
        return index


class LiteNotebook:
    """A module open in the site's JupyterLab, in one browser tab."""

    def __init__(self, page: Page, module: ModuleFile) -> None:
        self.page, self.module = page, module
        self.panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
        self.opened_at = 0.0
        self.check_seconds = 0.0

    @classmethod
    def open(cls, page: Page, site_url: str, module: ModuleFile) -> LiteNotebook:
        """Open ``module`` as the index's "open in the browser" link does."""
        return cls.open_at(page, f"{site_url}lab/index.html?path={module.path}", module)

    @classmethod
    def open_at(cls, page: Page, url: str, module: ModuleFile) -> LiteNotebook:
        """Open ``module`` at ``url``: any JupyterLab 4 showing it (the benchmark opens
        the same module in a JupyterLab server, as the baseline)."""
        notebook = cls(page, module)
        notebook.opened_at = time.monotonic()
        page.goto(url)
        # JupyterLab first shows a placeholder notebook of one empty code cell, then the
        # file's cells. Run All in that moment runs the placeholder, and the loaded
        # cells never run (the kernel ends "Idle", no output, "Cell 42/42"): wait for
        # every cell of the file, not just a first one.
        expect(notebook.cells(), f"waiting for {module.path} to open").to_have_count(
            len(module.cells), timeout=60_000
        )
        return notebook

    def cells(self) -> Locator:
        return self.panel.locator(".jp-Notebook .jp-Cell")

    def cell(self, call: str) -> Locator:
        return self.cells().nth(self.module.cell_index(call))

    def wait_for_idle_kernel(self) -> None:
        # The status bar reads "Python (Pyodide) | Idle" (in JupyterLab "Python 3
        # (ipykernel) | Idle") once the kernel has answered; before that it reads "No
        # Kernel | Initializing", then "Python (Pyodide) | Unknown" while Pyodide boots
        # (the toolbar's data-status says "idle" before any kernel exists). Running all
        # cells before the kernel exists lost every execution.
        status = self.page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
        expect(status.first, f"waiting for the kernel of {self.module.path}").to_be_visible(
            timeout=KERNEL_TIMEOUT_MS
        )

    def run_all_cells(self) -> None:
        """Once the kernel is up, Run → Run All Cells, as the module's introduction says."""
        self.wait_for_idle_kernel()
        self.cells().first.click()  # the menu acts on the notebook that has focus
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        # JupyterLite 0.8 labels it "Run All Cells" (JupyterLab) or "Run All".
        item = self.page.get_by_role("menuitem", name=re.compile(r"^Run All( Cells)?$"))
        expect(item, "waiting for the Run menu").to_be_enabled(timeout=10_000)
        item.click()

    def name_field(self) -> Locator:
        return self.cell("m.show_learner()").get_by_role("textbox")

    def wait_for_first_widget(self) -> float:
        """Seconds from opening the page until the name field is shown."""
        expect(self.name_field(), "waiting for the first widget (the name field)").to_be_visible(
            timeout=KERNEL_TIMEOUT_MS
        )
        return time.monotonic() - self.opened_at

    def enter_name(self, name: str) -> None:
        field = self.name_field()
        field.fill(name)
        field.press("Enter")  # the field takes the name on Enter (continuous_update off)

    def question(self, qid: str) -> Locator:
        return self.cell(f'm.show_question("{qid}")').locator(".widget-vbox.samestory").first

    def answer_right(self, q: dict[str, Any]) -> Locator:
        """Give ``q``'s right answer through its widget, press Check; its feedback."""
        box = self.question(q["id"])
        box.scroll_into_view_if_needed()
        answer_with_widgets(box, q)
        pressed = time.monotonic()
        box.get_by_role("button", name="Check", exact=True).click()
        feedback = box.locator(".widget-html").last
        expect(feedback, f"waiting for feedback on {q['id']} ({q['kind']})").to_contain_text(
            VERDICT, timeout=FEEDBACK_TIMEOUT_MS
        )
        self.check_seconds = time.monotonic() - pressed  # for the benchmark
        return feedback

    def download_link(self) -> Locator:
        return self.cell("m.show_download()").get_by_role("link", name="Download my results")


def answer_with_widgets(box: Locator, q: dict[str, Any]) -> None:
    """Operate the controls generator/runtime/controls.py builds for each kind."""
    kind, answer = q["kind"], q.get("answer")
    if kind == "choice":
        box.get_by_role("radio", name=answer, exact=True).check()
    elif kind == "multi":
        for label in answer:
            box.get_by_role("checkbox", name=label, exact=True).check()
    elif kind == "match":
        menus = box.locator("select")
        for n, item in enumerate(q["items"]):
            menus.nth(n).select_option(label=answer[item["key"]])
    elif kind == "order":
        labels = {item["key"]: item["label"] for item in q["items"]}
        menus = box.locator("select")
        for n, key in enumerate(answer):
            menus.nth(n).select_option(label=labels[key])
    elif kind == "number":
        box.get_by_role("textbox").fill(format_number(answer))
    elif kind == "words":
        toggles = box.locator("button.widget-toggle-button")
        for index in answer:
            toggles.nth(index).click()
    elif kind == "reflect":
        words = max(q.get("min_words") or 0, 12)
        box.get_by_role("textbox").fill(
            " ".join(["The sources differ in who they credit."] * words)
        )
    else:
        raise AssertionError(f"no way to answer a {kind} question in the test")


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def screenshot(page: Page, name: str) -> None:
    """Keep what the browser showed (test-artifacts/lite/), for a failure's post-mortem."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):  # a screenshot must never hide the real failure
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
