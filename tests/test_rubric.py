"""Rubric-scored reflections: ``export --rubric-sheet`` writes the sheet a teacher
scores, ``export --rubric-scores`` reads it back (also after a spreadsheet saved it
with a BOM, semicolons, Windows line ends and rows and columns moved) and adds the
points to the gradebook in columns of their own. Through the real command line."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from report_helpers import (
    CORPUS,
    LESSON,
    POST,
    REFLECTION,
    REPO,
    Answers,
    export,
    fixture_key,
    run_cli,
    write_class,
)

from generator.corpus import load_corpus
from generator.grading.rubric import GRADEBOOK_COLUMNS, SHEET_COLUMNS, rubrics

LEVELS = "Proficient = 2 | Emergent = 1 | Basic = 0"
TRICKY = "Fourteen weeks; the council, which plans it, says so.\nShop owners only fear 16."


@pytest.fixture
def graded_class(tmp_path: Path):
    """Four learners: three handed in the lesson (one left the reflection blank),
    one handed in only the posttest."""
    write_class(
        tmp_path / "subs",
        fixture_key(),
        [
            Answers("Ana", LESSON, 3, reflection="About 14 weeks, according to the council."),
            Answers("=Eve", LESSON, 1, reflection=TRICKY),
            Answers("Bo", LESSON, 2),
            Answers("Cy", POST, 4),
        ],
    )
    return tmp_path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_sheet(tmp_path: Path) -> list[dict[str, str]]:
    done = export(tmp_path / "subs", tmp_path, "--rubric-sheet", tmp_path / "sheet.csv")
    assert done.returncode == 0, done.stderr
    assert "sheet.csv: 3 reflection(s) to score" in done.stdout
    return read_csv(tmp_path / "sheet.csv")


def test_sheet_has_a_row_per_learner_and_reflection_with_the_levels(graded_class):
    rows = write_sheet(graded_class)
    header = (graded_class / "sheet.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(SHEET_COLUMNS)
    assert [(r["learner"], r["question"]) for r in rows] == [
        ("'=Eve", REFLECTION),  # formula-guarded, as in the gradebook
        ("Ana", REFLECTION),
        ("Bo", REFLECTION),
    ]
    by_name = {r["learner"]: r for r in rows}
    assert by_name["'=Eve"]["reflection"] == TRICKY
    assert by_name["Bo"]["reflection"] == ""  # not answered: still there to score
    assert all(r["levels"] == LEVELS and r["score"] == "" for r in rows)
    assert all((r["story"], r["module"]) == ("bridge", LESSON) for r in rows)


def scored(rows: list[dict[str, str]], scores: dict[str, str]) -> list[dict[str, str]]:
    return [{**r, "score": scores.get(r["learner"], "")} for r in rows]


def save(path: Path, rows, columns, *, delimiter=",", bom=False, newline="\n") -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, delimiter=delimiter, lineterminator=newline)
    writer.writeheader()
    writer.writerows({c: r[c] for c in columns} for r in rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))


def gradebook_with_scores(tmp_path: Path, sheet: Path) -> list[dict[str, str]]:
    done = export(tmp_path / "subs", tmp_path, "--rubric-scores", sheet)
    assert done.returncode == 0, done.stderr
    assert f"{sheet.name}: 2 reflection(s) scored, 1 not scored yet" in done.stdout
    return read_csv(tmp_path / "grades.csv")


def test_scores_come_back_in_columns_after_every_other_column(graded_class):
    rows = write_sheet(graded_class)
    save(
        graded_class / "scored.csv",
        scored(rows, {"Ana": "Proficient", "'=Eve": "1"}),
        SHEET_COLUMNS,
    )
    plain = export(graded_class / "subs", graded_class)
    assert plain.returncode == 0
    before = (graded_class / "grades.csv").read_text(encoding="utf-8").splitlines()
    book = gradebook_with_scores(graded_class, graded_class / "scored.csv")
    after = (graded_class / "grades.csv").read_text(encoding="utf-8").splitlines()
    # The contract columns (and the question and move columns) are untouched.
    assert [line.rsplit(",", 3)[0] for line in after] == before
    assert after[0].endswith(",".join(GRADEBOOK_COLUMNS))
    got = {r["learner"]: [r[c] for c in GRADEBOOK_COLUMNS] for r in book}
    assert got["Ana"] == ["2", "2", ""]
    assert got["'=Eve"] == ["1", "2", ""]
    assert got["Bo"] == ["", "2", REFLECTION]  # unscored: flagged, not 0
    assert got["Cy"] == ["", "", ""]  # the posttest has no reflection


def test_a_sheet_saved_by_a_spreadsheet_reads_the_same(graded_class):
    rows = write_sheet(graded_class)
    # Excel in a comma-decimal locale: BOM, semicolons, CRLF; the teacher sorted the
    # rows by name descending, moved the score column first, wrote a level in lower
    # case and points as "2,0".
    edited = scored(list(reversed(rows)), {"Ana": "2,0", "'=Eve": " emergent ", "Bo": ""})
    columns = ["score", "reflection", "question", "learner", "levels", "module", "story"]
    save(graded_class / "excel.csv", edited, columns, delimiter=";", bom=True, newline="\r\n")
    raw = (graded_class / "excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfscore;") and b"\r\n" in raw
    book = gradebook_with_scores(graded_class, graded_class / "excel.csv")
    got = {r["learner"]: [r[c] for c in GRADEBOOK_COLUMNS] for r in book}
    assert got["Ana"] == ["2", "2", ""]
    assert got["'=Eve"] == ["1", "2", ""]
    assert got["Bo"] == ["", "2", REFLECTION]


def test_unknown_learners_questions_and_levels_are_refused_line_by_line(graded_class):
    rows = write_sheet(graded_class)
    bad = scored(rows, {"Ana": "Excellent", "'=Eve": "1", "Bo": "2"})
    bad[2] = {**bad[2], "learner": "Bob"}  # a learner not in the export
    bad.append({**rows[1], "question": "no-such-question", "score": "1"})
    save(graded_class / "bad.csv", bad, SHEET_COLUMNS)
    (graded_class / "grades.csv").unlink(missing_ok=True)
    done = export(graded_class / "subs", graded_class, "--rubric-scores", graded_class / "bad.csv")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert "3 problem(s); nothing was written" in lines[0]
    assert any("row 3: score 'Excellent' is not a level of this rubric" in line for line in lines)
    assert any("row 4: unknown learner 'Bob'" in line for line in lines)
    assert any("row 5: unknown question 'no-such-question'" in line for line in lines)
    assert not (graded_class / "grades.csv").exists()


def test_a_sheet_without_the_key_columns_is_refused(graded_class):
    (graded_class / "odd.csv").write_text("name,points\nAna,2\n", encoding="utf-8")
    done = export(graded_class / "subs", graded_class, "--rubric-scores", graded_class / "odd.csv")
    assert done.returncode == 2
    assert "no column learner, story, module, question, score" in done.stderr


def test_the_seed_story_reflection_carries_a_rubric():
    found = rubrics(load_corpus(REPO / "corpus"))
    levels = found["kazakhstan-2022", "counting-and-dating", "which-figure-would-you-report"]
    assert [lv.name for lv in levels] == ["Proficient", "Emergent", "Basic"]
    assert all(lv.descriptor and lv.example for lv in levels)


def copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target / "bridge" / "story.yaml"


def test_rubric_levels_need_their_own_names_and_points(tmp_path):
    story = copy_fixture(tmp_path)
    text = story.read_text(encoding="utf-8")
    story.write_text(
        text.replace("level: Emergent\n        points: 1", "level: basic\n        points: 2"),
        encoding="utf-8",
    )
    done = run_cli("validate", tmp_path / "corpus")
    assert done.returncode == 2
    assert "level name 'Basic' is used by two levels of this rubric" in done.stderr
    assert "points 2 is used by two levels of this rubric" in done.stderr


def test_a_rubric_belongs_on_reflect_questions_only(tmp_path):
    """The schema refuses ``rubric:`` on a choice question (it would never be scored)."""
    story = copy_fixture(tmp_path)
    text = story.read_text(encoding="utf-8")
    rubric = (
        "\n    rubric:\n      - {level: A, points: 1, descriptor: x}"
        "\n      - {level: B, points: 0, descriptor: y}\n"
    )
    story.write_text(
        text.replace('    answer: "fiasco"\n', '    answer: "fiasco"' + rubric), encoding="utf-8"
    )
    done = run_cli("validate", tmp_path / "corpus")
    assert done.returncode == 2 and "rubric" in done.stderr


def test_scores_for_an_lms_file_are_refused_not_dropped(graded_class):
    """A Canvas or Moodle file carries module scores only: the rubric points would be
    read and counted on the terminal, then left out of it. Refused before anything."""
    roster = graded_class / "roster.csv"
    roster.write_text("name,id\nAna,1\n", encoding="utf-8")
    sheet = graded_class / "scored.csv"
    sheet.write_text(",".join(SHEET_COLUMNS) + "\n", encoding="utf-8")
    for lms in ("canvas", "moodle"):
        done = export(
            graded_class / "subs",
            graded_class,
            "--format",
            lms,
            "--roster",
            roster,
            "--rubric-scores",
            sheet,
        )
        assert done.returncode == 2
        assert f"--rubric-scores adds columns to samestory's own gradebook; a {lms}" in (
            done.stderr
        )
        assert not (graded_class / "grades.csv").exists()
