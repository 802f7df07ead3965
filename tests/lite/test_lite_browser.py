"""The browser-only site, as a learner uses it: built by lite/build.py, served from
127.0.0.1, driven in Debian's Chromium, with every request recorded.

One module (the one with the most kinds of question) is run end to end: a question
of each of its kinds answered through the widgets, the feedback seen, the results
downloaded and accepted by ``python -m generator export``, the answers brought back
from the answer log in browser storage after a reload. Kinds that module lacks are
answered in the modules that have them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from build_helpers import export_gradebook
from lite_pages import LiteNotebook, ModuleFile, screenshot
from lite_support import lite_build
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNER = "Ana Lite"


def site_modules() -> list[ModuleFile]:
    modules = lite_build.MODULES
    return [ModuleFile.read(modules, nb) for nb in sorted(modules.glob("*/*.ipynb"))]


def module_with_most_kinds() -> ModuleFile:
    return max(site_modules(), key=lambda module: len(module.kinds))


def test_the_landing_page_lists_every_module_and_opens_one(browser, site_url: str) -> None:
    context, requests = browser
    page = context.new_page()
    page.goto(site_url)  # the root forwards to modules/README.md, rendered
    links = page.get_by_role("link", name="open in the browser (no install)")
    expect(links.first, "waiting for the module index").to_be_visible(timeout=60_000)
    modules = site_modules()
    assert links.count() == len(modules)
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    # Made relative by the build, so JupyterLab resolves them inside this copy of the
    # site (and opens them in the app when clicked), not on the published one.
    assert hrefs == [f"{site_url}files/{module.path}" for module in modules]

    links.first.click()
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    expect(tab, "waiting for the first module to open").to_contain_text(
        Path(modules[0].path).name, timeout=30_000
    )
    screenshot(page, "landing-then-module")
    assert requests.off_machine() == []


def test_a_module_runs_end_to_end_in_the_browser_alone(
    browser, site_url: str, tmp_path: Path
) -> None:
    context, requests = browser
    module = module_with_most_kinds()
    page = context.new_page()
    notebook = LiteNotebook.open(page, site_url, module)
    notebook.run_all_cells()
    notebook.wait_for_first_widget()

    # Loaded: from here on the module must not need the network at all.
    context.set_offline(True)
    notebook.enter_name(LEARNER)
    answered = []
    for kind in sorted(module.kinds):
        question = module.first_of_kind(kind)
        notebook.answer_right(question)
        answered.append(question)
    screenshot(page, "module-answered")

    with page.expect_download() as downloading:
        notebook.download_link().click()
    results_file = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(results_file)
    context.set_offline(False)

    record = json.loads(results_file.read_text("utf-8"))
    graded = [q for q in answered if q["kind"] != "reflect"]
    assert record["format"] == "samestory-results/1"
    assert (record["story"], record["module"]) == (module.spec["story"], module.spec["module"])
    assert record["learner"] == LEARNER
    assert sorted(record["answers"]) == sorted(q["id"] for q in answered)
    assert record["score"] == len(graded)

    [row] = export_gradebook(results_file, tmp_path)
    assert (row["learner"], row["story"], row["module"]) == (
        LEARNER,
        module.spec["story"],
        module.spec["module"],
    )
    assert float(row["score"]) == len(graded)  # re-scored against the corpus key

    # The answer log lives in browser storage: the page opened again (a new kernel,
    # no widget state) and run again starts empty (issue 13: the next learner at
    # this browser must not inherit them); the learner's name offers them back.
    notebook = LiteNotebook.open(page, site_url, module)
    notebook.run_all_cells()
    notebook.wait_for_first_widget()
    expect(notebook.name_field()).to_have_value("")
    notebook.enter_name(LEARNER)
    resume = page.get_by_role("button", name=re.compile("^Resume my earlier answers"))
    expect(resume, "waiting for the offer to resume").to_be_visible(timeout=30_000)
    resume.click()
    expect(notebook.question(answered[0]["id"]), "waiting for the restored answer").to_contain_text(
        "brought back from your answer log", timeout=30_000
    )
    screenshot(page, "module-restored")
    # The log saw the kernel's own fetches (made in a web worker), not just the page's:
    assert any(url.endswith("/static/pyodide/pyodide.asm.wasm") for url in requests.urls)
    assert any("/static/pyodide-lock/samestory-" in url for url in requests.urls)
    assert requests.off_machine() == []


def test_the_request_log_sees_and_stops_a_request_off_the_machine(browser) -> None:
    """The guard the other tests rely on: an outside request is recorded and aborted."""
    context, requests = browser
    page = context.new_page()
    outside = "https://cdn.jsdelivr.net/npm/pyodide/pyodide.mjs"
    with page.expect_event("requestfailed") as failing:
        page.set_content(f'<script type="module" src="{outside}"></script>')
    assert failing.value.url == outside  # aborted by the route, not fetched
    assert requests.off_machine() == [outside]


def test_the_kinds_missing_from_that_module_work_in_their_own_modules(
    browsers, site_url: str
) -> None:
    covered = set(module_with_most_kinds().kinds)
    remaining = [m for m in site_modules() if m.kinds - covered]
    if not remaining:
        pytest.skip("one module has every kind of question present in modules/")
    while remaining:
        module = max(remaining, key=lambda m: len(m.kinds - covered))
        context, requests = browsers()  # a new profile: only this module is open
        page = context.new_page()
        notebook = LiteNotebook.open(page, site_url, module)
        notebook.run_all_cells()
        notebook.wait_for_first_widget()
        for kind in sorted(module.kinds - covered):
            notebook.answer_right(module.first_of_kind(kind))
        screenshot(page, f"kinds-{Path(module.path).stem}")
        assert requests.off_machine() == []
        covered |= module.kinds
        remaining = [m for m in remaining if m.kinds - covered]
