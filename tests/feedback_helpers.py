"""Shared by tests/test_feedback_pages.py and tests/browser/test_released_feedback.py:
a corpus with a pretest, results records answered through the learner API, and the
real `python -m generator feedback` command."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

from learner_walk import right_response, wrong_response

from generator import runtime
from generator.modulekeys import load_key

REPO = Path(__file__).resolve().parents[1]
TEST_MODULE = "counting-and-dating"
PRACTICE_MODULE = "whose-words"


def pretest_corpus(root: Path) -> Path:
    """The seed corpus copied under ``root``, with one module made a pretest."""
    subprocess.run(["cp", "-r", str(REPO / "corpus"), str(root)], check=True)
    story = root / "corpus" / "kazakhstan-2022" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    marker = f"  - id: {TEST_MODULE}\n"
    assert marker in text
    story.write_text(text.replace(marker, marker + "    role: pretest\n"), encoding="utf-8")
    return root / "corpus"


def module_specs_of(corpus: Path) -> dict[str, dict]:
    key = load_key(corpus)
    return {m.module: m.spec for m in key.modules.values()}


def answered(spec: dict, learner: str, folder: Path, wrong: set[int] = frozenset(), skip=()):
    """A results record of ``learner``: question n answered wrong when n is in ``wrong``."""
    m = runtime.load_module(copy.deepcopy(spec), log_dir=folder)
    m.learner = learner
    for n, q in enumerate(spec["questions"]):
        if n in skip:
            continue
        response = wrong_response(q) if n in wrong else right_response(q)
        m.questions[q["id"]].submit(response if response is not None else right_response(q))
    return m.results()


def hand_in(folder: Path, name: str, record: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def run_feedback(corpus: Path, out: Path, *paths: Path, extra=()) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", "feedback", *map(str, paths)]
    command += ["--corpus", str(corpus), "-o", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)
