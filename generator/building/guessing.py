"""How much a learner who never reads the sources would score by picking, for each
question, the label that was the right answer most often so far in the module.

Derived questions follow the annotations, and a story's annotations repeat: one
speaker credited in text after text, one frame in most passages, one original for
every copy. Asked in a row, such questions teach "pick what was right last time"
instead of reading (issue 10: strategies that ignore the sources must score no more
than a few points above chance). :func:`unguessable` trims or drops, from a
module's derived questions, those that pay that strategy most, until its expected
score is within ``GUESS_MARGIN`` points of chance.

Only ``choice``, ``match`` and ``multi`` questions are graded by picking labels; the
scores are the runtime's (:func:`generator.runtime.scoring.score`). Ties between
labels are broken at random, so the expected score of a tie is the mean over it.
"""

from __future__ import annotations

from collections import Counter
from math import comb
from typing import Any

from ..runtime.scoring import score
from .itemtext import singles_out

PICKED_KINDS = ("choice", "match", "multi")
# Points of percentage above chance that "the label right most often so far" may
# score on a module, on average over its tie-breaks: none. A module has a dozen such
# questions, so the tie-breaks alone move one learner's score by several points.
GUESS_MARGIN = 0.0


def picked(question: dict[str, Any]) -> bool:
    """Whether a learner answers ``question`` by picking labels (and it is graded)."""
    return question["kind"] in PICKED_KINDS and question.get("graded", True)


def revealed(question: dict[str, Any]) -> list[str]:
    """The labels a question's answer shows once it is revealed."""
    answer = question["answer"]
    if isinstance(answer, dict):
        return list(answer.values())
    return list(answer) if isinstance(answer, list) else [answer]


def chance(question: dict[str, Any]) -> float:
    """A random learner's expected score: one option at random (``match``: per item;
    ``multi``: a random non-empty set, scored right minus wrong over the answer)."""
    options, kind = question["options"], question["kind"]
    if kind == "choice":
        return sum(score(question, o).score for o in options) / len(options)
    if kind == "match":
        right = question["answer"]
        return sum(
            sum(score(question, {**right, key: o}).correct for o in options) / len(options)
            for key in right
        ) / len(right)
    answer = len(question["answer"])
    others = len(options) - answer
    total = sum(
        comb(answer, r) * comb(others, w) * max(0.0, (r - w) / answer)
        for r in range(answer + 1)
        for w in range(others + 1)
    )
    return total / (2 ** len(options) - 1)


def fair_wrong_options(answers: int, wrong: list[str]) -> list[str]:
    """The most of ``wrong`` (a prefix) that a ``multi`` question with ``answers`` right
    options may offer so that ticking one option at random scores no more than a
    random set of ticks. One tick scores 1/n on average; a random set scores less
    the fewer of the options are right, so a list of many wrong options pays whoever
    ticks one box without reading ("which texts leave it out?": one of five)."""
    fair = 0
    for d in range(1, len(wrong) + 1):
        ticks = {"kind": "multi", "options": [*range(answers + d)], "answer": [*range(answers)]}
        if 1 / (answers + d) <= chance(ticks) + 1e-9:
            fair = d
    return wrong[:fair]


def top_picks(question: dict[str, Any], right_so_far: Counter[str]) -> list[str]:
    """The options right most often so far (several on a tie)."""
    top = max(right_so_far[o] for o in question["options"])
    return [o for o in question["options"] if right_so_far[o] == top]


def guessed(question: dict[str, Any], right_so_far: Counter[str]) -> float:
    """The expected score of picking the option right most often so far (``match``:
    for every item; ``multi``: that option alone)."""
    picks = top_picks(question, right_so_far)
    kind = question["kind"]
    if kind == "match":
        responses = [{key: o for key in question["answer"]} for o in picks]
    else:
        responses = [[o] if kind == "multi" else o for o in picks]
    return sum(score(question, r).score for r in responses) / len(picks)


def gains(questions: list[dict[str, Any]]) -> list[tuple[int, float, list[str]]]:
    """(index, expected score above chance, top picks) of each picked question."""
    right_so_far: Counter[str] = Counter()
    found = []
    for n, q in enumerate(questions):
        if not picked(q):
            continue
        found.append((n, guessed(q, right_so_far) - chance(q), top_picks(q, right_so_far)))
        right_so_far.update(revealed(q))
    return found


def unguessable(derived: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``derived`` changed so that "the label right most often so far" scores no more
    than ``GUESS_MARGIN`` points above chance on the module (``after``: the questions
    that follow them, kept as they are).

    The question that pays the guess most is changed first (the later one, on a
    tie), one at a time, since each change alters what is "right most often" for
    the questions after it: a match keeps the items the guess gets wrong (their
    answers are not the usual one, so they still ask for reading); a question with
    nothing left to keep is dropped."""
    kept = list(derived)
    while True:
        found = gains([*kept, *after])
        if not found or 100 * sum(g for _, g, _ in found) / len(found) <= GUESS_MARGIN:
            return kept
        droppable = [(g, n, picks) for n, g, picks in found if n < len(kept) and g > 0]
        if not droppable:
            return kept
        _, worst, picks = max(droppable, key=lambda found: found[:2])
        trimmed = without_items(kept[worst], set(picks))
        if trimmed is None:
            del kept[worst]
        else:
            kept[worst] = trimmed


def evened(question: dict[str, Any]) -> dict[str, Any]:
    """A match in which no label answers more than half of the items: the last items
    of the label that does are left out. "The same label everywhere" would otherwise
    score most of the question, and the label that most items share is also the one
    that the prompt explains and that most sentences on screen name ("no one")."""
    if question["kind"] != "match":
        return question
    keys = [item["key"] for item in question["items"]]
    answer = question["answer"]
    label, n = Counter(answer[k] for k in keys).most_common(1)[0]
    while n * 2 > len(keys) and len(keys) > 2:
        keys.remove(next(k for k in reversed(keys) if answer[k] == label))
        n -= 1
    return keep_items(question, keys) if len(keys) < len(question["items"]) else question


def keep_items(question: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """A match with only the items ``keys`` (their answers, ``accept`` and ``why``)."""
    trimmed = {
        **question,
        "items": [i for i in question["items"] if i["key"] in keys],
        "answer": {k: v for k, v in question["answer"].items() if k in keys},
    }
    for field in ("accept", "why"):
        if field in question:
            kept = {k: v for k, v in question[field].items() if k in keys}
            if kept:
                trimmed[field] = kept
            else:
                del trimmed[field]
    return trimmed


def without_items(question: dict[str, Any], labels: set[str]) -> dict[str, Any] | None:
    """A match without the items that any of ``labels`` answers (or that accept one),
    or None: not a match, no item left, or the items left have one answer (which two
    items with one answer give away, and so does a prompt that names it)."""
    if question["kind"] != "match":
        return None
    accept = question.get("accept") or {}
    keys = [
        item["key"]
        for item in question["items"]
        if question["answer"][item["key"]] not in labels
        and not labels & set(accept.get(item["key"]) or [])
    ]
    answers = set(question["answer"][k] for k in keys)
    if not keys or (len(keys) >= 2 and len(answers) == 1):
        return None
    if len(answers) == 1 and prompt_gives(question, *answers):
        return None  # the prompt explains the one answer left ("“no one” means …")
    return keep_items(question, keys)


def prompt_gives(question: dict[str, Any], answer: str) -> bool:
    """Whether the question's own words single out ``answer`` among its options."""
    texts = [question.get(field) or "" for field in ("heading", "prompt", "statement")]
    return any(singles_out(text, answer, question["options"]) for text in texts)
