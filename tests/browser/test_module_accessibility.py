"""axe-core on a whole rendered module, in Voila and in JupyterLab.

The question-kind tests check each question with its feedback; this one checks
everything the module's cells show together (name field, source cards with their
full texts, progress, every question, summary, results record, download link),
after one question has been answered so that feedback is on the page too. Serious
and critical violations fail; JupyterLab's and Voila's own interface is out of scope.
"""

from __future__ import annotations

import pytest
from browser_answers import answer_by_mouse
from browser_checks import OUR_OUTPUTS, axe_violations_in_outputs
from browser_modules import modules_for_kinds

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


# JupyterLab first: the keyboard tests just before leave the same module open there
# (opening it again would cost a kernel start).
@pytest.mark.parametrize("frontend", ["lab", "voila"])
def test_no_serious_accessibility_problem_in_a_rendered_module(
    frontend, modules, module_pages, answer_key, axe_path
):
    module = modules_for_kinds(modules)["choice"][0]  # covers the most question kinds
    opened = module_pages.get(frontend, module)
    question = module.spec["questions"][0]
    if opened.question_box(question["id"]).locator(".samestory-verdict").count() == 0:
        key = answer_key[module.story][module.module]
        answer_by_mouse(opened, question, key[question["id"]]["answer"], right=False)
    # Not a vacuous pass: axe must have our outputs to look at.
    outputs = opened.page.locator(OUR_OUTPUTS).count()
    assert outputs >= len(module.question_cells), f"only {outputs} outputs found to check"
    violations = axe_violations_in_outputs(opened, axe_path)
    assert not violations, f"axe-core on {module.path} in {frontend}:\n" + "\n".join(violations)
