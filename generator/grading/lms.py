"""Gradebooks an LMS imports as they are: Canvas's and Moodle's grade import CSVs.

Both need to know which LMS student a row is, so both need the roster the LMS exports
(:mod:`.roster`); learners whose typed name matches no roster student for certain are
left out of the LMS file and listed in the "needs a decision" table instead.

The rules followed, from each LMS's documentation and code (tests/test_lms.py checks
each):

Canvas ("How do I import grades in the Gradebook?", Canvas Instructor Guide):
  the identity columns ``Student, ID, SIS User ID, SIS Login ID, Section`` come first,
  as Canvas's own export has them, and Canvas matches rows by ``ID`` (or the SIS ids);
  then one column per assignment — a header ``Name (123)`` updates assignment 123, a
  header with no id creates an assignment of that name; the row under the header whose
  first cell is ``Points Possible`` gives each new assignment its points. Numbers use
  a decimal point. A cell left blank changes no grade.
Moodle (Grades ▸ Import ▸ CSV file; grade/import/csv/classes/load_data.php):
  one column identifies the user — mapped "from" that column "to" ``ID number``,
  ``Email address`` or ``Username`` — and every other column is mapped to a grade item
  or becomes a new one named by its header; every row must name a user of the course
  (one unknown user aborts the whole import), so only matched students get rows; an
  empty cell or ``-`` is "no grade"; there is no points-possible row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..runtime.texthtml import format_score
from .roster import (
    CANVAS_IDENTITY,
    MOODLE_IDENTIFIERS,
    Match,
    Roster,
    Student,
    match_learners,
    read_decisions,
    read_roster,
)

if TYPE_CHECKING:
    from ..gradebook import Row

FORMATS = ("csv", "canvas", "moodle")
UNDECIDED_COLUMNS = (
    "learner",
    "story",
    "module",
    "file",
    "reason",
    "closest_1",
    "closest_2",
    "closest_3",
    "decision",
)
_CANVAS_ID = re.compile(r"\s*\((\d+)\)\s*$")


@dataclass(frozen=True)
class LmsExport:
    table: list[list[str]]  # the LMS file
    undecided: list[list[str]]  # "needs a decision", header first


def lms_export(rows: list[Row], roster: Roster, fmt: str, matches: dict[str, Match]) -> LmsExport:
    modules = _module_columns(rows, roster)
    grades, undecided = _grades(rows, matches)
    graded = {student for student, _ in grades}
    students = [s for s in roster.students if s.key in graded]
    if fmt == "canvas":
        table = _canvas_table(students, modules, grades)
        return LmsExport(table, [list(UNDECIDED_COLUMNS), *undecided])
    column = _identifier(roster)
    for student in (s for s in students if not s.get(column)):
        # Moodle aborts the whole import at a row naming no user: leave it out.
        undecided += [
            _undecided(row, f"no {column} for this student in the roster", ((student.name, 100),))
            for row in rows
            if matches[row.learner].student == student
        ]
    students = [s for s in students if s.get(column)]
    table = _moodle_table(column, students, modules, grades)
    return LmsExport(table, [list(UNDECIDED_COLUMNS), *undecided])


def _module_columns(rows: list[Row], roster: Roster) -> dict[tuple[str, str], tuple[str, int]]:
    """(story, module) → (column header, points possible), in gradebook order. A Canvas
    roster's existing assignment of the same name keeps its ``(id)`` so grades land in
    it instead of a new assignment."""
    titles: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        spec = row.key.spec or {}
        titles.setdefault((row.story, row.module), (spec.get("title") or row.module, row.max_score))
    counts: dict[str, int] = {}
    for title, _ in titles.values():
        counts[title] = counts.get(title, 0) + 1
    existing = {_CANVAS_ID.sub("", c).strip(): c for c in roster.columns if _CANVAS_ID.search(c)}
    columns = {}
    for (story, module), (title, points) in titles.items():
        name = title if counts[title] == 1 else f"{title} [{story}/{module}]"
        columns[story, module] = (existing.get(name, name), points)
    return columns


def _grades(
    rows: list[Row], matches: dict[str, Match]
) -> tuple[dict[tuple[str, tuple[str, str]], float], list[list[str]]]:
    """(student key, (story, module)) → score; rows nobody can be sure of go to the
    undecided list — no match, or two submissions landing on one student and module."""
    found: dict[tuple[str, tuple[str, str]], list[Row]] = {}
    undecided = []
    for row in rows:
        match = matches[row.learner]
        if match.student is None:
            undecided.append(_undecided(row, match.reason, match.closest))
            continue
        found.setdefault((match.student.key, (row.story, row.module)), []).append(row)
    grades = {}
    for place, group in found.items():
        if len({r.score for r in group}) == 1:
            grades[place] = group[0].score
            continue
        names = ", ".join(sorted({r.learner for r in group}))
        for r in group:
            reason = f"{len(group)} submissions with different scores map to one student ({names})"
            undecided.append(_undecided(r, reason, ((place[0], 100.0),)))
    return grades, undecided


def _undecided(row: Row, reason: str, closest: tuple) -> list[str]:
    names = [f"{name} — {score:g}" for name, score in closest][:3]
    return [
        row.learner,
        row.story,
        row.module,
        row.file,
        reason,
        *names,
        *[""] * (3 - len(names)),
        "",
    ]


def _canvas_table(
    students: list[Student],
    modules: dict[tuple[str, str], tuple[str, int]],
    grades: dict[tuple[str, tuple[str, str]], float],
) -> list[list[str]]:
    header = [*CANVAS_IDENTITY, *(name for name, _ in modules.values())]
    points = ["Points Possible", *[""] * (len(CANVAS_IDENTITY) - 1)]
    points += [str(p) for _, p in modules.values()]
    table = [header, points]
    for student in students:
        identity = [student.name, *(student.get(c) for c in CANVAS_IDENTITY[1:])]
        table.append(identity + _cells(student, modules, grades))
    return table


def _moodle_table(
    column: str,
    students: list[Student],
    modules: dict[tuple[str, str], tuple[str, int]],
    grades: dict[tuple[str, tuple[str, str]], float],
) -> list[list[str]]:
    table = [[column, *(name for name, _ in modules.values())]]
    for student in students:
        table.append([student.get(column), *_cells(student, modules, grades)])
    return table


def _identifier(roster: Roster) -> str:
    """The roster column to identify users by: the first of Moodle's preferred ones
    that the roster fills in most, else the roster's first identity column."""
    columns = [c for s in roster.students[:1] for c, _ in s.fields]
    preferred = [c for c in MOODLE_IDENTIFIERS if c in columns] or columns

    def filled(column: str) -> int:
        return sum(1 for s in roster.students if s.get(column))

    return max(preferred, key=lambda c: (filled(c), -preferred.index(c)), default="ID number")


