"""A learner's answers survive a kernel restart (issue: "Learners never lose answers"),
and come back only to that learner, when they resume (issue 13: on a shared folder
the next visitor must never inherit them).

Each "session" below is a fresh kernel running the committed module top to bottom,
as Run All does after a restart or a Binder timeout (or as Voila does for every
visit), in the same folder, so the answer log written beside the notebook is the
only thing carried over.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from build_helpers import REPO, assert_no_errors, wrong_answer
from nbclient import NotebookClient

MODULE = REPO / "modules" / "kazakhstan-2022" / "06-mix.ipynb"
RESULTS_MIME = "application/vnd.samestory.results+json"

ANSWER = """\
# test: what the learner does before the kernel is lost
import json
from generator import runtime
m = runtime.active_module()
m.learner = "Ana P."
for qid, response in json.loads({answers!r}):
    m.questions[qid].submit(response)
"""

REPORT = """\
# test: what the learner sees after re-running the module (and typing a name, resuming)
import json
from generator import runtime
m = runtime.active_module()
before_name = m.results()
m.learner = __LEARNER__
offered = m.offer is not None
if __RESUME__:
    m.resume()
qs = m.questions.values()
print("REPORT " + json.dumps({
    "before_name": before_name,
    "offered": offered,
    "results": m.results(),
    "feedback": {q.id: [q.feedback.restored, q.feedback.html] for q in qs if q.feedback},
    "notices": m.notices,
}))
"""


def run_session(cwd: Path, extra: str) -> tuple[nbformat.NotebookNode, dict | None]:
    nb = nbformat.read(MODULE, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(extra, id="test-extra"))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    assert_no_errors(nb)
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    reports = [x for x in printed.splitlines() if x.startswith("REPORT ")]
    return nb, json.loads(reports[0].removeprefix("REPORT ")) if reports else None


def saved_record(nb) -> dict:
    """The results record a save would write: the display output of the results cell."""
    (cell,) = [c for c in nb.cells if c.get("id") == "results"]
    return next(o["data"][RESULTS_MIME] for o in cell.outputs if RESULTS_MIME in o.get("data", {}))


def spec_questions(nb) -> list[dict]:
    import ast

    from generator.runtime.literal import decode_spec_text, is_encoded

    setup = next(c for c in nb.cells if c.get("id") == "setup")
    call = ast.parse(setup.source.splitlines()[-1]).body[0].value
    literal = call.args[0].value
    return json.loads(decode_spec_text(literal) if is_encoded(literal) else literal)["questions"]


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """A first session: the learner types a name, misses one question, then gets it right."""
    cwd = tmp_path_factory.mktemp("learner")
    questions = [q for q in spec_questions(nbformat.read(MODULE, as_version=4)) if q["graded"]]
    first, second = questions[0], questions[1]
    answers = [
        (first["id"], wrong_answer(first)),
        (first["id"], first["answer"]),
        (second["id"], second["answer"]),
    ]
    nb, _ = run_session(cwd, ANSWER.format(answers=json.dumps(answers)))
    return cwd, saved_record(nb), (first["id"], second["id"])


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODULE.exists(), reason="modules/ not built: run `make modules`"),
]


def report_cell(learner: str = "Ana P.", resume: bool = True) -> str:
    return REPORT.replace("__LEARNER__", repr(learner)).replace("__RESUME__", repr(resume))


def test_a_restarted_kernel_brings_back_answers_and_feedback_when_the_learner_resumes(answered):
    cwd, before, (first, second) = answered
    assert before["learner"] == "Ana P." and before["answers"][first]["attempts"] == 2

    nb, report = run_session(cwd, report_cell())

    assert report["before_name"]["answers"] == {} and report["before_name"]["learner"] == ""
    assert report["offered"]
    after = report["results"]
    assert after["learner"] == "Ana P."
    for qid in (first, second):
        assert after["answers"][qid] == before["answers"][qid]
    assert after["score"] == before["score"] > 0  # first attempts, as scored before
    restored, html = report["feedback"][first]
    assert restored and "✓" in html, "the last check's feedback is shown again"
    # Saving the re-run notebook saves the restored answers, not a blank record.
    assert saved_record(nb)["answers"] == after["answers"]


def test_the_next_learner_in_the_same_folder_starts_empty(answered):
    cwd, _, _ = answered
    nb, report = run_session(cwd, report_cell("Ben", resume=True))
    assert not report["offered"]
    assert report["results"]["learner"] == "Ben" and report["results"]["answers"] == {}
    assert saved_record(nb)["answers"] == {} and saved_record(nb)["learner"] == "Ben"


def test_the_same_learner_who_does_not_resume_starts_empty(answered):
    cwd, _, _ = answered
    _, report = run_session(cwd, report_cell(resume=False))
    assert report["offered"] and report["results"]["answers"] == {}


def test_a_damaged_log_line_is_skipped_with_a_notice(answered):
    cwd, before, (first, _) = answered
    (log,) = [p for p in cwd.glob("*.samestory-log.jsonl") if "Ben" not in p.read_text()]
    with log.open("a", encoding="utf-8") as f:
        f.write('{"format": "samestory-log/1", "story": "kazakhstan-2022", "modu\n')
        f.write(json.dumps({"format": "samestory-log/1", "story": "other", "module": "x"}) + "\n")

    _, report = run_session(cwd, report_cell())

    assert report["results"]["answers"][first] == before["answers"][first]
    assert any("2" in notice for notice in report["notices"]), report["notices"]
