"""Hand-written keys, records and notebooks for the export tests (no kernel needed)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.modulekeys import Key, ModuleKey
from generator.submissions import LOG_FORMAT, RESULTS_FORMAT, RESULTS_MIME

CHOICE = {
    "id": "q/who",
    "kind": "choice",
    "options": ["A", "B", "C"],
    "answer": "A",
    "prompt": "Who said it?",
    "graded": True,
}
NUMBER = {
    "id": "q/count",
    "kind": "number",
    "answer": 12.0,
    "tolerance": 0.5,
    "unit": "people",
    "prompt": "How many?",
    "graded": True,
}
REFLECT = {"id": "q/why", "kind": "reflect", "min_words": 0, "prompt": "Why?", "graded": False}
OTHER = {
    "id": "p/which",
    "kind": "choice",
    "options": ["X", "Y"],
    "answer": "Y",
    "prompt": "Which?",
    "graded": True,
}
CELLS = ("intro", "setup", "q-who", "q-count", "q-why", "summary", "results")


def demo_key() -> Key:
    return Key(
        {
            ("demo", "first"): ModuleKey(
                "demo", "first", "v1", (CHOICE, NUMBER, REFLECT), cell_ids=CELLS
            ),
            ("demo", "second"): ModuleKey("demo", "second", "v2", (OTHER,), cell_ids=("p",)),
        }
    )


# Module "first" of a newer corpus: every question practises a move, and the module
# asks "How sure are you?". Two moves are graded; the reflection's move is not.
MOVED = (
    {**CHOICE, "move": "who-is-credited", "confidence": True},
    {**NUMBER, "move": "check-the-figure", "confidence": True},
    {
        "id": "q/whom",
        "kind": "choice",
        "options": ["A", "B", "C"],
        "answer": "C",
        "prompt": "Whom does the report credit?",
        "graded": True,
        "move": "who-is-credited",
        "confidence": True,
    },
    {**REFLECT, "move": "compare-the-words", "confidence": True},
)


def moves_key() -> Key:
    """``demo_key`` with module "first" made of MOVED ("second" has no moves)."""
    modules = dict(demo_key().modules)
    modules["demo", "first"] = ModuleKey("demo", "first", "v1", MOVED, cell_ids=CELLS)
    return Key(modules)


@dataclass(frozen=True)
class Scored:
    score: float
    response: Any


def simple_score(question: dict[str, Any], response: Any) -> Scored:
    """Stands in for generator.runtime.scoring in the pure tests: choice and number."""
    if question["kind"] == "reflect":
        return Scored(0.0, response)
    if question["kind"] == "number":
        try:
            ok = abs(float(response) - question["answer"]) <= question["tolerance"]
        except (TypeError, ValueError):
            ok = False
        return Scored(float(ok), response)
    return Scored(float(response == question["answer"]), response)


def record(
    learner: str = "Ana",
    answers: dict[str, Any] | None = None,
    *,
    module: str = "first",
    version: str = "v1",
    updated: str = "2026-11-23T10:00:00+00:00",
    score: float | None = None,
    attempts: int = 1,
    confidence: dict[str, str] | None = None,
    key: Key | None = None,
) -> dict[str, Any]:
    """A results record; ``answers`` maps question id → first response (or a
    (first, last) pair); stored scores are the honest ones unless ``score`` is given;
    ``confidence`` maps question id → how sure the learner said they were."""
    key = key or demo_key()
    questions = {q["id"]: q for q in key.modules["demo", module].questions}
    built, total = {}, 0.0
    for qid, given in (answers if answers is not None else {"q/who": "A"}).items():
        first, last = given if isinstance(given, tuple) else (given, given)
        question = questions.get(qid, CHOICE)
        s1, s2 = simple_score(question, first).score, simple_score(question, last).score
        built[qid] = {
            "attempts": attempts,
            "first": {"response": first, "score": s1, "at": updated},
            "last": {"response": last, "score": s2, "at": updated},
        }
        if confidence and qid in confidence:
            built[qid]["first"]["confidence"] = confidence[qid]
        total += s1
    return {
        "format": RESULTS_FORMAT,
        "story": "demo",
        "module": module,
        "module_version": version,
        "learner": learner,
        "updated": updated,
        "answers": built,
        "score": total if score is None else score,
        "max_score": key.modules["demo", module].max_score,
    }


def notebook(
    rec: dict[str, Any] | None,
    *,
    as_string: bool = False,
    cell_ids: tuple[str, ...] = CELLS,
    earlier: dict[str, Any] | None = None,
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A saved notebook as JupyterLab writes it, the record in the last cell's output."""
    cells = [
        {
            "cell_type": "code",
            "id": cid,
            "metadata": {},
            "source": "",
            "outputs": [],
            "execution_count": None,
        }
        for cid in cell_ids
    ]
    if earlier is not None:  # a stale copy of the record in an earlier cell
        cells[0]["outputs"].append(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {RESULTS_MIME: earlier, "text/plain": "..."},
            }
        )
    if rec is not None:
        data = json.dumps(rec) if as_string else rec
        cells[-1]["outputs"].append(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {RESULTS_MIME: data, "text/markdown": "..."},
            }
        )
    samestory = meta if meta is not None else {"story": "demo", "module": "first", "version": "v1"}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": cells,
        "metadata": {"samestory": samestory},
    }


def log_lines(*entries: tuple[str, Any, str], learner: str = "Ana", module: str = "first") -> str:
    """Answer log text; each entry is (question, response, at); question None is a line
    recording a name change, as the runtime writes it."""
    lines = []
    for qid, response, at in entries:
        question = next(
            (q for q in demo_key().modules["demo", module].questions if q["id"] == qid), None
        )
        lines.append(
            json.dumps(
                {
                    "format": LOG_FORMAT,
                    "story": "demo",
                    "module": module,
                    "module_version": "v1",
                    "learner": learner,
                    "question": qid,
                    "response": response,
                    "score": None if question is None else simple_score(question, response).score,
                    "at": at,
                }
            )
        )
    return "\n".join(lines) + "\n"


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
