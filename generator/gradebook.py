"""Re-score submissions against the corpus key, flag what a grader must look at, and
build the gradebook and the per-answer tables (export.py writes them).

The stored scores in a submission are never trusted, only compared: every stored
response is scored again with the same function the notebook used
(:func:`generator.runtime.scoring.score`) against the key derived from the corpus
now. Flags (sorted, ``;``-separated in the ``flags`` column):

``rescored``          a re-scored value differs from the stored one (edited file, or
                      a key changed since the learner answered);
``version-mismatch``  the module changed since the learner's copy was built;
``duplicate``         the learner handed in this module more than once, with
                      different answers: every such row is kept, the others are named
                      on stderr (copies of one history count once, unflagged:
                      :mod:`generator.grading.duplicates`);
``inconsistent``      the file's history does not add up: its integrity digest does
                      not match, its times are impossible, or it contradicts the answer
                      log beside it (:mod:`generator.grading.integrity`);
``no-learner``        the name field was left blank (never merged with other rows);
``cells-changed``     cells of the notebook were deleted or duplicated, or its
                      results record is for another module;
``damaged``           part of the file could not be read (named on stderr);
``odd-characters``    the learner name or an answer held invisible, direction-changing
                      or invalid characters (escaped in names, replaced in answers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .grading import integrity
from .grading.duplicates import join_split_logs, merge_duplicates
from .modulekeys import Key, ModuleKey, Scorer
from .submissions import Submission, Unreadable

TOLERANCE = 1e-6  # stored scores are floats written by JSON: compare, don't equate

# ---------------------------------------------------------------- grading


@dataclass(frozen=True)
class Report:
    """A line for stderr. A problem (some input not read, or read only in part) makes
    the export exit 1; a notice only informs."""

    file: str
    message: str
    problem: bool = True

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class GradedAnswer(NamedTuple):  # one per answer of 10,000 notebooks: a light tuple
    attempts: int
    response: Any  # the first response, as the scorer normalised it
    first_score: float
    last_response: Any
    last_score: float
    confidence: str | None = None  # of the first attempt, when the question asked
    first_at: str | None = None  # as stored: compared with the answer log's
    last_at: str | None = None


@dataclass
class Row:
    learner: str
    story: str
    module: str
    score: float
    max_score: int
    file: str
    updated: str | None
    key: ModuleKey
    answers: dict[str, GradedAnswer]  # answered questions of the current module
    origin: str  # "notebook", "results" or "log": breaks ties between equal copies
    flags: set[str] = field(default_factory=set)
    chained: bool = False  # the record carried an integrity digest

    def move_scores(self) -> dict[str, float]:
        """Per move of the module, the sum of its questions' re-scored first attempts
        (unanswered: 0), so that they add up to ``score``. Computed from the answers and
        the corpus's questions: a record's own ``moves`` is never read."""
        return {
            move: sum(self.answers[q].first_score for q in ids if q in self.answers)
            for move, ids in self.key.moves.items()
        }

    def calibration(self) -> float | None:
        """The share of first attempts marked "sure" that were fully right; None when
        the learner marked none (or the module asked no one how sure they were)."""
        sure = [
            self.answers[q].first_score
            for q in self.key.confidence_ids
            if q in self.answers and self.answers[q].confidence == "sure"
        ]
        return sum(1 for s in sure if s >= 1.0) / len(sure) if sure else None


@dataclass
class Gradebook:
    rows: list[Row]
    reports: list[Report]

    @property
    def problems(self) -> list[Report]:
        return [r for r in self.reports if r.problem]


def grade(
    items: Iterable[Submission | Unreadable],
    key: Key,
    scorer: Scorer,
    now: datetime | None = None,
) -> Gradebook:
    """Rows for everything readable; a report for everything else (input order).
    ``now``: the export's clock, against which times in the future are flagged."""
    scorer = memoized(scorer)
    now = now or datetime.now(UTC)
    rows, reports = [], []
    for item in items:
        if isinstance(item, Unreadable):
            reports.append(Report(item.file, item.reason))
            continue
        module = key.lookup(item.story, item.module)
        if isinstance(module, str):
            reports.append(Report(item.file, module))
            continue
        try:
            row, found = grade_submission(item, module, scorer, now)
        except Exception as exc:  # noqa: BLE001 - one learner's file, not the whole export
            reports.append(Report(item.file, f"could not be graded ({type(exc).__name__})"))
            continue
        rows.append(row)
        reports.extend(found)
    rows, joined = join_split_logs(rows)
    reports += joined + integrity.check_against_logs(rows)
    reports += integrity.undigested(rows)
    rows, merged = merge_duplicates(rows)
    rows.sort(key=lambda r: (key.order(r.story, r.module), r.learner.casefold(), r.file))
    return Gradebook(rows, reports + merged)


