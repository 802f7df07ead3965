"""Results records of the seed story's modules, handed in as files, and the real
`python -m generator export` — for the LMS, roster and nbgrader-layout tests."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from generator.modulekeys import load_key
from generator.submissions import RESULTS_FORMAT

REPO = Path(__file__).resolve().parents[1]
STORY = "kazakhstan-2022"


@cache
def seed_questions(module: str) -> tuple[dict[str, Any], ...]:
    key = load_key(REPO / "corpus")
    return tuple(q for q in key.modules[STORY, module].questions if q["graded"])


def seed_record(learner: str, module: str, right: int) -> dict[str, Any]:
    """``learner``'s record of ``module``: the first ``right`` graded questions answered
    with the key's answer, nothing else answered (so the score is ``right``)."""
    answers = {
        q["id"]: {
            "attempts": 1,
            "first": {"response": q["answer"], "score": 1.0, "at": "2026-11-23T10:00:00+00:00"},
            "last": {"response": q["answer"], "score": 1.0, "at": "2026-11-23T10:00:00+00:00"},
        }
        for q in seed_questions(module)[:right]
    }
    return {
        "format": RESULTS_FORMAT,
        "story": STORY,
        "module": module,
        "module_version": "any",
        "learner": learner,
        "updated": "2026-11-23T10:00:00+00:00",
        "answers": answers,
        "score": float(right),
        "max_score": len(seed_questions(module)),
    }


def hand_in(path: Path, record: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def export(*args: str | Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", "export", *map(str, args)]
    command += ["--corpus", str(REPO / "corpus")]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: list[list[str]], *, delimiter=",", bom=False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


CANVAS_ROSTER = [
    [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Essay (5501)",
        "Whose words are these? (7701)",
    ],
    ["    Points Possible", "", "", "", "", "10.00", "(read only)"],
    ["Perez, Ana", "101", "S-101", "aperez", "Period 2", "8", ""],
    ["Lee, Sam", "102", "S-102", "slee1", "Period 2", "", ""],
    ["Lee, Sam", "103", "S-103", "slee2", "Period 3", "", ""],
    ["Okafor, Chidi", "104", "S-104", "cokafor", "Period 3", "", ""],
    ["Student, Test", "999", "", "", "Period 2", "", ""],
]
