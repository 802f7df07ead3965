"""Write a build's files into the modules folder in place; the folder itself stays.

Why in place, and not a swap of the whole folder or of a symlink: learners work in
``modules/``. A kernel appends to its answer log there, and JupyterLab has the folder
open. Swapping the whole folder lost the log lines written to the old folder after it
was copied, and a kill between its two renames left no ``modules/`` at all. A symlink
swap would leave a running kernel writing into a folder that the next build deletes,
and git would commit the link instead of the notebooks.

So the build:

1. writes every new file into a staging folder inside ``out`` (``.samestory-build-*``:
   the same file system, so each move is one rename; hidden from Jupyter and export);
2. writes a journal there, then goes file by file: it hard-links the old version into
   the staging folder and moves the new one over it with ``os.replace``, which is
   atomic (a reader sees the old file or the new one, never a mix). Files that the
   previous build wrote and this one does not are moved into the staging folder;
3. writes the manifest (:data:`MANIFEST`: every file the build wrote, with its
   SHA-256) last, then deletes the journal. That deletion is the commit.

An exception before the commit puts every old file back, following the journal. A
kill (SIGKILL, power loss) leaves the journal behind, and the next build puts the old
files back before it starts. Files that the build did not write are never touched:
answer logs, learners' own or saved notebooks, downloads, ``.ipynb_checkpoints``. A
file that the previous build wrote and someone changed since (a notebook saved in
Jupyter) is kept beside the new one as ``<name>-before-rebuild-<n><suffix>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import display_path
from .errors import UsageError
from .inputfiles import NotReadable, read_regular_file

try:
    import fcntl
except ImportError:  # Windows: no flock, so builds there are not kept one at a time
    fcntl = None  # type: ignore[assignment]

MANIFEST = ".samestory-build.json"
MANIFEST_FORMAT = "samestory-build/1"
STAGE_PREFIX = ".samestory-build-"
JOURNAL = "journal.json"


@dataclass(frozen=True)
class Step:
    """One change to ``out``: ``mkdir`` a folder, ``keep`` a changed file under the
    name ``copy``, ``write`` a file (its old version backed up), ``delete`` a file."""

    op: str
    path: str
    copy: str = ""


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    kept: tuple[tuple[str, str], ...]  # (a changed file the build replaces, kept as)
    left: tuple[str, ...]  # changed files of modules that are gone: not deleted


def manifest_bytes(files: dict[str, bytes]) -> bytes:
    """What the build wrote: sorted, so that the same build gives the same bytes."""
    listing = {name: _sha256(data) for name, data in sorted(files.items())}
    text = json.dumps({"format": MANIFEST_FORMAT, "files": listing}, indent=1)
    return (text + "\n").encode("utf-8")


def read_manifest(out: Path) -> dict[str, str] | None:
    """``{file: sha256}`` of the previous build, or None when there is no readable one
    (a folder written before manifests existed, or a damaged one)."""
    try:
        data = json.loads(read_regular_file(out / MANIFEST, 10_000_000))
    except (NotReadable, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    # Anyone who can write in modules/ can write this file: a name that leads outside
    # the folder is never the build's, so it is never deleted.
    return {str(k): str(v) for k, v in files.items() if _inside(out, str(k))}


def _inside(out: Path, name: str) -> bool:
    """``name`` is a file of ``out`` itself: relative, no ``..``, and no folder on the
    way is a link that leads elsewhere."""
    path = Path(name)
    if not name or path.is_absolute() or ".." in path.parts:
        return False
    return Path(os.path.realpath(out / path.parent)).is_relative_to(os.path.realpath(out))


def conflicts(out: Path, files: dict[str, bytes]) -> list[str]:
    """Paths the build must write that something else occupies: a folder where a
    notebook goes, a file or a link where a folder goes (the build would write
    wherever the link leads). Never replaced: the build refuses."""
    found = set()
    for name in files:
        if (out / name).is_dir():
            found.add(name)
        for parent in Path(name).parents:
            where = out / parent
            if str(parent) == "." or not os.path.lexists(where):
                continue
            if where.is_symlink() or not where.is_dir():
                found.add(parent.as_posix())
    return sorted(found)


def write_in_place(out: Path, files: dict[str, bytes]) -> Plan:
    """Make ``out`` hold ``files`` (relative POSIX paths → bytes) and the manifest,
    all or nothing, leaving every other file in ``out`` as it is.

    Raises UsageError, writing nothing, when another build is writing ``out`` or
    something the build did not write occupies one of its paths.
    """
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        with locked(out):
            recover(out)
            occupied = conflicts(out, files)
            if occupied:
                raise UsageError(
                    "the build did not write "
                    + ", ".join(display_path(out / name) for name in occupied)
                    + " but must write its files there — move them elsewhere; "
                    "nothing was written"
                )
            return _stage_and_apply(out, files)
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build at a time in ``out``: an advisory lock on the folder itself (no lock
    file to leave behind; the system drops it when a build is killed). A second build
    is refused rather than made to wait: it would otherwise take the first one's
    journal for a killed build's and undo it."""
    if fcntl is None:
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"another build is writing {display_path(out)} now — run this one when "
                "it has finished"
            ) from None
        yield
    finally:
        os.close(fd)


