"""Shared use (issue 13, "Runtime and shared use"), in a real browser.

Two students open the same module on one server, each in a browser context of their
own (no cookies or storage shared: two computers): neither sees the other's name or
answers, and a student who comes back and types the same name is offered their own
answers, and gets them back on "Resume". And the results table a student sees shows
the same score as the summary above it, in JupyterLab, Notebook 7 and Voila (Voila
ignores updates of display outputs: it once showed "Score: 0" under a summary of 14.9).
"""

from __future__ import annotations

import re

import pytest
from browser_answers import answer_by_mouse
from browser_checks import page_problems, screenshot_from
from browser_pages import ModulePage, expect_visible
from playwright.sync_api import Locator, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.runtime.summary import points
from generator.runtime.texthtml import format_score

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

ANA, BEN = "Ana Shared-Use", "Ben Other"


def graded_choices(module) -> list[dict]:
    return [q for q in module.spec["questions"] if q["kind"] == "choice" and q.get("graded", True)]


@pytest.fixture(scope="module")
def module(modules):
    """The module with the fewest questions that has two choice questions (each page
    runs the whole module: the fewer widgets, the faster on two shared cores)."""
    fitting = [m for m in modules.values() if len(graded_choices(m)) >= 2]
    return min(fitting, key=lambda m: len(m.spec["questions"]))


@pytest.fixture
def student(browser_session, jupyter_server, served_root):
    """``student(frontend, module, label)`` -> a ModulePage in a new browser context."""
    contexts = []

    def open_module(frontend: str, module, label: str) -> ModulePage:
        context = browser_session.new_student()
        contexts.append(context)
        page = context.new_page()
        events = context.network_guard.watch(page, label)
        return ModulePage.open(frontend, page, jupyter_server, module, events)

    yield open_module
    for context in contexts:
        context.close()
    jupyter_server.shutdown_kernels()


def fresh(module_pages, served_root, module) -> None:
    """No answer log and a pristine notebook for the next page (and no page open)."""
    module_pages.close()
    module_pages.reset(module)


def name_field(opened: ModulePage) -> Locator:
    return opened.panel.get_by_label(opened.phrase("learner_label"), exact=True)


def type_name(opened: ModulePage, name: str) -> None:
    field = name_field(opened)
    field.click()
    field.fill(name)
    field.press("Enter")  # the field takes the name on Enter
    expect(results_table(opened), f"waiting for {name} in the results").to_contain_text(name)


def resume_button(opened: ModulePage) -> Locator:
    start = opened.module.text["resume_offer"].split("{")[0]
    return opened.panel.get_by_role("button", name=re.compile("^" + re.escape(start)))


def results_table(opened: ModulePage) -> Locator:
    """The results output this front end shows (the display output, or in Voila the
    widget that stands in for it): the one that is visible."""
    heading = opened.phrase("results_heading", title=opened.module.spec["title"])
    return opened.panel.locator(".jp-OutputArea-output:visible", has_text=heading)


def answer(opened: ModulePage, answer_key, questions: list[dict], rights: list[bool]) -> None:
    key = answer_key[opened.module.story][opened.module.module]
    for question, right in zip(questions, rights, strict=True):
        answer_by_mouse(opened, question, key[question["id"]]["answer"], right=right)


def expect_same_score(opened: ModulePage, score: float) -> None:
    """The summary and the visible results table show ``score`` of every graded point."""
    graded = sum(1 for q in opened.module.spec["questions"] if q.get("graded", True))
    summary_line = opened.phrase(
        "summary_score", score=points(score), max_score=graded, percent=points(100 * score / graded)
    )
    expect(opened.summary(), "waiting for the summary's score").to_contain_text(summary_line)
    results_line = opened.phrase("results_score", score=format_score(score), max_score=graded)
    table = results_table(opened)
    expect(table, "one results table visible").to_have_count(1)
    expect(table, f"waiting for the results table to say {results_line!r}").to_contain_text(
        results_line
    )


def expect_nothing_of(opened: ModulePage, other: str) -> None:
    expect(opened.panel, f"{other}'s name must not be on this page").not_to_contain_text(other)
    expect(name_field(opened)).to_have_value("")
    expect(opened.summary()).to_contain_text(opened.phrase("summary_nothing_yet"))
    expect(results_table(opened)).to_contain_text(opened.phrase("results_no_learner"))
    expect(resume_button(opened)).to_be_hidden()


@pytest.mark.parametrize("frontend", ["voila", "lab"])
def test_two_students_never_see_each_others_work(
    frontend, module, student, module_pages, served_root, answer_key, screenshot_dir, jupyter_server
):
    fresh(module_pages, served_root, module)
    first, second = graded_choices(module)[:2]

    ana = student(frontend, module, f"{frontend} Ana")
    type_name(ana, ANA)
    answer(ana, answer_key, [first, second], [True, False])
    expect_same_score(ana, 1.0)

    # Ben opens the same module while Ana's page is still open (in JupyterLab that
    # is even the same kernel: one per notebook file).
    ben = student(frontend, module, f"{frontend} Ben")
    expect_nothing_of(ben, ANA)
    type_name(ben, BEN)
    expect(resume_button(ben), "nothing to resume for Ben").to_be_hidden()
    answer(ben, answer_key, [first], [False])
    expect_same_score(ben, 0.0)
    screenshot_from(results_table(ben), screenshot_dir / f"{frontend}-second-student-results.png")
    expect(ben.panel).not_to_contain_text(ANA)
    # and Ana's page still shows Ana's work, nothing of Ben's
    expect(name_field(ana)).to_have_value(ANA)
    expect_same_score(ana, 1.0)
    expect(ana.panel).not_to_contain_text(BEN)

    for opened in (ana, ben):
        problems = page_problems(opened)
        assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
        opened.page.close()
    jupyter_server.shutdown_kernels()

    # Ana comes back later (a new visit, a new kernel): empty until she types her
    # name and resumes.
    again = student(frontend, module, f"{frontend} Ana again")
    expect_nothing_of(again, BEN)
    type_name(again, ANA)
    button = resume_button(again)
    expect_visible(button, "the offer to resume Ana's answers", 20_000)
    expect(button).to_contain_text("2 answered")
    # offered, not yet brought back
    expect(again.summary()).to_contain_text(again.phrase("summary_nothing_yet"))
    expect(again.panel).not_to_contain_text(again.phrase("verdict_right"))
    screenshot_from(
        again.panel.locator(".samestory").first, screenshot_dir / f"{frontend}-resume-offer.png"
    )
    button.click()
    expect_same_score(again, 1.0)
    expect(button).to_be_hidden()
    expect(again.panel).not_to_contain_text(BEN)
    problems = page_problems(again)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)


