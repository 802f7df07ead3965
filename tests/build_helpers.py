"""Shared by the derivation, build, key and module tests: the tiny fixture story
(tests/fixtures/corpus/mini), ways to vary it, and answers to check a module with."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
MINI = FIXTURE_CORPUS / "mini"


def mini_data() -> dict[str, Any]:
    """The fixture story.yaml as plain data, to edit in a test."""
    return yaml.safe_load((MINI / "story.yaml").read_text(encoding="utf-8"))


def write_story(
    corpus: Path,
    data: dict[str, Any],
    texts: dict[str, str] | None = None,
    folder: str | None = None,
) -> Path:
    """Write a story into ``corpus/<id>/``: the mini sources unless ``texts`` (file →
    text) replace or add some. Returns the corpus folder."""
    story = corpus / (folder or data["id"])
    if story.exists():
        shutil.rmtree(story)
    shutil.copytree(MINI / "sources", story / "sources")
    for name, text in (texts or {}).items():
        (story / name).write_text(text, encoding="utf-8")
    (story / "story.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return corpus


def copy_mini(corpus: Path, edit=None) -> Path:
    """The mini story copied into ``corpus``; ``edit(data)`` may change it first."""
    data = copy.deepcopy(mini_data())
    if edit is not None:
        edit(data)
    return write_story(corpus, data)


def load_single(corpus: Path):
    from generator.corpus import load_corpus

    (story,) = load_corpus(corpus)
    return story


def wrong_answer(question: dict[str, Any]) -> Any:
    """A well-formed response that does not score 1.0 (None for ungraded questions)."""
    kind, answer = question["kind"], question.get("answer")
    # Accepted alternatives score 1 too: a wrong answer avoids them.
    accept = question.get("accept") or {}
    if kind == "choice":
        return next(o for o in question["options"] if o != answer and o not in accept)
    if kind == "multi":
        return [o for o in question["options"] if o not in answer] or question["options"][:1]
    if kind == "match":
        first = question["items"][0]["key"]
        ok = {answer[first], *(accept.get(first) or [])}
        other = next(o for o in question["options"] if o not in ok)
        return {**answer, first: other}
    if kind == "number":
        return answer + question["tolerance"] + 1
    if kind == "words":
        return [i for i in range(len(question["tokens"])) if i not in answer] or [0]
    if kind == "order":
        return list(reversed(answer))
    return None


SUBMIT_ALL = """\
# test: answer every question through the learner API, key answers first
import json
from generator import runtime
m = runtime.active_module()
key, wrong = json.loads({key!r}), json.loads({wrong!r})
report = {{"key": {{}}, "wrong": {{}}}}
for qid, answer in key.items():
    fb = m.questions[qid].submit(answer)
    report["key"][qid] = [m.questions[qid].kind, fb.score, fb.correct]
results = m.results()
report["score"], report["max_score"] = results["score"], results["max_score"]
for qid, answer in wrong.items():
    report["wrong"][qid] = m.questions[qid].submit(answer).score
print("REPORT " + json.dumps(report))
"""


def submission_code(spec: dict[str, Any]) -> str:
    """Code for a last cell that submits the key, then wrong answers, and prints a report."""
    graded = [q for q in spec["questions"] if q["kind"] != "reflect"]
    key = {q["id"]: q["answer"] for q in graded}
    wrong = {q["id"]: wrong_answer(q) for q in graded}
    return SUBMIT_ALL.format(key=json.dumps(key), wrong=json.dumps(wrong))


def run_with_submissions(notebook_path: Path, spec: dict[str, Any], cwd: Path) -> dict:
    """Execute a notebook in a real kernel (cwd: ``cwd``), then submit answers; the report."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(submission_code(spec), id="test-submit"))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    assert_no_errors(nb)
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    line = next(x for x in printed.splitlines() if x.startswith("REPORT "))
    return json.loads(line.removeprefix("REPORT "))


def assert_no_errors(nb) -> None:
    """No cell produced an error or wrote to stderr."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", (
                cell.id,
                output.get("ename"),
                output.get("evalue"),
            )
            if output.output_type == "stream":
                assert output.name != "stderr", (cell.id, output.text)


def export_gradebook(submission: Path, out_dir: Path) -> list[dict[str, str]]:
    """Run ``python -m generator export`` on one saved file, as a grader would; its rows."""
    import csv

    grades = out_dir / "grades.csv"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "export", str(submission), "-o", str(grades)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"export of {submission.name} failed:\n{done.stderr}"
    with grades.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_seed_corpus(out: Path) -> Path:
    """The seed corpus built into ``out`` by the real command line, as ``make modules``."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "corpus", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out
