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

from typing import TYPE_CHECKING

from ..gradetables import json_text

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
