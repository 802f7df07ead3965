"""The passages beside a question must not give its answer away (issue 10: "a question
a student can answer without reading the evidence is a defect"; issue 14 item 1: "a
learner who reads every byte of the file learns nothing about the key").

A "Which text leaves it out?" question's options are the texts that carry the point
and those that leave it out. Were a passage of every carrying text shown beside it,
the passages would mark every wrong option, and the option without a passage would be
the answer. So the question shows one passage (the point to look for), in every module,
and the learner reads the other texts to answer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest
from build_helpers import REPO, build_seed_corpus

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
    build_seed_corpus(out)
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


def test_no_question_of_any_module_has_passages_that_mark_its_answer(story, full_specs):
    for spec in full_specs.values():
        for question in spec["questions"]:
            assert not singled_out(story, question, question.get("evidence") or []), (
                spec["module"],
                question["id"],
            )


def test_the_check_can_fail_every_carrying_text_s_passage_marks_the_answer(story, full_specs):
    """A passage of every text that carries the point (what the seed once showed)."""
    found = 0
    for spec in full_specs.values():
        for question in missing_questions(spec):
            everything = spec["claims"][question["claim"]]["passages"]
            assert len(question["evidence"]) == 1, question["id"]
            found += singled_out(story, question, everything)
    assert found >= 3


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


def test_preview_lists_the_one_passage_a_missing_question_shows():
    assert passages_previewed("pretest", "temporary-stay/missing") == 1
    assert passages_previewed("what-gets-left-out", "kill-or-neutralize/missing") == 1
