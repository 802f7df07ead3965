"""The gradebook's CSV tables (export.py writes them): one row per learner and module
with a column per question, then per move, then calibration; and one row per learner
and question (``--long``). docs/grading.md describes every column for graders.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gradebook import Row

META_COLUMNS = ("learner", "story", "module", "score", "max_score", "flags", "file")
LONG_COLUMNS = (
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
)
MOVE_PREFIX = "move:"
CALIBRATION = "calibration"


def question_columns(rows: list[Row]) -> list[str]:
    """Question ids of every module in the export, story then module order (rows are
    sorted that way); an id shared by two modules is one column."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row.key.question_ids))
    return list(columns)


def move_ids(rows: list[Row]) -> list[str]:
    """Every move of the modules in the export, in the order their first questions
    come; none for modules whose questions carry no move (specs from before moves)."""
    moves: dict[str, None] = {}
    for row in rows:
        moves.update(dict.fromkeys(row.key.moves))
    return list(moves)


def asks_confidence(rows: list[Row]) -> bool:
    return any(row.key.confidence_ids for row in rows)


def gradebook_table(rows: list[Row]) -> list[list[str]]:
    """Metadata, question, move and (when asked) calibration columns; blank where a
    row's module has no such question or move, or nothing to compute from."""
    questions, moves = question_columns(rows), move_ids(rows)
    calibration = [CALIBRATION] if asks_confidence(rows) else []
    table = [[*META_COLUMNS, *questions, *(MOVE_PREFIX + m for m in moves), *calibration]]
    for row in rows:
        scores = [
            format_number(row.answers[q].first_score) if q in row.answers else "" for q in questions
        ]
        by_move = row.move_scores()
        per_move = [format_number(by_move[m]) if m in by_move else "" for m in moves]
        sure = [_blank_or_number(row.calibration())] if calibration else []
        table.append(
            [
                safe_cell(row.learner),
                row.story,
                row.module,
                format_number(row.score),
                str(row.max_score),
                ";".join(sorted(row.flags)),
                safe_cell(row.file),  # the learner named the file
                *scores,
                *per_move,
                *sure,
            ]
        )
    return table


def long_table(rows: list[Row]) -> list[list[str]]:
    """One row per learner and question of the current module (blank if unanswered);
    a last ``confidence`` column (of the first attempt) when any module asked for it."""
    asked = asks_confidence(rows)
    table = [[*LONG_COLUMNS, *(["confidence"] if asked else [])]]
    for row in rows:
        for question in row.key.questions:
            a = row.answers.get(question["id"])
            answered = (
                ["", "", "", "0", ""]
                if a is None
                else [
                    safe_cell(json_text(a.response)),
                    format_number(a.first_score),
                    format_number(a.last_score),
                    str(a.attempts),
                    safe_cell(json_text(a.last_response)),
                ]
            )
            sure = [(a.confidence or "") if a is not None else ""] if asked else []
            table.append(
                [
                    safe_cell(row.learner),
                    row.story,
                    row.module,
                    question["id"],
                    question["kind"],
                    *answered,
                    safe_cell(row.file),
                    *sure,
                ]
            )
    return table


def _blank_or_number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def format_number(value: float) -> str:
    """0.5 → "0.5", 1.0 → "1", 2/3 → "0.6667": what a spreadsheet shows, stable."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def safe_cell(value: str) -> str:
    """Learner-typed text that a spreadsheet would run as a formula gets a leading ``'``
    (OWASP CSV injection); numbers such as ``-3`` are left as they are."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value
