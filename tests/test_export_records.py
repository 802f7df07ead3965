"""Export on hand-written records: reading every kind of input, re-scoring, flags,
duplicates and the CSV a grader opens. No kernel: see test_export_notebooks.py for
submissions saved from real modules."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import (
    CELLS,
    demo_key,
    log_lines,
    notebook,
    record,
    simple_score,
    write_json,
)

from generator import export
from generator.errors import UsageError
from generator.gradebook import grade
from generator.gradetables import META_COLUMNS, gradebook_table, long_table
from generator.inputfiles import find_inputs
from generator.submissions import Submission, Unreadable, read_input


def read(path: Path) -> list[Submission | Unreadable]:
    return read_input(path, path.name)


def one(path: Path) -> Submission | Unreadable:
    (item,) = read(path)
    return item


def grade_files(*paths: Path):
    return grade([item for p in paths for item in read(p)], demo_key(), simple_score)


# ---------------------------------------------------------------- reading


def test_notebook_record_stored_as_dict_or_as_json_string_reads_the_same(tmp_path):
    as_dict = one(write_json(tmp_path / "a.ipynb", notebook(record())))
    as_text = one(write_json(tmp_path / "b.ipynb", notebook(record(), as_string=True)))
    assert isinstance(as_dict, Submission) and isinstance(as_text, Submission)
    assert as_dict.answers == as_text.answers
    assert as_dict.notebook.cell_ids == CELLS


def test_the_last_results_output_of_the_notebook_is_the_one_read(tmp_path):
    stale = record(answers={"q/who": "B"})
    item = one(write_json(tmp_path / "a.ipynb", notebook(record(), earlier=stale)))
    assert item.answers["q/who"].first.response == "A"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "cut.ipynb",
            json.dumps(notebook(record()))[:300],
            "not JSON (line 1, column 301) — the file is damaged; ask the learner to download "
            "their results again",
        ),
        ("empty.ipynb", "", "empty file"),
        ("other.ipynb", '{"hello": 1}', "not a notebook"),
        ("plain.json", '{"hello": 1}', "not a samestory results record"),
        ("notes.txt", "my answers were A and B", "not a notebook, results file or answer log"),
        (
            "bare.ipynb",
            json.dumps(notebook(None)),
            "no results record (was the results cell run and the notebook saved?)",
        ),
    ],
)
def test_unreadable_files_are_named_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    item = one(path)
    assert isinstance(item, Unreadable)
    assert str(item).startswith(f"{name}: {reason}")


def test_an_image_handed_in_instead_of_a_notebook_is_named(tmp_path):
    path = tmp_path / "screenshot.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert str(one(path)) == "screenshot.png: a PNG image, not a notebook or results file"


def test_results_file_downloaded_from_the_notebook_is_read(tmp_path):
    item = one(write_json(tmp_path / "demo-first-Ana.json", record(answers={"q/count": 12})))
    assert item.origin == "results" and item.answers["q/count"].first.score == 1.0


def test_answer_log_is_rebuilt_first_and_last_per_question_and_bad_lines_flagged(tmp_path):
    text = log_lines(
        ("q/who", "B", "2026-11-23T10:00:00+00:00"),
        ("q/who", "A", "2026-11-23T10:01:00+00:00"),
        ("q/count", 12, "2026-11-23T10:02:00+00:00"),
    )
    lines = text.splitlines()
    lines.insert(0, log_lines((None, None, "2026-11-23T09:59:00+00:00"), learner="Ana P.").strip())
    lines.insert(2, '{"format": "samestory-log/1", "story": "demo"')  # torn write
    lines.append(log_lines(("q/who", "C", "2026-11-23T10:03:00+00:00"), learner="  "))
    path = tmp_path / "first.samestory-log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    item = one(path)
    who = item.answers["q/who"]
    assert (who.attempts, who.first.response, who.last.response) == (3, "B", "C")
    assert item.learner == "Ana"  # the last non-blank name (a name line, then answer lines)
    assert item.updated == "2026-11-23T10:03:00+00:00"
    assert item.damaged == ("line 3",)
    book = grade([item], demo_key(), simple_score)
    assert book.rows[0].flags == {"damaged"}
    assert [str(r) for r in book.problems] == [
        "first.samestory-log.jsonl: read only in part: skipped line 3 (damaged or not "
        "samestory data)"
    ]


# ---------------------------------------------------------------- re-scoring and flags


def test_a_tampered_score_is_rescored_and_flagged(tmp_path):
    tampered = record(answers={"q/who": "B", "q/count": 3}, score=2.0)
    tampered["answers"]["q/who"]["first"]["score"] = 1.0
    book = grade_files(write_json(tmp_path / "t.json", tampered))
    (row,) = book.rows
    assert (row.score, row.max_score, row.flags) == (0.0, 2, {"rescored"})


def test_honest_record_gets_no_flag_and_scores_first_attempts_only(tmp_path):
    honest = record(answers={"q/who": ("B", "A"), "q/count": 12, "q/why": "text"}, attempts=2)
    (row,) = grade_files(write_json(tmp_path / "h.json", honest)).rows
    assert (row.score, row.max_score, row.flags) == (1.0, 2, set())
    assert row.answers["q/who"].last_score == 1.0


def test_version_mismatch_scores_questions_still_present_and_reports_the_rest(tmp_path):
    old = record(answers={"q/who": "A", "q/gone": "x"}, version="v0")
    book = grade_files(write_json(tmp_path / "old.json", old))
    (row,) = book.rows
    assert row.score == 1.0 and "version-mismatch" in row.flags
    assert "q/gone" not in row.answers
    assert [str(r) for r in book.reports] == [
        "old.json: note: answers to q/gone not scored: no longer in the module (it changed since)"
    ]
    assert not book.problems  # a notice: the file was read


def test_blank_learners_are_flagged_and_never_merged(tmp_path):
    a = write_json(tmp_path / "a.json", record(learner=""))
    b = write_json(tmp_path / "b.json", record(learner="   "))
    rows = grade_files(a, b).rows
    assert [(r.file, r.flags) for r in rows] == [
        ("a.json", {"no-learner"}),
        ("b.json", {"no-learner"}),
    ]


def test_different_histories_of_one_learner_are_all_kept_and_flagged_duplicate(tmp_path):
    early = write_json(
        tmp_path / "z-early.json",
        record("Ana", {"q/who": "B"}, updated="2026-11-23T10:00:00+00:00"),
    )
    part = write_json(
        tmp_path / "a-part.json",
        record(  # 10:00Z in another zone
            "ana ", {"q/who": "A"}, updated="2026-11-23T11:00:00+01:00"
        ),
    )
    later = write_json(
        tmp_path / "m-later.json",
        record("ANA", {"q/who": "A", "q/count": 12}, updated="2026-11-23T10:30:00Z"),
    )
    book = grade_files(early, part, later)
    # "ana " answered q/who as ANA did: a copy of ANA's history taken earlier, counted
    # once. Ana's first answer to q/who differs: another history, kept beside it.
    assert [(r.learner, r.file, r.score, r.flags) for r in book.rows] == [
        ("ANA", "m-later.json", 2.0, {"duplicate"}),
        ("Ana", "z-early.json", 0.0, {"duplicate"}),
    ]
    assert sorted(str(r) for r in book.reports) == [
        "a-part.json: note: an earlier state of the answers in m-later.json (the same first "
        "attempts, fewer checks); counted once, through that file",
        "m-later.json: note: 'ANA' handed in 'first' more than once, with different answers: "
        "this file and z-early.json each have a row in the gradebook, flagged duplicate — "
        "decide which one counts",
        "z-early.json: note: 'Ana' handed in 'first' more than once, with different answers: "
        "this file and m-later.json each have a row in the gradebook, flagged duplicate — "
        "decide which one counts",
    ]
    assert not book.problems  # every file was read


def test_the_updated_time_a_file_claims_never_decides_which_copy_counts(tmp_path):
    genuine = write_json(tmp_path / "ana.json", record("Ana", {"q/who": "B", "q/count": 3}))
    forged = write_json(
        tmp_path / "forged.json",
        record("ana ", {"q/who": "A", "q/count": 12}, updated="9999-12-31T23:59:59+00:00"),
    )
    rows = grade_files(genuine, forged).rows
    assert [(r.file, r.score, sorted(r.flags)) for r in rows] == [
        ("ana.json", 0.0, ["duplicate"]),
        ("forged.json", 2.0, ["duplicate", "inconsistent"]),  # updated in the future
    ]


def test_a_notebook_and_its_own_answer_log_count_once_without_a_flag(tmp_path):
    nb = write_json(
        tmp_path / "first.ipynb",
        notebook(record(answers={"q/who": "A"}, updated="2026-11-23T10:00:00+00:00")),
    )
    log = tmp_path / "first.samestory-log.jsonl"
    log.write_text(log_lines(("q/who", "A", "2026-11-23T10:00:00+00:00")), encoding="utf-8")
    book = grade_files(nb, log)
    # Same time, same answers: one submission; the notebook is kept (a grader can open it).
    assert [(r.file, r.flags) for r in book.rows] == [("first.ipynb", set())]
    assert [str(r) for r in book.reports] == [
        "first.samestory-log.jsonl: note: same answers as first.ipynb; counted once"
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (CELLS[:2] + CELLS[3:], "missing: q-who"),
        ((*CELLS[:3], "q-who", *CELLS[3:]), "repeated: q-who"),
    ],
)
def test_deleted_or_duplicated_cells_are_reported_and_the_answers_still_exported(
    tmp_path, cells, expected
):
    book = grade_files(write_json(tmp_path / "x.ipynb", notebook(record(), cell_ids=cells)))
    (row,) = book.rows
    assert row.flags == {"cells-changed"} and row.score == 1.0
    (problem,) = book.problems
    assert str(problem).startswith(
        f"x.ipynb: cells deleted or duplicated ({expected}; expected cell ids of module 'first')"
    )


def test_added_cells_are_the_learners_own_and_not_reported(tmp_path):
    nb = notebook(record(), cell_ids=(*CELLS, "my-notes"))
    book = grade_files(write_json(tmp_path / "x.ipynb", nb))
    assert book.rows[0].flags == set() and not book.reports


def test_unknown_story_and_module_are_reported(tmp_path):
    a = record()
    a["story"] = "elsewhere"
    b = record()
    b["module"] = "third"
    book = grade_files(write_json(tmp_path / "a.json", a), write_json(tmp_path / "b.json", b))
    assert not book.rows
    assert [str(r) for r in book.problems] == [
        "a.json: unknown story 'elsewhere' — is it in the corpus given with --corpus?",
        "b.json: unknown module 'third' in story 'demo'",
    ]


# ---------------------------------------------------------------- tables


def test_gradebook_columns_are_stable_metadata_then_question_ids_in_module_order(tmp_path):
    rows = grade_files(
        write_json(
            tmp_path / "b.json", record("Bo", {"p/which": "Y"}, module="second", version="v2")
        ),
        write_json(tmp_path / "a.json", record("=HYPERLINK(1)", {"q/count": 11.6})),
    ).rows
    table = gradebook_table(rows)
    assert table[0] == [*META_COLUMNS, "q/who", "q/count", "q/why", "p/which"]
    assert table[1] == ["'=HYPERLINK(1)", "demo", "first", "1", "2", "", "a.json", "", "1", "", ""]
    assert table[2] == ["Bo", "demo", "second", "1", "1", "", "b.json", "", "", "", "1"]


def test_long_table_has_a_row_per_learner_and_question_of_the_module(tmp_path):
    rec = record(answers={"q/who": ("B", "A"), "q/why": 'Ünïcode, "quoted"'}, attempts=2)
    table = long_table(grade_files(write_json(tmp_path / "a.json", rec)).rows)
    assert table[0] == [
        "learner",
        "story",
        "module",
        "question",
        "kind",
        "response",
        "first_score",
        "last_score",
        "attempts",
        "last_response",
        "file",
    ]
    assert table[1:] == [
        ["Ana", "demo", "first", "q/who", "choice", '"B"', "0", "1", "2", '"A"', "a.json"],
        ["Ana", "demo", "first", "q/count", "number", "", "", "", "0", "", "a.json"],
        [
            "Ana",
            "demo",
            "first",
            "q/why",
            "reflect",
            '"Ünïcode, \\"quoted\\""',
            "0",
            "0",
            "2",
            '"Ünïcode, \\"quoted\\""',
            "a.json",
        ],
    ]


# ---------------------------------------------------------------- the whole command


@pytest.fixture
def hand_key(monkeypatch):
    monkeypatch.setattr(export, "load_key", lambda corpus: demo_key())


def run(tmp_path, *paths, **extra):
    return export.run_export(
        list(paths), corpus=tmp_path, output=tmp_path / "grades.csv", scorer=simple_score, **extra
    )


def test_a_folder_with_good_and_bad_files_exports_the_good_and_names_the_bad(
    tmp_path, hand_key, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "inbox"
    write_json(folder / "ana" / "first.ipynb", notebook(record("Ana")))
    write_json(
        folder / "ana" / ".ipynb_checkpoints" / "first-checkpoint.ipynb",
        notebook(record("Ana", {"q/who": "B"})),
    )
    write_json(folder / "bo.json", record("Bo", {"q/who": "C"}))
    (folder / "cy.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert run(tmp_path, folder, long=tmp_path / "long.csv") == 1
    out, err = capsys.readouterr()
    assert err == (
        "inbox/cy.ipynb: not JSON (line 1, column 12) — the file is damaged; ask "
        "the learner to download their results again\n"
    )
    assert out.startswith("grades.csv: 2 row(s), 1 module(s), from 3 input file(s); 1 file(s)")
    with open(tmp_path / "grades.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["learner"], r["score"], r["file"]) for r in rows] == [
        ("Ana", "1", "inbox/ana/first.ipynb"),
        ("Bo", "0", "inbox/bo.json"),
    ]
    assert b"\r\n" not in (tmp_path / "grades.csv").read_bytes()


def test_exit_0_when_everything_was_read_and_a_rerun_skips_its_own_outputs(
    tmp_path, hand_key, capsys
):
    write_json(tmp_path / "ana.json", record("Ana"))
    items = tmp_path / "items.csv"
    assert run(tmp_path, tmp_path, long=tmp_path / "long.csv", items=items) == 0
    assert run(tmp_path, tmp_path, long=tmp_path / "long.csv", items=items) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "items.html").is_file()


def test_usage_errors_are_raised_before_anything_is_written(tmp_path, hand_key):
    with pytest.raises(UsageError, match="no such file or folder"):
        run(tmp_path, tmp_path / "missing")
    with pytest.raises(UsageError, match="does not exist"):
        export.run_export([tmp_path], corpus=tmp_path, output=tmp_path / "no" / "g.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no inputs found"):
        run(tmp_path, tmp_path / "empty")
    assert not (tmp_path / "grades.csv").exists()


def test_find_inputs_is_sorted_and_skips_hidden_folders(tmp_path):
    for name in ("b/2.ipynb", "a.json", "b/1.ipynb", ".ipynb_checkpoints/x.ipynb", ".DS_Store"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = find_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.json",
        "b/1.ipynb",
        "b/2.ipynb",
    ]


def test_a_malformed_answer_is_named_and_the_rest_of_the_record_still_counts(tmp_path):
    rec = record(answers={"q/who": "A", "q/count": 12})
    rec["answers"]["q/count"] = {"attempts": 1, "first": "12"}  # no response object
    book = grade_files(write_json(tmp_path / "a.json", rec))
    (row,) = book.rows
    # The stored total (2) counted the damaged answer: the row's 1 differs, so rescored.
    assert (row.score, sorted(row.answers)) == (1.0, ["q/who"])
    assert row.flags == {"damaged", "rescored"}
    assert [str(r) for r in book.problems] == [
        "a.json: read only in part: skipped answer 'q/count' (damaged or not samestory data)"
    ]


def test_a_notebook_whose_record_belongs_to_another_module_is_flagged(tmp_path):
    nb = notebook(record(), meta={"story": "demo", "module": "second", "version": "v2"})
    book = grade_files(write_json(tmp_path / "x.ipynb", nb))
    assert book.rows[0].flags == {"cells-changed"}
    assert str(book.problems[0]).startswith(
        "x.ipynb: the notebook is module 'second' of story 'demo' but its results record is "
        "for 'first' of 'demo'"
    )


def test_the_command_line_reports_a_usage_error_in_one_line_and_exits_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "generator", "export", "missing", "-o", "grades.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "samestory: missing: no such file or folder\n"
