"""Matching typed names to an LMS roster: certain matches only; typos, namesakes,
two spellings of one learner and missing learners are never guessed silently."""

from __future__ import annotations

import pytest
from lms_helpers import CANVAS_ROSTER, export, hand_in, read_csv, seed_record, write_csv

from generator.errors import UsageError
from generator.grading.roster import match_learners, normalised, read_roster


@pytest.fixture
def canvas_roster(tmp_path):
    return read_roster(write_csv(tmp_path / "canvas.csv", CANVAS_ROSTER))


def test_canvas_roster_skips_points_possible_and_the_test_student(canvas_roster):
    assert canvas_roster.kind == "canvas"
    assert [s.name for s in canvas_roster.students] == [
        "Perez, Ana",
        "Lee, Sam",
        "Lee, Sam",
        "Okafor, Chidi",
    ]
    assert canvas_roster.students[0].get("SIS Login ID") == "aperez"


@pytest.mark.parametrize("typed", ["Ana Perez", "ana pérez", "Pérez, Ana", "  ANA   PEREZ "])
def test_the_same_name_however_typed_matches(canvas_roster, typed):
    match = match_learners([typed], canvas_roster)[typed]
    assert match.student is not None and match.student.get("ID") == "101"


def test_a_typo_is_not_guessed_but_offered(canvas_roster):
    match = match_learners(["Ana Peres"], canvas_roster)["Ana Peres"]
    assert match.student is None and match.reason == "no such student"
    assert match.closest[0][0] == "Perez, Ana (101)"
    assert match.closest[0][1] > match.closest[1][1]


def test_namesakes_are_ambiguous(canvas_roster):
    match = match_learners(["Sam Lee"], canvas_roster)["Sam Lee"]
    assert match.student is None and "two or more" in match.reason
    assert {c[0] for c in match.closest[:2]} == {"Lee, Sam (102)", "Lee, Sam (103)"}


def test_normalised_names():
    assert normalised("Pérez,  Ana") == normalised("ana perez") == "ana perez"
    assert normalised("O'Brien-Smith, Zoë") == normalised("zoe o brien smith")


def test_an_unknown_roster_format_names_the_file(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["foo", "bar"], ["1", "2"]])
    with pytest.raises(UsageError, match="x.csv: not a roster"):
        read_roster(path)


def test_typos_namesakes_two_spellings_and_missing_learners_through_export(tmp_path):
    folder = tmp_path / "in"
    hand_in(folder / "1.json", seed_record("Ana Perez", "whose-words", 3))
    hand_in(folder / "2.json", seed_record("ana pérez", "whose-words", 4))  # two spellings
    hand_in(folder / "3.json", seed_record("Chidi Okafr", "whose-words", 5))  # typo
    hand_in(folder / "4.json", seed_record("Sam Lee", "whose-words", 2))  # namesakes
    roster = write_csv(tmp_path / "canvas.csv", CANVAS_ROSTER)
    out = tmp_path / "canvas.csv.out.csv"
    done = export(folder, "-o", out, "--format", "canvas", "--roster", roster)
    assert done.returncode == 1
    assert "4 row(s) need a decision" in done.stderr
    # Nobody is in the LMS file: each case needs the teacher.
    assert read_csv(out)[2:] == []
    decisions = tmp_path / "canvas.csv.out-needs-decision.csv"
    rows = {r[0]: r for r in read_csv(decisions)[1:]}
    assert set(rows) == {"Ana Perez", "ana pérez", "Chidi Okafr", "Sam Lee"}
    assert "map to one student" in rows["Ana Perez"][4]
    assert rows["Chidi Okafr"][5].startswith("Okafor, Chidi (104)")
    assert "two or more" in rows["Sam Lee"][4]
    # Missing learners (Sam 103, Chidi until decided) have no row: nothing is invented.

    # The teacher decides in a spreadsheet (semicolons, BOM) and exports again.
    table = read_csv(decisions)
    for row in table[1:]:
        row[-1] = {"Chidi Okafr": "104", "Sam Lee": "103"}.get(row[0], "")
    write_csv(decisions, table, delimiter=";", bom=True)
    again = tmp_path / "again.csv"
    done = export(
        folder, "-o", again, "--format", "canvas", "--roster", roster, "--decisions", decisions
    )
    assert done.returncode == 1  # Ana's two spellings still need a decision
    lines = read_csv(again)[2:]
    assert [(r[1], r[5]) for r in lines] == [("103", "2"), ("104", "5")]
    left = read_csv(tmp_path / "again-needs-decision.csv")[1:]
    assert {r[0] for r in left} == {"Ana Perez", "ana pérez"}


def test_a_decisions_file_without_its_columns_is_a_usage_error(tmp_path):
    folder = tmp_path / "in"
    hand_in(folder / "1.json", seed_record("Ana Perez", "whose-words", 3))
    roster = write_csv(tmp_path / "canvas.csv", CANVAS_ROSTER)
    bad = tmp_path / "d.csv"
    bad.write_text("name,id\nAna,1\n", encoding="utf-8")
    done = export(
        folder,
        "-o",
        tmp_path / "o.csv",
        "--format",
        "canvas",
        "--roster",
        roster,
        "--decisions",
        bad,
    )
    assert done.returncode == 2 and "'learner' and 'decision'" in done.stderr
