"""Export on submissions saved from real modules run in real kernels.

A session fixture builds the mini story with the real `build` command, runs module
01 in a fresh kernel per learner (nbclient, in the learner's own folder), answers
through the learner API, downloads the results record and saves the executed
notebook — what a learner hands in. The tests then damage and edit copies the way
learners and file transfers do, and assert what a grader sees: the rows, the flags,
one stderr line per unreadable file, the exit code.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator import export, submissions
from generator.runtime.records import record_chain
from generator.submissions import RESULTS_MIME, Submission, read_input

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "corpus" / "mini"
MODULE = "01-whose-words.ipynb"


def log_name(learner: str) -> str:
    """The learner's own answer log (issue 13: one per learner, named by a hash)."""
    from generator.runtime.answerlog import learner_key

    return f"mini__whose-words__{learner_key(learner)}.samestory-log.jsonl"


# What each learner does through the learner API, after the notebook has run.
# "right": every graded question answered with the key's answer except those listed;
# "wrong_first": answered wrongly first, then right (two attempts, first scores 0).
LEARNERS = {
    "Ana": {"skip": [], "wrong_first": [], "wrong_only": []},
    "Bo": {"skip": ["sift-steps"], "wrong_first": ["pupils/same-count"], "wrong_only": ["journey"]},
}
ANSWER_CELL = """\
import json
from generator import runtime
m = runtime.active_module()
m.learner = {learner!r}
plan, key = json.loads({plan!r}), json.loads({key!r})
for qid, entry in key.items():
    q = m.questions[qid]
    if qid in plan["skip"] or entry["kind"] == "reflect":
        continue
    wrong = [o for o in q.options if o != entry["answer"]][0] if q.kind == "choice" else 35
    if qid in plan["wrong_first"] or qid in plan["wrong_only"]:
        assert q.submit(wrong).score == 0.0
    if qid not in plan["wrong_only"]:
        assert q.submit(entry["answer"]).correct
with open("results.json", "w", encoding="utf-8") as handle:  # "Download my results"
    json.dump(m.results(), handle)
"""


@dataclass(frozen=True)
class Handed:
    """What one learner handed in: the saved notebook, its answer log, the download."""

    notebook: Path
    log: Path
    results: Path

    def notebook_json(self) -> dict[str, Any]:
        return json.loads(self.notebook.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def handed(tmp_path_factory) -> dict[str, Handed]:
    root = tmp_path_factory.mktemp("learners")
    built = root / "built"
    subprocess.run([sys.executable, "-m", "generator", "build", str(MINI), "--out", str(built)],
                   check=True, capture_output=True)  # fmt: skip
    key = json.loads(
        subprocess.run([sys.executable, "-m", "generator", "key", str(MINI)],
                       check=True, capture_output=True, text=True).stdout
    )["mini"]["whose-words"]  # fmt: skip
    return {
        name: run_learner(built / "mini" / MODULE, root / name, name, plan, key)
        for name, plan in LEARNERS.items()
    }


def run_learner(module: Path, folder: Path, name: str, plan: dict, key: dict) -> Handed:
    import nbformat
    from nbclient import NotebookClient

    folder.mkdir()
    notebook = nbformat.read(module, as_version=4)
    code = ANSWER_CELL.format(learner=name, plan=json.dumps(plan), key=json.dumps(key))
    notebook.cells.append(nbformat.v4.new_code_cell(code))
    notebook.cells.append(nbformat.v4.new_code_cell("pass"))  # displays nothing
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})  # fmt: skip
    client.execute()
    # The learner's two extra cells are theirs: a saved copy keeps them (allowed).
    nbformat.write(notebook, folder / MODULE)
    return Handed(folder / MODULE, folder / log_name(name), folder / "results.json")


# ---------------------------------------------------------------- helpers


def results_output(notebook: dict[str, Any]) -> dict[str, Any]:
    (output,) = [o for c in notebook["cells"] for o in c.get("outputs", [])
                 if RESULTS_MIME in o.get("data", {})]  # fmt: skip
    return output["data"]


