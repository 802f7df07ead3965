"""Does a learner's history add up? Cheap checks that make a hand-edited file show in
the gradebook (flag ``inconsistent``; docs/grading.md, "Integrity checks").

Three kinds, each from what the export has anyway:

- the record's integrity digest (``chain``, written by the runtime since this check
  exists: :func:`generator.runtime.records.record_chain`) must match its answers;
  a record without one (from an older samestory) is not checked;
- its times must be possible: a first attempt no later than the last, no attempt
  after the record's ``updated``, nothing in the future of the export;
- a results record and the answer log handed in beside it (same folder, same
  learner and module) must tell the same history: the same first attempts at the
  same times, no more attempts in the record than in the log.

None of this is proof, either way: the runtime is open source, so a determined
learner can recompute the digest, or edit the log and the record alike. A clock that
was set wrong (a laptop's, in JupyterLite) can make an honest file look wrong: the
flag says "look", never "cheated".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..gradetables import json_text
from ..runtime.records import record_chain

if TYPE_CHECKING:
    from ..gradebook import Report, Row
    from ..submissiontypes import Answer, Attempt, Submission

FLAG = "inconsistent"
# Clocks of laptops and servers disagree by minutes, time zones set wrong by hours:
# only a time more than a day ahead of the export's clock counts as "in the future".
FUTURE_SLACK = timedelta(days=1)
SHOWN = 3  # problems named per file; the rest are counted


def chain_problem(raw: dict[str, Any]) -> str | None:
    """Why the record's ``chain`` does not vouch for it, or None (also when it has no
    chain: records written before the digest existed carry none)."""
    stored = raw.get("chain")
    if stored is None:
        return None
    if not isinstance(stored, str) or stored != record_chain(raw):
        return (
            "its integrity digest (chain) does not match its answers, name or time: "
            "the file was edited after the notebook wrote it"
        )
    return None


def moment(stamp: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime (UTC when it names no zone); None when
    absent or not a time."""
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def time_problems(sub: Submission, now: datetime) -> list[str]:
    """What the times of one submission say that cannot have happened."""
    problems: list[str] = []
    stamps = []
    for qid, answer in sub.answers.items():
        problems += _answer_problems(qid, answer)
        stamps += [t for t in (moment(answer.first.at), moment(answer.last.at)) if t]
    updated, latest = moment(sub.updated), max(stamps, default=None)
    if updated and latest and latest > updated:
        problems.append(
            f"an attempt ({latest.isoformat()}) after the record's updated time ({sub.updated})"
        )
    future = now + FUTURE_SLACK
    if updated and updated > future:
        problems.append(f"updated in the future ({sub.updated})")
    elif latest and latest > future:
        problems.append(f"an attempt in the future ({latest.isoformat()})")
    return problems


def log_order_problem(stamps: list[str]) -> str | None:
    """The runtime appends a line per check as it happens: a later line with an
    earlier time was moved (or the clock went back)."""
    latest = latest_stamp = None
    for stamp in stamps:
        when = moment(stamp)
        if when is None:
            continue
        if latest is not None and when < latest:
            return f"its lines are out of time order ({stamp} comes after {latest_stamp})"
        latest, latest_stamp = when, stamp
    return None


def _answer_problems(qid: str, answer: Answer) -> list[str]:
    """One attempt that is two, or a first attempt after the last. (A stored score
    that differs is the ``rescored`` flag's business, not this one's.)"""
    first, last = answer.first, answer.last
    if answer.attempts == 1 and first is not last and _two(first, last):
        return [f"{qid}: one attempt, yet another first and last answer"]
    start, end = moment(first.at), moment(last.at)
    if start and end and start > end:
        return [f"{qid}: first attempt ({first.at}) after the last ({last.at})"]
    return []


def _two(first: Attempt, last: Attempt) -> bool:
    return json_text(first.response) != json_text(last.response) or first.at != last.at


def note(problems: list[str]) -> str:
    """One stderr note for a file's problems (the first few named)."""
    shown = "; ".join(problems[:SHOWN])
    more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return f"note: does not add up ({shown}{more}); row flagged {FLAG}"


def undigested(rows: Iterable[Row]) -> list[Report]:
    """A note for each record without a digest in a module whose other records carry
    one: written by an older samestory, or the digest was deleted (which would
    otherwise pass for the former). A note, not a flag: old installs are common."""
    from ..gradebook import Report

    records = [r for r in rows if r.origin != "log"]
    chained: dict[tuple[str, str], int] = {}
    for row in records:
        chained[row.story, row.module] = chained.get((row.story, row.module), 0) + row.chained
    return [
        Report(
            row.file,
            f"note: no integrity digest (chain), unlike {chained[row.story, row.module]} "
            f"other record(s) of {row.module!r}: written by an older samestory, or the "
            "digest was deleted — it cannot be checked",
            problem=False,
        )
        for row in records
        if not row.chained and chained[row.story, row.module]
    ]


# ---------------------------------------------------------------- record against log


def check_against_logs(rows: Iterable[Row]) -> list[Report]:
    """Cross-check every results record (notebook or download) with each answer log
    of the same folder, learner and module; flag both rows of a pair that disagrees,
    and name the other file on each."""
    from ..gradebook import Report

    groups: dict[tuple[str, str, str, str], list[Row]] = {}
    for row in rows:
        if row.learner:
            where = (os.path.dirname(row.file), row.story, row.module, row.learner.casefold())
            groups.setdefault(where, []).append(row)
    reports = []
    for group in groups.values():
        logs = [r for r in group if r.origin == "log"]
        for record in (r for r in group if r.origin != "log"):
            for log in logs:
                problems = disagreements(record, log)
                if not problems:
                    continue
                for row, other in ((record, log), (log, record)):
                    row.flags.add(FLAG)
                    what = "; ".join(problems[:SHOWN]) + ("; …" if len(problems) > SHOWN else "")
                    reports.append(
                        Report(
                            row.file,
                            f"note: does not agree with {other.file} ({what}): a record and "
                            f"its answer log tell one history; row flagged {FLAG}",
                            problem=False,
                        )
                    )
    return reports


def disagreements(record: Row, log: Row) -> list[str]:
    """Where a record's answers contradict the log's. The log may run ahead of a
    notebook saved earlier (more questions, more attempts), never behind it; a log
    with damaged lines may have lost attempts, so its counts are not compared."""
    problems = []
    complete = "damaged" not in log.flags
    for qid in [q for q in record.answers if q in log.answers]:
        mine, logged = record.answers[qid], log.answers[qid]
        if (
            json_text(mine.response) != json_text(logged.response)
            or mine.first_at != logged.first_at
        ):
            problems.append(f"{qid}: another first attempt")
        elif complete and mine.attempts > logged.attempts:
            problems.append(f"{qid}: {mine.attempts} attempts, the log has {logged.attempts}")
        elif mine.attempts == logged.attempts and (
            json_text(mine.last_response) != json_text(logged.last_response)
            or mine.last_at != logged.last_at
        ):
            problems.append(f"{qid}: another last attempt")
    return problems
