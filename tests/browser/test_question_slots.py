"""Every reasoning-move slot, in JupyterLab and in Voila, answered by mouse.

The kinds test proves each control works; this one proves each *move* reaches the
learner as built: for one question of every derived slot of round three (copy tracing,
quote or paraphrase, what the copy changed, how sure, what is missing, whose voices,
same count, weekday to date), the question shows its move and rule of thumb and at
least one passage beside its controls; a wrong answer gets "Not yet" with a hint
(never the answer); the right answer then gets the right verdict. Screenshots go to
test-artifacts/screenshots/slot-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_answers import answer_by_mouse
from browser_checks import page_problems, screenshot_from
from browser_modules import module_files
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[2]
FRONTENDS = ("lab", "voila")
SLOTS = (
    "copied-from",
    "quote-or-paraphrase",
    "what-changed",
    "how-sure",
    "missing",
    "voices",
    "same-count",
    "timeline",
)


def slot_cover() -> dict[str, tuple[object, str]]:
    """For each slot: the first module (in file order) that has it, and its question.

    Slots are then visited module by module, so each module's page opens once.
    """
    cover = {}
    for module in module_files(REPO).values():
        for question in module.spec["questions"]:
            slot = question["id"].rpartition("/")[2]
            if "/" in question["id"] and slot in SLOTS and slot not in cover:
                cover[slot] = (module, question["id"])
    return cover


def _params() -> list[tuple[str, str]]:
    cover = slot_cover()
    ordered = sorted(SLOTS, key=lambda s: (cover[s][0].path, s) if s in cover else ("~", s))
    return [(frontend, slot) for frontend in FRONTENDS for slot in ordered]


PARAMS = _params()


@pytest.mark.parametrize(("frontend", "slot"), PARAMS, ids=[f"{f}-{s}" for f, s in PARAMS])
def test_each_move_slot_shows_its_move_hints_then_accepts_the_answer(
    frontend, slot, module_pages, answer_key, screenshot_dir
):
    cover = slot_cover()
    if slot not in cover:
        pytest.fail(f"no module in modules/ has a {slot!r} question: the seed story needs one")
    module, qid = cover[slot]
    question = module.question(qid)
    answer = answer_key[module.story][module.module][qid]["answer"]
    opened = module_pages.get(frontend, module)
    box = opened.question_box(qid)
    shot = f"slot-{frontend}-{slot}"

    move = box.locator(".samestory-move")
    expect(move, f"waiting for the move line of {qid}").to_be_visible()
    screenshot_from(box, screenshot_dir / f"{shot}-1-before.png")
    expect(move).to_contain_text(module.spec["moves"][question["move"]]["name"])
    expect(box.locator(".samestory-passage").first).to_be_visible()

    answer_by_mouse(opened, question, answer, right=False)
    hint = box.locator(".samestory-hint")
    expect(hint, f"waiting for the hint after a miss on {qid}").to_be_visible()
    assert question["hint"] in hint.inner_text()
    screenshot_from(box, screenshot_dir / f"{shot}-2-hint.png")

    answer_by_mouse(opened, question, answer, right=True)
    verdict = box.locator(".samestory-verdict")
    expect(verdict).to_contain_text(opened.phrase("verdict_right"))
    screenshot_from(verdict, screenshot_dir / f"{shot}-3-right.png")

    problems = page_problems(opened)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
