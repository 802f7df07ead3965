"""The peer graders would otherwise use: nbgrader's ``autograde`` on a one-question assignment.

nbgrader (from PyPI, in its own venv under ``.work/``) re-runs every submission in a
fresh kernel and checks it with the teacher's test cell; samestory's export reads
the saved results instead and never executes a learner's notebook. The assignment is
the nbgrader equivalent of one samestory ``choice`` question: a solution cell where
the learner writes whom a source credits, and a hidden-test cell that checks it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from .venvs import cached_venv

NBGRADER = "nbgrader==0.9.*"
ASSIGNMENT = "ps1"
RIGHT = "the Ministry of Foreign Affairs"
WRONG = ("Reuters", "no one", "the President")


def _cell(kind: str, source: str, cell_id: str, nbgrader: dict | None = None) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source}
    if nbgrader is not None:
        cell["metadata"]["nbgrader"] = {"schema_version": 3, "task": False, **nbgrader}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def source_notebook() -> dict:
    prompt = (
        "Whom does the news report credit with the statement that the events were "
        "an attempted coup? Set `answer` to one of: " + ", ".join((RIGHT, *WRONG))
    )
    cells = [
        _cell("markdown", prompt, "prompt"),
        _cell(
            "code",
            f"### BEGIN SOLUTION\nanswer = {RIGHT!r}\n### END SOLUTION",
            "answer",
            {"grade_id": "answer", "solution": True, "grade": False, "locked": False},
        ),
        _cell(
            "code",
            f"assert answer == {RIGHT!r}",
            "check",
            {"grade_id": "check", "solution": False, "grade": True, "locked": True, "points": 1},
        ),
    ]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _env(python: Path) -> dict[str, str]:
    """The nbgrader venv's own environment: nothing of .venv's may leak into it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH") and not k.startswith("JUPYTER")
    }
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _nbgrader(python: Path, course: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [str(python.parent / "nbgrader"), *args, "--log-level=ERROR"],
        cwd=course,
        env=_env(python),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds


def prepare_course(work: Path, python: Path, submissions: int) -> tuple[Path, float]:
    """A fresh course folder with the released assignment and ``submissions`` hand-ins."""
    course = work / "nbgrader-course"
    shutil.rmtree(course, ignore_errors=True)
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'samestory-bench'\n"
        "c.Execute.timeout = 120\n"
    )
    source = course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source.write_text(json.dumps(source_notebook(), indent=1))
    generate = _nbgrader(python, course, "generate_assignment", ASSIGNMENT, "--force")
    released = json.loads((course / "release" / ASSIGNMENT / source.name).read_text())
    for i in range(submissions):
        answer = RIGHT if i % 2 == 0 else WRONG[i % len(WRONG)]
        for cell in released["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
                cell["source"] = f"answer = {answer!r}\n"
        folder = course / "submitted" / f"learner{i:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / source.name).write_text(json.dumps(released, indent=1))
    return course, generate


def autograde(work: Path, submissions: int, log=print) -> dict[str, float]:
    """Seconds for ``nbgrader autograde`` on ``submissions`` hand-ins, and the set-up costs."""
    python, install = cached_venv(work, "nbgrader-venv", [NBGRADER], log=log)
    course, generate = prepare_course(work, python, submissions)
    seconds = _nbgrader(python, course, "autograde", ASSIGNMENT, "--force")
    graded = list((course / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    if len(graded) != submissions:
        raise RuntimeError(f"nbgrader autograded {len(graded)} of {submissions} submissions")
    version = subprocess.run(
        [str(python), "-c", "import nbgrader; print(nbgrader.__version__)"],
        capture_output=True,
        text=True,
        env=_env(python),
    ).stdout.strip()
    return {
        "autograde": seconds,
        "generate": generate,
        "install": install or 0.0,
        "version": version,
    }