def edited(
    source: Handed, change, *, learner: str | None = None, reseal: bool = True
) -> dict[str, Any]:
    """A copy of the saved notebook whose results record ``change(record)`` edits;
    its integrity digest recomputed (``reseal``), as if the runtime had written it
    (another learner's genuine notebook, or one edited by someone who read the source)."""
    notebook = copy.deepcopy(source.notebook_json())
    record = results_output(notebook)[RESULTS_MIME]
    if learner is not None:
        record["learner"] = learner
    change(record)
    if reseal:
        record["chain"] = record_chain(record)
    return notebook


def put(folder: Path, name: str, content: Any) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else json.dumps(content, indent=1)
        path.write_text(text, encoding="utf-8")
    return path


def export_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", "export", *args, "--corpus", str(MINI)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def nothing(record: dict[str, Any]) -> None:
    pass


# ---------------------------------------------------------------- saved as run


def test_the_saved_notebook_holds_every_answer_checked_after_the_results_were_shown(handed):
    """nbclient applies the runtime's display updates to the saved results output."""
    item = read_input(handed["Bo"].notebook, "bo.ipynb")[0]
    assert isinstance(item, Submission) and item.origin == "notebook"
    assert item.learner == "Bo"
    assert "sift-steps" not in item.answers and len(item.answers) == 9
    same_count = item.answers["pupils/same-count"]
    assert (same_count.attempts, same_count.first.score, same_count.last.score) == (2, 0.0, 1.0)


def test_notebook_answer_log_and_downloaded_results_give_the_same_row(handed, tmp_path):
    rows = {}
    for kind in ("notebook", "log", "results"):
        out = tmp_path / f"{kind}.csv"
        done = export_cli(tmp_path, str(getattr(handed["Bo"], kind)), "-o", str(out))
        assert (done.returncode, done.stderr) == (0, "")
        (row,) = read_csv(out)
        rows[kind] = {k: v for k, v in row.items() if k != "file"}
    assert rows["notebook"] == rows["log"] == rows["results"]
    assert (rows["log"]["score"], rows["log"]["max_score"], rows["log"]["flags"]) == ("7", "10", "")
    assert (rows["log"]["pupils/same-count"], rows["log"]["journey"]) == ("0", "0")
    assert rows["log"]["sift-steps"] == ""  # not answered


def test_a_notebook_with_its_log_and_download_counts_once_without_a_flag(handed, tmp_path):
    folder = tmp_path / "ana"
    shutil.copytree(handed["Ana"].notebook.parent, folder)
    done = export_cli(tmp_path, "ana", "-o", "grades.csv")
    assert done.returncode == 0
    (row,) = read_csv(tmp_path / "grades.csv")
    assert (row["learner"], row["score"], row["flags"], row["file"]) == (
        "Ana", "10", "", f"ana/{MODULE}")  # fmt: skip
    assert sorted(done.stderr.splitlines()) == [
        f"ana/{log_name('Ana')}: note: same answers as ana/{MODULE}; counted once",
        f"ana/results.json: note: same answers as ana/{MODULE}; counted once",
    ]


# ---------------------------------------------------------------- a grader's inbox


def later(record: dict[str, Any]) -> None:
    """Bo does the module again an hour later, elsewhere, and gets the journey right."""
    then = datetime.fromisoformat(record["updated"]) + timedelta(hours=1)
    record["updated"] = then.isoformat()
    attempt = {"response": 40, "score": 1.0, "at": record["updated"]}
    record["answers"]["journey"] |= {"attempts": 1, "first": attempt, "last": attempt}
    record["score"] += 1


def tamper(record: dict[str, Any]) -> None:
    """Stored 1.0 for an answer that is wrong (35 minutes; the key says 40)."""
    record["answers"]["journey"]["first"]["score"] = 1.0
    record["answers"]["journey"]["last"]["score"] = 1.0
    record["score"] += 1


def old_version(record: dict[str, Any]) -> None:
    record["module_version"] = "0" * 64
    record["answers"]["a-question-since-removed"] = copy.deepcopy(record["answers"]["journey"])


