"""Driving JupyterLab and Voila the way a student does: menus, clicks, keys.

Every wait names what it waits for, so a timeout says which step of the student's
path broke (the kernel never became idle, the widgets never rendered, ...).
"""

from __future__ import annotations

import itertools

from browser_modules import ModuleFile
from browser_server import JupyterServer
from playwright.sync_api import Locator, Page, expect

# Bounded but generous: a cold kernel on a loaded 2-core machine can take 20 s.
KERNEL_IDLE_TIMEOUT_MS = 60_000
PAGE_LOAD_TIMEOUT_MS = 60_000
VOILA_RENDER_TIMEOUT_MS = 90_000
WIDGETS_TIMEOUT_MS = 30_000

# Where cells put their output, in both frontends (Voila uses JupyterLab's renderers).
OUTPUT_SELECTOR = ".jp-OutputArea-output"
ERROR_OUTPUT_SELECTOR = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    ".jp-OutputArea-output.jp-mod-error, .jp-RenderedText.jp-mod-error"
)

_workspace_numbers = itertools.count(1)


def expect_visible(locator: Locator, what: str, timeout_ms: float) -> None:
    expect(locator, f"waiting for {what}").to_be_visible(timeout=timeout_ms)


class LabNotebook:
    """A notebook open in JupyterLab, with its kernel idle."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.path = path
        self.panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first

    @classmethod
    def open(cls, page: Page, server: JupyterServer, path: str) -> LabNotebook:
        workspace = f"samestory-test-{next(_workspace_numbers)}"
        page.goto(server.lab_url(path, workspace), timeout=PAGE_LOAD_TIMEOUT_MS)
        notebook = cls(page, path)
        expect_visible(notebook.panel, f"JupyterLab to open {path}", PAGE_LOAD_TIMEOUT_MS)
        notebook.fail_if_kernel_dialog_shown()
        notebook.wait_for_idle_kernel(f"the kernel of {path} to start")
        return notebook

    def fail_if_kernel_dialog_shown(self) -> None:
        # Only for a notebook without kernelspec metadata; generated modules have it,
        # so the dialog appearing would itself be a bug a student would meet.
        dialog = self.page.locator(".jp-Dialog")
        if dialog.count() and dialog.is_visible():
            raise AssertionError(
                f"JupyterLab asked to select a kernel for {self.path}: "
                f"{dialog.inner_text()[:300]!r}"
            )

    def wait_for_idle_kernel(self, what: str) -> None:
        # The status bar's kernel item reads "Python 3 (ipykernel) | Idle" once a
        # kernel exists and is idle (the toolbar indicator says idle before that).
        status = self.page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
        expect_visible(status.first, what, KERNEL_IDLE_TIMEOUT_MS)

    def run_all_cells(self, done: Locator, what: str) -> None:
        """Run → Run All Cells, as the module's introduction tells students to.

        ``done`` is what the last cell shows once it has run: hidden cells show no
        execution count, so the outputs themselves are what can be waited for.
        """
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        item = self.page.get_by_role("menuitem", name="Run All Cells", exact=True)
        expect_visible(item, "the Run menu to open", 10_000)
        item.click()
        expect_visible(done, what, KERNEL_IDLE_TIMEOUT_MS)
        self.wait_for_idle_kernel(f"the kernel of {self.path} to finish running all cells")

    def save(self) -> None:
        """Ctrl+S, then wait until JupyterLab no longer marks the notebook unsaved."""
        self.panel.click(position={"x": 5, "y": 5})  # focus the notebook, not a widget
        self.page.keyboard.press("Control+s")
        dirty_tab = self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")
        expect(dirty_tab, f"waiting for {self.path} to be saved").to_have_count(0, timeout=30_000)

    def cell(self, index: int) -> Locator:
        """The notebook's cell number ``index`` (0-based, markdown cells included)."""
        return self.panel.locator(".jp-Notebook-cell").nth(index)

    def visible_code_editors(self) -> Locator:
        """Code inputs a student can see (hidden ones show a placeholder instead)."""
        return self.panel.locator(".jp-CodeCell .jp-InputArea-editor:visible")


class VoilaApp:
    """A notebook rendered by Voila (it runs every cell on load)."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.path = path
        self.panel = page.locator("#rendered_cells")

    @classmethod
    def open(cls, page: Page, server: JupyterServer, path: str) -> VoilaApp:
        page.goto(server.voila_url(path), timeout=VOILA_RENDER_TIMEOUT_MS)
        app = cls(page, path)
        expect_visible(app.panel, f"Voila to render {path}", VOILA_RENDER_TIMEOUT_MS)
        expect(
            page.locator("#loading"), f"waiting for Voila's spinner on {path} to go away"
        ).to_be_hidden(timeout=VOILA_RENDER_TIMEOUT_MS)
        return app

    def cell(self, index: int) -> Locator:
        # Voila wraps every cell of the notebook in <div cell-index="n">, 1-based.
        return self.panel.locator(f'[cell-index="{index + 1}"]')

    def visible_code_editors(self) -> Locator:
        return self.panel.locator(".jp-CodeCell .jp-InputArea-editor:visible")


def error_outputs(panel: Locator) -> Locator:
    return panel.locator(ERROR_OUTPUT_SELECTOR)


# The runtime's outer box of each thing a cell shows (name field, question, summary):
# an ipywidgets VBox with the CSS class "samestory".
WIDGET_BOX = ".widget-vbox.samestory"


class ModulePage:
    """A samestory module open in a frontend, every cell run, widgets rendered."""

    def __init__(self, frontend: str, page: Page, app, module: ModuleFile, events) -> None:
        self.frontend, self.page, self.app, self.module, self.events = (
            frontend,
            page,
            app,
            module,
            events,
        )

    @classmethod
    def open(
        cls, frontend: str, page: Page, server: JupyterServer, module: ModuleFile, events
    ) -> ModulePage:
        last_cell = module.code_cells[-1]
        if frontend == "lab":
            app = LabNotebook.open(page, server, module.path)
            done = app.cell(last_cell).locator(".jp-OutputArea-output").first
            app.run_all_cells(done, f"the last cell of {module.path} to show its output")
        else:
            app = VoilaApp.open(page, server, module.path)
        opened = cls(frontend, page, app, module, events)
        for qid in module.question_cells:
            expect_visible(
                opened.question_box(qid),
                f"question {qid} of {module.path} to render in {frontend}",
                WIDGETS_TIMEOUT_MS,
            )
        return opened

    @property
    def panel(self) -> Locator:
        return self.app.panel

    def question_box(self, qid: str) -> Locator:
        return self.app.cell(self.module.question_cells[qid]).locator(WIDGET_BOX).first

    def summary(self) -> Locator:
        return self.app.cell(self.module.summary_cell).locator(".samestory-summary").first

    def phrase(self, key: str, **fields) -> str:
        return self.module.text[key].format(**fields)
