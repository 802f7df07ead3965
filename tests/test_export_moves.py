"""Export by move and confidence: the ``move:<id>`` and ``calibration`` columns, the
``confidence`` of the per-answer table, and item statistics grouped by move. The
columns are computed from the re-scored answers and the corpus's questions, never
from what a record says about itself."""

from __future__ import annotations

import json
from pathlib import Path

from export_helpers import (
    MOVED,
    demo_key,
    log_lines,
    moves_key,
    record,
    simple_score,
    write_json,
)

from generator.gradebook import grade
from generator.gradetables import META_COLUMNS, gradebook_table, long_table
from generator.itemstats import item_stats, items_table
from generator.submissions import LOG_FORMAT, RESULTS_MIME, read_input, read_record

QUESTIONS = [q["id"] for q in MOVED]  # q/who, q/count, q/whom, q/why
MOVE_COLUMNS = ["move:who-is-credited", "move:check-the-figure"]


def rows_of(*records: dict, key=None) -> list:
    submissions = [read_record(rec, f"{rec['learner']}.json", origin="results") for rec in records]
    return grade(submissions, key or moves_key(), simple_score).rows


def by_column(table: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def test_move_and_calibration_columns_come_after_the_question_columns():
    rec = record("Ana", {"q/who": "A"}, key=moves_key())
    table = gradebook_table(rows_of(rec))
    assert table[0] == [*META_COLUMNS, *QUESTIONS, *MOVE_COLUMNS, "calibration"]


def test_a_move_column_sums_the_first_attempts_of_its_questions():
    rec = record(
        "Ana",
        {"q/who": ("B", "A"), "q/count": 12, "q/whom": "C", "q/why": "because"},
        key=moves_key(),
    )
    (row,) = by_column(gradebook_table(rows_of(rec)))
    # q/who first wrong (0) then right; q/whom right: who-is-credited 0 + 1
    assert row["move:who-is-credited"] == "1"
    assert row["move:check-the-figure"] == "1"
    assert row["score"] == "2"  # the move columns add up to the score


def test_a_move_not_answered_is_0_and_a_move_the_module_lacks_is_blank():
    first = record("Ana", {"q/count": 12}, key=moves_key())
    second = record("Bo", {"p/which": "Y"}, module="second", version="v2", key=moves_key())
    ana, bo = by_column(gradebook_table(rows_of(first, second)))
    assert (ana["move:who-is-credited"], ana["move:check-the-figure"]) == ("0", "1")
    assert (bo["move:who-is-credited"], bo["move:check-the-figure"]) == ("", "")
    assert bo["calibration"] == ""  # module "second" asked no one how sure they were


def test_a_record_s_own_moves_are_never_trusted():
    rec = record("Ana", {"q/who": "B"}, key=moves_key())
    rec["moves"] = {"who-is-credited": {"score": 2, "max_score": 2}, "made-up": {"score": 5}}
    (row,) = by_column(gradebook_table(rows_of(rec)))
    assert row["move:who-is-credited"] == "0"
    assert "move:made-up" not in row


def test_questions_without_a_move_give_no_move_column():
    """A corpus from before moves: the gradebook of before, column for column."""
    rec = record("Ana", {"q/who": "A"})
    table = gradebook_table(rows_of(rec, key=demo_key()))
    assert table[0] == [*META_COLUMNS, "q/who", "q/count", "q/why"]


def test_calibration_is_the_share_of_sure_first_attempts_that_were_right():
    rec = record(
        "Ana",
        {"q/who": "A", "q/count": 3, "q/whom": ("B", "C")},
        confidence={"q/who": "sure", "q/count": "sure", "q/whom": "guessing"},
        key=moves_key(),
    )
    (row,) = by_column(gradebook_table(rows_of(rec)))
    assert row["calibration"] == "0.5"  # sure twice: right once, wrong once
    assert row["move:who-is-credited"] == "1"  # q/whom's first attempt was wrong


def test_calibration_is_blank_without_a_sure_first_attempt_and_ignores_junk():
    unsure = record("Ana", {"q/who": "A"}, confidence={"q/who": "guessing"}, key=moves_key())
    junk = record("Bo", {"q/who": "A"}, confidence={"q/who": "SURE!"}, key=moves_key())
    silent = record("Cy", {"q/who": "B"}, key=moves_key())
    rows = by_column(gradebook_table(rows_of(unsure, junk, silent)))
    assert [r["calibration"] for r in rows] == ["", "", ""]


def test_confidence_on_a_question_that_did_not_ask_is_ignored():
    rec = record("Ana", {"q/who": "A"}, confidence={"q/who": "sure"})  # demo_key: no confidence
    table = gradebook_table(rows_of(rec, key=demo_key()))
    assert "calibration" not in table[0]
    assert "confidence" not in long_table(rows_of(rec, key=demo_key()))[0]


def test_the_long_table_gives_each_first_attempt_s_confidence():
    rec = record("Ana", {"q/who": "A", "q/count": 3}, confidence={"q/who": "sure"}, key=moves_key())
    table = long_table(rows_of(rec))
    assert table[0][-2:] == ["file", "confidence"]
    assert [(r[3], r[-1]) for r in table[1:]] == [
        ("q/who", "sure"),
        ("q/count", ""),
        ("q/whom", ""),
        ("q/why", ""),
    ]


def test_an_answer_log_carries_confidence_too(tmp_path):
    text = log_lines(("q/who", "B", "2026-11-23T10:00:00+00:00"))
    line = json.loads(text)
    line["confidence"] = "sure"
    path = tmp_path / "demo__first.samestory-log.jsonl"
    path.write_text(
        json.dumps(line) + "\n" + log_lines(("q/who", "A", "2026-11-23T10:01:00+00:00"))
    )
    assert line["format"] == LOG_FORMAT
    (sub,) = read_input(path, path.name)
    assert sub.answers["q/who"].first.confidence == "sure"
    (row,) = by_column(gradebook_table(grade([sub], moves_key(), simple_score).rows))
    assert row["calibration"] == "0"  # sure, and wrong at the first attempt


def test_item_statistics_name_the_move_and_group_questions_by_it(tmp_path: Path):
    records = [
        record(name, answers, key=moves_key())
        for name, answers in {
            "Ana": {"q/who": "A", "q/count": 12, "q/whom": "C"},
            "Bo": {"q/who": "B", "q/count": 3, "q/whom": "C"},
        }.items()
    ]
    table = items_table(item_stats(rows_of(*records)))
    assert table[0][:5] == ["story", "module", "question", "kind", "move"]
    # q/whom comes before q/count: it practises the move of the module's first question
    assert [(r[2], r[4]) for r in table[1:]] == [
        ("q/who", "who-is-credited"),
        ("q/whom", "who-is-credited"),
        ("q/count", "check-the-figure"),
    ]


def test_graded_exports_of_old_and_new_records_agree_where_both_have_answers(tmp_path):
    """The same answers, with and without the record's own moves: the same row."""
    plain = record("Ana", {"q/who": "A", "q/count": 12}, key=moves_key())
    with_moves = {**plain, "moves": {"who-is-credited": {"score": 1, "max_score": 2}}}
    a = write_json(tmp_path / "a.json", plain)
    b = write_json(tmp_path / "b.json", with_moves)
    rows = [
        gradebook_table(grade(read_input(p, "x.json"), moves_key(), simple_score).rows)[1]
        for p in (a, b)
    ]
    assert rows[0] == rows[1]


# ---------------------------------------------------------------- notebooks of either literal


def saved_module_notebook(spec: dict, answers: dict, *, old_literal: bool) -> dict:
    """A module notebook as built (setup cell with the encoded literal, or the readable
    JSON literal of notebooks built before it), saved with its results record."""
    from generator.notebook import notebook_dict
    from generator.runtime.scoring import score

    nb = notebook_dict(spec)
    if old_literal:
        setup = next(c for c in nb["cells"] if c["id"] == "setup")
        text = json.dumps(spec, ensure_ascii=False, sort_keys=True)
        setup["source"] = f"# samestory: load this module\nm = runtime.load_module({text!r})"
    questions = {q["id"]: q for q in spec["questions"]}
    rec = {
        "format": "samestory-results/1",
        "story": spec["story"],
        "module": spec["module"],
        "module_version": spec["version"],
        "learner": "Ana",
        "updated": "2026-11-23T10:00:00+00:00",
        "answers": {
            qid: {
                "attempts": 1,
                "first": {"response": r, "score": score(questions[qid], r).score, "at": None},
                "last": {"response": r, "score": score(questions[qid], r).score, "at": None},
            }
            for qid, r in answers.items()
        },
    }
    results = next(c for c in nb["cells"] if c["id"] == "results")
    results["outputs"] = [
        {"output_type": "display_data", "metadata": {}, "data": {RESULTS_MIME: rec}}
    ]
    return nb


def test_notebooks_with_the_encoded_or_the_old_json_literal_export_alike(tmp_path):
    from build_helpers import FIXTURE_CORPUS

    from generator.modulekeys import load_key
    from generator.runtime.scoring import score

    key = load_key(FIXTURE_CORPUS)
    module = key.modules["mini", "whose-words"]
    spec = module.spec
    answers = {q["id"]: q["answer"] for q in spec["questions"][:3]}
    rows = []
    for old in (False, True):
        path = write_json(
            tmp_path / f"{old}.ipynb", saved_module_notebook(spec, answers, old_literal=old)
        )
        book = grade(read_input(path, "saved.ipynb"), key, score)
        assert book.reports == [], [str(r) for r in book.reports]
        rows.append(gradebook_table(book.rows)[1])
    assert rows[0] == rows[1]
    assert rows[0][3] == "3" and rows[0][5] == ""  # score 3, no flag (cells as built)
