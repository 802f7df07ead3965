"""The export's classroom outputs: the class report (``--report``) and the rubric
sheet round trip (``--rubric-sheet``, ``--rubric-scores``). :func:`generator.export.
run_export` calls :meth:`Classroom.check` before reading anything and
:meth:`Classroom.add_outputs` once the gradebook is graded, so these files are
written together with the others, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .report import HELP_THRESHOLD

if TYPE_CHECKING:
    from ..gradebook import Gradebook


@dataclass(frozen=True)
class Classroom:
    report: Path | None = None
    rubric_sheet: Path | None = None
    rubric_scores: Path | None = None
    help_below: float = HELP_THRESHOLD  # a share, 0..1

    def check(self, outputs: list[Path]) -> list[Path]:
        """The extra files to write; a UsageError for a clash or a missing sheet."""
        extra = [Path(p) for p in (self.report, self.rubric_sheet) if p is not None]
        every = [p.resolve() for p in (*outputs, *extra)]
        if len(set(every)) < len(every):
            raise UsageError(
                "--report and --rubric-sheet must be files of their own "
                "(not -o, --long, --items or each other)"
            )
        if self.rubric_scores is not None:
            scores = Path(self.rubric_scores)
            if not scores.is_file():
                raise UsageError(f"{scores}: no such file (the scored rubric sheet)")
            if scores.resolve() in every:
                raise UsageError(f"{scores}: is also an output of this export")
        if not 0 <= self.help_below <= 1:
            raise UsageError("--help-below must be a percentage from 0 to 100")
        return extra

    def add_outputs(
        self, book: Gradebook, texts: dict[Path, str], corpus: Path, output: Path
    ) -> list[str]:
        """Add the report and the sheet to ``texts``, and the rubric columns to the
        gradebook's text (``output``) when a scored sheet was given; one line per
        file for the terminal (what was read or will be written)."""
        if self.report is None and self.rubric_sheet is None and self.rubric_scores is None:
            return []
        from ..corpus import display_path, load_corpus
        from ..export import csv_text
        from ..gradetables import gradebook_table
        from .report import class_report
        from .report_page import render_report
        from .rubric import add_rubric_columns, read_scores, rubrics, sheet_rows, sheet_table

        stories = load_corpus(Path(corpus))
        found = rubrics(stories)
        lines = []
        if self.rubric_scores is not None:
            scores = read_scores(Path(self.rubric_scores), book.rows, found)
            table = gradebook_table(book.rows)
            add_rubric_columns(table, book.rows, found, scores)
            texts[Path(output)] = csv_text(table)
            waiting = len(sheet_rows(book.rows, found)) - len(scores)
            lines.append(
                f"{display_path(self.rubric_scores)}: {len(scores)} reflection(s) scored, "
                f"{waiting} not scored yet (column rubric_unscored)"
            )
        if self.rubric_sheet is not None:
            sheet = sheet_table(book.rows, found)
            texts[Path(self.rubric_sheet)] = csv_text(sheet)
            lines.append(
                f"{display_path(self.rubric_sheet)}: {len(sheet) - 1} reflection(s) to score"
            )
        if self.report is not None:
            roles = {(s.id, m.id): m.role for s in stories for m in s.modules}
            report = class_report(book.rows, roles, self.help_below)
            texts[Path(self.report)] = render_report(report)
            lines.append(
                f"{display_path(self.report)}: class report, {len(report.learners)} learner(s)"
            )
        return lines