def _stage_and_apply(out: Path, files: dict[str, bytes]) -> Plan:
    stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out))
    try:
        everything = {**files, MANIFEST: manifest_bytes(files)}
        plan = make_plan(out, everything, read_manifest(out))
        for step in plan.steps:
            if step.op == "write":
                write_file(stage / "new" / step.path, everything[step.path])
        apply(out, stage, plan)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    _remove_emptied_folders(out, plan)
    return plan


def make_plan(out: Path, files: dict[str, bytes], previous: dict[str, str] | None) -> Plan:
    """The steps that turn ``out`` into the new build. Files whose bytes are already
    right are left alone (no rewrite, so Jupyter sees no change on disk)."""
    steps: list[Step] = []
    kept: list[tuple[str, str]] = []
    for name in _new_folders(out, files):
        steps.append(Step("mkdir", name))
    for name, data in files.items():
        current = _current_bytes(out / name)
        if current == data:
            continue
        if current is not None and _changed_since_built(name, current, previous):
            copy = _free_name(out, name)
            steps.append(Step("keep", name, copy))
            kept.append((name, copy))
        steps.append(Step("write", name))
    left = []
    for name, digest in sorted((previous or {}).items()):
        if name in files or not os.path.lexists(out / name):
            continue
        current = _current_bytes(out / name)
        if current is not None and _sha256(current) == digest:
            steps.append(Step("delete", name))
        else:
            left.append(name)
    return Plan(tuple(steps), tuple(kept), tuple(left))


def _changed_since_built(name: str, current: object, previous: dict[str, str] | None) -> bool:
    """Someone else's version: changed after the previous build wrote it, or never
    written by it. Without a manifest (an older build) the build's own paths are its."""
    if previous is None or name == MANIFEST:
        return False
    return name not in previous or _sha256(current) != previous[name]


def _current_bytes(path: Path) -> object:
    """The file's bytes; None when there is none; a marker when it is not a regular
    file or cannot be read (never equal to new bytes: it counts as someone's)."""
    if not os.path.lexists(path):
        return None
    try:
        return read_regular_file(path, 100_000_000)
    except NotReadable:
        return _UNREADABLE


_UNREADABLE = object()


def _sha256(data: object) -> str:
    return hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else ""


def _new_folders(out: Path, files: dict[str, bytes]) -> list[str]:
    folders = {str(parent) for name in files for parent in Path(name).parents}
    return sorted(f for f in folders if f != "." and not (out / f).is_dir())


def _free_name(out: Path, name: str) -> str:
    path = Path(name)
    n = 1
    while True:
        copy = path.with_name(f"{path.stem}-before-rebuild-{n}{path.suffix}").as_posix()
        if not os.path.lexists(out / copy):
            return copy
        n += 1


