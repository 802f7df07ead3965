"""Learner responses for a question, right, partly right, wrong and malformed.

Built from the question's own fields (docs/internals.md, "Question"), so the
benchmarks exercise every scoring path the way a class would, not only the key.
"""

from __future__ import annotations

from typing import Any


def variants(question: dict[str, Any]) -> list[Any]:
    """Responses for ``question``, the key's answer first; each is a valid API response
    except the last, which is malformed (it must get feedback, never an exception)."""
    kind = question["kind"]
    answer = question.get("answer")
    if kind == "choice":
        wrong = [o for o in question["options"] if o != answer]
        return [answer, *wrong[:2], "(not an option)"]
    if kind == "multi":
        wrong = [o for o in question["options"] if o not in answer]
        return [answer, answer[:-1] or answer, answer + wrong[:1], wrong[:1], 42]
    if kind == "match":
        options = question["options"]
        keys = [item["key"] for item in question["items"]]
        first_wrong = {**answer, keys[0]: _other(options, answer[keys[0]])}
        return [answer, first_wrong, {k: options[0] for k in keys}, ["not", "a", "dict"]]
    if kind == "number":
        off = 10 * (float(question.get("tolerance") or 0) + 1)
        return [answer, answer + off, answer * 2 + off, "many"]
    if kind == "words":
        more = next((i for i in range(len(question["tokens"])) if i not in answer), None)
        extra = [more] if more is not None else []
        return [answer, answer[: max(1, len(answer) // 2)], answer + extra, [0], "words"]
    if kind == "order":
        return [answer, answer[::-1], answer[1:] + answer[:1], {"not": "a list"}]
    if kind == "reflect":
        return ["The outlets credit the same words to different people.", "", 7]
    raise ValueError(f"unknown question kind {kind!r}")


def _other(options: list[str], label: str) -> str:
    return next((o for o in options if o != label), label)


def plan(questions: list[dict[str, Any]], count: int) -> list[tuple[str, Any]]:
    """``count`` (question id, response) pairs cycling through questions and variants."""
    pairs = [(q["id"], r) for q in questions for r in variants(q)]
    return [pairs[i % len(pairs)] for i in range(count)]
