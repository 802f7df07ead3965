"""Score one response to one question: pure, deterministic, standard library only.

The notebook runtime scores what a learner checks; the grader export re-scores the
responses stored in results records and answer logs (JSON-decoded: lists, dicts,
floats) with this same function. So :func:`score` accepts *any* value as a response
and never raises on it: a malformed response is scored 0.0 with ``valid=False`` and a
reason. Credit rules: docs/internals.md, "Scoring".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .responses import (
    MAX_ENTRIES,
    MAX_TEXT,
    Refused,
    collection,
    is_nothing,
    json_safe,
    nothing_given,
    number_value,
    option_label,
    shorten,
)

# |response − answer| ≤ tolerance, with this relative slack so that a float answer
# such as 0.3 is not missed by 0.1 + 0.2 rounding.
NUMBER_SLACK = 1e-9

# Fields that decide a score: a change to any of them is a new module version.
_VERSION_FIELDS = ("options", "items", "answer", "tolerance", "tokens", "accept", "function_words")


@dataclass(frozen=True)
class Scored:
    """The outcome of scoring one response.

    ``items`` are per-item verdicts for feedback, ``(label, ok, given, expected)``;
    what ``given``/``expected`` hold depends on the kind (docs/internals.md).
    ``problem`` is plain English for graders and developers; the notebook shows the
    learner the phrase ``problem_key`` of the module's text, formatted with
    ``problem_args``.
    """

    score: float
    correct: bool
    valid: bool = True
    problem: str | None = None
    problem_key: str | None = None
    problem_args: tuple[tuple[str, Any], ...] = ()
    items: tuple[tuple[str, bool, Any, Any], ...] = ()
    response: Any = None

    @property
    def right_items(self) -> int:
        return sum(1 for item in self.items if item[1])


def score(question: dict[str, Any], response: Any) -> Scored:
    """Score ``response`` to ``question`` (a module-spec question dict)."""
    return _guarded(_SCORERS, question, response)


def recorded(question: dict[str, Any], response: Any) -> Scored:
    """What a test module keeps of ``response``: checked for form and normalised
    exactly as :func:`score` would, with no key needed (a test notebook carries
    none) and no score (``score`` 0.0, ``correct`` False: the export scores it)."""
    return _guarded(_PARSERS, question, response, parsed_only=True)


def _guarded(
    table: dict[str, Callable[[dict[str, Any], Any], Any]],
    question: dict[str, Any],
    response: Any,
    *,
    parsed_only: bool = False,
) -> Scored:
    kind = question.get("kind")
    handler = table.get(kind)  # type: ignore[arg-type]
    if handler is None:
        raise ValueError(f"question {question.get('id')!r}: unknown kind {kind!r}")
    try:
        result = handler(question, response)
    except Refused as refusal:
        return Scored(
            0.0,
            False,
            valid=False,
            problem=refusal.english,
            problem_key=refusal.key,
            problem_args=tuple(sorted(refusal.args_.items())),
            response=json_safe(response),
        )
    return Scored(0.0, False, response=result) if parsed_only else result


def module_version(questions: list[dict[str, Any]]) -> str:
    """sha256 of the canonical JSON of what decides a score (docs/internals.md)."""
    kept = [
        {"id": q["id"], "kind": q["kind"], **{f: q[f] for f in _VERSION_FIELDS if f in q}}
        for q in questions
    ]
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_problems(question: dict[str, Any]) -> list[str]:
    """What is wrong with a question's ``accept`` or ``function_words`` (spec checks
    call this beside checking that the answer scores 1.0); [] when all is well.

    Scoring itself never fails on these fields: a malformed one accepts or ignores
    nothing, so a learner is never marked right for a label the author did not mean.
    """
    kind, problems = question.get("kind"), []
    accept = question.get("accept")
    if accept is not None and kind == "choice":
        problems += _accept_problems("accept", accept, question.get("options", []))
    elif accept is not None and kind == "match":
        keys = [item.get("key") for item in question.get("items", [])]
        if not isinstance(accept, dict) or any(k not in keys for k in accept):
            problems.append("accept must map item keys to lists of option labels")
        else:
            for key, labels in accept.items():
                where = f"accept[{key!r}]"
                problems += _accept_problems(where, labels, question.get("options", []))
    elif accept is not None:
        problems.append(f"accept is only for choice and match questions, not {kind}")
    if question.get("function_words") is not None:
        problems += _function_word_problems(question)
    return problems


def _accept_problems(where: str, labels: Any, options: list[str]) -> list[str]:
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        return [f"{where} must be a list of option labels"]
    unknown = [label for label in labels if label not in options]
    return [f"{where}: {shorten(label)!r} is not one of the options" for label in unknown]


def _function_word_problems(question: dict[str, Any]) -> list[str]:
    given, count = question["function_words"], len(question.get("tokens", []))
    if question.get("kind") != "words":
        return ["function_words is only for words questions"]
    if not isinstance(given, list) or any(type(i) is not int or not 0 <= i < count for i in given):
        return [f"function_words must be a list of token indices 0..{count - 1}"]
    if set(question.get("answer", [])) <= set(given):
        return ["function_words covers the whole answer: nothing would be left to select"]
    return []


# ---------------------------------------------------------------- one scorer per kind
# Each kind has a parser (the response checked for form and normalised, which needs
# no key: a test module records with it) and a scorer that grades what it parsed.


def _parse_choice(q: dict[str, Any], response: Any) -> str:
    if is_nothing(response):
        raise nothing_given()
    if not isinstance(response, str):
        raise Refused("problem_form_choice", "a choice answer must be one option label")
    return option_label(q, response)


def _score_choice(q: dict[str, Any], response: Any) -> Scored:
    label = _parse_choice(q, response)
    ok = label == q["answer"] or label in _labels(q.get("accept"))
    return _graded(float(ok), label, [("", ok, label, q["answer"])])


def _parse_multi(q: dict[str, Any], response: Any) -> list[str]:
    picks = collection(response, "problem_form_multi", "a list of option labels")
    picked = {option_label(q, label) for label in picks}
    return [o for o in q["options"] if o in picked]


def _score_multi(q: dict[str, Any], response: Any) -> Scored:
    picked = set(_parse_multi(q, response))
    answer = set(q["answer"])
    right, wrong = len(picked & answer), len(picked - answer)
    credit = max(0.0, (right - wrong) / len(answer))
    items = [
        (label, (label in picked) == (label in answer), label in picked, label in answer)
        for label in q["options"]
        if label in picked or label in answer
    ]
    return _graded(credit, [o for o in q["options"] if o in picked], items)


def _parse_match(q: dict[str, Any], response: Any) -> dict[str, str]:
    if is_nothing(response):
        raise nothing_given()
    form = ("problem_form_match", "a match answer must map item keys to option labels")
    if not isinstance(response, dict) or len(response) > MAX_ENTRIES:
        raise Refused(*form)
    keys = [item["key"] for item in q["items"]]
    if any(not isinstance(k, str) or k not in keys for k in response):
        raise Refused(*form)
    chosen = {k: response.get(k) for k in keys}
    missing = sum(1 for v in chosen.values() if v is None or v == "")
    if missing == len(keys):
        raise nothing_given()
    if missing:
        raise Refused("problem_match_missing", f"{missing} item(s) have no answer", missing=missing)
    if any(not isinstance(v, str) for v in chosen.values()):
        raise Refused(*form)
    return {k: option_label(q, v) for k, v in chosen.items()}


def _score_match(q: dict[str, Any], response: Any) -> Scored:
    given = _parse_match(q, response)
    keys = list(given)
    labels = {item["key"]: item["label"] for item in q["items"]}
    accept = q.get("accept") if isinstance(q.get("accept"), dict) else {}
    right = {k: _labels(accept.get(k)) | {q["answer"][k]} for k in keys}
    items = [(labels[k], given[k] in right[k], given[k], q["answer"][k]) for k in keys]
    return _graded(sum(1 for i in items if i[1]) / len(keys), given, items)


def _parse_number(q: dict[str, Any], response: Any) -> float | int:
    if is_nothing(response):
        raise nothing_given()
    value = number_value(response)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _score_number(q: dict[str, Any], response: Any) -> Scored:
    stored = _parse_number(q, response)
    value, answer = float(stored), float(q["answer"])
    slack = NUMBER_SLACK * max(1.0, abs(answer))
    ok = abs(value - answer) <= float(q.get("tolerance") or 0.0) + slack
    return _graded(float(ok), stored, [("", ok, stored, q["answer"])])


def _parse_words(q: dict[str, Any], response: Any) -> list[int]:
    picks = collection(response, "problem_form_words", "a list of token indices")
    count = len(q["tokens"])
    if any(type(i) is not int or not 0 <= i < count for i in picks):
        raise Refused("problem_form_words", f"token indices must be whole numbers 0..{count - 1}")
    return sorted(set(picks))


def _score_words(q: dict[str, Any], response: Any) -> Scored:
    """Overlap of the selected words with the framing words, function words left out:
    "the", "of", "to" are never needed and never penalised (docs/internals.md)."""
    selected, answer = set(_parse_words(q, response)), set(q["answer"])
    ignored = _function_words(q, answer)
    counted, needed = selected - ignored, answer - ignored
    union = counted | needed
    tokens = q["tokens"]
    items = [
        (tokens[i], i in counted and i in needed, i in counted, i in needed) for i in sorted(union)
    ]
    # Only function words selected: nothing counted, so no credit (union is then the answer).
    return _graded(len(counted & needed) / len(union), sorted(selected), items)


def _parse_order(q: dict[str, Any], response: Any) -> list[str]:
    if is_nothing(response):
        raise nothing_given()
    keys = [item["key"] for item in q["items"]]
    if (
        not isinstance(response, list | tuple)
        or len(response) != len(keys)
        or any(not isinstance(k, str) for k in response)
        or sorted(response) != sorted(keys)
    ):
        raise Refused("problem_form_order", "an order answer must list every item key once")
    return list(response)


def _score_order(q: dict[str, Any], response: Any) -> Scored:
    given = _parse_order(q, response)
    labels = {item["key"]: item["label"] for item in q["items"]}
    items = [
        (str(n), g == expected, labels[g], labels[expected])
        for n, (g, expected) in enumerate(zip(given, q["answer"], strict=True), start=1)
    ]
    return _graded(sum(1 for i in items if i[1]) / len(given), given, items)


def _parse_reflect(q: dict[str, Any], response: Any) -> str:
    if is_nothing(response):
        raise nothing_given()
    if not isinstance(response, str):
        raise Refused("problem_form_reflect", "a reflection must be text")
    if len(response) > MAX_TEXT:
        raise Refused("problem_too_long", "longer than the limit", limit=MAX_TEXT)
    needed = int(q.get("min_words") or 0)
    if len(response.split()) < needed:
        raise Refused("problem_reflect_short", f"fewer than {needed} words", min_words=needed)
    return response


def _score_reflect(q: dict[str, Any], response: Any) -> Scored:
    # Ungraded: the reflection is kept, and never counts towards the score.
    return Scored(0.0, False, response=_parse_reflect(q, response))


_SCORERS: dict[str, Callable[[dict[str, Any], Any], Scored]] = {
    "choice": _score_choice,
    "multi": _score_multi,
    "match": _score_match,
    "number": _score_number,
    "words": _score_words,
    "order": _score_order,
    "reflect": _score_reflect,
}
_PARSERS: dict[str, Callable[[dict[str, Any], Any], Any]] = {
    "choice": _parse_choice,
    "multi": _parse_multi,
    "match": _parse_match,
    "number": _parse_number,
    "words": _parse_words,
    "order": _parse_order,
    "reflect": _parse_reflect,
}
KINDS = tuple(_SCORERS)


# ---------------------------------------------------------------- helpers


def _graded(credit: float, response: Any, items: list[tuple[str, bool, Any, Any]]) -> Scored:
    credit = min(1.0, max(0.0, float(credit)))
    return Scored(credit, credit == 1.0, items=tuple(items), response=response)


def _labels(accept: Any) -> frozenset[str]:
    """Accepted labels from a spec field; anything but a list of text accepts nothing
    (a bare string must not accept its substrings). key_problems reports it."""
    if not isinstance(accept, list | tuple):
        return frozenset()
    return frozenset(label for label in accept if isinstance(label, str))


def _function_words(q: dict[str, Any], answer: set[int]) -> frozenset[int]:
    """The token indices scoring ignores. Never the whole answer: a key made only of
    function words would then score nothing, so the field is ignored (and reported)."""
    given = q.get("function_words")
    if not isinstance(given, list | tuple):
        return frozenset()
    ignored = frozenset(i for i in given if type(i) is int)
    return frozenset() if answer <= ignored else ignored
