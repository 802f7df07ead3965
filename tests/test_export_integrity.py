"""A learner's history that does not add up, and one learner handing in twice
(issue 13): through the real export command, on files the real runtime wrote.

Ana works through module 01 of the mini story with the learner API (in-process, on
a fixed clock): a wrong then right answer, three right ones (3 of 10). What she hands in — the
saved notebook, her answer log, her download — is then edited the way a learner who
wants full marks would, and the tests check what the grader sees: the flag
``inconsistent`` with the reason, ``duplicate`` rows that are all kept, and exit 0
(every file was read).
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import runtime
from generator.modulekeys import load_key
from generator.runtime.answerlog import LOG_SUFFIX
from generator.runtime.records import RESULTS_MIME, record_chain

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "corpus" / "mini"
MODULE = "01-whose-words.ipynb"
MISSED = "pupils/same-count"  # answered wrong first, then right
WRONG = "No: they differ, even when rounded"
RIGHT = "Yes: one may be the other, rounded"
ANSWERS = {
    "no-choice/voices": "Superintendent Dana Levi",
    "journey": 40,
    "who-is-named": ["Letter to families", "Parents protest abrupt closure"],
}
DIGEST_NOTE = (
    "note: does not add up (its integrity digest (chain) does not match its answers, name "
    "or time: the file was edited after the notebook wrote it); row flagged inconsistent"
)


# ---------------------------------------------------------------- what Ana hands in


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Any]:
    """Module 01 of the mini story as the real build writes it."""
    out = tmp_path_factory.mktemp("built")
    subprocess.run([sys.executable, "-m", "generator", "build", str(MINI), "--out", str(out)],
                   check=True, capture_output=True)  # fmt: skip
    return json.loads((out / "mini" / MODULE).read_text(encoding="utf-8"))


def work(folder: Path, *, learner: str = "Ana") -> tuple[dict[str, Any], dict[str, Any]]:
    """Ana's session in ``folder`` (its answer log is written there): her results
    record after two checks, and at the end."""
    spec = load_key(MINI).modules["mini", "whose-words"].spec
    folder.mkdir(parents=True, exist_ok=True)
    m = runtime.load_module(spec, log_dir=folder)
    m.learner = learner
    assert m.questions[MISSED].submit(WRONG).score == 0.0
    assert m.questions[MISSED].submit(RIGHT).correct
    early = m.results()
    for qid, response in ANSWERS.items():
        assert m.questions[qid].submit(response).correct
    return early, m.results()


def saved(built: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The notebook as saved after the run: the record is the results cell's output."""
    notebook = copy.deepcopy(built)
    (cell,) = [c for c in notebook["cells"] if c["id"] == "results"]
    cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                        "data": {RESULTS_MIME: record, "text/markdown": "..."}}]  # fmt: skip
    return notebook


