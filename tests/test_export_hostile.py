"""Hostile or unlucky files handed in: none may crash the export (issue 13).

Each test hands the real command (a subprocess, under a memory limit) or run_export
one bad file beside a good one and checks what a grader sees: the bad file named on
stderr in one escaped line, the good learner in the gradebook, the documented exit
code, and no stale or half-written output.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator import export, inputfiles, submissions
from generator.modulekeys import load_key
from generator.submissions import LOG_FORMAT, RESULTS_FORMAT, RESULTS_MIME

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "corpus" / "mini"
QUESTION = "pupils/same-count"
RIGHT = "Yes: one may be the other, rounded"
MEMORY_LIMIT = 1 << 30  # a runaway read or parse fails fast instead of swapping
DEEP = 100_000


def version() -> str:
    return load_key(MINI).modules["mini", "whose-words"].version


def mini_record(learner: str = "Ana", response: object = RIGHT) -> dict:
    attempt = {"response": response, "score": 1.0, "at": "2026-11-23T10:00:00+00:00"}
    return {
        "format": RESULTS_FORMAT,
        "story": "mini",
        "module": "whose-words",
        "module_version": version(),
        "learner": learner,
        "updated": "2026-11-23T10:00:00+00:00",
        "answers": {QUESTION: {"attempts": 1, "first": attempt, "last": attempt}},
    }


def mini_notebook(results: object) -> dict:
    output = {"output_type": "display_data", "metadata": {}, "data": {RESULTS_MIME: results}}
    cell = {"cell_type": "code", "id": "results", "metadata": {}, "source": ""}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{**cell, "outputs": [output]}],
    }


def log_line(learner: str = "Ana", response: object = RIGHT, *, ascii_only: bool = False) -> str:
    entry = {
        "format": LOG_FORMAT,
        "story": "mini",
        "module": "whose-words",
        "module_version": version(),
        "learner": learner,
        "question": QUESTION,
        "response": response,
        "score": 1.0,
        "at": "2026-11-23T10:00:00+00:00",
    }
    # As the runtime writes it; a lone surrogate can only be written escaped (ASCII).
    return json.dumps(entry, ensure_ascii=ascii_only) + "\n"


def put(path: Path, content: str | dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def export_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", "export", *args, "--corpus", str(MINI)]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        check=False,
        timeout=120,  # a FIFO once made export hang forever
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def stderr_lines(done: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in done.stderr
    return done.stderr.splitlines()


def with_good_learner(folder: Path) -> None:
    put(folder / "good" / "ana.json", mini_record("Ana"))


# ---------------------------------------------------------------- JSON bombs


def deep_files(folder: Path) -> dict[str, str]:
    """A file name per way of nesting 100,000 deep, and what stderr must say of it."""
    deep = "[" * DEEP + "]" * DEEP
    put(folder / "deep.json", deep)
    put(folder / "deep-notebook.ipynb", '{"nbformat": 4, "cells": ' + deep + "}")
    put(folder / "deep-record.ipynb", mini_notebook('{"format": ' + deep + "}"))
    put(folder / "deep-response.json", mini_record("Bo", json.loads("[" * 40 + "]" * 40)))
    put(folder / "deep.samestory-log.jsonl", log_line("Cy") + '{"a": ' + deep + "}\n")
    refused = "nested more than 32 levels deep: not something samestory writes"
    return {
        "deep.json": refused,
        "deep-notebook.ipynb": refused,
        "deep-record.ipynb": "the results record " + refused,
        "deep-response.json": refused,
        "deep.samestory-log.jsonl": "read only in part: skipped line 2",
    }


def test_json_nested_100000_deep_names_the_file_and_exports_everyone_else(tmp_path):
    with_good_learner(tmp_path / "inbox")
    expected = deep_files(tmp_path / "inbox")
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert done.returncode == 1
    lines = stderr_lines(done)
    for name, why in expected.items():
        (line,) = [line for line in lines if line.startswith(f"inbox/{name}: ")]
        assert why in line
    assert {r["learner"] for r in rows(tmp_path / "grades.csv")} == {"Ana", "Cy"}


def test_deep_json_read_by_two_worker_processes_is_named_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(submissions, "pool_pays", lambda count: True)
    with_good_learner(tmp_path / "inbox")
    expected = deep_files(tmp_path / "inbox")
    code = export.run_export([Path("inbox")], corpus=MINI, output=Path("grades.csv"))
    assert code == 1
    err = capsys.readouterr().err
    assert all(f"inbox/{name}: " in err for name in expected)
    assert {r["learner"] for r in rows(tmp_path / "grades.csv")} == {"Ana", "Cy"}


def test_an_integer_of_5000_digits_names_the_file_and_a_long_one_is_no_score(tmp_path):
    with_good_learner(tmp_path / "inbox")
    huge = "9" * 5000
    put(
        tmp_path / "inbox" / "huge.json",
        json.dumps(mini_record("Bo"))[:-1] + f', "score": {huge}}}',
    )
    put(tmp_path / "inbox" / "huge.samestory-log.jsonl", log_line("Cy") + f'{{"score": {huge}}}\n')
    wide = mini_record("Di")
    wide["answers"][QUESTION]["first"]["score"] = int("9" * 400)  # too large for a float
    put(tmp_path / "inbox" / "wide.json", wide)
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert done.returncode == 1
    lines = stderr_lines(done)
    assert (
        "inbox/huge.json: holds a number with more than 4,300 digits: not something "
        "samestory writes — ask the learner to download their results again"
    ) in lines
    assert any(
        line.startswith("inbox/huge.samestory-log.jsonl: read only in part") for line in lines
    )
    learners = {r["learner"]: r for r in rows(tmp_path / "grades.csv")}
    assert sorted(learners) == ["Ana", "Cy", "Di"]
    assert learners["Di"]["score"] == "1"


# ---------------------------------------------------------------- text and names


def test_a_lone_surrogate_in_a_name_or_answer_is_escaped_flagged_and_every_output_written(
    tmp_path,
):
    with_good_learner(tmp_path / "inbox")
    put(tmp_path / "inbox" / "bo.json", json.dumps(mini_record("Bo\ud800", "why\udfff")))
    put(
        tmp_path / "inbox" / "cy.samestory-log.jsonl",
        log_line("Cy\ud800", "x\ud800", ascii_only=True),
    )
    outputs = ["grades.csv", "answers.csv", "items.csv", "items.html"]
    done = export_cli(
        tmp_path, "inbox", "-o", outputs[0], "--long", outputs[1], "--items", outputs[2]
    )
    assert done.returncode == 0, done.stderr
    assert all((tmp_path / name).is_file() for name in outputs)
    # (also "rescored": the stored 1.0 was for the answer before the surrogate)
    learners = {r["learner"]: r["flags"] for r in rows(tmp_path / "grades.csv")}
    assert learners == {
        "Ana": "",
        "Bo\\ud800": "odd-characters;rescored",
        "Cy\\ud800": "odd-characters;rescored",
    }
    responses = {
        r["learner"]: r["response"]
        for r in rows(tmp_path / "answers.csv")
        if r["question"] == QUESTION
    }
    assert responses["Bo\\ud800"] == '"why\ufffd"'
    assert any(
        "inbox/bo.json: note: the learner name and answers held" in line
        for line in stderr_lines(done)
    )


def test_invisible_and_right_to_left_characters_keep_look_alike_names_apart(tmp_path):
    for file, name in (("a.json", "Ana"), ("b.json", "Ana\u200b"), ("c.json", "\u202eanA")):
        put(tmp_path / "inbox" / file, mini_record(name))
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert done.returncode == 0
    learners = {r["learner"]: r["flags"] for r in rows(tmp_path / "grades.csv")}
    assert learners == {"Ana": "", "Ana\\u200b": "odd-characters", "\\u202eanA": "odd-characters"}


def test_line_separators_in_a_log_do_not_split_its_lines(tmp_path):
    text = log_line("Ana\u2028Lee", RIGHT) + log_line("Ana\u0085Lee", RIGHT)
    put(tmp_path / "inbox" / "ana.samestory-log.jsonl", text)
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert (done.returncode, stderr_lines(done)) == (0, [])
    ((learner, attempts),) = [(r["learner"], r[QUESTION]) for r in rows(tmp_path / "grades.csv")]
    assert (learner, attempts) == ("Ana Lee", "1")


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = os.path.join(os.fsencode(folder), b"caf\xe9.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(mini_record("Ana"), handle)
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert (done.returncode, stderr_lines(done)) == (0, [])
    assert [r["file"] for r in rows(tmp_path / "grades.csv")] == ["inbox/caf\\xe9.json"]


def test_escapes_and_newlines_in_a_file_name_reach_the_terminal_escaped(tmp_path):
    with_good_learner(tmp_path / "inbox")
    put(tmp_path / "inbox" / "x\x1b[2J\ninbox: all good.json", "not json")
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert done.returncode == 1
    assert "\x1b" not in done.stderr
    assert stderr_lines(done) == [
        "inbox/x\\x1b[2J\\ninbox: all good.json: not JSON (line 1, column 1) — the file is "
        "damaged; ask the learner to download their results again"
    ]


# ---------------------------------------------------------------- files that are not files


def test_a_fifo_and_a_symlink_to_dev_zero_are_named_not_read(tmp_path):
    with_good_learner(tmp_path / "inbox")
    os.mkfifo(tmp_path / "inbox" / "pipe.ipynb")
    (tmp_path / "inbox" / "zero.ipynb").symlink_to("/dev/zero")
    done = export_cli(tmp_path, "inbox", "-o", "grades.csv")
    assert done.returncode == 1
    assert stderr_lines(done) == [
        "inbox/pipe.ipynb: a named pipe (FIFO), not a file: not read (only regular files "
        "are exported)",
        "inbox/zero.ipynb: a device, not a file: not read (only regular files are exported)",
    ]
    assert [r["learner"] for r in rows(tmp_path / "grades.csv")] == ["Ana"]


def test_a_file_above_the_size_limit_is_named_not_read(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(inputfiles, "MAX_INPUT_BYTES", 2_000)
    with_good_learner(tmp_path / "inbox")
    put(tmp_path / "inbox" / "big.ipynb", " " * 5_000)
    code = export.run_export([Path("inbox")], corpus=MINI, output=Path("grades.csv"))
    assert code == 1
    assert capsys.readouterr().err == (
        "inbox/big.ipynb: larger than the limit of 2,000 bytes (at least 5,000 bytes): not "
        "read — a samestory notebook or results file is far smaller; ask the learner for "
        "the downloaded results file\n"
    )


def test_a_folder_that_cannot_be_read_is_named_and_exits_1(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with_good_learner(tmp_path / "inbox")
    put(tmp_path / "inbox" / "locked" / "bo.json", mini_record("Bo"))
    real_scandir = os.scandir

    def scandir(path="."):  # tests run as root, whom chmod 000 does not stop
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code = export.run_export([Path("inbox")], corpus=MINI, output=Path("grades.csv"))
    assert code == 1
    err = capsys.readouterr().err
    assert err == (
        "inbox/locked: folder cannot be read (Permission denied): the files in it were not "
        "exported\n"
    )
    assert [r["learner"] for r in rows(tmp_path / "grades.csv")] == ["Ana"]


# ---------------------------------------------------------------- outputs


def test_a_failing_export_leaves_no_stale_output_and_exits_3(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with_good_learner(tmp_path / "inbox")
    assert (
        export.run_export(
            [Path("inbox")], corpus=MINI, output=Path("grades.csv"), long=Path("answers.csv")
        )
        == 0
    )
    capsys.readouterr()

    def broken(rows):
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr(export, "long_table", broken)
    code = export.run_export(
        [Path("inbox")], corpus=MINI, output=Path("grades.csv"), long=Path("answers.csv")
    )
    assert code == export.EXIT_FAILED == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]  # no output, no temp file
    assert capsys.readouterr().err == (
        "samestory: export failed (RuntimeError: boom\\x1b[2J) — nothing was written; "
        "removed the earlier grades.csv, answers.csv. This is a bug: please report it "
        "with this line.\n"
    )


def test_a_failure_while_writing_keeps_every_earlier_output_as_it_was(tmp_path, monkeypatch):
    first, second = tmp_path / "grades.csv", tmp_path / "answers.csv"
    first.write_text("old grades")
    second.write_text("old answers")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="No space"):
        export.write_together({first: "new grades", second: "new answers"})
    assert (first.read_text(), second.read_text()) == ("old grades", "old answers")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "grades.csv"]


def test_a_full_disk_is_exit_3_without_calling_it_a_bug(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with_good_learner(tmp_path / "inbox")

    def no_space(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_write_temporary", no_space)
    code = export.run_export([Path("inbox")], corpus=MINI, output=Path("grades.csv"))
    assert code == 3
    assert capsys.readouterr().err == (
        "samestory: export failed (OSError: [Errno 28] No space left on device) — nothing "
        "was written.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]


def test_the_size_limit_is_inclusive_and_a_file_that_grows_past_it_is_refused(tmp_path):
    exact = tmp_path / "exact.json"
    exact.write_bytes(b"x" * 100)
    assert inputfiles.read_regular_file(exact, limit=100) == b"x" * 100
    with pytest.raises(inputfiles.NotReadable, match="larger than the limit of 99 bytes"):
        inputfiles.read_regular_file(exact, limit=99)

    class Growing:  # what the open file gives if it grew after its size was taken
        def __init__(self):
            self.parts = [b"x" * 11, b"x" * 40]

        def read(self, count):
            return self.parts.pop(0)[:count]

    assert len(inputfiles._read_up_to(Growing(), 10, 50)) == 51  # > limit: refused by caller
