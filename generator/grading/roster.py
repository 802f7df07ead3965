"""Rosters an LMS exports, and matching the names learners typed to its students.

Learners type their own names into a module ("ana perez", "Pérez, Ana", "Ana P."),
while an LMS knows them by an id. A match is made only when it is certain: the typed
name and the roster name are the same once case, accents, punctuation, spacing and
"Last, First" order are set aside, and exactly one roster student has that name.
Everything else — no such student, two students with that name, a near miss such as a
typo — is never guessed: it goes to the "needs a decision" file with the closest roster
names (rapidfuzz's token-sort ratio, so that word order does not count), and the
teacher's decision can be given back with ``--decisions``.

Roster formats read (the header decides; columns may come in any order):

- Canvas gradebook export: ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then assignments; its second row ``Points Possible`` (and a row of
  ``Student, Test``, Canvas's test student) are not students.
- Moodle participants or grade export: ``First name``, ``Last name`` (or ``Surname``),
  and any of ``Email address``, ``ID number``, ``Username``.
- Any CSV with a ``name`` column and an ``id`` or ``email`` column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import UsageError

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
# Moodle's "map to" user fields, in the order we prefer them as the identifier.
MOODLE_IDENTIFIERS = ("ID number", "Email address", "Username")
CLOSEST = 3  # roster names offered per undecided learner


@dataclass(frozen=True)
class Student:
    """One roster row: its display name and the LMS's identity fields as exported."""

    name: str
    fields: tuple[tuple[str, str], ...]  # (column, value) of the identity columns

    def get(self, column: str) -> str:
        return dict(self.fields).get(column, "")

    @property
    def key(self) -> str:
        """The id a decision names: the first identity field that has a value."""
        return next((v for _, v in self.fields if v), self.name)


@dataclass(frozen=True)
class Roster:
    kind: str  # "canvas", "moodle" or "plain"
    students: tuple[Student, ...]
    columns: tuple[str, ...]  # the roster file's header, as written
    extra_rows: tuple[tuple[str, ...], ...] = ()  # Canvas: the Points Possible row


def read_roster(path: Path) -> Roster:
    """A roster file; a UsageError naming the file when it is none of the formats."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the roster ({exc})") from exc
    rows = [row for row in csv.reader(io.StringIO(text), _dialect(text)) if any(row)]
    if not rows:
        raise UsageError(f"{path}: the roster is empty")
    header = tuple(cell.strip() for cell in rows[0])
    if all(column in header for column in ("Student", "ID")):
        return _canvas(header, rows[1:])
    if "First name" in header and ("Last name" in header or "Surname" in header):
        return _moodle(path, header, rows[1:])
    return _plain(path, header, rows[1:])


def _dialect(text: str) -> type[csv.Dialect]:
    try:  # a roster saved from a spreadsheet in a comma-decimal locale uses ";"
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _canvas(header: tuple[str, ...], rows: list[list[str]]) -> Roster:
    at = {column: header.index(column) for column in CANVAS_IDENTITY if column in header}
    students, extra = [], []
    for row in rows:
        name = _cell(row, at["Student"])
        if name.strip() == "Points Possible":
            extra.append(tuple(row))
            continue
        if name.strip() == "Student, Test":  # Canvas's own test student
            continue
        fields = tuple((column, _cell(row, i)) for column, i in at.items() if column != "Student")
        students.append(Student(name.strip(), fields))
    return Roster("canvas", tuple(students), header, tuple(extra))


def _moodle(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Roster:
    last = "Last name" if "Last name" in header else "Surname"
    ids = [column for column in MOODLE_IDENTIFIERS if column in header]
    if not ids:
        raise UsageError(
            f"{path}: a Moodle roster needs one of {', '.join(MOODLE_IDENTIFIERS)} — "
            "show the column in Moodle's participants page before downloading"
        )
    first_at, last_at = header.index("First name"), header.index(last)
    students = [
        Student(
            f"{_cell(row, first_at).strip()} {_cell(row, last_at).strip()}".strip(),
            tuple((column, _cell(row, header.index(column)).strip()) for column in ids),
        )
        for row in rows
    ]
    return Roster("moodle", tuple(students), header)


def _plain(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Roster:
    lowered = [column.casefold() for column in header]
    ids = [header[i] for i, c in enumerate(lowered) if c in ("id", "email", "username")]
    if "name" not in lowered or not ids:
        raise UsageError(
            f"{path}: not a roster this tool reads — expected a Canvas gradebook export, "
            "a Moodle participants CSV, or a CSV with 'name' and 'id' (or 'email') columns"
        )
    name_at = lowered.index("name")
    students = [
        Student(
            _cell(row, name_at).strip(),
            tuple((c, _cell(row, header.index(c)).strip()) for c in ids),
        )
        for row in rows
    ]
    return Roster("plain", tuple(students), header)


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


# ---------------------------------------------------------------- matching

_NOT_LETTERS = re.compile(r"[^\w]+")


def normalised(name: str) -> str:
    """``"Pérez,  Ana"`` and ``"ana perez"`` alike: ``"ana perez"`` (words sorted, so
    that "Last, First" and "First Last" agree; accents, case, punctuation dropped)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    words = _NOT_LETTERS.sub(" ", plain.casefold().replace("_", " ")).split()
    return " ".join(sorted(words))


@dataclass(frozen=True)
class Match:
    """A learner's name and its student, or why there is none and the closest names."""

    learner: str
    student: Student | None
    reason: str = ""  # "no such student", "two or more students have this name"…
    closest: tuple[tuple[str, float], ...] = ()  # (roster name (id), similarity 0..100)


def match_learners(
    learners: list[str], roster: Roster, decisions: dict[str, str] | None = None
) -> dict[str, Match]:
    """Each distinct learner name → its Match. ``decisions`` (learner → roster id, from
    a filled-in "needs a decision" file) are taken as given."""
    by_name: dict[str, list[Student]] = {}
    for student in roster.students:
        by_name.setdefault(normalised(student.name), []).append(student)
    by_key = {student.key: student for student in roster.students}
    choices = {i: normalised(s.name) for i, s in enumerate(roster.students)}
    found = {}
    for learner in dict.fromkeys(learners):
        decided = (decisions or {}).get(learner)
        if decided and decided in by_key:
            found[learner] = Match(learner, by_key[decided])
            continue
        same = by_name.get(normalised(learner), [])
        if len(same) == 1:
            found[learner] = Match(learner, same[0])
            continue
        reason = "two or more students have this name" if same else "no such student"
        found[learner] = Match(learner, None, reason, _closest(learner, roster, choices))
    return found


def _closest(learner: str, roster: Roster, choices: dict[int, str]) -> tuple:
    best = process.extract(
        normalised(learner), choices, scorer=fuzz.token_sort_ratio, limit=CLOSEST
    )
    return tuple(
        (f"{roster.students[i].name} ({roster.students[i].key})", round(score, 1))
        for _, score, i in best
    )


def read_decisions(path: Path) -> dict[str, str]:
    """A filled-in "needs a decision" file: learner → the roster id written in its
    ``decision`` column (rows left blank stay undecided)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the decisions ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    if not reader.fieldnames or not {"learner", "decision"} <= set(reader.fieldnames):
        raise UsageError(f"{path}: expected the columns 'learner' and 'decision'")
    return {r["learner"]: r["decision"].strip() for r in reader if (r["decision"] or "").strip()}
