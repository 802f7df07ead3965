"""What the export reads from a learner's file, once read: the shapes
(:class:`Submission`, :class:`Unreadable`) and the normalisation of each field a
learner could have typed or edited (used by :mod:`generator.submissions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .inputfiles import printable


# Named tuples, not dataclasses, for the two made once per stored answer: an export
# of 10,000 notebooks builds a few hundred thousand of them.
class Attempt(NamedTuple):
    response: Any
    score: float | None  # as stored; only compared with the re-scored value
    at: str | None
    confidence: str | None = None  # "sure", "fairly-sure", "guessing" when asked


# What "How sure are you?" can store with a first attempt; anything else is ignored.
CONFIDENCE_LEVELS = frozenset({"sure", "fairly-sure", "guessing"})


class Answer(NamedTuple):
    attempts: int
    first: Attempt
    last: Attempt


@dataclass(frozen=True)
class NotebookInfo:
    """What a saved notebook says about itself, for the cell-id check."""

    story: str | None
    module: str | None
    version: str | None
    cell_ids: tuple[str | None, ...]


@dataclass(frozen=True)
class Submission:
    """One learner's answers to one module, as read from one file."""

    file: str
    origin: str  # "notebook", "results" or "log"
    story: str
    module: str
    module_version: str | None
    learner: str
    updated: str | None
    answers: dict[str, Answer]
    stored_score: float | None = None
    notebook: NotebookInfo | None = None
    # Parts that could not be read: log line numbers, or ids of malformed answers.
    damaged: tuple[str, ...] = ()
    # Parts that held hidden or invalid characters ("the learner name", "answers").
    odd_text: tuple[str, ...] = ()
    # Why the file's own integrity digest does not vouch for it (grading/integrity.py).
    integrity: tuple[str, ...] = ()
    chained: bool = False  # the record carries a digest at all


@dataclass(frozen=True)
class Unreadable:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


# ---------------------------------------------------------------- fields a learner wrote


def text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def confidence_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value in CONFIDENCE_LEVELS else None


def learner_and_oddity(value: Any) -> tuple[str, bool]:
    """The name with runs of spaces folded and hidden or invalid characters escaped
    (``Ana\\u200b`` is not mistaken for ``Ana``); and whether any were."""
    if not isinstance(value, str):
        return "", False
    folded = " ".join(value.split())
    shown = printable(folded)
    return shown, shown != folded


def number_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:  # an int of hundreds of digits: no score samestory stores
        return None