def put(path: Path, content: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def log_of(folder: Path) -> Path:
    """The answer log the runtime wrote (matched by suffix: its name may carry a
    learner key)."""
    (log,) = folder.glob("*" + LOG_SUFFIX)
    return log


def export(cwd: Path, *paths: str) -> tuple[subprocess.CompletedProcess, list[dict[str, str]]]:
    command = [sys.executable, "-m", "generator", "export", *paths, "-o", "grades.csv",
               "--corpus", str(MINI)]  # fmt: skip
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr
    with open(cwd / "grades.csv", encoding="utf-8", newline="") as handle:
        return done, list(csv.DictReader(handle))


def summary(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(r["learner"], r["score"], r["flags"], r["file"]) for r in rows]


# ---------------------------------------------------------------- edits a learner makes


def first_made_right(record: dict[str, Any]) -> None:
    """The missed question's first attempt replaced by its right answer, score and
    total to match, its time kept: what "edit the history" means."""
    answer = record["answers"][MISSED]
    answer["first"] = {**answer["last"], "at": answer["first"]["at"]}
    answer["first"].pop("hinted", None)
    record["score"] += 1.0


def reseal(record: dict[str, Any]) -> dict[str, Any]:
    """What a learner who read the runtime's source can do: recompute the digest."""
    record["chain"] = record_chain(record)
    return record


# ---------------------------------------------------------------- genuine files


def test_genuine_files_carry_a_digest_and_count_once_without_a_flag(built, tmp_path, clock):
    _, final = work(tmp_path / "ana")
    assert len(final["chain"]) == 64 and final["chain"] == record_chain(final)
    put(tmp_path / "ana" / MODULE, saved(built, final))
    put(tmp_path / "ana" / "results.json", final)
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0, done.stderr
    assert summary(rows) == [("Ana", "3", "", f"ana/{MODULE}")]
    assert sorted(done.stderr.splitlines()) == [
        f"ana/{log_of(tmp_path / 'ana').name}: note: same answers as ana/{MODULE}; counted once",
        f"ana/results.json: note: same answers as ana/{MODULE}; counted once",
    ]


def test_a_notebook_saved_by_javascript_still_matches_its_digest(built, tmp_path, clock):
    """JupyterLab saves notebooks with JavaScript's JSON: 1.0 is written as 1."""
    _, final = work(tmp_path / "work")
    text = json.dumps(saved(built, final), indent=1)
    as_js = text.replace(".0,", ",").replace(".0\n", "\n")
    assert as_js != text and '"score": 1,' in as_js
    put(tmp_path / "ana" / MODULE, as_js)
    done, rows = export(tmp_path, "ana")
    assert (done.returncode, done.stderr) == (0, "")
    assert summary(rows) == [("Ana", "3", "", f"ana/{MODULE}")]


def test_a_record_from_before_the_digest_is_not_flagged(tmp_path, clock):
    _, final = work(tmp_path / "work")
    del final["chain"]
    put(tmp_path / "ana.json", final)
    done, rows = export(tmp_path, "ana.json")
    assert (done.returncode, done.stderr) == (0, "")
    assert summary(rows) == [("Ana", "3", "", "ana.json")]


def test_a_record_whose_digest_was_deleted_is_named_when_others_have_one(tmp_path, clock):
    """Deleting the digest makes a record look older: not flagged, but named when the
    other records of the module carry one."""
    _, ana = work(tmp_path / "work-ana")
    _, bo = work(tmp_path / "work-bo", learner="Bo")
    first_made_right(bo)
    del bo["chain"]
    put(tmp_path / "in" / "ana.json", ana)
    put(tmp_path / "in" / "bo.json", bo)
    done, rows = export(tmp_path, "in")
    assert done.returncode == 0
    assert summary(rows) == [("Ana", "3", "", "in/ana.json"), ("Bo", "4", "", "in/bo.json")]
    assert done.stderr.splitlines() == [
        "in/bo.json: note: no integrity digest (chain), unlike 1 other record(s) of "
        "'whose-words': written by an older samestory, or the digest was deleted — it "
        "cannot be checked"
    ]


def test_a_notebook_saved_before_the_last_checks_counts_once_through_its_log(
    built, tmp_path, clock
):
    early, _ = work(tmp_path / "ana")
    put(tmp_path / "ana" / MODULE, saved(built, early))
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0, done.stderr
    log = f"ana/{log_of(tmp_path / 'ana').name}"
    assert summary(rows) == [("Ana", "3", "", log)]
    assert done.stderr.splitlines() == [
        f"ana/{MODULE}: note: an earlier state of the answers in {log} (the same first "
        "attempts, fewer checks); counted once, through that file"
    ]


def test_a_history_split_over_two_answer_logs_is_read_as_one(built, tmp_path, clock):
    """A learner who resumes from the single log of an older samestory goes on in a log
    of their own: the two logs and the notebook are one history, with no flag."""
    _, final = work(tmp_path / "ana")
    log = log_of(tmp_path / "ana")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.unlink()
    old, own = "mini__whose-words" + LOG_SUFFIX, "mini__whose-words__0123abcd" + LOG_SUFFIX
    put(tmp_path / "ana" / old, "".join(lines[:2]))  # the name, the miss
    put(tmp_path / "ana" / own, "".join(lines[2:]))  # the right answer, the rest
    put(tmp_path / "ana" / MODULE, saved(built, final))
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0, done.stderr
    assert summary(rows) == [("Ana", "3", "", f"ana/{MODULE}")]
    assert sorted(done.stderr.splitlines()) == [
        f"ana/{old}: note: the start of the history in ana/{own} (the learner went on in "
        "another answer log); counted once, through that file",
        f"ana/{own}: note: same answers as ana/{MODULE}; counted once",
    ]


def test_two_copies_of_one_answer_log_are_not_joined(tmp_path, clock):
    work(tmp_path / "ana")
    log = log_of(tmp_path / "ana")
    put(tmp_path / "ana" / "copy" / log.name, log.read_text(encoding="utf-8"))
    put(tmp_path / "ana" / ("again" + LOG_SUFFIX), log.read_text(encoding="utf-8"))
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0, done.stderr
    kept = "ana/again" + LOG_SUFFIX  # equal copies: the first by name
    assert summary(rows) == [("Ana", "3", "", kept)]
    assert sorted(done.stderr.splitlines()) == [
        f"ana/copy/{log.name}: note: same answers as {kept}; counted once",
        f"ana/{log.name}: note: same answers as {kept}; counted once",
    ]


# ---------------------------------------------------------------- edited histories


def test_a_first_attempt_edited_into_the_right_one_is_flagged(tmp_path, clock):
    _, final = work(tmp_path / "work")
    first_made_right(final)
    put(tmp_path / "ana.json", final)
    done, rows = export(tmp_path, "ana.json")
    assert done.returncode == 0  # read in full: a note, not a problem
    assert summary(rows) == [("Ana", "4", "inconsistent", "ana.json")]
    assert done.stderr.splitlines() == ["ana.json: " + DIGEST_NOTE]


def test_a_recomputed_digest_is_still_caught_by_the_log_beside_it(built, tmp_path, clock):
    _, final = work(tmp_path / "ana")
    first_made_right(final)
    put(tmp_path / "ana" / MODULE, saved(built, reseal(final)))
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0, done.stderr
    log = f"ana/{log_of(tmp_path / 'ana').name}"
    # Two histories of one learner: both rows stay, neither is chosen for the grader.
    assert summary(rows) == [
        ("Ana", "4", "duplicate;inconsistent", f"ana/{MODULE}"),
        ("Ana", "3", "duplicate;inconsistent", log),
    ]
    lines = done.stderr.splitlines()
    assert (
        f"ana/{MODULE}: note: does not agree with {log} ({MISSED}: another first attempt): "
        "a record and its answer log tell one history; row flagged inconsistent"
    ) in lines
    assert (
        f"{log}: note: does not agree with ana/{MODULE} ({MISSED}: another first attempt): "
        "a record and its answer log tell one history; row flagged inconsistent"
    ) in lines


def swap_times(record: dict[str, Any]) -> None:
    answer = record["answers"][MISSED]
    answer["first"]["at"], answer["last"]["at"] = answer["last"]["at"], answer["first"]["at"]


def one_attempt(record: dict[str, Any]) -> None:
    record["answers"][MISSED]["attempts"] = 1


def in_the_future(record: dict[str, Any]) -> None:
    record["updated"] = "9999-12-31T00:00:00+00:00"


def updated_too_early(record: dict[str, Any]) -> None:
    record["updated"] = "2026-11-23T09:00:00+00:00"


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (swap_times, f"{MISSED}: first attempt (2026-11-23T10:00:03+00:00) after the last "
                     "(2026-11-23T10:00:02+00:00)"),
        (one_attempt, f"{MISSED}: one attempt, yet another first and last answer"),
        (in_the_future, "updated in the future (9999-12-31T00:00:00+00:00)"),
        (updated_too_early, "an attempt (2026-11-23T10:00:06+00:00) after the record's updated "
                            "time (2026-11-23T09:00:00+00:00)"),
    ],
)  # fmt: skip
def test_times_that_cannot_have_happened_are_flagged(tmp_path, clock, edit, why):
    """Even with the digest recomputed, a history's times must be possible."""
    _, final = work(tmp_path / "work")
    edit(final)
    put(tmp_path / "ana.json", reseal(final))
    done, rows = export(tmp_path, "ana.json")
    assert done.returncode == 0
    assert summary(rows)[0][2] == "inconsistent"
    assert done.stderr.splitlines() == [
        f"ana.json: note: does not add up ({why}); row flagged inconsistent"
    ]


