"""``samestory export``: saved notebooks, results files and answer logs → a gradebook.

Thin orchestration: find the inputs (:mod:`generator.inputfiles`), read them without
executing anything (:mod:`generator.submissions`), re-score and flag them
(:mod:`generator.gradebook`), lay out the tables (:mod:`generator.gradetables`),
compute item statistics (:mod:`generator.itemstats`), write the files, and name on
stderr every input that could not be read and why. See docs/grading.md.

Every output is written together, at the end, or none is: an export that fails for a
reason nobody foresaw removes the outputs of the previous run rather than leave them
looking current, and exits with EXIT_FAILED.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .corpus import display_path
from .errors import SamestoryError, UsageError
from .gradebook import Gradebook, Report, grade
from .gradetables import gradebook_table, long_table
from .grading.classroom import Classroom
from .grading.lms import LmsFile, LmsOptions
from .grading.nbgrader import add_typed_names, flag_names, students_by_file, with_student_ids
from .inputfiles import Inputs, printable, search_inputs
from .modulekeys import Key, Scorer, default_scorer, load_key
from .submissions import read_inputs

EXIT_PARTLY = 1  # some inputs not read, or read only in part (docs/grading.md)
EXIT_FAILED = 3  # the export itself failed: nothing written, earlier outputs removed


def run_export(
    paths: list[Path],
    *,
    corpus: Path,
    output: Path,
    long: Path | None = None,
    items: Path | None = None,
    scorer: Scorer | None = None,
    lms: LmsOptions | None = None,
    classroom: Classroom | None = None,
) -> int:
    """Export; the exit code: 0 all read, 1 some inputs not (or only partly) read,
    3 the export failed (nothing written; the previous run's outputs removed).

    A usage error (no such path, output not writable, no inputs) raises UsageError
    before anything is read or written; CorpusError propagates likewise.
    """
    classroom = classroom or Classroom()
    base = _outputs(output, long, items)
    chart = base[-1] if items is not None else None
    lms_file = LmsFile.prepare(lms, output) if lms is not None else None
    outputs = base + classroom.check(base) + ([lms_file.undecided_path] if lms_file else [])
    for path in outputs:
        check_writable(path)
    inputs = search_inputs([Path(p) for p in paths], exclude=set(outputs))
    key = load_key(Path(corpus))
    try:
        book, texts = _grade_and_lay_out(
            inputs, key, scorer or default_scorer(), base, long is not None, items is not None
        )
        written = classroom.add_outputs(book, texts, corpus, output)
        # The LMS file replaces the gradebook last: it carries scores only.
        undecided = lms_file.lay_out(book.rows, texts) if lms_file else 0
        write_together(texts)
    except SamestoryError:
        raise  # the teacher's input (a scored sheet) is wrong: said line by line
    except Exception as exc:  # noqa: BLE001 - a stale gradebook must never look current
        _fail(exc, outputs)
        return EXIT_FAILED
    _report(book, len(inputs.files), output, chart)
    for line in written:
        print(printable(line))
    if undecided:
        print(
            f"samestory: {undecided} row(s) need a decision and are not in "
            f"{printable(display_path(output))}: see "
            f"{printable(display_path(lms_file.undecided_path))}",
            file=sys.stderr,
        )
    return EXIT_PARTLY if book.problems or undecided else 0


def _grade_and_lay_out(
    inputs: Inputs, key: Key, scorer: Scorer, outputs: list[Path], long: bool, items: bool
) -> tuple[Gradebook, dict[Path, str]]:
    """The gradebook and the text of every output; ``outputs`` as :func:`_outputs`
    gives them (the gradebook, --long if given, --items and its chart if given)."""
    files = inputs.files
    shown, typed = display_names(files), {}
    students = students_by_file(files, shown)
    with gc_paused():
        book = grade(with_student_ids(read_inputs(files, shown), students, typed), key, scorer)
    book.reports.extend(Report(f.file, f.reason) for f in inputs.unlisted)
    flag_names(book.rows, typed)
    tables = [gradebook_table(book.rows)] + ([long_table(book.rows)] if long else [])
    add_typed_names(tables[0], book.rows, typed)
    if items:
        from .itemstats import item_stats, items_table, render_chart

        stats = item_stats(book.rows)
        tables.append(items_table(stats))
    texts = [csv_text(table) for table in tables] + ([render_chart(stats)] if items else [])
    return book, dict(zip(outputs, texts, strict=True))


def _fail(exc: Exception, outputs: list[Path]) -> None:
    """Remove what an earlier run wrote (it would pass for this run's result) and say
    so in one line; the exception's text is a learner's data at worst: escaped, cut."""
    removed = []
    for path in outputs:
        with contextlib.suppress(OSError):  # absent, or not ours to remove: go on
            path.unlink()
            removed.append(printable(display_path(path)))
    what = printable(f"{type(exc).__name__}: {exc}")
    what = what if len(what) <= 200 else what[:200] + "…"
    gone = f"; removed the earlier {', '.join(removed)}" if removed else ""
    # A full disk or a vanished folder is the machine's; anything else is a bug.
    bug = "" if isinstance(exc, OSError) else " This is a bug: please report it with this line."
    print(f"samestory: export failed ({what}) — nothing was written{gone}.{bug}", file=sys.stderr)


def _outputs(output: Path, long: Path | None, items: Path | None) -> list[Path]:
    outputs = [Path(output)]
    if long is not None:
        outputs.append(Path(long))
    if items is not None:
        outputs += [Path(items), Path(items).with_suffix(".html")]
    resolved = [p.resolve() for p in outputs]
    if len(set(resolved)) < len(resolved):
        raise UsageError("-o, --long and --items (and its .html chart) must be different files")
    return outputs


def _report(book: Gradebook, n_inputs: int, output: Path, chart: Path | None) -> None:
    """Problems and notices on stderr (grouped by file), one summary line on stdout."""
    for report in sorted(book.reports, key=lambda r: r.file):
        print(printable(str(report)), file=sys.stderr)  # a learner chose the file name
    modules = len({(row.story, row.module) for row in book.rows})
    summary = (
        f"{printable(display_path(output))}: {len(book.rows)} row(s), {modules} module(s), "
        f"from {n_inputs} input file(s)"
    )
    unread = len({r.file for r in book.problems})
    if unread:
        summary += f"; {unread} file(s) not read or read only in part (named above)"
    if chart is not None:
        summary += f"; chart: {printable(display_path(chart))}"
    print(summary)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while reading: parsed notebooks and rows hold no
    cycles (reference counting frees them), yet the collector kept traversing
    everything read so far — 18 % of an export of 2,000 notebooks (measured)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def display_names(files: list[Path]) -> list[str]:
    """Each file as the grader would type it (display_path of its folder, computed once
    per folder: 10,000 ``Path.absolute`` calls cost 0.3 s)."""
    folders: dict[Path, str] = {}
    names = []
    for file in files:
        if file.parent not in folders:
            folders[file.parent] = display_path(file.parent)
        folder = folders[file.parent]
        name = file.name if folder == "." else os.path.join(folder, file.name)
        names.append(printable(name))  # shown on the terminal and in the CSV's file column
    return names


# ---------------------------------------------------------------- writing files


def check_writable(path: Path) -> None:
    """Fail before reading 10,000 notebooks, not after."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path}: is a folder — give a file name, e.g. {path}/grades.csv")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: not writable")


def write_csv(path: Path, table: list[list[str]]) -> None:
    write_atomically(path, csv_text(table))


def csv_text(table: list[list[str]]) -> str:
    """UTF-8 without BOM, ``\\n`` line ends (the same bytes on every OS)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()


def write_together(texts: dict[Path, str]) -> None:
    """Every output to a temporary file beside it first, then each renamed into place:
    a failure while writing (a full disk, text that cannot be encoded) leaves every
    earlier output as it was, never a new grades.csv beside an old answers.csv."""
    written: list[tuple[str, Path]] = []
    try:
        for path, text in texts.items():
            written.append((_write_temporary(Path(path), text), Path(path)))
        for tmp, path in written:
            os.replace(tmp, path)
    finally:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write beside ``path``, then rename: an export that fails half-way never leaves
    half a gradebook where the last good one was."""
    write_together({Path(path): text})


def _write_temporary(path: Path, text: str) -> str:
    """``text`` in a new file beside ``path`` with the mode ``path`` has or would get."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; a gradebook is shared
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _mode_for(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
