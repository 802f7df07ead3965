"""Warnings: problems that do not make a story invalid but make it teach badly.

The validator's errors break the contract; a warning names something a learner would
notice (an answer given away, an origin the texts cannot show). ``validate`` and
``build`` print warnings and succeed; with ``--strict`` any warning fails them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LintWarning:
    """One warning, printed as ``path:line: what — fix`` (line omitted when unknown)."""

    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.what} — {self.fix}"
