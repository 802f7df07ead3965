"""JupyterLite (issue 13): the results table shows the summary's score after every
check, and the page says how work is kept here: in this browser only, so download."""

from __future__ import annotations

import pytest
from lite_pages import LiteNotebook, ModuleFile, screenshot
from lite_support import lite_build
from playwright.sync_api import expect

from generator.runtime.summary import points
from generator.runtime.texthtml import format_score

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def smallest_module_with_choices() -> ModuleFile:
    modules = [
        ModuleFile.read(lite_build.MODULES, nb) for nb in lite_build.MODULES.glob("*/*.ipynb")
    ]
    fitting = [m for m in modules if sum(q["kind"] == "choice" for q in m.spec["questions"]) >= 2]
    return min(fitting, key=lambda m: (len(m.spec["questions"]), m.path))


def test_results_table_and_instructions_in_jupyterlite(browser, site_url: str) -> None:
    context, requests = browser
    module = smallest_module_with_choices()
    text, spec = module.spec["text"], module.spec
    page = context.new_page()
    notebook = LiteNotebook.open(page, site_url, module)
    notebook.run_all_cells()
    notebook.wait_for_first_widget()

    box = notebook.cell("m.show_download()").locator(".samestory-download-box")
    expect(box, "waiting for the download box").to_contain_text(text["keep_lite"])
    expect(box.get_by_text(text["keep_voila"])).to_be_hidden()
    assert text["keep_notebook"] not in box.inner_text()  # no "save the notebook" here

    notebook.enter_name("Ana Lite")
    right, wrong = [q for q in spec["questions"] if q["kind"] == "choice"][:2]
    notebook.answer_right(right)
    # a first miss offers "Show the answer" (a button shown again after display none)
    box = notebook.question(wrong["id"])
    box.scroll_into_view_if_needed()
    other = next(o for o in wrong["options"] if o != wrong["answer"])
    box.get_by_role("radio", name=other, exact=True).check()
    box.get_by_role("button", name=text["check"], exact=True).click()
    reveal = box.get_by_role("button", name=text["show_answer"], exact=True)
    expect(reveal, "waiting for Show the answer after a miss").to_be_visible(timeout=30_000)
    graded = sum(1 for q in spec["questions"] if q.get("graded", True))
    heading = text["results_heading"].format(title=spec["title"])
    table = notebook.panel.locator(".jp-OutputArea-output:visible", has_text=heading)
    expect(table, "one results table visible").to_have_count(1)
    score = text["results_score"].format(score=format_score(1.0), max_score=graded)
    expect(table, f"waiting for {score!r} in the results table").to_contain_text(score)
    expect(table).to_contain_text("Ana Lite")
    summary = text["summary_score"].format(
        score=points(1.0), max_score=graded, percent=points(100 / graded)
    )
    expect(notebook.cell("m.show_summary()")).to_contain_text(summary)
    screenshot(page, "results-table")
    assert requests.off_machine() == []