def write_file(path: Path, data: bytes) -> None:
    """Write and flush to disk: a staged file is renamed into place only once whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def apply(out: Path, stage: Path, plan: Plan) -> None:
    """Carry out ``plan``; any exception first puts ``out`` back as it was."""
    _write_journal(stage, plan.steps)
    try:
        for step in plan.steps:
            _do(out, stage, step)
        (stage / JOURNAL).unlink()  # the commit
    except BaseException:
        rollback(out, stage, plan.steps)
        raise


def _write_journal(stage: Path, steps: tuple[Step, ...]) -> None:
    listing = [{"op": s.op, "path": s.path, "copy": s.copy} for s in steps]
    write_file(stage / "journal.tmp", json.dumps(listing).encode("utf-8"))
    os.replace(stage / "journal.tmp", stage / JOURNAL)
    # The journal's name must reach the disk before any file of out changes: after a
    # power cut, the changes it describes must not be there without it.
    if os.name != "posix":  # a folder cannot be opened to be flushed there
        return
    folder = os.open(stage, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _do(out: Path, stage: Path, step: Step) -> None:
    target = out / step.path
    backup = stage / "old" / step.path
    if step.op == "mkdir":
        target.mkdir(exist_ok=True)
    elif step.op == "keep":
        _link(target, out / step.copy)
    elif step.op == "write":
        if os.path.lexists(target):
            backup.parent.mkdir(parents=True, exist_ok=True)
            _link(target, backup)
        replace(stage / "new" / step.path, target)
    elif step.op == "delete":
        backup.parent.mkdir(parents=True, exist_ok=True)
        replace(target, backup)


def replace(source: Path, target: Path) -> None:
    """``os.replace``: one atomic rename (tests interrupt the build here)."""
    os.replace(source, target)


def _link(existing: Path, new: Path) -> None:
    """A second name for ``existing`` (a hard link: no copy, same bytes), or a copy
    where the file system has no hard links."""
    try:
        os.link(existing, new, follow_symlinks=False)
    except OSError:
        shutil.copy2(existing, new, follow_symlinks=False)


def rollback(out: Path, stage: Path, steps: tuple[Step, ...] | list[Step]) -> None:
    """Undo ``steps`` in reverse, whichever of them were done: each undo checks what
    is there, so running it again (after a kill during a rollback) is harmless."""
    for step in reversed(steps):
        target = out / step.path
        backup = stage / "old" / step.path
        if step.op in ("write", "delete") and os.path.lexists(backup):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(backup, target)
        elif step.op == "write" and not os.path.lexists(stage / "new" / step.path):
            target.unlink(missing_ok=True)  # a file this build added
        elif step.op == "keep" and _same_file(out / step.copy, target):
            (out / step.copy).unlink(missing_ok=True)
        elif step.op == "mkdir":
            _rmdir(target)


def recover(out: Path) -> None:
    """Put back what an interrupted build changed (its journal says what), and
    remove its staging folder. Call it holding :func:`locked`: only then is every
    staging folder a dead build's."""
    for stage in sorted(out.glob(f"{STAGE_PREFIX}*")):
        journal = stage / JOURNAL
        if journal.is_file():
            rollback(out, stage, _read_journal(journal))
            journal.unlink()
        shutil.rmtree(stage, ignore_errors=True)


def _read_journal(journal: Path) -> list[Step]:
    """The steps of a journal; UsageError when it is not one this module wrote (it is
    written whole, by one rename), as then no file can safely be moved back."""
    try:
        steps = [Step(s["op"], s["path"], s["copy"]) for s in json.loads(journal.read_bytes())]
    except (ValueError, TypeError, KeyError, RecursionError):
        steps = None
    if steps is None or not all(_safe_step(step) for step in steps):
        raise UsageError(
            f"{display_path(journal)} is damaged: an interrupted build cannot be undone — "
            f"check {display_path(journal.parent.parent)} by hand (git status), then "
            f"delete {display_path(journal.parent)}"
        )
    return steps


def _safe_step(step: Step) -> bool:
    """A known operation on paths inside ``out`` (never absolute, never ``..``)."""
    paths = [step.path, step.copy] if step.copy else [step.path]
    return step.op in ("mkdir", "keep", "write", "delete") and all(
        isinstance(p, str) and p and not Path(p).is_absolute() and ".." not in Path(p).parts
        for p in paths
    )


def _remove_emptied_folders(out: Path, plan: Plan) -> None:
    """Folders of deleted files that are now empty (a removed story's folder)."""
    for step in plan.steps:
        if step.op == "delete":
            for parent in Path(step.path).parents:
                if str(parent) != ".":
                    _rmdir(out / parent)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _rmdir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (someone's files are in it) or gone
        path.rmdir()
