"""A pretest in JupyterLab and Voila, answered by mouse (issue 14): the button says
"Record my answer", the feedback only "Answer recorded" (no verdict, no hint, no
"Show the answer"), and the summary counts answers without a score. axe-core finds
no serious problem in the question, and the page no error, code or outside request.

The committed modules/ gains the seed story's pretest when the lead rebuilds it; run
with SAMESTORY_BROWSER_FRESH_BUILD=1 to test a fresh build before that.
"""

from __future__ import annotations

import pytest
from browser_answers import VERDICT_TIMEOUT_MS
from browser_checks import axe_violations, page_problems, screenshot_from
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

MODULE = ("kazakhstan-2022", "pretest")


@pytest.mark.parametrize("frontend", ["lab", "voila"])
def test_a_pretest_records_an_answer_and_shows_nothing_about_it(
    frontend, modules, module_pages, answer_key, axe_path, screenshot_dir
):
    if MODULE not in modules:
        pytest.skip(
            "modules/ has no pretest yet: rebuild it, or set SAMESTORY_BROWSER_FRESH_BUILD=1"
        )
    module = modules[MODULE]
    question = module.questions_of_kind("choice")[0]
    assert "answer" not in question  # the notebook carries no key
    key = answer_key[module.story][module.module][question["id"]]["answer"]
    wrong = next(option for option in question["options"] if option != key)

    opened = module_pages.get(frontend, module)
    box = opened.question_box(question["id"])
    record = box.get_by_role("button", name=opened.phrase("test_check"), exact=True)
    assert box.get_by_role("button", name=opened.phrase("check"), exact=True).count() == 0
    box.get_by_role("radio", name=wrong, exact=True).click()
    record.click()
    verdict = box.locator(".samestory-verdict")
    expect(verdict).to_have_text(opened.phrase("test_recorded"), timeout=VERDICT_TIMEOUT_MS)
    feedback = box.locator(".samestory-feedback")
    expect(feedback).to_contain_text(opened.phrase("test_first_counts"))
    for shown_in_practice in ("verdict_wrong", "hint_generic", "feedback_more"):
        expect(feedback).not_to_contain_text(opened.phrase(shown_in_practice))
    expect(box.get_by_role("button", name=opened.phrase("show_answer"))).to_be_hidden()
    screenshot_from(box, screenshot_dir / f"{frontend}-pretest-recorded.png")

    total = len(module.spec["questions"])
    expect(opened.summary()).to_contain_text(
        opened.phrase("test_summary", answered=1, total=total), timeout=VERDICT_TIMEOUT_MS
    )
    violations = axe_violations(opened, box, axe_path)
    assert not violations, "axe-core, pretest question:\n" + "\n".join(violations)
    problems = page_problems(opened)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
