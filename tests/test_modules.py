"""Every committed notebook in modules/ runs in a real kernel without errors, and the
key answers, submitted through the learner API, score full marks.

One kernel per module: pytest-notebook executes the notebook as committed with one
extra last cell that submits every key answer (then a wrong one, see
:func:`submission_code`) through
``runtime.active_module()``, exactly what a click on Check does. Kernels run in a
temporary folder, so the answer logs they write do not land in modules/.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from build_helpers import REPO, SUBMIT_ALL, assert_no_errors
from learner_walk import wrong_response
from pytest_notebook.execution import execute_notebook

MODULES = REPO / "modules"
NOTEBOOKS = sorted(MODULES.glob("*/*.ipynb"))


def spec_of(nb) -> dict:
    """The module spec a notebook's setup cell loads (parsed, never executed)."""
    from generator.notebook import spec_from_setup

    setup = next(c for c in nb.cells if c.get("id") == "setup")
    return spec_from_setup(setup.source)


def full_spec(spec: dict) -> dict:
    """A pretest's or posttest's notebook carries no key: take it from the corpus."""
    if spec.get("role") not in ("pretest", "posttest"):
        return spec
    from generator.corpus import load_corpus
    from generator.questions import module_specs

    stories = {story.id: story for story in load_corpus(REPO / "corpus")}
    return next(s for s in module_specs(stories[spec["story"]]) if s["module"] == spec["module"])


def submission_code(spec: dict) -> str:
    """A last cell that submits the key, then an answer wrong everywhere it can be:
    never an ``accept``ed label, which scores 1 as the key does."""
    graded = [q for q in spec["questions"] if q["graded"]]
    key = {q["id"]: q["answer"] for q in graded}
    wrong = {q["id"]: wrong_response(q) for q in graded}
    wrong = {qid: answer for qid, answer in wrong.items() if answer is not None}
    return SUBMIT_ALL.format(key=json.dumps(key), wrong=json.dumps(wrong))


@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOKS, reason="modules/ has no notebooks yet: run `make modules`")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_module_runs_and_the_key_scores_full_marks(path, tmp_path):
    logs_before = sorted(MODULES.rglob("*.samestory-log.jsonl"))
    nb = nbformat.read(path, as_version=4)
    carried = spec_of(nb)
    spec = full_spec(carried)
    nb.cells.append(nbformat.v4.new_code_cell(submission_code(spec), id="test-submit"))
    result = execute_notebook(nb, cwd=str(tmp_path), timeout=120)
    assert result.exec_error is None, result.exec_error
    assert_no_errors(result.notebook)
    printed = "".join(
        o.get("text", "") for o in result.notebook.cells[-1].outputs if o.output_type == "stream"
    )
    report = json.loads(printed.split("REPORT ", 1)[1])
    graded = [q for q in spec["questions"] if q["graded"]]
    if carried is not spec:  # a test records the key's answers and says nothing
        assert report["key"] == {q["id"]: [q["kind"], 0.0, False] for q in graded}
        assert report["score"] is None and report["max_score"] == len(graded)
        assert set(report["wrong"].values()) == {0.0}
    else:
        assert report["key"] == {q["id"]: [q["kind"], 1.0, True] for q in graded}
        assert report["score"] == report["max_score"] == len(graded)
        assert all(points < 1.0 for points in report["wrong"].values()), report["wrong"]
    assert sorted(MODULES.rglob("*.samestory-log.jsonl")) == logs_before, "a log in modules/"
