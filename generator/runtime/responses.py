"""Reading a response before it is scored: what counts as no answer, an option, a
list, a typed number; and the refusal a malformed one gets (:class:`Refused`, with
the phrase key that tells the learner why). Standard library only, like scoring.
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_TEXT = 20_000  # characters: a longer reflection is refused, not stored
MAX_LABEL = 1_000  # characters: no option label is longer; don't compare megabytes
MAX_ENTRIES = 1_000  # entries of a list or dict response: more is junk, refuse fast
MAX_NUMBER_TEXT = 100  # characters of a typed number
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")


class Refused(Exception):
    """A malformed response: why (for people) and which phrase tells the learner."""

    def __init__(self, key: str, english: str, **args: Any) -> None:
        super().__init__(english)
        self.key, self.english, self.args_ = key, english, args


def is_nothing(response: Any) -> bool:
    """Nothing chosen yet: what an untouched widget gives (None, "", [], {})."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    return isinstance(response, list | tuple | dict | set | frozenset) and not response


def nothing_given() -> Refused:
    return Refused("problem_nothing", "no answer was given")


def option_label(q: dict[str, Any], label: Any) -> str:
    if not isinstance(label, str):
        raise Refused("problem_form_" + q["kind"], "option labels must be text")
    if len(label) > MAX_LABEL or label not in q["options"]:
        raise Refused("problem_not_an_option", "not one of the options", given=shorten(label))
    return label


def collection(response: Any, key: str, what: str) -> list[Any]:
    """A non-empty list-like response (list, tuple, set), else a refusal."""
    if is_nothing(response):
        raise nothing_given()
    if not isinstance(response, list | tuple | set | frozenset) or len(response) > MAX_ENTRIES:
        raise Refused(key, f"the answer must be {what}")
    return list(response)


def number_value(response: Any) -> float:
    if isinstance(response, bool) or not isinstance(response, int | float | str):
        raise Refused("problem_form_number", "a number answer must be a number")
    if isinstance(response, str):
        response = typed_number(response)
    try:
        value = float(response)
    except OverflowError:  # an int with hundreds of digits
        value = math.inf
    if not math.isfinite(value):
        raise Refused("problem_not_finite", "the number is not finite")
    return value


def typed_number(text: str) -> float:
    """A typed number: "2500", "2,500", "2 500", "-1.5", "2.5e3" (no units)."""
    if len(text) > MAX_NUMBER_TEXT:
        raise Refused("problem_form_number", "too long to be a number")
    cleaned = _SPACES.sub("", text).replace("\u2212", "-")
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        raise Refused("problem_form_number", "not a number") from None


def shorten(text: str, limit: int = 60) -> str:
    """A long text cut to ``limit`` characters, for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_safe(value: Any, depth: int = 0) -> Any:
    """A small JSON-able stand-in for a malformed response (never raises)."""
    if value is None or isinstance(value, bool | str):
        return shorten(value, 200) if isinstance(value, str) else value
    if isinstance(value, int):
        return value if abs(value) < 10**18 else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth >= 3:
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v, depth + 1) for v in list(value)[:20]]
    if isinstance(value, dict):
        pairs = list(value.items())[:20]
        return {shorten(str(k), 100): json_safe(v, depth + 1) for k, v in pairs}
    return None
