"""Which files an export reads and how: the files named, and every file under the
folders named (docs/grading.md, "Inputs"), read only when they are regular files of a
bounded size. Making sense of their bytes is :mod:`generator.submissions`'s job.

The corpus reads story files and source texts with the same :func:`read_regular_file`
(a FIFO among the sources must not hang ``validate`` either).

A learner chooses the names and the kinds of these files, so nothing here trusts
either: a folder that cannot be listed is named, a FIFO or a device is never opened
for reading, and a name is escaped before it reaches the terminal or a CSV cell.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .corpus import display_path
from .errors import UsageError

# Far above any samestory notebook (a module with its outputs is well under 1 MB), far
# below what would exhaust memory: a symlink to /dev/zero must not be read to the end.
MAX_INPUT_BYTES = 64_000_000

# Characters escaped wherever a learner-chosen text is shown: controls (a newline
# forges a report line, ESC drives the terminal), invalid ones (lone surrogates, bytes
# that were not UTF-8), line and paragraph separators, and format characters
# (zero-width, right-to-left overrides) that make different names look the same.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class FolderProblem:
    """A folder whose files could not be listed (its files are not in the export)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Inputs:
    files: list[Path]
    unlisted: list[FolderProblem]


class NotReadable(Exception):
    """Why a file was not read, worded for the grader."""


class NotAFile(NotReadable):
    """A FIFO, a device or a socket: never opened for reading. ``kind`` names it
    ("a named pipe (FIFO)") for callers that word their own message (the corpus)."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(f"{kind}, not a file: not read (only regular files are exported)")


class TooLarge(NotReadable):
    """Larger than the limit: ``size`` is at least the file's size (it may still grow)."""

    def __init__(self, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(
            f"larger than the limit of {megabytes(limit)} (at least {megabytes(size)}): "
            "not read — a samestory notebook or results file is far smaller; ask the "
            "learner for the downloaded results file"
        )


def find_inputs(paths: list[Path], exclude: set[Path] = frozenset()) -> list[Path]:
    """The files of :func:`search_inputs`, for callers that only need the files."""
    return search_inputs(paths, exclude).files


def search_inputs(paths: list[Path], exclude: set[Path] = frozenset()) -> Inputs:
    """Files named, plus every file under folders named (sorted, hidden names skipped),
    and the folders that could not be listed.

    Every file in a folder is an input, not only ``*.ipynb``: a screenshot handed in
    instead of a notebook must be reported, not silently left out. Hidden files and
    folders (``.ipynb_checkpoints``, ``.DS_Store``) are Jupyter's or the OS's, never
    the learner's; ``exclude`` keeps the export's own outputs out of a re-run.
    """
    excluded = {p.resolve() for p in exclude}
    names = {p.name for p in excluded}  # resolve() only what might be an output: it is slow
    found: list[Path] = []
    unlisted: list[FolderProblem] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in _walk(path, unlisted)
                if p.name not in names or p.resolve() not in excluded
            )
        elif path.exists():  # a file, or a FIFO or device named by mistake: reported
            found.append(path)
        else:
            raise UsageError(f"{printable(str(path))}: no such file or folder")
    if not found and not unlisted:
        raise UsageError(
            "no inputs found in "
            + ", ".join(printable(str(p)) for p in paths)
            + " — give saved notebooks, results files, answer logs or folders"
        )
    return Inputs(list(dict.fromkeys(found)), unlisted)  # a file named twice is read once


def _walk(folder: Path, unlisted: list[FolderProblem]) -> list[Path]:
    """A folder's files, then its sub-folders', each in name order; a folder that
    cannot be listed is added to ``unlisted`` (os.walk would skip it silently)."""

    def cannot_list(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename is not None else folder
        where = printable(display_path(where))  # named as the files in it would be
        unlisted.append(
            FolderProblem(
                where,
                f"folder cannot be read ({exc.strerror or type(exc).__name__}): "
                "the files in it were not exported",
            )
        )

    files = []
    for root, dirs, names in os.walk(folder, onerror=cannot_list):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root, n) for n in sorted(names) if not n.startswith("."))
    return files


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else NotReadable
    (:class:`NotAFile` and :class:`TooLarge` for those two reasons).

    A FIFO named ``x.ipynb`` would block ``open`` forever and a symlink to
    ``/dev/zero`` would be read until memory runs out: the kind is checked before
    opening (so no device is ever opened) and again on the open file (it may have been
    swapped in between); FIFOs open without blocking; at most ``limit + 1`` bytes are
    read, whatever the size claimed.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        _check_kind(os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise NotReadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        info = os.fstat(fd)
        _check_kind(info.st_mode)
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = _read_up_to(handle, info.st_size, limit)
    except OSError as exc:
        raise NotReadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the size was taken
        raise TooLarge(len(data), limit)
    return data


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, at most ``limit + 1``: read(n) allocates n bytes up front, so
    ask for the size the file claims, and for more only if it has grown since."""
    want = min(size, limit) + 1
    data = handle.read(want)
    if len(data) == want and want <= limit:
        data += handle.read(limit + 1 - want)
    return data


def _check_kind(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    raise NotAFile(kind)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def printable(text: str) -> str:
    """``text`` with every hidden or invalid character escaped (``\\n``, ``\\x1b``,
    ``\\u202e``); a byte of a file name that was not UTF-8 shows as ``\\xNN``."""
    if text.isprintable():  # the fast path: ordinary names
        return text
    return "".join(_escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    if unicodedata.category(ch) not in _HIDDEN_CATEGORIES:
        return ch
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