class SevenNotebook:
    """A notebook open in Notebook 7 (its own page per notebook, no status bar)."""

    def __init__(self, page, path: str) -> None:
        self.page, self.path = page, path
        self.panel = page.locator(".jp-NotebookPanel").first

    @classmethod
    def open(cls, page, server, module) -> SevenNotebook:
        from browser_server import TOKEN

        page.goto(f"{server.base_url}/notebooks/{module.path}?token={TOKEN}", timeout=60_000)
        notebook = cls(page, module.path)
        expect_visible(notebook.panel, f"Notebook 7 to open {module.path}", 60_000)
        idle = page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
        expect_visible(idle.first, f"the kernel of {module.path} to be idle", 60_000)
        # The indicator may say idle before the kernel's connection is up, and a Run
        # All then runs nothing: run again until the first widget shows (re-running
        # the module's cells is what a student does too, and harmless).
        first_widget = notebook.panel.locator(".widget-vbox.samestory").first
        for _attempt in range(3):
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                first_widget.wait_for(state="visible", timeout=20_000)
                break
            except PlaywrightTimeout:
                continue
        return notebook

    def cell(self, index: int) -> Locator:
        return self.panel.locator(".jp-Notebook-cell").nth(index)

    def visible_code_editors(self) -> Locator:
        return self.panel.locator(".jp-CodeCell .jp-InputArea-editor:visible")


def open_in(frontend: str, browser_session, server, module) -> ModulePage:
    """``module`` in ``frontend`` (lab, notebook, voila), every cell run."""
    context = browser_session.new_student()
    page = context.new_page()
    events = context.network_guard.watch(page, f"{frontend} {module.path}")
    if frontend != "notebook":
        return ModulePage.open(frontend, page, server, module, events)
    opened = ModulePage(frontend, page, SevenNotebook.open(page, server, module), module, events)
    try:
        for qid in module.question_cells:
            expect_visible(opened.question_box(qid), f"question {qid} in Notebook 7", 60_000)
    except AssertionError:
        page.screenshot(path="test-artifacts/screenshots/notebook-failed-open.png")
        raise
    return opened


# What each front end must say about keeping work (the download box), and not say.
KEEP = {"lab": "keep_notebook", "notebook": "keep_notebook", "voila": "keep_voila"}


@pytest.mark.parametrize("frontend", ["lab", "notebook", "voila"])
def test_results_table_download_and_instructions_in_each_front_end(
    frontend, module, browser_session, jupyter_server, module_pages, served_root, answer_key,
    screenshot_dir,
):  # fmt: skip
    fresh(module_pages, served_root, module)
    try:
        opened = open_in(frontend, browser_session, jupyter_server, module)
        box = opened.panel.locator(".samestory-download-box").first
        expect_visible(box, "the download box", 20_000)
        # each front end its own instructions
        expect(box).to_contain_text(opened.phrase(KEEP[frontend]))
        other = "keep_voila" if frontend != "voila" else "keep_notebook"
        expect(box.get_by_text(opened.phrase(other))).to_be_hidden()
        # a real button, reachable by keyboard, that warns without a name
        link = box.get_by_role("link", name=opened.phrase("download_label"), exact=True)
        style = link.evaluate(
            "a => [getComputedStyle(a).display, getComputedStyle(a).backgroundColor]"
        )
        assert style[0] == "inline-block" and style[1] not in ("rgba(0, 0, 0, 0)", "transparent")
        link.focus()
        expect(link).to_be_focused()
        no_name = f"{module.story}_{module.module}_no-name.json"
        expect(box).to_contain_text(opened.phrase("download_unnamed", file=no_name))
        # the results table follows every check and the name, as the summary does
        first, second = graded_choices(module)[:2]
        type_name(opened, ANA)
        file = f"{module.story}_{module.module}_ana-shared-use.json"
        expect(box).to_contain_text(opened.phrase("download_for", learner=ANA, file=file))
        answer(opened, answer_key, [first, second], [True, False])
        expect_same_score(opened, 1.0)
        answer(opened, answer_key, [second], [True])  # a second try: the first counts
        expect_same_score(opened, 1.0)
        expect(results_table(opened)).to_contain_text(ANA)
        screenshot_from(results_table(opened), screenshot_dir / f"{frontend}-results-table.png")
        screenshot_from(box, screenshot_dir / f"{frontend}-download-box.png")
        problems = page_problems(opened)
        if frontend == "notebook":
            # Notebook 7.6's own shell logs errors on opening any notebook, an empty
            # one too (a setting's schema, a file-browser command, 403 on its fonts):
            # not ours. Error outputs, visible code and outside requests still count.
            problems = [p for p in problems if not p.startswith("console error")]
        assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
    finally:
        jupyter_server.shutdown_kernels()
