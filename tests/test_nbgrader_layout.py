"""A course that collects with nbgrader: the student id in the path is the learner.

nbgrader's course folder keeps ``submitted/<student id>/<assignment>/…`` (and
``autograded/`` the same way); its exchange keeps ``inbound/<student id>+<assignment>+
<timestamp>/…``. The typed name stays in its own column, and a mismatch is flagged.
"""

from __future__ import annotations

from lms_helpers import export, hand_in, read_csv, seed_record

from generator.grading.nbgrader import student_of


def test_thirty_submissions_export_with_student_ids_as_learners(tmp_path):
    course = tmp_path / "course"
    typed = {}
    for n in range(1, 31):
        student = f"s{n:04d}"
        typed[student] = student if n % 10 == 0 else f"Learner {n}"  # some type their id
        record = seed_record(typed[student], "whose-words", n % 6)
        hand_in(course / "submitted" / student / "week1" / "whose-words.json", record)
    # nbgrader's autograded copy of one submission: the same answers, not a second learner.
    hand_in(
        course / "autograded" / "s0001" / "week1" / "whose-words.json",
        seed_record("Learner 1", "whose-words", 1),
    )
    out = tmp_path / "grades.csv"
    done = export(course, "-o", out)
    assert done.returncode == 0, done.stderr
    header, *rows = read_csv(out)
    assert header[-1] == "typed_name"
    assert len(rows) == 30, [r[0] for r in rows]
    by_learner = {r[0]: r for r in rows}
    assert sorted(by_learner) == [f"s{n:04d}" for n in range(1, 31)]
    for n in range(1, 31):
        row = by_learner[f"s{n:04d}"]
        assert row[3] == str(n % 6)  # score
        assert row[-1] == typed[f"s{n:04d}"]
        assert ("name-differs" in row[5]) == (n % 10 != 0)


def test_the_exchange_inbound_layout_names_the_student(tmp_path):
    inbound = tmp_path / "exchange" / "course101" / "inbound"
    folder = inbound / "ana.p+week1+2026-11-23 10:00:00.000000 UTC"
    hand_in(folder / "whose-words.json", seed_record("Ana P.", "whose-words", 2))
    out = tmp_path / "g.csv"
    done = export(tmp_path / "exchange", "-o", out)
    assert done.returncode == 0, done.stderr
    header, row = read_csv(out)
    assert row[0] == "ana.p" and row[-1] == "Ana P."
    assert "name-differs" not in row[5]  # "ana.p" and "Ana P." are one name


def test_files_outside_the_layout_keep_the_typed_name(tmp_path):
    hand_in(tmp_path / "in" / "whose-words.json", seed_record("Ana P.", "whose-words", 2))
    out = tmp_path / "g.csv"
    done = export(tmp_path / "in", "-o", out)
    assert done.returncode == 0, done.stderr
    header, row = read_csv(out)
    assert row[0] == "Ana P." and "typed_name" not in header


def test_student_of():
    assert student_of("/c/submitted/s1/week1/a.ipynb") == "s1"
    assert student_of("/c/autograded/s1/week1/sub/a.ipynb") == "s1"
    assert student_of("/x/inbound/s2+week1+2026-01-01 00:00:00 UTC/a.ipynb") == "s2"
    assert student_of("/c/submitted/a.ipynb") is None
    assert student_of("/home/ana/modules/a.ipynb") is None
