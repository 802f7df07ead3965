"""The evidence beside each question, and the hint before the reveal, in a real browser
(issue 10: "Evidence beside every question", "a hint before the reveal").

In JupyterLab (after Run → Run All Cells) and in Voila, at 1280×800 and at 390×844:
the page opens at the top (the name field in view); the first question's first
marked passage and its Check button fit in one window; then a first miss shows the
hint and marks the passages, and "Show the answer" (on one question) or a second
miss (on another) reveals the answer. Screenshots go to test-artifacts/screenshots/
(evidence-*.png): look at them, they are what a student sees.
"""

from __future__ import annotations

import pytest
from browser_answers import answer_by_mouse
from browser_checks import PHONE_VIEWPORT, screenshot_from
from browser_pages import WIDGET_BOX
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

FRONTENDS = ("lab", "voila")
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE_VIEWPORT}
MODULE = ("kazakhstan-2022", "whose-words")
FEEDBACK_TIMEOUT_MS = 20_000


def _box_of(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box


def _first_question(opened):
    qid = next(iter(opened.module.question_cells))
    return qid, opened.question_box(qid)


@pytest.fixture
def opened(request, modules, module_pages):
    frontend = request.param
    page = module_pages.get(frontend, modules[MODULE], fresh=True)
    yield page
    page.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("opened", FRONTENDS, indirect=True)
def test_the_page_opens_at_the_top_with_the_passages_beside_check(opened, screenshot_dir):
    page, frontend = opened.page, opened.frontend
    page.set_viewport_size(DESKTOP)
    # after Run All (JupyterLab) or the render (Voila): the name field is in view
    name_box = _box_of(opened.panel.locator(WIDGET_BOX).first)
    page.screenshot(path=screenshot_dir / f"evidence-{frontend}-0-after-run-all.png")
    assert 0 <= name_box["y"] < DESKTOP["height"], (
        f"{frontend}: after running, the name field is at y={name_box['y']:.0f}, "
        "out of the window: the page did not open at the top"
    )
    qid, box = _first_question(opened)
    mark = box.locator(".samestory-evidence mark").first
    check = box.get_by_role("button", name=opened.phrase("check"), exact=True)
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        if frontend == "lab" and name == "phone":
            close_left_sidebar(page)  # what a phone user does first: room for the notebook
        mark.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        screenshot_from(box, screenshot_dir / f"evidence-{frontend}-1-{name}-question.png")
        mark_box, check_box = _box_of(mark), _box_of(check)
        span = check_box["y"] + check_box["height"] - mark_box["y"]
        assert span <= viewport["height"], (
            f"{frontend} at {viewport['width']}×{viewport['height']}: from the first "
            f"passage of {qid} to its Check button is {span:.0f} px, more than one window"
        )
        if name == "desktop":  # side by side: the passage level with the controls
            assert check_box["x"] > mark_box["x"] + 200, f"{frontend}: not side by side"
    read_whole_source_opens_at_the_passage(opened, box, screenshot_dir)


def read_whole_source_opens_at_the_passage(opened, box, screenshot_dir) -> None:
    """The whole text opens with the marked passage in view, not at the text's top."""
    opened.page.set_viewport_size(DESKTOP)
    whole = box.locator(".samestory-passage > details").last
    whole.locator("summary").first.click()
    text_box = whole.locator(":scope > .samestory-source-text")
    mark = text_box.locator("mark").first
    expect(mark, "waiting for the whole source to open").to_be_visible()
    text_box.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    shown, marked = _box_of(text_box), _box_of(mark)
    screenshot_from(text_box, screenshot_dir / f"evidence-{opened.frontend}-1-whole-source.png")
    assert shown["y"] <= marked["y"] < shown["y"] + shown["height"], (
        f"{opened.frontend}: the whole source opened with its passage out of view "
        f"(passage at y={marked['y']:.0f}, box {shown['y']:.0f}+{shown['height']:.0f})"
    )
    earlier = whole.locator(".samestory-before > summary")
    if earlier.count():  # what comes before the passage is one click away
        expect(earlier).to_have_text(opened.phrase("evidence_before"))
    whole.locator("summary").first.click()  # closed again, as the next test expects


@pytest.mark.parametrize("opened", FRONTENDS, indirect=True)
def test_a_first_miss_hints_and_the_answer_comes_after(opened, answer_key, screenshot_dir):
    frontend = opened.frontend
    module = opened.module
    key = answer_key[module.story][module.module]
    graded = [qid for qid in module.question_cells if module.question(qid)["kind"] != "reflect"]
    first, second = graded[0], graded[1]

    # Show the answer, after a first miss
    box = opened.question_box(first)
    answer_by_mouse(opened, module.question(first), key[first]["answer"], right=False)
    feedback = box.locator(".samestory-feedback")
    expect(feedback.locator(".samestory-hint"), "waiting for the hint").to_be_visible(
        timeout=FEEDBACK_TIMEOUT_MS
    )
    expect(box.locator(".samestory-look").first).to_be_visible()
    reveal = box.get_by_role("button", name=opened.phrase("show_answer"), exact=True)
    expect(reveal).to_be_visible()
    screenshot_from(box, opened_path(screenshot_dir, frontend, "2-hint"))
    reveal.click()
    expect(feedback.locator(".samestory-hint"), "waiting for the hint to go").to_have_count(
        0, timeout=FEEDBACK_TIMEOUT_MS
    )
    expect(reveal).to_be_hidden()
    expect(feedback.locator(".samestory-more")).to_have_count(1)
    screenshot_from(box, opened_path(screenshot_dir, frontend, "3-shown"))

    # a second miss reveals the answer too; the "More" fold opens on a click
    box = opened.question_box(second)
    feedback = box.locator(".samestory-feedback")
    question = module.question(second)
    answer_by_mouse(opened, question, key[second]["answer"], right=False)
    expect(feedback.locator(".samestory-hint")).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
    answer_by_mouse(opened, question, key[second]["answer"], right=False)
    expect(feedback.locator(".samestory-hint")).to_have_count(0, timeout=FEEDBACK_TIMEOUT_MS)
    more = feedback.locator(".samestory-more > summary")
    more.click()
    why = feedback.get_by_text(opened.phrase("why_heading"), exact=True)
    expect(why, "waiting for the explanation under More").to_be_visible()
    screenshot_from(box, opened_path(screenshot_dir, frontend, "4-second-miss"))
    opened.page.set_viewport_size(PHONE_VIEWPORT)
    screenshot_from(box, opened_path(screenshot_dir, frontend, "5-second-miss-phone"))


def close_left_sidebar(page) -> None:
    """Click the open side panel's tab (the file browser): JupyterLab collapses it."""
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():
        current.first.click()
        expect(current, "waiting for the left side panel to close").to_have_count(0)


def opened_path(folder, frontend: str, step: str):
    return folder / f"evidence-{frontend}-{step}.png"