def test_an_answer_log_with_its_right_answer_moved_first_is_flagged(tmp_path, clock):
    work(tmp_path / "ana")
    log = log_of(tmp_path / "ana")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    wrong, right = (i for i, line in enumerate(lines) if json.loads(line)["question"] == MISSED)
    lines[wrong], lines[right] = lines[right], lines[wrong]
    log.write_text("".join(lines), encoding="utf-8")
    done, rows = export(tmp_path, "ana")
    assert done.returncode == 0
    assert summary(rows) == [("Ana", "4", "inconsistent", f"ana/{log.name}")]
    assert done.stderr.splitlines() == [
        f"ana/{log.name}: note: does not add up (its lines are out of time order "
        "(2026-11-23T10:00:02+00:00 comes after 2026-11-23T10:00:03+00:00); "
        f"{MISSED}: first attempt (2026-11-23T10:00:03+00:00) after the last "
        "(2026-11-23T10:00:02+00:00)); row flagged inconsistent"
    ]


# ---------------------------------------------------------------- duplicates


def test_a_forged_later_copy_never_replaces_the_genuine_row(built, tmp_path, clock):
    """ "ana " with every first attempt right and updated 9999-12-31 once replaced
    Ana's genuine row: now both are in the gradebook, flagged, each naming the other."""
    _, final = work(tmp_path / "ana")
    put(tmp_path / "ana" / MODULE, saved(built, final))
    forged = copy.deepcopy(final)
    first_made_right(forged)
    forged["learner"], forged["updated"] = "ana ", "9999-12-31T23:59:59+00:00"
    put(tmp_path / "elsewhere" / "ana.json", forged)
    done, rows = export(tmp_path, "ana", "elsewhere")
    assert done.returncode == 0, done.stderr
    log = f"ana/{log_of(tmp_path / 'ana').name}"
    assert summary(rows) == [
        ("Ana", "3", "duplicate", f"ana/{MODULE}"),
        ("ana", "4", "duplicate;inconsistent", "elsewhere/ana.json"),
    ]
    lines = done.stderr.splitlines()
    assert (
        f"ana/{MODULE}: note: 'Ana' handed in 'whose-words' more than once, with different "
        "answers: this file and elsewhere/ana.json each have a row in the gradebook, flagged "
        "duplicate — decide which one counts"
    ) in lines
    assert (
        "elsewhere/ana.json: note: 'ana' handed in 'whose-words' more than once, with "
        f"different answers: this file and ana/{MODULE} each have a row in the gradebook, "
        "flagged duplicate — decide which one counts"
    ) in lines
    assert f"{log}: note: same answers as ana/{MODULE}; counted once" in lines
    assert any(line.startswith("elsewhere/ana.json: note: does not add up (") for line in lines)


def test_the_digest_survives_numbers_written_as_integers():
    record = {"story": "s", "module": "m", "module_version": "v", "learner": "Ana",
              "updated": "2026-11-23T10:00:00+00:00",
              "answers": {"q": {"attempts": 1, "first": {"response": 40.0, "score": 1.0},
                                "last": {"response": 40.0, "score": 1.0}}}}  # fmt: skip
    as_js = json.loads(json.dumps(record).replace(".0", ""))
    assert as_js["answers"]["q"]["first"]["score"] == 1
    assert record_chain(as_js) == record_chain(record)
    as_js["answers"]["q"]["first"]["response"] = 41
    assert record_chain(as_js) != record_chain(record)
