"""The answer log: one JSON line per check (and per name change), next to the notebook.

Widget state dies with the kernel and a notebook may never be saved; the log is
what brings a learner's answers back when they resume (docs/internals.md, "Answer
log"). There is one log per learner: ``<story>__<module>__<learner-key>`` + LOG_SUFFIX,
the key a hash prefix of the normalised name (:func:`learner_key`), so that on a
shared folder (a classroom server, Voila: a new kernel per visit, one folder) the next
learner never opens another's answers. The single log of earlier versions
(``<story>__<module>`` + LOG_SUFFIX) is still read, for the learner it names.

Writing is append-only (O_APPEND, one write per batch), flushed and fsync'd. Every
line is self-delimiting: when the file does not end in a newline (another kernel's
line was torn), the write starts with one; and reading finds lines glued to a torn
one. Nothing here raises on a damaged, hostile or missing log.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..safejson import Refused, check_depth, clean, parse, without_surrogates

LOG_FORMAT = "samestory-log/1"
LOG_SUFFIX = ".samestory-log.jsonl"
LOG_DIR_VARIABLE = "SAMESTORY_LOG_DIR"
KEY_LENGTH = 16  # hex digits of sha256: at most 24 characters, never the name itself
# Where a line starts: json.dumps writes the "format" key first.
_LINE_START = re.compile(rb'\{\s*"format"\s*:')

# Lines that could not be written, by log path: kept for this kernel, so that the
# learner resuming in the same kernel still gets them back, and written first once
# the log can be written again.
_UNWRITTEN: dict[str, list[dict[str, Any]]] = {}


def log_folder(log_dir: str | os.PathLike[str] | None) -> Path:
    """``log_dir``, else $SAMESTORY_LOG_DIR, else the kernel's working folder."""
    if log_dir is not None:
        return Path(log_dir)
    return Path(os.environ.get(LOG_DIR_VARIABLE) or os.getcwd())


def normal_name(name: str) -> str:
    """A name as it identifies a learner: "  Ana  P. " and "ana p." are one learner."""
    folded = unicodedata.normalize("NFKC", without_surrogates(name)).casefold()
    return " ".join(folded.split())


def learner_key(name: str) -> str:
    """The file-name part of a learner's log: a hash prefix, "" for no name."""
    normal = normal_name(name)
    if not normal:
        return ""
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:KEY_LENGTH]


@dataclass
class LogContents:
    lines: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0  # damaged or foreign lines
    error: str | None = None  # why the file could not be read at all


class AnswerLog:
    """One log file. ``key`` "" is the single log of earlier versions (read only)."""

    def __init__(self, folder: Path, story: str, module: str, key: str = "") -> None:
        self.story, self.module, self.key = story, module, key
        stem = f"{story}__{module}" + (f"__{key}" if key else "")
        self.path = folder / f"{stem}{LOG_SUFFIX}"

    def read(self, learner: str | None = None) -> LogContents:
        """Every readable line; with ``learner``, only lines of that learner (other
        learners' lines in the old single log are not counted as damage)."""
        contents = LogContents()
        try:
            data = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # no log yet: nothing to say
            data = b""
        except OSError as exc:
            contents.error = exc.strerror or type(exc).__name__
            data = b""
        wanted = None if learner is None else normal_name(learner)
        for raw in data.split(b"\n"):
            for entry in self._entries(raw):
                if entry is None:
                    contents.skipped += 1
                elif wanted is None or normal_name(entry["learner"]) == wanted:
                    contents.lines.append(entry)
                elif self.key:  # another learner's line in this learner's own log
                    contents.skipped += 1
        contents.lines += _UNWRITTEN.get(str(self.path), [])
        return contents

    def _entries(self, raw: bytes) -> list[dict[str, Any] | None]:
        """The line's entry (None: damaged or foreign); a line that does not parse is
        looked at again as lines glued together."""
        if not raw.strip():
            return []
        entry = self._entry(raw)
        if entry is not None:
            return [entry]
        pieces = _pieces(raw)
        return [None] if len(pieces) == 1 else [self._entry(piece) for piece in pieces]

    def _entry(self, raw: bytes) -> dict[str, Any] | None:
        try:
            entry = parse(raw.decode("utf-8"))
            check_depth(entry)
        except (ValueError, Refused):  # damaged, not UTF-8, too deep, a huge number
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
        # A lone surrogate (a reflection pasted from a broken source) cannot be written
        # as UTF-8: replaced, or that line would block every later one.
        with contextlib.suppress(TypeError, ValueError):
            entry = clean(entry)[0]
        lines = [*backlog, entry]
        try:
            text = "".join(_dumps(e) + "\n" for e in lines).encode("utf-8")
            _append_line(self.path, text)
        except (OSError, ValueError) as exc:  # ValueError: a value JSON cannot hold
            backlog.append(entry)
            return getattr(exc, "strerror", None) or type(exc).__name__
        backlog.clear()
        return None


def _dumps(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, allow_nan=False)


def _pieces(raw: bytes) -> list[bytes]:
    """The lines glued in one: a torn line followed by another kernel's line written
    before the tear was noticed. Only a line that does not parse as it is is split."""
    starts = [m.start() for m in _LINE_START.finditer(raw)]
    if len(starts) <= 1:
        return [raw]
    if raw[: starts[0]].strip():
        starts.insert(0, 0)
    return [raw[a:b] for a, b in zip(starts, [*starts[1:], len(raw)], strict=True)]


def _append_line(path: Path, text: bytes) -> None:
    """Append in one write (append mode: O_APPEND), after a newline when the file does
    not end in one (a line torn by a crash, or half-written by another kernel).
    Python's own file objects, not os.open: Pyodide's in-browser file system
    (JupyterLite) is known to work with them."""
    if not _ends_in_newline(path):
        text = b"\n" + text
    with open(path, "ab") as handle:
        handle.write(text)
        handle.flush()
        _fsync(handle.fileno())


def _ends_in_newline(path: Path) -> bool:
    """True for a missing or empty file too: nothing to finish."""
    try:
        with open(path, "rb") as handle:
            if handle.seek(0, os.SEEK_END) == 0:
                return True
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except FileNotFoundError:
        return True


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