def _cells(student: Student, modules: dict, grades: dict) -> list[str]:
    return [
        format_score(grades[student.key, place]) if (student.key, place) in grades else ""
        for place in modules
    ]


# ---------------------------------------------------------------- export's side


@dataclass(frozen=True)
class LmsOptions:
    """What ``export --format/--roster/--decisions`` asked for."""

    fmt: str
    roster: Path | None = None
    decisions: Path | None = None


@dataclass(frozen=True)
class LmsFile:
    """An LMS gradebook about to be written in place of the plain one, and the "needs
    a decision" file beside it (``<output stem>-needs-decision.csv``)."""

    fmt: str
    roster: Roster
    decisions: dict[str, str]
    output: Path
    undecided_path: Path

    @classmethod
    def prepare(cls, options: LmsOptions, output: Path) -> LmsFile | None:
        """Read the roster and decisions before any submission (usage errors first);
        None for the plain CSV."""
        if options.fmt == "csv":
            if options.roster or options.decisions:
                raise UsageError("--roster and --decisions go with --format canvas or moodle")
            return None
        if options.roster is None:
            raise UsageError(
                f"--format {options.fmt} needs --roster: the {options.fmt.title()} roster "
                "tells which LMS student each learner is (docs/grading.md, 'Into your LMS')"
            )
        decisions = read_decisions(options.decisions) if options.decisions else {}
        undecided = output.with_name(f"{output.stem}-needs-decision.csv")
        return cls(options.fmt, read_roster(options.roster), decisions, output, undecided)

    def lay_out(self, rows: list[Row], texts: dict[Path, str]) -> int:
        """Put the LMS table in the gradebook's place and the undecided rows beside it;
        how many rows need a decision."""
        from ..export import csv_text

        matches = match_learners([r.learner for r in rows], self.roster, self.decisions)
        export = lms_export(rows, self.roster, self.fmt, matches)
        texts[self.output] = csv_text(export.table)
        texts[self.undecided_path] = csv_text(export.undecided)
        return len(export.undecided) - 1
