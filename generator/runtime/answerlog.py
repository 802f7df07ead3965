"""The answer log: one JSON line per check (and per name change), next to the notebook.

Widget state dies with the kernel and a notebook may never be saved; the log is
what brings a learner's answers back when the notebook is run again
(docs/internals.md, "Answer log"). Writing is append-only, flushed and fsync'd on
every line. Nothing here raises on a damaged or missing log.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOG_FORMAT = "samestory-log/1"
LOG_SUFFIX = ".samestory-log.jsonl"
LOG_DIR_VARIABLE = "SAMESTORY_LOG_DIR"

# Lines that could not be written, by log path: kept for this kernel, so that a
# module loaded again in the same kernel still gets them back, and written first
# once the log can be written again.
_UNWRITTEN: dict[str, list[dict[str, Any]]] = {}


def log_folder(log_dir: str | os.PathLike[str] | None) -> Path:
    """``log_dir``, else $SAMESTORY_LOG_DIR, else the kernel's working folder."""
    if log_dir is not None:
        return Path(log_dir)
    return Path(os.environ.get(LOG_DIR_VARIABLE) or os.getcwd())


@dataclass
class LogContents:
    lines: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0  # damaged or foreign lines
    error: str | None = None  # why the file could not be read at all


class AnswerLog:
    def __init__(self, folder: Path, story: str, module: str) -> None:
        self.story, self.module = story, module
        self.path = folder / f"{story}__{module}{LOG_SUFFIX}"
        self._needs_newline = False  # the file ends in a torn line

    def read(self) -> LogContents:
        contents = LogContents()
        try:
            data = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # no log yet: nothing to say
            data = b""
        except OSError as exc:
            contents.error = exc.strerror or type(exc).__name__
            data = b""
        self._needs_newline = bool(data) and not data.endswith(b"\n")
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            entry = self._entry(raw)
            if entry is None:
                contents.skipped += 1
            else:
                contents.lines.append(entry)
        contents.lines += _UNWRITTEN.get(str(self.path), [])
        return contents

    def _entry(self, raw: bytes) -> dict[str, Any] | None:
        try:
            entry = json.loads(raw.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError is a ValueError too
            return None
        if not (
            isinstance(entry, dict)
            and entry.get("format") == LOG_FORMAT
            and entry.get("story") == self.story
            and entry.get("module") == self.module
            and isinstance(entry.get("learner"), str)
            and isinstance(entry.get("at"), str)
            and "response" in entry
            and (entry.get("question") is None or isinstance(entry["question"], str))
        ):
            return None
        return entry

    def append(self, entry: dict[str, Any]) -> str | None:
        """Write one line; None when written, else why not (the line is kept in memory)."""
        backlog = _UNWRITTEN.setdefault(str(self.path), [])
        lines = [*backlog, entry]
        text = "".join(json.dumps(e, ensure_ascii=False, allow_nan=False) + "\n" for e in lines)
        if self._needs_newline:
            text = "\n" + text
        try:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                _fsync(handle.fileno())
        except OSError as exc:
            backlog.append(entry)
            self._needs_newline = True  # a write may have stopped half-way through a line
            return exc.strerror or type(exc).__name__
        backlog.clear()
        self._needs_newline = False
        return None


def _fsync(fileno: int) -> None:
    # Some file systems (Pyodide's in-browser ones among them) refuse fsync; the
    # line is written all the same, so that is no reason to alarm the learner.
    with contextlib.suppress(OSError):
        os.fsync(fileno)


def log_entry(
    story: str,
    module: str,
    version: str,
    learner: str,
    question: str | None,
    response: Any,
    score: float | None,
    at: str,
    extras: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One line; a name change is a line with ``question``, ``response``, ``score`` null.
    ``extras``: optional fields after the others (``seed`` on the first line written,
    an attempt's ``confidence`` / ``hinted`` / ``revealed``)."""
    return {
        "format": LOG_FORMAT,
        "story": story,
        "module": module,
        "module_version": version,
        "learner": learner,
        "question": question,
        "response": response,
        "score": score,
        "at": at,
        **(extras or {}),
    }


def seed_of(lines: list[dict[str, Any]]) -> str | None:
    """The option-order seed kept in the log (the first line that has one)."""
    for entry in lines:
        seed = entry.get("seed")
        if isinstance(seed, str) and 0 < len(seed) <= 64:
            return seed
    return None
