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
from . import order, records
from .answerlog import AnswerLog, LogContents, learner_key, log_entry, seed_of
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


def forget_answers(question: Any) -> None:
    """Back to unanswered: what a question is before its first check."""
    question.state = AnswerState()
    question.feedback = None
    question.hint_shown = question.answer_shown = False
    question._scored = question._response = None


class Visit:
    """The part of :class:`~.module.Module` that decides whose answers it holds and
    keeps them in the learner's log (kept apart: module.py shows and checks). It uses
    the module's ``say``, ``_refresh``, ``_attempt``, ``_after_attempt``, ``_feedback``
    and ``_show_feedback``."""

    # set by Module.__init__
    say: Any
    questions: dict[str, Any]
    story: str
    module: str
    version: str
    seed: str
    notices: list[str]
    offer: Offer | None
    _folder: Path
    _log: AnswerLog | None
    _pending: list[dict[str, Any]]
    _seeded: set[Path]
    _learner: str
    _updated: str
    _log_trouble: str | None
    _log_trouble_told: bool

    @property
    def learner(self) -> str:
        return self._learner

    @learner.setter
    def learner(self, name: Any) -> None:
        """What typing in the name field does (and the field shows the new name).
        Naming yourself keeps this visit's answers; changing the name starts again
        from nothing, and the new learner may resume their own (:meth:`resume`)."""
        name, replaced = clean_name(name)
        if replaced and self.say("name_replaced") not in self.notices:
            self.notices.append(self.say("name_replaced"))
        if name != self._learner:
            previous, self._learner = self._learner, name
            self._updated = records.now()
            if learner_key(name) != learner_key(previous):
                self._switch_learner(forget=bool(previous))
            self._write(None, None, None, self._updated)
            for entry in [] if self._log is None else self._pending:
                self._write_entry(entry | {"learner": name})
            self._pending = [] if self._log else self._pending
            self._refresh()
        for field in self._views["learner"]:
            if field.value != name:
                field.value = name

    def _switch_learner(self, *, forget: bool) -> None:
        """Open the now-named learner's log and offer what it holds; with ``forget``,
        drop the answers shown (they were another name's, and stay in its log)."""
        if forget:
            self._pending = []
            for question in self.questions.values():
                forget_answers(question)
        self._log = learner_log(self._folder, self.story, self.module, self._learner)
        self.offer = None
        if self._log is not None:
            contents = self._earlier()
            self._tell_damage(contents)
            self.offer = offer_of(contents.lines, set(self.questions))
            self._take_seed(seed_of(contents.lines))
        self._redraw_questions()

    def _take_seed(self, seed: str | None) -> None:
        """The learner's own option order, kept in their log since their first visit."""
        if seed is None or seed == self.seed:
            return
        self.seed = seed
        for question in self.questions.values():
            if question.kind in order.SHUFFLED_KINDS:
                question.options = order.shown_options(seed, question.id, question.spec["options"])
                if question._view is not None:
                    question._view.input.reorder(question.options)

    def _earlier(self) -> Any:
        return earlier_lines(self._folder, self.story, self.module, self._learner)

    def resume(self) -> int:
        """What "Resume my earlier answers" does: this learner's answers, from every
        visit, come back (re-scored); returns how many questions they answered."""
        if self.offer is None:
            return 0
        contents = self._earlier()
        for question in self.questions.values():
            forget_answers(question)
        self._restore(contents)
        self.offer = None
        self._redraw_questions()
        self._refresh()
        return sum(1 for q in self.questions.values() if q.attempts)

    def _write(
        self,
        qid: str | None,
        response: Any,
        points: float | None,
        at: str,
        extras: dict[str, Any] | None = None,
    ) -> str | None:
        """Log one line (an attempt's ``extras`` too); the first time that fails, a
        notice (returned and kept)."""
        entry = log_entry(
            self.story, self.module, self.version, self._learner, qid, response, points, at,
            extras,
        )  # fmt: skip
        if self._log is None:  # no name yet: kept for the name typed first
            self._pending.append(entry)
            return None
        return self._write_entry(entry)

    def _write_entry(self, entry: dict[str, Any]) -> str | None:
        assert self._log is not None
        if self._log.path not in self._seeded:
            # an unwritten line is kept in memory, seed and all
            entry = {**entry, "seed": self.seed}
            self._seeded.add(self._log.path)
        reason = self._log.append(entry)
        if reason is None:
            return None
        if self._log_trouble is None:  # kept (shown under the name field) once
            self._log_trouble = self.say("log_unwritable", reason=reason)
            self.notices.append(self._log_trouble)
        if entry["question"] is None or self._log_trouble_told:
            return None
        self._log_trouble_told = True  # and said in the feedback of one check
        return self._log_trouble

    def _tell_damage(self, contents: Any) -> None:
        if contents.error:
            self.notices.append(self.say("log_unreadable", reason=contents.error))
        if contents.skipped == 1:
            self.notices.append(self.say("log_skipped_one"))
        elif contents.skipped:
            self.notices.append(self.say("log_skipped_many", count=contents.skipped))

    def _restore(self, contents: Any) -> None:
        """Bring back the learner's attempts and last feedback from their log,
        re-scoring every response against the questions as they are now."""
        last: dict[str, str] = {}
        for entry in contents.lines:
            self._updated = max(self._updated, entry["at"])
            question = self.questions.get(entry["question"] or "")
            if question is None:  # a name change, or a question no longer in the module
                continue
            scored = self._score(question, entry["response"])  # a test: form only
            if scored.valid:
                question.answer_shown = question.answer_shown or entry.get("revealed") is True
                self._attempt(question, scored, entry.get("confidence"), entry["at"])
                self._after_attempt(question, scored)
                last[question.id] = entry["at"]
        for qid, at in last.items():
            question = self.questions[qid]
            question.feedback = self._feedback(question, question._scored, restored_at=at)

    def _redraw_questions(self) -> None:
        """Questions already shown mirror their state again (after a resume, or a
        change of name that emptied them)."""
        for question in self.questions.values():
            if question._view is None:
                continue
            if question.feedback is None:
                question._view.clear()
            else:
                self._show_feedback(question, question._response)
