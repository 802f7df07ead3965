"""The learner's summary: short and human (issue 10 item 8, issue 11 items 4-5).

A whole-number score and percentage, a line per move (else per family, for an older
spec), confident mistakes when the module asked "How sure are you?", and at most
three things to remember. Questions are named by their headings, never by ids.
"""

from __future__ import annotations

from typing import Any

from .evidence import move_of
from .records import AnswerState, heading_of, is_graded, move_scores
from .texthtml import esc, whole_text

FAMILIES = ("attribution", "framing", "numeric")
TAKEAWAYS = 3


def points(value: float) -> int:
    """A score as a whole number of points (half up, not to even)."""
    return int(value + 0.5)


def summary_html(page: Any, states: dict[str, AnswerState]) -> str:
    spec = page.spec
    questions = spec["questions"]
    graded = [q for q in questions if is_graded(q)]
    checked = [q for q in questions if states[q["id"]].attempts]
    if not checked:
        return page.wrap(page.para("summary_nothing_yet"), "samestory-summary")
    total = sum(_first_score(states[q["id"]]) for q in graded)
    percent = points(100 * total / len(graded)) if graded else 0
    score = page.say("summary_score", score=points(total), max_score=len(graded), percent=percent)
    parts = [f"<p><strong>{esc(score)}</strong></p>", _breakdown_html(page, graded, states)]
    if len(checked) < len(questions):
        unchecked = len(questions) - len(checked)
        parts.append(page.para("summary_unchecked", count=unchecked, total=len(questions)))
    parts.append(_confident_mistakes_html(page, graded, states))
    parts.append(_takeaways_html(page, graded, states))
    return page.wrap("".join(parts), "samestory-summary")


def _breakdown_html(page: Any, graded: list[dict[str, Any]], states: dict[str, AnswerState]) -> str:
    moves = move_scores(page.spec, states)
    if moves is not None:
        rows = []
        for move_id, entry in moves.items():
            question = next(q for q in graded if q["move"] == move_id)
            move = move_of(question, page.spec)
            name = move["name"] if move else move_id
            rows.append(
                page.say(
                    "summary_move",
                    move=name,
                    score=points(entry["score"]),
                    max_score=entry["max_score"],
                )
            )
    else:
        rows = _family_rows(page, graded, states)
    return "<ul>" + "".join(f"<li>{esc(row)}</li>" for row in rows) + "</ul>"


def _family_rows(
    page: Any, graded: list[dict[str, Any]], states: dict[str, AnswerState]
) -> list[str]:
    rows = []
    for family in (*FAMILIES, None):
        members = [
            q
            for q in graded
            if (q.get("family") if q.get("family") in FAMILIES else None) == family
        ]
        if members:
            score = sum(_first_score(states[q["id"]]) for q in members)
            rows.append(
                page.say(
                    "summary_family",
                    family=page.say(f"family_{family or 'other'}"),
                    score=points(score),
                    max_score=len(members),
                )
            )
    return rows


def _confident_mistakes_html(
    page: Any, graded: list[dict[str, Any]], states: dict[str, AnswerState]
) -> str:
    """The questions answered "sure" on the first attempt and not fully right."""
    sure = [
        q
        for q in graded
        if (first := states[q["id"]].first) and first.confidence == "sure" and first.score < 1.0
    ]
    if not sure:
        return ""
    headings = page.quoted_list([heading_of(q, page.spec) for q in sure])
    return page.para("summary_confident_mistakes", headings=headings)


def _takeaways_html(page: Any, graded: list[dict[str, Any]], states: dict[str, AnswerState]) -> str:
    """The explanations of first-attempt misses, shortest first, at most three; when
    nothing was missed, the module's objectives."""
    missed = [q for q in graded if states[q["id"]].first and states[q["id"]].first.score < 1.0]
    explanations = sorted(dict.fromkeys(q["explanation"] for q in missed), key=len)
    if explanations:
        heading = f"<p><strong>{esc(page.say('summary_remember_heading'))}</strong></p>"
        items = "".join(f"<li>{whole_text(e)}</li>" for e in explanations[:TAKEAWAYS])
        return f"{heading}<ul>{items}</ul>"
    parts = [page.para("summary_all_right")] if all(states[q["id"]].first for q in graded) else []
    objectives = [o for o in page.spec.get("objectives") or [] if isinstance(o, str)]
    if objectives:
        parts.append(f"<p><strong>{esc(page.say('summary_objectives_heading'))}</strong></p>")
        parts.append("<ul>" + "".join(f"<li>{esc(o)}</li>" for o in objectives) + "</ul>")
    return "".join(parts)


def _first_score(state: AnswerState) -> float:
    return state.first.score if state.first else 0.0
