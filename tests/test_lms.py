"""`export --format canvas|moodle --roster FILE`: files each LMS imports as they are.

The rules checked here are the LMSs' own (see generator/grading/lms.py for where each
comes from): Canvas — identity columns first, a "Points Possible" row, one column per
assignment named as Canvas names them (``Name (id)`` for one that exists), decimal
points, rows Canvas can match by ID; Moodle — one identifier column that names a user
of the course on every row (one unknown user aborts Moodle's whole import), one column
per grade item, empty for "no grade", no points row.
"""

from __future__ import annotations

import re

import pytest
from lms_helpers import (
    CANVAS_ROSTER,
    export,
    hand_in,
    read_csv,
    seed_questions,
    seed_record,
    write_csv,
)

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MODULES = ("whose-words", "counting-and-dating")


@pytest.fixture
def handed_in(tmp_path):
    folder = tmp_path / "in"
    hand_in(folder / "ana-1.json", seed_record("Ana Pérez", "whose-words", 3))
    hand_in(folder / "ana-2.json", seed_record("ana perez", "counting-and-dating", 2))
    hand_in(folder / "chidi.json", seed_record("Chidi Okafor", "whose-words", 5))
    return folder


def test_canvas_file_follows_canvas_import_rules(handed_in, tmp_path):
    roster = write_csv(tmp_path / "canvas-export.csv", CANVAS_ROSTER)
    out = tmp_path / "canvas.csv"
    done = export(handed_in, "-o", out, "--format", "canvas", "--roster", roster)
    assert done.returncode == 0, done.stderr
    table = read_csv(out)
    header, points, *rows = table
    assert header[:5] == CANVAS_IDENTITY
    # An assignment that exists in Canvas keeps its id; a new one is named by title.
    assert header[5:] == ["Whose words are these? (7701)", "Counting and dating"]
    assert points[0] == "Points Possible" and points[1:5] == ["", "", "", ""]
    assert points[5:] == [str(len(seed_questions(m))) for m in MODULES]
    assert [r[:5] for r in rows] == [
        ["Perez, Ana", "101", "S-101", "aperez", "Period 2"],
        ["Okafor, Chidi", "104", "S-104", "cokafor", "Period 3"],
    ]
    assert [r[5:] for r in rows] == [["3", "2"], ["5", ""]]  # blank: not handed in
    for row in rows:
        assert all(re.fullmatch(r"\d+(\.\d+)?|", cell) for cell in row[5:])
    # Nobody undecided: the decision file holds its header only.
    assert read_csv(tmp_path / "canvas-needs-decision.csv")[1:] == []


def test_moodle_file_follows_moodle_import_rules(handed_in, tmp_path):
    roster = write_csv(
        tmp_path / "participants.csv",
        [
            ["First name", "Last name", "Email address", "Roles", "Groups"],
            ["Ana", "Pérez", "ana@school.example", "Student", "2A"],
            ["Chidi", "Okafor", "chidi@school.example", "Student", "2A"],
            ["Bo", "Ng", "bo@school.example", "Student", "2A"],
        ],
        delimiter=";",
        bom=True,
    )
    out = tmp_path / "moodle.csv"
    done = export(handed_in, "-o", out, "--format", "moodle", "--roster", roster)
    assert done.returncode == 0, done.stderr
    header, *rows = read_csv(out)
    assert header == ["Email address", "Whose words are these?", "Counting and dating"]
    assert rows == [["ana@school.example", "3", "2"], ["chidi@school.example", "5", ""]]
    assert all(row[0] for row in rows)  # every row names a user of the course


def test_moodle_prefers_id_number_and_leaves_out_a_student_without_one(handed_in, tmp_path):
    roster = write_csv(
        tmp_path / "participants.csv",
        [
            ["First name", "Surname", "Username", "ID number"],
            ["Ana", "Pérez", "aperez", "2041"],
            ["Chidi", "Okafor", "", ""],
            ["Bo", "Ng", "bng", "2043"],
        ],
    )
    out = tmp_path / "moodle.csv"
    done = export(handed_in, "-o", out, "--format", "moodle", "--roster", roster)
    assert done.returncode == 1
    assert read_csv(out) == [
        ["ID number", "Whose words are these?", "Counting and dating"],
        ["2041", "3", "2"],
    ]
    [undecided] = read_csv(tmp_path / "moodle-needs-decision.csv")[1:]
    assert undecided[0] == "Chidi Okafor" and "no ID number" in undecided[4]
    assert "need a decision" in done.stderr


def test_an_lms_format_without_a_roster_is_a_usage_error(handed_in, tmp_path):
    done = export(handed_in, "-o", tmp_path / "c.csv", "--format", "canvas")
    assert done.returncode == 2
    assert "--format canvas needs --roster" in done.stderr
    assert not (tmp_path / "c.csv").exists()


def test_the_default_csv_is_unchanged_and_takes_no_roster(handed_in, tmp_path):
    roster = write_csv(tmp_path / "r.csv", CANVAS_ROSTER)
    done = export(handed_in, "-o", tmp_path / "g.csv", "--roster", roster)
    assert done.returncode == 2 and "--format canvas or moodle" in done.stderr
    done = export(handed_in, "-o", tmp_path / "g.csv")
    assert done.returncode == 0, done.stderr
    header = read_csv(tmp_path / "g.csv")[0]
    assert header[:7] == ["learner", "story", "module", "score", "max_score", "flags", "file"]
    assert not list(tmp_path.glob("*needs-decision*"))
