"""What a learner has answered, and the results record built from it (DESIGN.md,
"Results (contract)"): the JSON record, its Markdown summary and the download link."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .phrases import Phrases
from .texthtml import esc, escape_markdown

RESULTS_FORMAT = "samestory-results/1"
TEST_ROLES = ("pretest", "posttest")  # modules that record answers and show no key
RESULTS_MIME = "application/vnd.samestory.results+json"
MAX_LEARNER = 200  # characters of a name kept: a name field is not a document
CONFIDENCE = ("sure", "fairly-sure", "guessing")  # "How sure are you?", most sure first
CHAIN_FORMAT = "samestory-chain/1"  # names the digest below: a changed recipe gets /2


def now() -> str:
    """UTC now as ISO 8601 seconds with +00:00 (tests replace this to fix the clock)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def local_time(stamp: str, months: list[str] | None = None) -> str:
    """A stored UTC stamp as people read it, in the kernel's local time (the
    learner's own in JupyterLite; a server's on Binder): "2 Dec 2026, 10:05", with
    the module language's month names when given (``Phrases.months``)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    month = months[local.month - 1] if months else f"{local:%b}"
    return f"{local.day} {month} {local:%Y, %H:%M}"


def heading_of(question: dict[str, Any], spec: dict[str, Any]) -> str:
    """The question's heading; for an older spec without one, its claim's topic or the
    first words of its prompt (never its id: learners do not know ids)."""
    if isinstance(question.get("heading"), str) and question["heading"].strip():
        return question["heading"]
    claim = spec.get("claims", {}).get(question.get("claim") or "")
    if claim and claim.get("topic"):
        return claim["topic"]
    words = str(question.get("prompt", "")).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


@dataclass(frozen=True)
class Attempt:
    """One check. The optional fields (docs/internals.md, "Results additions") enter
    the record only when set: ``confidence`` on a first attempt when the module asks
    "How sure are you?", ``hinted`` / ``revealed`` when the hint / the answer was shown
    before this attempt."""

    response: Any
    score: float | None  # None in a test: the notebook has no key to score with
    at: str
    confidence: str | None = None
    hinted: bool = False
    revealed: bool = False

    def as_record(self) -> dict[str, Any]:
        record = {"response": self.response, "score": self.score, "at": self.at}
        return record | self.extras()

    def extras(self) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        if self.confidence:
            extras["confidence"] = self.confidence
        if self.hinted:
            extras["hinted"] = True
        if self.revealed:
            extras["revealed"] = True
        return extras


@dataclass
class AnswerState:
    """The checks of one question: the first is what the score uses."""

    attempts: int = 0
    first: Attempt | None = None
    last: Attempt | None = None

    def add(self, attempt: Attempt) -> None:
        self.attempts += 1
        if self.first is None:
            self.first = attempt
        self.last = attempt

    def as_record(self) -> dict[str, Any]:
        assert self.first is not None and self.last is not None
        return {
            "attempts": self.attempts,
            "first": self.first.as_record(),
            "last": self.last.as_record(),
        }


def results_record(
    spec: dict[str, Any], learner: str, updated: str, states: dict[str, AnswerState]
) -> dict[str, Any]:
    """The record; ``states`` in module order (answers are listed in that order).
    A pretest or posttest (``"mode": "test"``) has no scores: ``score`` is null, as is
    each attempt's, and there is no ``moves`` (the export scores it from the corpus)."""
    graded = {q["id"]: q.get("graded", q["kind"] != "reflect") for q in spec["questions"]}
    answers = {qid: s.as_record() for qid, s in states.items() if s.attempts}
    testing = spec.get("role") in TEST_ROLES
    total = (
        None
        if testing
        else float(
            sum(s.first.score or 0.0 for qid, s in states.items() if s.first and graded.get(qid))
        )
    )
    record = {
        "format": RESULTS_FORMAT,
        "story": spec["story"],
        "module": spec["module"],
        "module_version": spec["version"],
        "learner": learner,
        "updated": updated,
        "answers": answers,
        "score": total,
        "max_score": sum(1 for g in graded.values() if g),
    }
    if testing:
        record["mode"] = "test"
        return record
    moves = move_scores(spec, states)
    if moves is not None:
        record["moves"] = moves
    record["chain"] = record_chain(record)
    return record


# ---------------------------------------------------------------- integrity digest


def record_chain(record: dict[str, Any]) -> str:
    """A digest of the record's history, so that editing the file by hand (a first
    attempt replaced by the right one, another name, a later ``updated``) shows at
    export (generator/grading/integrity.py checks it; docs/grading.md says what it
    cannot catch: the recipe is open source, anyone can recompute it).

    SHA-256 over who and what the record is for, then each answered question with
    its attempt count and its first and last attempt, all fields, keys sorted (a
    saved notebook sorts JSON keys). Only what a learner's file carries enters it, so
    export checks it from the file alone. Never raises, whatever JSON a file holds.
    """
    head = [CHAIN_FORMAT, *(record.get(k) for k in ("story", "module", "module_version"))]
    head += [record.get("learner"), record.get("updated")]
    try:
        text = _SORTED.encode([head, record.get("answers")])
    except (TypeError, ValueError):  # keys of mixed types: nothing JSON or a check gives
        text = _SORTED.encode(repr([head, record.get("answers")]))
    return hashlib.sha256(_NUMBER.sub(_as_float, text).encode("ascii")).hexdigest()