def grade_submission(
    sub: Submission, module: ModuleKey, scorer: Scorer, now: datetime | None = None
) -> tuple[Row, list[Report]]:
    """One row: every stored answer re-scored against the current key, with its flags."""
    answers, mismatched = rescore_answers(sub, module, scorer)
    score = sum(a.first_score for qid, a in answers.items() if qid in module.graded_ids)
    if _differs(sub.stored_score, score):
        mismatched = True
    flags = {
        flag
        for flag, applies in (
            ("rescored", mismatched),
            ("version-mismatch", sub.module_version != module.version),
            ("no-learner", not sub.learner),
        )
        if applies
    }
    reports = _check_integrity(sub, module, flags)
    problems = [*sub.integrity, *integrity.time_problems(sub, now or datetime.now(UTC))]
    if problems:
        flags.add(integrity.FLAG)
        reports.append(Report(sub.file, integrity.note(problems), problem=False))
    row = Row(
        learner=sub.learner,
        story=sub.story,
        module=sub.module,
        score=score,
        max_score=module.max_score,
        file=sub.file,
        updated=sub.updated,
        key=module,
        answers=answers,
        flags=flags,
        origin=sub.origin,
        chained=sub.chained,
    )
    return row, reports


def rescore_answers(
    sub: Submission, module: ModuleKey, scorer: Scorer
) -> tuple[dict[str, GradedAnswer], bool]:
    """The answers to the module's current questions, re-scored; and whether any
    stored score differs from its re-scored value."""
    answers, mismatched = {}, False
    for question in module.questions:
        stored = sub.answers.get(question["id"])
        if stored is None:
            continue
        first = scorer(question, stored.first.response)
        last = first if stored.last is stored.first else scorer(question, stored.last.response)
        if _differs(stored.first.score, first.score) or _differs(stored.last.score, last.score):
            mismatched = True
        answers[question["id"]] = GradedAnswer(
            stored.attempts,
            first.response,
            float(first.score),
            last.response,
            float(last.score),
            stored.first.confidence if question.get("confidence") else None,
            stored.first.at,
            stored.last.at,
        )
    return answers, mismatched


def _differs(stored: float | None, rescored: float) -> bool:
    return stored is not None and abs(stored - rescored) > TOLERANCE


def _check_integrity(sub: Submission, module: ModuleKey, flags: set[str]) -> list[Report]:
    """Reports (and flags) for answers not scored, parts not read, cells changed."""
    reports = []
    gone = sorted(set(sub.answers).difference(module.question_ids))
    if gone:
        why = (
            "no longer in the module (it changed since)"
            if "version-mismatch" in flags
            else "not in this module"
        )
        reports.append(
            Report(sub.file, f"note: answers to {', '.join(gone)} not scored: {why}", problem=False)
        )
    if sub.damaged:
        flags.add("damaged")
        skipped = "; ".join(sub.damaged)
        reports.append(
            Report(
                sub.file, f"read only in part: skipped {skipped} (damaged or not samestory data)"
            )
        )
    if sub.odd_text:
        flags.add("odd-characters")
        reports.append(Report(sub.file, _odd_note(sub.odd_text), problem=False))
    cells = cell_problem(sub, module)
    if cells:
        flags.add("cells-changed")
        reports.append(Report(sub.file, cells))
    return reports


def _odd_note(parts: tuple[str, ...]) -> str:
    return (
        f"note: {' and '.join(parts)} held invisible, direction-changing or invalid "
        "characters (names show them escaped, e.g. \\u202e; invalid ones in answers "
        "are replaced by \ufffd); row flagged odd-characters"
    )


def memoized(scorer: Scorer) -> Scorer:
    """A class gives the same few answers to each question: score each distinct
    (question, response) once. Keys keep the type, so ``True`` is not ``1``."""
    cache: dict[tuple[int, Any], Any] = {}

    def score(question: dict[str, Any], response: Any) -> Any:
        try:
            key = (id(question), _frozen(response))
            scored = cache.get(key)
        except TypeError:  # unhashable: nothing JSON gives; score it every time
            return scorer(question, response)
        if scored is None:
            scored = cache[key] = scorer(question, response)
        return scored

    return score


def _frozen(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return (list, *map(_frozen, value))
    if kind is dict:
        return (dict, *sorted((str(k), _frozen(v)) for k, v in value.items()))
    return (kind, value)


def cell_problem(sub: Submission, module: ModuleKey) -> str | None:
    """Why a saved notebook is not the module it claims to be, or None.

    Learners may add cells of their own; what must hold is that every cell of the
    generated module is still there exactly once. A notebook built from another
    version of the module has other cells by design, so it is only checked for
    repeated ids (its answers are flagged ``version-mismatch`` anyway).
    """
    info = sub.notebook
    if info is None:
        return None
    if (info.story, info.module) not in ((None, None), (sub.story, sub.module)):
        return (
            f"the notebook is module {info.module!r} of story {info.story!r} but its results "
            f"record is for {sub.module!r} of {sub.story!r} — answers were read and re-scored "
            "against the record's module; row flagged cells-changed"
        )
    ids = [cid for cid in info.cell_ids if isinstance(cid, str) and cid]
    present = set(ids)
    repeated = (
        []
        if len(present) == len(ids)
        else sorted(cid for cid, count in Counter(ids).items() if count > 1)
    )
    version = info.version or sub.module_version
    expected = module.expected_cell_ids if version == module.version else None
    missing = [cid for cid in expected or () if cid not in present]
    if not (repeated or missing):
        return None
    parts = [f"missing: {', '.join(missing)}"] if missing else []
    if repeated:
        parts.append(f"repeated: {', '.join(repeated)}")
    return (
        f"cells deleted or duplicated ({'; '.join(parts)}; expected cell ids of module "
        f"{sub.module!r}) — answers were still read and re-scored; row flagged "
        "cells-changed"
    )
