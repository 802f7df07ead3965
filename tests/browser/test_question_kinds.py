"""Every question kind, in JupyterLab and in Voila, answered by mouse as a student would.

For each kind, one question of a seed module: open the module (JupyterLab: Run → Run
All Cells; Voila runs it on load), answer wrong and press Check, read the wrong
verdict, answer right and press Check, read the right verdict. The same test then
checks what the student saw: axe-core finds no serious accessibility problem in the
question and its feedback; on a phone-sized window (Voila) nothing in it needs
sideways scrolling; and the page has no error output, no visible code, no console
error and no request beyond loopback. Screenshots before, after each check and on
the phone go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_answers import answer_by_mouse
from browser_checks import (
    PHONE_VIEWPORT,
    axe_violations,
    horizontal_overflow,
    page_problems,
    screenshot_from,
)
from browser_modules import KINDS, module_files, modules_for_kinds
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[2]
FRONTENDS = ("lab", "voila")


def _kinds_in_page_order() -> list[str]:
    """Kinds ordered so that kinds shared by one module run one after another (the
    module's page is then opened once per frontend, not once per kind)."""
    cover = modules_for_kinds(module_files(REPO))
    paths = [cover[kind][0].path if kind in cover else "~" for kind in KINDS]
    return [kind for _path, kind in sorted(zip(paths, KINDS, strict=True))]


PARAMS = [(frontend, kind) for frontend in FRONTENDS for kind in _kinds_in_page_order()]


@pytest.fixture(scope="module")
def kind_cover(modules) -> dict:
    return modules_for_kinds(modules)


@pytest.mark.parametrize(("frontend", "kind"), PARAMS, ids=[f"{f}-{k}" for f, k in PARAMS])
def test_answer_wrong_then_right_by_mouse(
    frontend, kind, kind_cover, module_pages, answer_key, axe_path, screenshot_dir
):
    if kind not in kind_cover:
        pytest.fail(f"no module in modules/ has a {kind!r} question: the corpus needs one")
    module, qid = kind_cover[kind]
    question = module.question(qid)
    key_entry = answer_key[module.story][module.module][qid]
    assert key_entry["kind"] == kind, f"key and notebook disagree on the kind of {qid}"

    opened = module_pages.get(frontend, module)
    box = opened.question_box(qid)
    verdict = box.locator(".samestory-verdict")
    shot = f"{frontend}-{kind}"
    screenshot_from(box, screenshot_dir / f"{shot}-1-before.png")

    answer_by_mouse(opened, question, key_entry["answer"], right=False)
    screenshot_from(verdict, screenshot_dir / f"{shot}-2-wrong.png")
    answer_by_mouse(opened, question, key_entry["answer"], right=True)
    if kind != "reflect":
        # The feedback explains, not only judges: the explanation is one click away,
        # under "More" (folded so that the verdict and the mistake come first).
        feedback = box.locator(".samestory-feedback")
        feedback.locator(".samestory-more > summary").click()
        why = feedback.get_by_text(opened.phrase("why_heading"), exact=True)
        expect(why, f"waiting for the explanation under {qid}").to_be_visible()
    screenshot_from(verdict, screenshot_dir / f"{shot}-3-right.png")

    violations = axe_violations(opened, box, axe_path)
    assert not violations, f"axe-core, {kind} question {qid} in {frontend}:\n" + "\n".join(
        violations
    )

    if frontend == "voila":
        opened.page.set_viewport_size(PHONE_VIEWPORT)
        try:
            overflow = horizontal_overflow(box)
            screenshot_from(box, screenshot_dir / f"{shot}-4-phone-question.png")
            screenshot_from(verdict, screenshot_dir / f"{shot}-5-phone-feedback.png")
        finally:
            opened.page.set_viewport_size({"width": 1280, "height": 900})
        assert not overflow, (
            f"{kind} question {qid} needs sideways scrolling at 390 px:\n" + "\n".join(overflow)
        )

    problems = page_problems(opened)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