# JupyterLab saves a notebook with JavaScript's JSON, which writes 1.0 as ``1``, 1e-05
# as ``0.00001`` and -0.0 as ``0``: every number is written as Python writes the float
# it reads as. A number is what stands between "[" or a separator's space and one of
# ",]}" (the few such runs of digits inside a text change alike on both sides); times
# and hex digests are left alone. Far cheaper than a JSON round trip or a walk in
# Python (measured), which matters on each of 10,000 records.
_NUMBER = re.compile(r"(?<=[\[ ])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[,\]}])")
_SORTED = json.JSONEncoder(ensure_ascii=True, sort_keys=True, default=repr)


def _as_float(number: re.Match[str]) -> str:
    return repr(float(number.group()) + 0.0)


def is_graded(question: dict[str, Any]) -> bool:
    return bool(question.get("graded", question["kind"] != "reflect"))


def move_scores(
    spec: dict[str, Any], states: dict[str, AnswerState]
) -> dict[str, dict[str, Any]] | None:
    """First-attempt score and question count per move, in module order; None when a
    graded question has no move (an older spec): the sums must equal the record's."""
    graded = [q for q in spec["questions"] if is_graded(q)]
    if not graded or any(not isinstance(q.get("move"), str) for q in graded):
        return None
    moves: dict[str, dict[str, Any]] = {}
    for q in graded:
        entry = moves.setdefault(q["move"], {"score": 0.0, "max_score": 0})
        first = states[q["id"]].first
        entry["score"] += (first.score or 0.0) if first else 0.0
        entry["max_score"] += 1
    return moves


def results_markdown(record: dict[str, Any], spec: dict[str, Any], say: Phrases) -> str:
    """A readable summary of the record: what JupyterLab shows for the results output."""
    md = escape_markdown
    learner = record["learner"] or say("results_no_learner")
    lines = [
        "**" + md(say("results_heading", title=spec["title"])) + "**",
        "",
        md(say("results_learner", learner=learner)) + "  ",
        md(score_line(record, say)) + "  ",
        md(say("results_updated", updated=local_time(record["updated"], say.months()))),
        "",
        "| "
        + " | ".join(
            md(say(k))
            for k in ("results_question", "results_attempts", "results_first", "results_last")
        )
        + " |",
        "|---|---:|---:|---:|",
    ]
    for question in spec["questions"]:
        answer = record["answers"].get(question["id"])
        lines.append(_markdown_row(question, heading_of(question, spec), answer, say))
    return "\n".join(lines) + "\n"


def score_line(record: dict[str, Any], say: Phrases) -> str:
    if record["score"] is None:  # a test: scored by the export, not here
        return say("test_results_score", max_score=record["max_score"])
    return say("results_score", score=say.score(record["score"]), max_score=record["max_score"])


def _markdown_row(
    question: dict[str, Any], heading: str, answer: dict[str, Any] | None, say: Phrases
) -> str:
    name = escape_markdown(heading)
    if answer is None:
        return f"| {name} | 0 | {escape_markdown(say('results_not_checked'))} | |"
    if not question.get("graded", question["kind"] != "reflect"):
        ungraded = escape_markdown(say("results_ungraded"))
        return f"| {name} | {answer['attempts']} | {ungraded} | {ungraded} |"
    if answer["first"]["score"] is None:  # a test
        recorded = escape_markdown(say("test_recorded"))
        return f"| {name} | {answer['attempts']} | {recorded} | {recorded} |"
    first, last = say.score(answer["first"]["score"]), say.score(answer["last"]["score"])
    return f"| {name} | {answer['attempts']} | {first} | {last} |"


def results_bundle(record: dict[str, Any], spec: dict[str, Any], say: Phrases) -> dict[str, Any]:
    return {RESULTS_MIME: record, "text/markdown": results_markdown(record, spec, say)}


# ---------------------------------------------------------------- download


def learner_slug(name: str) -> str:
    """A name as a file-name part: "Ana P." → "ana-p" (accents folded; may be empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")


def download_name(record: dict[str, Any], say: Phrases) -> str:
    slug = learner_slug(record["learner"]) or learner_slug(say("download_no_name")) or "learner"
    return f"{record['story']}_{record['module']}_{slug}.json"


def download_html(record: dict[str, Any], say: Phrases) -> str:
    """A link that saves the record as a JSON file, with no server round trip (a data:
    URL works the same in JupyterLab, Notebook 7, Voila and JupyterLite)."""
    data = json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")
    href = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{esc(download_name(record, say))}" href="{href}" '
        f'class="samestory-download">{esc(say("download_label"))}</a>'
    )