def inbox(handed: dict[str, Handed], folder: Path) -> None:
    """Every way a submission arrives: intact, edited, damaged, or not one at all."""
    ana, bo = handed["Ana"], handed["Bo"]
    put(folder, "ana.ipynb", ana.notebook_json())
    put(folder, "bo.ipynb", bo.notebook_json())
    put(folder, "bo-again.ipynb", edited(bo, later))
    text = ana.notebook.read_text(encoding="utf-8")
    put(folder, "cut.ipynb", text[: len(text) // 2])  # an upload that stopped half-way
    deleted = edited(ana, nothing, learner="Cy")
    deleted["cells"] = [c for c in deleted["cells"] if c["id"] != "q-journey"]
    put(folder, "cells-deleted.ipynb", deleted)
    repeated = edited(ana, nothing, learner="Di")
    repeated["cells"].insert(5, copy.deepcopy(repeated["cells"][5]))
    put(folder, "cells-repeated.ipynb", repeated)
    cleared = ana.notebook_json()  # "Clear all outputs", then saved
    for cell in cleared["cells"]:
        if "outputs" in cell:
            cell["outputs"] = []
    put(folder, "cleared.ipynb", cleared)
    put(folder, "tampered.ipynb", edited(bo, tamper, learner="Eve", reseal=False))
    put(folder, "no-name.ipynb", edited(ana, nothing, learner="  "))
    stale = edited(ana, old_version, learner="Fay")
    stale["metadata"]["samestory"]["version"] = "0" * 64
    put(folder, "old-version.ipynb", stale)
    put(folder, "notes.txt", "I answered everything, promise.")
    put(folder, "screenshot.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    put(folder, ".ipynb_checkpoints/ana-checkpoint.ipynb", ana.notebook_json())


def test_a_grader_inbox_exports_every_readable_submission_and_names_the_rest(handed, tmp_path):
    inbox(handed, tmp_path / "inbox")
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv", "--long", "long.csv",
                      "--items", "items.csv")  # fmt: skip
    assert done.returncode == 1, done.stderr
    rows = [(r["learner"], r["score"], r["max_score"], r["flags"], r["file"])
            for r in read_csv(tmp_path / "grades.csv")]  # fmt: skip
    assert rows == [
        ("", "10", "10", "no-learner", "inbox/no-name.ipynb"),
        ("Ana", "10", "10", "", "inbox/ana.ipynb"),
        ("Bo", "8", "10", "duplicate", "inbox/bo-again.ipynb"),
        ("Bo", "7", "10", "duplicate", "inbox/bo.ipynb"),
        ("Cy", "10", "10", "cells-changed", "inbox/cells-deleted.ipynb"),
        ("Di", "10", "10", "cells-changed", "inbox/cells-repeated.ipynb"),
        ("Eve", "7", "10", "inconsistent;rescored", "inbox/tampered.ipynb"),
        ("Fay", "10", "10", "version-mismatch", "inbox/old-version.ipynb"),
    ]
    errors = done.stderr.splitlines()
    assert errors == [
        "inbox/bo-again.ipynb: note: 'Bo' handed in 'whose-words' more than once, with "
        "different answers: this file and inbox/bo.ipynb each have a row in the gradebook, "
        "flagged duplicate — decide which one counts",
        "inbox/bo.ipynb: note: 'Bo' handed in 'whose-words' more than once, with different "
        "answers: this file and inbox/bo-again.ipynb each have a row in the gradebook, flagged "
        "duplicate — decide which one counts",
        "inbox/cells-deleted.ipynb: cells deleted or duplicated (missing: q-journey; expected "
        "cell ids of module 'whose-words') — answers were still read and re-scored; row "
        "flagged cells-changed",
        "inbox/cells-repeated.ipynb: cells deleted or duplicated (repeated: "
        f"{handed['Ana'].notebook_json()['cells'][5]['id']}; expected cell ids of module "
        "'whose-words') — answers were still read and re-scored; row flagged cells-changed",
        "inbox/cleared.ipynb: no results record (was the results cell run and the notebook saved?)",
        "inbox/cut.ipynb: " + errors[5].split(": ", 1)[1],  # position checked below
        "inbox/notes.txt: not a notebook, results file or answer log",
        "inbox/old-version.ipynb: note: answers to a-question-since-removed not scored: no "
        "longer in the module (it changed since)",
        "inbox/screenshot.png: a PNG image, not a notebook or results file",
        "inbox/tampered.ipynb: note: does not add up (its integrity digest (chain) does not "
        "match its answers, name or time: the file was edited after the notebook wrote it); "
        "row flagged inconsistent",
    ]
    assert errors[5].startswith("inbox/cut.ipynb: not JSON (line ")
    assert errors[5].endswith("— the file is damaged; ask the learner to download their "
                              "results again")  # fmt: skip
    assert done.stdout == (
        "grades.csv: 8 row(s), 1 module(s), from 12 input file(s); 6 file(s) not read or "
        "read only in part (named above); chart: items.html\n"
    )
    long = read_csv(tmp_path / "long.csv")
    assert len(long) == 8 * 10 and {r["learner"] for r in long} == {"", "Ana", "Bo", "Cy",
                                                                   "Di", "Eve", "Fay"}  # fmt: skip
    eve_journey = next(r for r in long if (r["learner"], r["question"]) == ("Eve", "journey"))
    assert (eve_journey["response"], eve_journey["first_score"]) == ("35", "0")


def test_the_item_chart_of_a_real_export_is_self_contained(handed, tmp_path):
    inbox(handed, tmp_path / "inbox")
    export_cli(tmp_path, "inbox", "-o", "grades.csv", "--items", "items.csv")
    items = {r["question"]: r for r in read_csv(tmp_path / "items.csv")}
    assert len(items) == 10
    # Journey: 8 rows answered it; Bo's second copy, Cy, Di, Ana, Fay and the nameless
    # right, Bo's first copy and Eve wrong (35 minutes).
    journey = items["journey"]
    assert (journey["n_responses"], journey["wrong_1"], journey["wrong_1_count"]) == (
        "8", "35 minutes", "2")  # fmt: skip
    html = (tmp_path / "items.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html


# ---------------------------------------------------------------- a whole class


def test_a_folder_of_300_submissions_exports_in_one_run(handed, tmp_path, monkeypatch):
    folder = tmp_path / "class"
    # Serialise each learner's notebook once, with a marker for the name (a saved
    # notebook carries its widgets' state: 300 deep copies and dumps take seconds).
    # Each learner's integrity digest is computed from their record (it covers the name).
    records = [results_output(handed[name].notebook_json())[RESULTS_MIME] for name in ("Bo", "Ana")]
    texts = [json.dumps(edited(handed[name], nothing, learner="@NAME@", reseal=False))
             for name in ("Bo", "Ana")]  # fmt: skip
    for n in range(300):
        name, record = f"Learner {n:03d}", records[n % 2]
        chain = record_chain({**record, "learner": name})
        text = texts[n % 2].replace("@NAME@", name).replace(record["chain"], chain)
        put(folder, f"learner-{n:03d}/{MODULE}", text)
    # Two worker processes read from 500 files on, when a core is free; use them here
    # whatever the machine's load, so that the parallel path is exercised too.
    monkeypatch.setattr(submissions, "pool_pays", lambda count: True)
    monkeypatch.chdir(tmp_path)
    code = export.run_export([Path("class")], corpus=MINI, output=Path("grades.csv"))
    assert code == 0
    rows = read_csv(tmp_path / "grades.csv")
    assert len(rows) == 300 and len({r["learner"] for r in rows}) == 300
    assert {(r["score"], r["flags"]) for r in rows} == {("10", ""), ("7", "")}
    assert rows[0]["file"] == f"class/learner-000/{MODULE}"
    assert_move_columns_sum_the_question_columns(rows)


def assert_move_columns_sum_the_question_columns(rows: list[dict[str, str]]) -> None:
    """Each ``move:<id>`` cell equals the sum of its questions' cells (blank: 0), and
    the move cells add up to the score, row by row."""
    from generator.modulekeys import load_key

    key = load_key(MINI).modules["mini", "whose-words"]
    assert len(key.moves) >= 2, key.moves  # the check means something
    for row in rows:
        for move, ids in key.moves.items():
            expected = sum(float(row[q] or 0) for q in ids)
            assert float(row[f"move:{move}"]) == pytest.approx(expected), (row["learner"], move)
        total = sum(float(row[f"move:{move}"]) for move in key.moves)
        assert total == pytest.approx(float(row["score"])), row["learner"]
