"""Which files an export reads: the files named, and every file under the folders
named (docs/grading.md, "Inputs"). Reading them is :mod:`generator.submissions`'s job.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError


def find_inputs(paths: list[Path], exclude: set[Path] = frozenset()) -> list[Path]:
    """Files named, plus every file under folders named (sorted, hidden names skipped).

    Every file in a folder is an input, not only ``*.ipynb``: a screenshot handed in
    instead of a notebook must be reported, not silently left out. Hidden files and
    folders (``.ipynb_checkpoints``, ``.DS_Store``) are Jupyter's or the OS's, never
    the learner's; ``exclude`` keeps the export's own outputs out of a re-run.
    """
    excluded = {p.resolve() for p in exclude}
    names = {p.name for p in excluded}  # resolve() only what might be an output: it is slow
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in _walk(path) if p.name not in names or p.resolve() not in excluded
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found:
        raise UsageError(
            "no inputs found in "
            + ", ".join(str(p) for p in paths)
            + " — give saved notebooks, results files, answer logs or folders"
        )
    return list(dict.fromkeys(found))  # a file named twice is read once


def _walk(folder: Path) -> list[Path]:
    """A folder's files, then its sub-folders', each in name order."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root, n) for n in sorted(names) if not n.startswith("."))
    return files
