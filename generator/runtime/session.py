"""Whose answers a module holds: one learner's, never the previous visitor's.

A module starts empty (no name, no answers) in every new kernel, because on a shared
folder (a classroom server, Voila: one kernel per visit) the last answer log in the
folder is usually someone else's. Typing a name opens that learner's own log
(:class:`~.answerlog.AnswerLog`, keyed by a hash of the name); what it already holds
is *offered* (:class:`Offer`), and comes back only when the learner resumes.
Answers checked before any name is typed belong to this visit and go with the first
name typed; a later change of name starts again from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..safejson import clean, without_surrogates
from .answerlog import AnswerLog, LogContents, learner_key
from .records import MAX_LEARNER, AnswerState


@dataclass(frozen=True)
class Offer:
    """Earlier answers of the learner now named, not yet brought back."""

    answered: int  # questions with at least one check
    last_at: str  # the latest check, as stored (UTC ISO 8601)


def clean_name(name: Any) -> tuple[str, bool]:
    """The name as kept (cut to MAX_LEARNER, lone surrogates replaced: no file can
    hold them), and whether a character had to be replaced."""
    text = "" if name is None else str(name)[:MAX_LEARNER]
    cleaned = without_surrogates(text)
    return cleaned, cleaned != text


def clean_response(response: Any) -> Any:
    """A response with lone surrogates replaced (a pasted reflection can hold one):
    no log line, record or download could be written with it."""
    try:
        return clean(response)[0]
    except (TypeError, ValueError):  # not JSON at all: scoring says what is wrong
        return response


def learner_log(folder: Path, story: str, module: str, name: str) -> AnswerLog | None:
    key = learner_key(name)
    return AnswerLog(folder, story, module, key) if key else None


def earlier_lines(folder: Path, story: str, module: str, name: str) -> LogContents:
    """This learner's lines: those of the old single log that carry their name, then
    their own log's (the old log is older). Unwritten lines of this kernel included."""
    legacy = AnswerLog(folder, story, module).read(learner=name)
    own_log = learner_log(folder, story, module, name)
    own = own_log.read(learner=name) if own_log else LogContents()
    return LogContents(
        lines=legacy.lines + own.lines,
        skipped=legacy.skipped + own.skipped,
        error=own.error or legacy.error,
    )


def offer_of(lines: list[dict[str, Any]], question_ids: set[str]) -> Offer | None:
    """What resuming would bring back; None when there is nothing to resume."""
    checks = [e for e in lines if e.get("question") in question_ids]
    if not checks:
        return None
    return Offer(len({e["question"] for e in checks}), max(e["at"] for e in checks))


def forget(question: Any) -> None:
    """Back to unanswered: what a question is before its first check."""
    question.state = AnswerState()
    question.feedback = None
    question.hint_shown = question.answer_shown = False
    question._scored = question._response = None
