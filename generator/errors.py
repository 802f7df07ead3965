"""User-facing errors: each becomes one clear line and an exit code, never a traceback.

In the spirit of click's ``ClickException``: the CLI catches :class:`SamestoryError`,
prints ``str(error)`` to stderr and exits with ``error.exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass


class SamestoryError(Exception):
    """Base class of every error a user can cause and fix."""

    exit_code = 2


class UsageError(SamestoryError):
    """The command line is wrong (unknown path, bad option value)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a corpus: where it is, what is wrong and how to fix it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class CorpusError(SamestoryError):
    """The corpus does not follow the format; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class SheetError(SamestoryError):
    """A teacher's scored sheet (``export --rubric-scores``) has rows that cannot be
    used; carries one line per row, and nothing is written."""

    def __init__(self, sheet: str, lines: list[str]):
        self.lines = lines
        super().__init__(
            f"{sheet}: {len(lines)} problem(s); nothing was written:\n" + "\n".join(lines)
        )
