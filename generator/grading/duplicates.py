"""One learner, one module, several files: which rows the gradebook keeps
(docs/grading.md, "Duplicates").

A learner's notebook, its answer log and the results they downloaded are copies of
one history, often taken at different moments: a copy whose answers are all in
another (the same first attempts, no more attempts) is counted once, through the
most complete copy. Files whose histories differ are *all* kept, each flagged
``duplicate`` with the others named: which one counts is the grader's call. The
``updated`` time a file carries is never used to choose, since a learner can write
any time into it (a forged "ana " with ``updated: 9999-12-31`` once replaced Ana's
genuine row that way).
"""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..gradetables import json_text
from .integrity import moment

if TYPE_CHECKING:
    from ..gradebook import Report, Row

FLAG = "duplicate"
# Between copies of one history that are equally complete, the one kept: a notebook
# (the grader can open it and see what the learner saw), then a download, then a log.
_ORIGIN_RANK = {"notebook": 0, "results": 1, "log": 2}


def merge_duplicates(rows: list[Row]) -> tuple[list[Row], list[Report]]:
    """The rows to keep, and a note for every file counted through another or kept
    beside another. Rows without a learner name are never merged."""
    groups: dict[tuple[str, str, str], list[Row]] = {}
    kept: list[Row] = []
    for row in rows:
        if not row.learner:  # blank names are different learners until proven otherwise
            kept.append(row)
        else:
            groups.setdefault((row.story, row.module, row.learner.casefold()), []).append(row)
    reports: list[Report] = []
    for group in groups.values():
        histories, notes = _distinct_histories(group)
        kept.extend(histories)
        reports.extend(notes)
        if len(histories) > 1:
            reports.extend(_flag_all(histories))
    return kept, reports


def _distinct_histories(group: list[Row]) -> tuple[list[Row], list[Report]]:
    """The most complete copy of each distinct history in ``group``; a note for each
    other copy naming the row that counts it."""
    from ..gradebook import Report

    histories: list[Row] = []
    notes = []
    for row in sorted(group, key=_preference):
        holder = next((h for h in histories if _holds(h, row)), None)
        if holder is None:
            histories.append(row)
            continue
        if _fingerprint(holder) == _fingerprint(row):
            why = f"same answers as {holder.file}; counted once"
        else:
            why = (
                f"an earlier state of the answers in {holder.file} (the same first attempts, "
                "fewer checks); counted once, through that file"
            )
        notes.append(Report(row.file, "note: " + why, problem=False))
    return histories, notes


def _flag_all(histories: list[Row]) -> list[Report]:
    from ..gradebook import Report

    notes = []
    for row in histories:
        row.flags.add(FLAG)
        others = ", ".join(o.file for o in histories if o is not row)
        notes.append(
            Report(
                row.file,
                f"note: {row.learner!r} handed in {row.module!r} more than once, with "
                f"different answers: this file and {others} each have a row in the gradebook, "
                f"flagged {FLAG} — decide which one counts",
                problem=False,
            )
        )
    return notes


def join_split_logs(rows: list[Row]) -> tuple[list[Row], list[Report]]:
    """One learner's answer logs of one folder and module that follow each other in
    time are one history told in two files: since logs are per learner, one who
    resumes from the single log of an older samestory goes on in a log of their own.
    Such logs become one row (its file: the later log), with a note on the earlier.
    Logs that overlap in time (two copies of one log) are left to the duplicate rule."""
    from ..gradebook import Report

    groups: dict[tuple[str, str, str, str], list[Row]] = {}
    rest: list[Row] = []
    for row in rows:
        if row.origin == "log" and row.learner:
            where = (os.path.dirname(row.file), row.story, row.module, row.learner.casefold())
            groups.setdefault(where, []).append(row)
        else:
            rest.append(row)
    notes = []
    for group in groups.values():
        group.sort(key=lambda r: (_edge(r, min), r.file))
        joined = group[0]
        for row in group[1:]:
            if _edge(joined, max) < _edge(row, min):  # copies of one log overlap
                note = f"note: the start of the history in {row.file} (the learner went on in "
                note += "another answer log); counted once, through that file"
                notes.append(Report(joined.file, note, problem=False))
                joined = _joined(joined, row)
            else:
                rest.append(joined)
                joined = row
        rest.append(joined)
    return rest, notes


def _edge(row: Row, pick) -> datetime:
    """The earliest (``pick=min``) or latest (``max``) time of the row's attempts."""
    stamps = [moment(a.first_at) for a in row.answers.values()]
    stamps += [moment(a.last_at) for a in row.answers.values()]
    return pick((s for s in stamps if s), default=datetime.min.replace(tzinfo=UTC))


def _joined(earlier: Row, later: Row) -> Row:
    """``later`` with ``earlier``'s attempts before its own."""
    answers = dict(earlier.answers)
    for qid, new in later.answers.items():
        old = answers.get(qid)
        answers[qid] = (
            new
            if old is None
            else old._replace(
                attempts=old.attempts + new.attempts,
                last_response=new.last_response,
                last_score=new.last_score,
                last_at=new.last_at,
            )
        )
    graded = later.key.graded_ids
    return dataclasses.replace(
        later,
        answers=answers,
        score=sum(a.first_score for qid, a in answers.items() if qid in graded),
        flags=earlier.flags | later.flags,
    )


def _preference(row: Row) -> tuple[bool, int, int, int, str]:
    """Most complete first (most checks, then most questions); a row that does not add
    up after one that does; then notebook, download, log; then the file name."""
    checks = sum(a.attempts for a in row.answers.values())
    return (
        "inconsistent" in row.flags,
        -checks,
        -len(row.answers),
        _ORIGIN_RANK.get(row.origin, len(_ORIGIN_RANK)),
        row.file,
    )


def _holds(fuller: Row, row: Row) -> bool:
    """Whether every answer of ``row`` is in ``fuller``: the same first response, no
    more attempts, and the same last response when the counts are equal."""
    for qid, answer in row.answers.items():
        other = fuller.answers.get(qid)
        if other is None or other.attempts < answer.attempts:
            return False
        if json_text(other.response) != json_text(answer.response):
            return False
        if other.attempts == answer.attempts and json_text(other.last_response) != json_text(
            answer.last_response
        ):
            return False
    return True


def _fingerprint(row: Row) -> list[tuple[str, str, str, int]]:
    return sorted(
        (qid, json_text(a.response), json_text(a.last_response), a.attempts)
        for qid, a in row.answers.items()
    )
