"""Rubric-scored reflections: the sheet a teacher scores, and its points in the
gradebook (``export --rubric-sheet`` / ``--rubric-scores``; docs/grading.md).

A hand-written ``reflect`` question may carry a ``rubric:`` in story.yaml — levels,
each with a name, points, a descriptor and an example answer (Civic Online
Reasoning scores its short written tasks this way: Proficient / Emergent / Basic).
The rubric stays out of the notebook: it is the teacher's, and the notebooks (and
their module versions) do not change when a teacher adds one.

The scored sheet comes back from a spreadsheet, so reading it tolerates what
spreadsheets do: a UTF-8 byte-order mark, ``;`` or tab as delimiter (chosen from the
header, which is ours: a sniffer guessing from reflections full of commas and
semicolons guesses wrong), rows and columns in another order, Windows line ends,
a formula guard (``'``) before a name, and a score written as a level's name or its
points (``2``, ``2.0`` or ``2,0``). Anything it cannot match is refused, one line
each, and nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SheetError
from ..gradetables import format_number, safe_cell
from ..model import Story

if TYPE_CHECKING:
    from ..gradebook import Row

SHEET_COLUMNS = ("learner", "story", "module", "question", "reflection", "levels", "score")
KEY_COLUMNS = ("learner", "story", "module", "question")
GRADEBOOK_COLUMNS = ("rubric_points", "rubric_max", "rubric_unscored")
DELIMITERS = (",", ";", "\t")

SheetKey = tuple[str, str, str, str]  # (learner casefolded, story, module, question)


@dataclass(frozen=True)
class Level:
    name: str
    points: float
    descriptor: str
    example: str = ""


Rubrics = dict[tuple[str, str, str], tuple[Level, ...]]  # (story, module, question)


def rubrics(stories: Iterable[Story]) -> Rubrics:
    """Every reflect question's rubric, highest level first."""
    found: Rubrics = {}
    for story in stories:
        for q in story.questions:
            raw = q.fields.get("rubric") if q.kind == "reflect" else None
            if raw:
                levels = [
                    Level(
                        str(r["level"]), float(r["points"]), r["descriptor"], r.get("example", "")
                    )
                    for r in raw
                ]
                found[story.id, q.module, q.id] = tuple(sorted(levels, key=lambda lv: -lv.points))
    return found


def rubric_problems(questions: list[dict]) -> list[tuple[tuple, str]]:
    """(YAML path, message) for what the schema cannot check: level names and points
    must each be unique in a rubric, or a score could not tell which level it means."""
    problems = []
    for index, question in enumerate(questions):
        levels = question.get("rubric") or []
        for field, label in (("level", "level name"), ("points", "points")):
            seen: set = set()
            for n, level in enumerate(levels):
                value = level[field]
                value = value.casefold() if isinstance(value, str) else float(value)
                if value in seen:
                    problems.append(
                        (
                            ("questions", index, "rubric", n, field),
                            f"{label} {level[field]!r} is used by two levels of this rubric — "
                            "give each level its own name and points",
                        )
                    )
                seen.add(value)
    return problems


def levels_text(levels: tuple[Level, ...]) -> str:
    return " | ".join(f"{lv.name} = {format_number(lv.points)}" for lv in levels)


# ---------------------------------------------------------------- the sheet


def sheet_rows(rows: list[Row], found: Rubrics) -> list[tuple[Row, str, tuple[Level, ...]]]:
    """(row, question id, levels) for every named learner and rubric question of a
    module they handed in, answered or not, in gradebook order."""
    out = []
    for row in rows:
        if not row.learner:
            continue  # a blank name cannot be matched when the sheet comes back
        for q in row.key.questions:
            levels = found.get((row.story, row.module, q["id"]))
            if levels:
                out.append((row, q["id"], levels))
    return out


def sheet_table(rows: list[Row], found: Rubrics) -> list[list[str]]:
    table = [list(SHEET_COLUMNS)]
    for row, qid, levels in sheet_rows(rows, found):
        answer = row.answers.get(qid)
        text = answer.response if answer is not None and isinstance(answer.response, str) else ""
        table.append(
            [
                safe_cell(row.learner),
                row.story,
                row.module,
                qid,
                safe_cell(text),
                levels_text(levels),
                "",
            ]
        )
    return table


