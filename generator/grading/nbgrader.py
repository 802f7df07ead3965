"""nbgrader's folders: the student id in the path is the learner.

A course that collects with nbgrader already knows who handed in what: its course
folder keeps ``submitted/<student id>/<assignment>/…`` (and ``autograded/`` and
``feedback/`` likewise), and its exchange keeps ``inbound/<student id>+<assignment>+
<timestamp>/…`` (nbgrader's ``nbgrader.exchange`` layout). For files found there, the
student id becomes the learner, so that rows match nbgrader's and the LMS's ids; the
name the learner typed stays in a column of its own (``typed_name``), and a typed name
that is not the student id (once case, accents and punctuation are set aside) is
flagged ``name-differs`` — expected where ids are numbers, worth a look where they are
names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .roster import normalised

if TYPE_CHECKING:
    from ..gradebook import Row

COURSE_FOLDERS = ("submitted", "autograded", "feedback")
TYPED_NAME = "typed_name"
NAME_DIFFERS = "name-differs"


def student_of(path: Path) -> str | None:
    """The nbgrader student id of a file, from its absolute path; None outside the
    layout. The innermost match wins (a course folder inside another one)."""
    parts = Path(path).absolute().parts
    for i in range(len(parts) - 3, -1, -1):
        if parts[i] in COURSE_FOLDERS and i + 3 < len(parts):
            return parts[i + 1]
        if parts[i] == "inbound" and i + 2 < len(parts) and parts[i + 1].count("+") >= 2:
            return parts[i + 1].split("+", 1)[0]
    return None


def students_by_file(files: list[Path], shown: list[str]) -> dict[str, str]:
    """Shown file name → student id, for the files in nbgrader's layout."""
    found = {}
    for file, name in zip(files, shown, strict=True):
        student = student_of(file)
        if student:
            found[name] = student
    return found


def with_student_ids(
    items: Iterable[Any], students: dict[str, str], typed: dict[str, str]
) -> Iterator[Any]:
    """Submissions with the learner replaced by the student id of their file (the
    typed name kept in ``typed``, by file); everything else as it is."""
    for item in items:
        student = students.get(getattr(item, "file", ""))
        if student is None or not hasattr(item, "learner"):
            yield item
            continue
        typed[item.file] = item.learner
        yield dataclasses.replace(item, learner=student)


def flag_names(rows: list[Row], typed: dict[str, str]) -> None:
    for row in rows:
        if row.file in typed and normalised(typed[row.file]) != normalised(row.learner):
            row.flags.add(NAME_DIFFERS)


def add_typed_names(table: list[list[str]], rows: list[Row], typed: dict[str, str]) -> None:
    """A last column with each row's typed name (only when some file was in nbgrader's
    layout); ``table`` is the gradebook table, header first, rows in ``rows`` order."""
    if not typed:
        return
    table[0].append(TYPED_NAME)
    for line, row in zip(table[1:], rows, strict=True):
        line.append(typed.get(row.file, row.learner))
