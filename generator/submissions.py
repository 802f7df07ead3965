"""Read what learners hand in: saved notebooks, results files and answer logs (which
files: :mod:`generator.inputfiles`).

Nothing here runs a submission, and nothing imports nbformat: a saved notebook is
plain JSON and the export needs only its metadata, its cell ids and one display
output (measured on 10,000 saved notebooks: ``json.load`` 1.5 s, ``nbformat.read``
20 s). Each input becomes a :class:`Submission` (one per module found in it) or an
:class:`Unreadable` with the reason a grader can act on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .grading.integrity import chain_problem, log_order_problem
from .inputfiles import NotReadable, read_regular_file
from .runtime.answerlog import LOG_FORMAT, LOG_SUFFIX
from .runtime.records import RESULTS_FORMAT, RESULTS_MIME
from .safejson import Refused, check_depth, clean, parse
from .submissiontypes import (
    Answer,
    Attempt,
    NotebookInfo,
    Submission,
    Unreadable,
    confidence_or_none,
    learner_and_oddity,
    number_or_none,
    text_or_none,
)

# Below this many files two processes save under 0.05 s: not worth a pool (measured).
PARALLEL_FROM = 500
RESEND = "ask the learner to download their results again"

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (unpack it and export the folder)",
}


# ---------------------------------------------------------------- reading inputs


# What a worker process hands back: plain tuples and dicts, because pickling
# dataclasses costs more than parsing (10,000 records: 1.0 s against 0.25 s).
#   ("unreadable", reason)
#   ("record", record dict, origin, (story, module, version, cell ids) or None,
#    why its integrity digest does not vouch for it, or None)
#   ("log", [log entry dicts], [numbers of lines skipped])
Loaded = tuple[Any, ...]


def read_inputs(files: list[Path], shown: list[str]) -> Iterator[Submission | Unreadable]:
    """Read every file, in order; ``shown`` is how each path is named to the grader.

    Many files are parsed by two worker processes while this one turns their results
    into submissions (and the caller grades them) as they arrive.
    """
    if not pool_pays(len(files)):
        for path, name in zip(files, shown, strict=True):
            yield from interpret(load_input(path), name)
        return
    with ProcessPoolExecutor(max_workers=2) as pool:
        for loaded, name in zip(pool.map(load_input, files, chunksize=64), shown, strict=True):
            yield from interpret(loaded, name)


def pool_pays(count: int) -> bool:
    """Two worker processes pay for their start and for pickling from PARALLEL_FROM
    files on, and only with a core to spare: 10,000 notebooks took 27 % less time on
    an idle 2-core machine, but 13 % more on a busy one, where the pool's extra CPU
    (pickling: +24 %) competes with everything else (measured)."""
    if count < PARALLEL_FROM:
        return False
    try:
        cores, load = len(os.sched_getaffinity(0)), os.getloadavg()[0]
    except (AttributeError, OSError):  # not Linux/macOS: no way to tell, so try
        return True
    return cores >= 2 and load <= cores - 1


def read_input(path: Path, shown: str) -> list[Submission | Unreadable]:
    """The submissions in one file (one per module), or why it cannot be read."""
    return interpret(load_input(path), shown)


def load_input(path: Path) -> Loaded:
    """Parse one file and pick out what grading needs. Never raises: whatever one
    file holds, it is that file that is reported, and the export goes on."""
    try:
        return _load_input(Path(path))
    except Exception as exc:  # noqa: BLE001 - no input foreseen here may stop the export
        return ("unreadable", f"could not be read ({type(exc).__name__}) — {RESEND}")


def _load_input(path: Path) -> Loaded:
    try:
        data = read_regular_file(path)
    except NotReadable as exc:
        return ("unreadable", str(exc))
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return ("unreadable", f"{what}, not a notebook or results file")
    if not data or data.isspace():
        return ("unreadable", f"empty file — {RESEND}")
    if str(path).endswith((LOG_SUFFIX, ".jsonl")):
        return _load_log(data)
    try:
        doc = parse(data)
    except UnicodeDecodeError:
        return ("unreadable", "not text (not UTF-8): not a notebook or results file")
    except json.JSONDecodeError as exc:
        return _load_log(data) if _looks_like_log(data) else ("unreadable", _not_json(path, exc))
    except Refused as exc:
        return ("unreadable", _refused(exc))
    if isinstance(doc, dict) and isinstance(doc.get("cells"), list) and "nbformat" in doc:
        return _load_notebook(doc)
    if str(path).endswith(".ipynb"):
        return ("unreadable", "not a notebook (no cells) — " + RESEND)
    if isinstance(doc, dict) and doc.get("format") == RESULTS_FORMAT:
        return _checked_record(doc, "results", None)
    return ("unreadable", "not a samestory results record")


def _checked_record(raw: dict[str, Any], origin: str, about: tuple[Any, ...] | None) -> Loaded:
    """A record nested deeper than samestory writes would break pickling and every
    recursive walk later: refused here, in the process that parsed it."""
    try:
        check_depth(raw)
    except Refused as exc:
        return ("unreadable", _refused(exc))
    # The digest is checked here too: in a worker process when two parse the files,
    # where its cost (a sorted JSON encoding of the record) does not hold up grading.
    return ("record", raw, origin, about, chain_problem(raw))


def _refused(exc: Refused) -> str:
    return f"{exc}: not something samestory writes — {RESEND}"


def interpret(loaded: Loaded, shown: str) -> list[Submission | Unreadable]:
    """Turn what :func:`load_input` found into submissions named ``shown``."""
    if loaded[0] == "unreadable":
        return [Unreadable(shown, loaded[1])]
    if loaded[0] == "record":
        _, raw, origin, about, broken = loaded
        info = None if about is None else NotebookInfo(*about)
        return [read_record(raw, shown, origin=origin, notebook=info, broken=broken)]
    _, entries, bad = loaded
    return _records_from_log(entries, bad, shown)


def _not_json(path: Path, exc: json.JSONDecodeError) -> str:
    if not str(path).endswith((".ipynb", ".json")):
        return "not a notebook, results file or answer log"
    return f"not JSON (line {exc.lineno}, column {exc.colno}) — the file is damaged; {RESEND}"


def _looks_like_log(data: bytes) -> bool:
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        line = json.loads(first)
    except ValueError:
        return False
    return isinstance(line, dict) and line.get("format") == LOG_FORMAT


def _load_notebook(doc: dict[str, Any]) -> Loaded:
    """The last results output of a saved notebook, with its metadata and cell ids."""
    cells = [c for c in doc["cells"] if isinstance(c, dict)]
    raw = _last_results_output(cells)
    if raw is None:
        return (
            "unreadable",
            "no results record (was the results cell run and the notebook saved?)",
        )
    if isinstance(raw, list):  # a front end that split the JSON text into lines
        raw = "".join(str(part) for part in raw)
    if isinstance(raw, str):
        try:
            raw = parse(raw)
        except json.JSONDecodeError as exc:
            return (
                "unreadable",
                f"the results record is not JSON (line {exc.lineno}, "
                f"column {exc.colno}) — {RESEND}",
            )
        except Refused as exc:
            return ("unreadable", "the results record " + _refused(exc))
    if not isinstance(raw, dict) or raw.get("format") != RESULTS_FORMAT:
        return ("unreadable", "not a samestory results record (in the results output)")
    meta = doc.get("metadata")
    meta = meta.get("samestory") if isinstance(meta, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    about = (
        text_or_none(meta.get("story")),
        text_or_none(meta.get("module")),
        text_or_none(meta.get("version")),
        tuple([text_or_none(c.get("id")) for c in cells]),
    )
    return _checked_record(raw, "notebook", about)


def _last_results_output(cells: list[dict[str, Any]]) -> Any:
    """The data of the last output carrying a results record (searched from the end:
    the results cell is last, and the scan is on the hot path of a big export)."""
    for cell in reversed(cells):
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        for output in reversed(outputs):
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and RESULTS_MIME in data:
                return data[RESULTS_MIME]
    return None


def read_record(
    raw: dict[str, Any],
    shown: str,
    *,
    origin: str,
    notebook: NotebookInfo | None = None,
    broken: str | None | bool = True,
) -> Submission | Unreadable:
    """Check the shape of a results record and normalise it; malformed answers are kept
    out (and named in ``damaged``) so the rest of the record still counts. ``broken``:
    the integrity digest's problem (or None) when the caller checked it already, as
    :func:`load_input` does; True (the default) checks it here."""
    story, module = raw.get("story"), raw.get("module")
    answers = raw.get("answers")
    if not (
        isinstance(story, str)
        and story
        and isinstance(module, str)
        and module
        and isinstance(answers, dict)
    ):
        return Unreadable(
            shown, "not a samestory results record (story, module or answers missing)"
        )
    if broken is True:  # not checked yet: on the record as written, before any cleaning
        broken = chain_problem(raw)
    answers, replaced = clean(answers)
    learner, odd_name = learner_and_oddity(raw.get("learner"))
    odd = ("the learner name",) * odd_name + ("answers",) * replaced
    kept, damaged = {}, []
    for qid, entry in answers.items():
        answer = _answer(entry)
        if answer is None:
            damaged.append(str(qid))
        else:
            kept[str(qid)] = answer
    return Submission(
        file=shown,
        origin=origin,
        story=story,
        module=module,
        module_version=text_or_none(raw.get("module_version")),
        learner=learner,
        updated=text_or_none(raw.get("updated")),
        answers=kept,
        stored_score=number_or_none(raw.get("score")),
        notebook=notebook,
        damaged=tuple(f"answer {q!r}" for q in damaged),
        odd_text=odd,
        integrity=(broken,) if broken else (),
        chained="chain" in raw,
    )


def _answer(entry: Any) -> Answer | None:
    if not isinstance(entry, dict):
        return None
    first = _attempt(entry.get("first"))
    if first is None:
        return None
    # The same attempt twice (one check) is one object: the grader scores it once.
    last = first if entry.get("last") == entry.get("first") else _attempt(entry.get("last"))
    attempts = entry.get("attempts")
    attempts = attempts if isinstance(attempts, int) and attempts > 0 else 1
    return Answer(attempts=attempts, first=first, last=last or first)


def _attempt(raw: Any) -> Attempt | None:
    if not isinstance(raw, dict) or "response" not in raw:
        return None
    return Attempt(
        raw["response"],
        number_or_none(raw.get("score")),
        text_or_none(raw.get("at")),
        confidence_or_none(raw.get("confidence")),
    )


# ---------------------------------------------------------------- answer logs


def _load_log(data: bytes) -> Loaded:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ("unreadable", "not text (not UTF-8): not an answer log")
    entries, bad = [], []
    # "\n" only, as the runtime writes: splitlines() would also split a line at a
    # U+2028 or U+0085 typed in a name or a reflection, and lose the line.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            entry = _log_line(line)
            if entry is None:
                bad.append(number)
            else:
                entries.append(entry)
    if not entries:
        return ("unreadable", "not a samestory answer log (no readable answer line)")
    return ("log", entries, bad)


def _records_from_log(
    entries: list[dict[str, Any]], bad: list[int], shown: str
) -> list[Submission | Unreadable]:
    """One record per module found in the log (a damaged or foreign line is skipped
    and named, never fatal)."""
    modules: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in entries:
        modules.setdefault((entry["story"], entry["module"]), []).append(entry)
    damaged = (f"line {_ranges(bad)}",) if bad else ()
    return [_record_from_log(lines, shown, damaged) for lines in modules.values()]


def _log_line(line: str) -> dict[str, Any] | None:
    try:
        entry = parse(line)
        check_depth(entry)
    except ValueError:  # damaged, nested too deep, or a number too long
        return None
    if not (
        isinstance(entry, dict)
        and entry.get("format") == LOG_FORMAT
        and isinstance(entry.get("story"), str)
        and isinstance(entry.get("module"), str)
        and (entry.get("question") is None or isinstance(entry["question"], str))
        and "response" in entry
    ):
        return None
    return entry


def _record_from_log(
    lines: list[dict[str, Any]], shown: str, damaged: tuple[str, ...]
) -> Submission:
    """First and last line per question, attempts = lines, learner = the last name
    typed, updated = the last ``at``. A line without a question records a name change."""
    by_question: dict[str, list[dict[str, Any]]] = {}
    for entry in lines:
        if entry["question"] is not None:
            by_question.setdefault(entry["question"], []).append(entry)
    answers = {
        qid: Answer(
            attempts=len(entries), first=_log_attempt(entries[0]), last=_log_attempt(entries[-1])
        )
        for qid, entries in by_question.items()
    }
    learners = [learner_and_oddity(e.get("learner")) for e in lines]
    named = [name for name, _ in learners if name]
    odd_name = any(odd for _, odd in learners)
    replaced = any(clean(e["response"])[1] for e in lines)
    stamps = [e["at"] for e in lines if isinstance(e.get("at"), str)]
    disorder = log_order_problem(stamps)
    return Submission(
        file=shown,
        origin="log",
        story=lines[0]["story"],
        module=lines[0]["module"],
        module_version=text_or_none(lines[-1].get("module_version")),
        learner=named[-1] if named else "",
        updated=stamps[-1] if stamps else None,
        answers=answers,
        damaged=damaged,
        odd_text=("the learner name",) * odd_name + ("answers",) * replaced,
        integrity=(disorder,) if disorder else (),
    )


def _log_attempt(entry: dict[str, Any]) -> Attempt:
    return Attempt(
        clean(entry["response"])[0],
        number_or_none(entry.get("score")),
        text_or_none(entry.get("at")),
        confidence_or_none(entry.get("confidence")),
    )


def _ranges(numbers: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3-5, 9"``: a readable list of skipped lines."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
