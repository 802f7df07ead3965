"""Synthetic classes for the class report and rubric tests: results records built
from the fixture story tests/fixtures/report/bridge (a pretest, a practice lesson
with a rubric-scored reflection, a posttest), answered right or wrong question by
question, so every figure of the report is known in advance."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.modulekeys import Key, is_graded, load_key
from generator.runtime.scoring import score
from generator.submissions import RESULTS_FORMAT

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "report"
STORY = "bridge"
PRE, LESSON, POST = "before", "lesson", "after"
REFLECTION = "bridge-report"
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="samestory-report">(.*?)</script>', re.DOTALL
)


def fixture_key() -> Key:
    return load_key(CORPUS)


def right(question: dict[str, Any]) -> Any:
    return question["answer"]


def wrong(question: dict[str, Any]) -> Any:
    """A response that scores 0 (checked in test_report.py against the real scorer)."""
    kind = question["kind"]
    if kind == "choice":
        return next(o for o in question["options"] if o != question["answer"])
    if kind == "match":
        answer = question["answer"]
        return {
            item["key"]: next(o for o in question["options"] if o != answer[item["key"]])
            for item in question["items"]
        }
    if kind == "multi":
        return [next(o for o in question["options"] if o not in question["answer"])]
    if kind == "words":
        return [i for i in range(len(question["tokens"])) if i not in question["answer"]][:1]
    raise ValueError(f"no wrong answer for kind {kind}")


def graded(key: Key, module: str) -> list[dict[str, Any]]:
    return [q for q in key.modules[STORY, module].questions if is_graded(q)]


@dataclass
class Answers:
    """One learner's hand-in of one module: the first ``n_right`` graded questions
    (module order) right, the rest wrong; a reflection; how sure they said they were."""

    learner: str
    module: str
    n_right: int
    reflection: str | None = None
    sure: bool = False
    right_ids: list[str] = field(default_factory=list)


def results_record(key: Key, hand_in: Answers) -> dict[str, Any]:
    module = key.modules[STORY, hand_in.module]
    at = "2026-11-23T10:00:00+00:00"
    answers, total = {}, 0.0
    for n, question in enumerate(graded(key, hand_in.module)):
        response = right(question) if n < hand_in.n_right else wrong(question)
        if n < hand_in.n_right:
            hand_in.right_ids.append(question["id"])
        first = {"response": response, "score": score(question, response).score, "at": at}
        if question.get("confidence"):
            first["confidence"] = "sure" if hand_in.sure else "guessing"
        answers[question["id"]] = {"attempts": 1, "first": first, "last": first}
        total += first["score"]
    if hand_in.reflection is not None:
        first = {"response": hand_in.reflection, "score": 0.0, "at": at}
        answers[REFLECTION] = {"attempts": 1, "first": first, "last": first}
    test = {"mode": "test"} if hand_in.module in (PRE, POST) else {}  # as roles' records
    return {
        **test,
        "format": RESULTS_FORMAT,
        "story": STORY,
        "module": hand_in.module,
        "module_version": module.version,
        "learner": hand_in.learner,
        "updated": at,
        "answers": answers,
        "score": total,
        "max_score": module.max_score,
    }


def write_class(folder: Path, key: Key, hand_ins: list[Answers]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, hand_in in enumerate(hand_ins):
        path = folder / f"{n:04d}-{hand_in.module}.json"
        path.write_text(json.dumps(results_record(key, hand_in)), encoding="utf-8")


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command line: ``python -m generator ...`` in this checkout."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def export(submissions: Path, out: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli("export", submissions, "--corpus", CORPUS, "-o", out / "grades.csv", *extra)


def report_data(html: str) -> dict[str, Any]:
    """The figures the page embeds for programs (docs/grading.md, "Class report")."""
    found = DATA_BLOCK.search(html)
    assert found, "the report has no samestory-report JSON block"
    return json.loads(found.group(1))
