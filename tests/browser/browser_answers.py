"""Answering one question in the page with the mouse: a wrong answer, then the right one.

Controls are found the way a student (or a screen reader) finds them: by their role
and visible label, inside the question's own box. The right answer comes from
``python -m generator key``; a wrong one is built from the question's own options
so that it scores 0 (for ``reflect``, which is not graded, "wrong" is an answer the
module refuses: too short or empty).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator


def _click(control: Locator) -> None:
    """A real mouse click (Playwright moves the pointer to the control and presses)."""
    control.click()


def number_text(value: float) -> str:
    """How a student types a figure: 2500, not 2500.0."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class Answerer:
    """How to give a wrong and a right answer to one kind of question."""

    wrong: Callable[[Locator, dict, dict, object], None]
    right: Callable[[Locator, dict, dict, object], None]
    wrong_verdict: str  # phrase key of the verdict the wrong answer must get
    right_verdict: str = "verdict_right"


# Every function gets (question box, question spec, phrases, key answer).


def _choice_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    other = next(option for option in q["options"] if option != answer)
    _click(box.get_by_role("radio", name=other, exact=True))


def _choice_right(box: Locator, q: dict, text: dict, answer) -> None:
    _click(box.get_by_role("radio", name=answer, exact=True))


def _multi_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    other = next(option for option in q["options"] if option not in answer)
    _click(box.get_by_role("checkbox", name=other, exact=True))


def _multi_right(box: Locator, q: dict, text: dict, answer) -> None:
    for option in q["options"]:
        checkbox = box.get_by_role("checkbox", name=option, exact=True)
        if checkbox.is_checked() != (option in answer):
            _click(checkbox)


def _select(box: Locator, label: str, option: str) -> None:
    menu = box.get_by_label(label, exact=True)
    # First prove a mouse click would land on the menu itself (a trial click runs
    # every check of a real one, including that nothing covers the menu, without
    # opening it). The open list of a native <select> is drawn by the browser outside
    # the page, so the option is then picked directly: Playwright sends the same
    # input and change events the browser sends when the student picks it.
    menu.click(trial=True, timeout=10_000)
    menu.select_option(label=option)


def _match_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    for item in q["items"]:
        other = next(option for option in q["options"] if option != answer[item["key"]])
        _select(box, item["label"], other)


def _match_right(box: Locator, q: dict, text: dict, answer) -> None:
    for item in q["items"]:
        _select(box, item["label"], answer[item["key"]])


def _number_field(box: Locator, text: dict) -> Locator:
    return box.get_by_label(text["number_label"], exact=True)


def _number_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    wrong = float(answer) + float(q.get("tolerance") or 0) + 1000
    _click(_number_field(box, text))
    _number_field(box, text).fill(number_text(wrong))


def _number_right(box: Locator, q: dict, text: dict, answer) -> None:
    _click(_number_field(box, text))
    _number_field(box, text).fill(number_text(answer))


def word_toggles(box: Locator) -> Locator:
    return box.locator(".widget-toggle-button")


def _words_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    outside = next(i for i in range(len(q["tokens"])) if i not in answer)
    _click(word_toggles(box).nth(outside))


def _words_right(box: Locator, q: dict, text: dict, answer) -> None:
    toggles = word_toggles(box)
    for index in range(len(q["tokens"])):
        pressed = toggles.nth(index).get_attribute("aria-pressed") == "true" or (
            "mod-active" in (toggles.nth(index).get_attribute("class") or "")
        )
        if pressed != (index in answer):
            _click(toggles.nth(index))


def _order_labels(q: dict) -> dict[str, str]:
    return {item["key"]: item["label"] for item in q["items"]}


def _order_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    # Every item one place later than it belongs: no item in its right position.
    labels = _order_labels(q)
    rotated = answer[1:] + answer[:1]
    for position, key in enumerate(rotated, start=1):
        _select(box, text["order_position"].format(number=position), labels[key])


def _order_right(box: Locator, q: dict, text: dict, answer) -> None:
    labels = _order_labels(q)
    for position, key in enumerate(answer, start=1):
        _select(box, text["order_position"].format(number=position), labels[key])


def _reflect_field(box: Locator, text: dict) -> Locator:
    return box.get_by_label(text["answer_label"], exact=True)


def _reflect_wrong(box: Locator, q: dict, text: dict, answer) -> None:
    needed = int(q.get("min_words") or 0)
    _click(_reflect_field(box, text))
    # One word too few; with no minimum, nothing at all: both are refused, not saved.
    _reflect_field(box, text).fill(" ".join(["word"] * (needed - 1)) if needed > 1 else "")


REFLECTION = (
    "I would report the figure that names who counted and when, and say who gave "
    "the other figures because readers can then judge them"
)


def _reflect_right(box: Locator, q: dict, text: dict, answer) -> None:
    needed = max(int(q.get("min_words") or 0), 12)
    words = REFLECTION.split()
    while len(words) < needed:
        words += words
    _click(_reflect_field(box, text))
    _reflect_field(box, text).fill(" ".join(words[: max(needed, len(words))]))


ANSWERERS: dict[str, Answerer] = {
    "choice": Answerer(_choice_wrong, _choice_right, "verdict_wrong"),
    "multi": Answerer(_multi_wrong, _multi_right, "verdict_wrong"),
    "match": Answerer(_match_wrong, _match_right, "verdict_wrong"),
    "number": Answerer(_number_wrong, _number_right, "verdict_wrong"),
    "words": Answerer(_words_wrong, _words_right, "verdict_wrong"),
    "order": Answerer(_order_wrong, _order_right, "verdict_wrong"),
    "reflect": Answerer(_reflect_wrong, _reflect_right, "verdict_invalid", "verdict_saved"),
}


VERDICT_TIMEOUT_MS = 20_000  # a Check goes browser -> kernel -> browser and back


def answer_by_mouse(opened, question: dict, key_answer, *, right: bool) -> str:
    """Answer ``question`` right or wrong, press Check, and wait for the verdict the
    module must give; returns that verdict text."""
    from playwright.sync_api import expect

    answerer = ANSWERERS[question["kind"]]
    box = opened.question_box(question["id"])
    give = answerer.right if right else answerer.wrong
    give(box, question, opened.module.text, key_answer)
    box.get_by_role("button", name=opened.phrase("check"), exact=True).click()
    verdict = opened.phrase(answerer.right_verdict if right else answerer.wrong_verdict)
    expect(
        box.locator(".samestory-verdict"),
        f"waiting for the verdict on a {'right' if right else 'wrong'} answer to {question['id']}",
    ).to_have_text(verdict, timeout=VERDICT_TIMEOUT_MS)
    return verdict
