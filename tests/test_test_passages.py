"""The passages a test question shows must not give its answer away (issue 14 item 1:
"a learner who reads every byte of the file learns nothing about the key").

A "Which text leaves it out?" question shows, in a practice module, a passage of
every text that carries the point; its options are those texts and the ones that
leave it out. Read by source, the passages then mark every wrong option, and the
option without a passage is the answer. The seed's pretest and posttest each have
such a question: built by the real CLI, their notebooks must not single it out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest
from build_helpers import REPO

from generator.building.common import option_labels, source_labels
from generator.corpus import load_corpus
from generator.notebook import spec_from_setup
from generator.questions import module_specs

TESTS = ("pretest", "posttest")


@pytest.fixture(scope="module")
def story():
    (loaded,) = load_corpus(REPO / "corpus")
    return loaded


@pytest.fixture(scope="module")
def full_specs(story) -> dict[str, dict[str, Any]]:
    return {spec["module"]: spec for spec in module_specs(story)}


@pytest.fixture(scope="module")
def carried(tmp_path_factory) -> dict[str, dict[str, Any]]:
    """The spec each test notebook carries, from a build by the real command line."""
    out = tmp_path_factory.mktemp("modules")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "corpus", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    specs = {}
    for module in TESTS:
        (path,) = (out / "kazakhstan-2022").glob(f"*-{module}.ipynb")
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = next(c for c in cells if c["id"] == "setup")
        specs[module] = spec_from_setup("".join(setup["source"]))
    return specs


def singled_out(story, question: dict[str, Any], evidence: list[dict[str, Any]]) -> bool:
    """True when the options whose text has a passage shown are exactly the wrong ones
    (options naming texts, answer one or more of them)."""
    labels = option_labels(source_labels(story))
    answer = question.get("answer")
    if isinstance(answer, str):
        answers = {answer}
    elif isinstance(answer, list) and all(isinstance(a, str) for a in answer):
        answers = set(answer)
    else:  # a number, a date, words by index, a match: not options naming texts
        return False
    options = set(question.get("options") or [])
    if not options or not options <= set(labels.values()):
        return False
    shown = {labels[passage["source"]] for passage in evidence}
    return bool(shown) and options - shown == answers


def missing_questions(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in spec["questions"] if q["id"].endswith("/missing")]


@pytest.mark.parametrize("module", TESTS)
def test_a_test_question_s_passages_do_not_mark_its_answer(story, full_specs, carried, module):
    full = {q["id"]: q for q in full_specs[module]["questions"]}
    for shown in carried[module]["questions"]:
        assert not singled_out(story, full[shown["id"]], shown["evidence"]), shown["id"]


@pytest.mark.parametrize("module", TESTS)
def test_a_test_still_shows_the_point_a_text_leaves_out(full_specs, carried, module):
    """The check above can fail: with every passage, as a practice module shows them,
    the question would give its answer away; the test shows the first passage only."""
    (full,) = missing_questions(full_specs[module])
    (shown,) = missing_questions(carried[module])
    assert len(full["evidence"]) > 1
    assert shown["evidence"] == full["evidence"][:1]


def test_the_full_passages_would_mark_the_answer(story, full_specs):
    for module in TESTS:
        (full,) = missing_questions(full_specs[module])
        assert singled_out(story, full, full["evidence"]), full["id"]


def passages_previewed(module: str, question: str) -> int:
    """How many passages ``preview`` (the real CLI) lists beside ``question``."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "preview", "corpus/kazakhstan-2022", module],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    block = done.stdout.split(f"[{question}]")[1].split("\nQuestion ")[0]
    shown = block.split("passages shown:")[1].split("hint:")[0]
    return len(re.findall(r"^ {8}\S", shown, re.MULTILINE))  # one line starts each passage


def test_preview_lists_the_passages_the_test_notebook_shows():
    assert passages_previewed("pretest", "temporary-stay/missing") == 1
    assert passages_previewed("what-gets-left-out", "kill-or-neutralize/missing") == 3