def read_scores(path: Path, rows: list[Row], found: Rubrics) -> dict[SheetKey, float]:
    """The points of every scored row of the sheet; raises SheetError with one line
    per row it cannot use (unknown learner, question or level)."""
    shown = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SheetError(shown, [f"{shown}: not UTF-8 text — save it as “CSV UTF-8”"]) from exc
    except OSError as exc:
        raise SheetError(shown, [f"{shown}: cannot be read ({exc.strerror})"]) from exc
    expected = {
        (row.learner.casefold(), row.story, row.module, qid): levels
        for row, qid, levels in sheet_rows(rows, found)
    }
    reader, columns = _open_sheet(text, shown)
    scores: dict[SheetKey, float] = {}
    problems: list[str] = []
    # Rows as a spreadsheet numbers them (the header is row 1), not file lines: a
    # reflection may hold line breaks.
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a spreadsheet's empty trailing rows
        where = f"{shown}: row {number}"
        values = {name: _cell(record, i) for name, i in columns.items()}
        problem = _score_row(values, expected, scores)
        if problem:
            problems.append(f"{where}: {problem}")
    if problems:
        raise SheetError(shown, problems)
    return scores


def _open_sheet(text: str, shown: str) -> tuple[Any, dict[str, int]]:
    first = text.splitlines()[0] if text.strip() else ""
    best, columns = ",", {}
    for delimiter in DELIMITERS:
        header = next(csv.reader([first], delimiter=delimiter), [])
        found = {name.strip().casefold(): i for i, name in enumerate(header)}
        known = {name: found[name] for name in SHEET_COLUMNS if name in found}
        if len(known) > len(columns):
            best, columns = delimiter, known
    missing = [name for name in (*KEY_COLUMNS, "score") if name not in columns]
    if missing:
        raise SheetError(
            shown,
            [
                f"{shown}: row 1: no column {', '.join(missing)} — the first row must keep the "
                f"column names export wrote ({', '.join(SHEET_COLUMNS)})"
            ],
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best)
    next(reader)
    return reader, columns


def _cell(record: list[str], index: int) -> str:
    return record[index].strip() if index < len(record) else ""


def _score_row(
    values: Mapping[str, str], expected: Mapping[SheetKey, tuple[Level, ...]], scores: dict
) -> str | None:
    """Store one row's points in ``scores``; or say why it cannot be used."""
    learner = _unguarded(values["learner"])
    key = (learner.casefold(), values["story"], values["module"], values["question"])
    if key not in expected:
        if not any(k[0] == key[0] for k in expected):
            return f"unknown learner {learner!r} — not in this export (check the spelling)"
        return (
            f"unknown question {values['question']!r} of module {values['module']!r} "
            f"(story {values['story']!r}) for {learner!r} — not a rubric question they were given"
        )
    written = values["score"]
    if not written:
        return None  # not scored yet: flagged in the gradebook, never counted as 0
    points = level_points(written, expected[key])
    if points is None:
        return f"score {written!r} is not a level of this rubric ({levels_text(expected[key])})"
    if key in scores and scores[key] != points:
        return f"{learner!r} / {values['question']!r} is scored twice, differently"
    scores[key] = points
    return None


def _unguarded(name: str) -> str:
    """A name as the gradebook has it: the ``'`` that :func:`safe_cell` put before
    a name starting with ``=``, ``+``, ``-`` or ``@`` is taken off again."""
    return name[1:] if name[:1] == "'" and name[1:2] in ("=", "+", "-", "@") else name


def level_points(written: str, levels: tuple[Level, ...]) -> float | None:
    """A score cell as points: a level's name (any case) or its points."""
    for level in levels:
        if written.casefold() == level.name.casefold():
            return level.points
    try:
        value = float(written.replace(",", "."))
    except ValueError:
        return None
    return next((lv.points for lv in levels if abs(lv.points - value) < 1e-9), None)


# ---------------------------------------------------------------- gradebook


def add_rubric_columns(
    table: list[list[str]], rows: list[Row], found: Rubrics, scores: Mapping[SheetKey, float]
) -> None:
    """Append the rubric columns to the gradebook ``table`` (header + one line per row,
    in ``rows`` order): points of the scored reflections, their maximum, and the
    reflections not scored yet (blank points when none is scored, never 0)."""
    table[0].extend(GRADEBOOK_COLUMNS)
    for line, row in zip(table[1:], rows, strict=True):
        questions = [
            (q["id"], found[row.story, row.module, q["id"]])
            for q in row.key.questions
            if (row.story, row.module, q["id"]) in found
        ]
        if not questions or not row.learner:
            line.extend([""] * len(GRADEBOOK_COLUMNS))
            continue
        keys = [((row.learner.casefold(), row.story, row.module, qid), lv) for qid, lv in questions]
        scored = [scores[k] for k, _ in keys if k in scores]
        unscored = [k[3] for k, _ in keys if k not in scores]
        line.extend(
            [
                format_number(sum(scored)) if scored else "",
                format_number(sum(levels[0].points for _, levels in keys)),
                ";".join(unscored),
            ]
        )
