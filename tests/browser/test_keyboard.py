"""One question answered with the keyboard only, in JupyterLab and in Voila.

From the top of the page, Tab moves the focus until it is inside the question, past
its passages; Tab goes on to the right option and Space selects it; Tab reaches Check and Enter
presses it; the verdict is read. Then Shift+Tab goes back into the options (no
keyboard trap), and Tab + Space presses Check a second time.
"""

from __future__ import annotations

import pytest
from browser_checks import page_problems, screenshot_from
from browser_modules import modules_for_kinds
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

MAX_TABS = 600  # JupyterLab's own menus, side bar and file browser come first
VERDICT_TIMEOUT_MS = 20_000

# Where the keyboard focus is, relative to the question's box.
FOCUS_JS = """
(box) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {where: "body"};
  const label = el.closest("label");
  return {
    where: box.contains(el) ? "box" : "outside",
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    text: ((label ? label.innerText : el.innerText) || el.value || "").trim(),
    checked: !!el.checked,
    cls: typeof el.className === "string" ? el.className.slice(0, 80) : "",
  };
}
"""


@pytest.fixture(scope="module")
def kind_cover(modules) -> dict:
    return modules_for_kinds(modules)


@pytest.mark.parametrize("frontend", ["voila", "lab"])
def test_choice_question_by_keyboard_only(
    frontend, kind_cover, module_pages, answer_key, screenshot_dir
):
    if "choice" not in kind_cover:
        pytest.fail("no module in modules/ has a 'choice' question: the corpus needs one")
    module, first_choice = kind_cover["choice"]
    choices = module.questions_of_kind("choice")
    # The mouse test answers the module's first choice question on the shared page;
    # take another one, or a fresh page when there is no other.
    question = choices[-1]
    opened = module_pages.get(frontend, module, fresh=question["id"] == first_choice)
    page, box = opened.page, opened.question_box(question["id"])
    answer = answer_key[module.story][module.module][question["id"]]["answer"]

    def focus() -> dict:
        return box.evaluate(FOCUS_JS)

    # Start where a page starts: nothing focused. (Not a student action, but the
    # state a freshly loaded page is in; the shared page may have focus elsewhere.)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focus()
        visited.append(now)
        if now["where"] == "box":
            break
    else:
        last = "\n".join(str(step) for step in visited[-12:])
        pytest.fail(f"{MAX_TABS} Tabs never reached question {question['id']}; last stops:\n{last}")
    # In the question, the passages come first (their scroll box, each "Read the
    # whole source"), then the options.
    for _ in range(MAX_TABS):
        if now["type"] == "radio" or now["where"] != "box":
            break
        page.keyboard.press("Tab")
        now = focus()
        visited.append(now)
    tabs_needed = len(visited)
    assert now["type"] == "radio", f"Tab went through the question to {now}, not its options"

    def tab_within_question_until(wanted, what: str) -> dict:
        stops = [focus()]
        for _ in range(len(question["options"]) + 1):
            if wanted(stops[-1]):
                return stops[-1]
            page.keyboard.press("Tab")
            stops.append(focus())
            assert stops[-1]["where"] == "box", (
                f"Tab left question {question['id']} before reaching {what}: "
                + "\n".join(str(stop) for stop in stops)
            )
        pytest.fail(f"Tab never reached {what}: " + "\n".join(str(s) for s in stops))

    # ipywidgets gives each radio button its own Tab stop (they share no name), so
    # Tab reaches every option and Space selects the focused one; arrow keys are
    # not needed (and in JupyterLab they move between cells instead: see
    # docs/students.md).
    tab_within_question_until(lambda stop: stop["text"] == answer, f"the option {answer!r}")
    page.keyboard.press("Space")
    now = focus()
    assert now["checked"], f"Space did not select the focused option: {now}"

    now = tab_within_question_until(
        lambda stop: stop["tag"] == "button" and stop["text"] == opened.phrase("check"),
        "the Check button",
    )
    page.keyboard.press("Enter")
    verdict = box.locator(".samestory-verdict")
    expect(verdict, f"waiting for the verdict after Enter on Check ({frontend})").to_have_text(
        opened.phrase("verdict_right"), timeout=VERDICT_TIMEOUT_MS
    )
    screenshot_from(box, screenshot_dir / f"{frontend}-keyboard-choice.png")

    page.keyboard.press("Shift+Tab")
    now = focus()
    assert now["where"] == "box" and now["type"] == "radio", (
        f"Shift+Tab from Check should go back to the options, went to {now}"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    attempts = box.get_by_text(
        opened.phrase("attempt_line", attempts=2, first_score="1"), exact=True
    )
    # (under the feedback's "More" fold, closed: in the page, not on screen)
    expect(attempts, "waiting for a second attempt after Space on Check").to_be_attached(
        timeout=VERDICT_TIMEOUT_MS
    )

    problems = page_problems(opened)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
    print(f"{frontend}: {tabs_needed} Tab presses from the top of the page to the question")
