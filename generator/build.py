"""``samestory build``: validate the corpus, then replace the modules folder at once.

Everything is rendered in memory first, then written to a temporary folder beside
the output folder, which is swapped in with two renames. A failed or interrupted
build therefore leaves the old folder as it was (the temporary folder is removed),
and a successful one leaves exactly the current modules: notebooks of removed
modules disappear. Learners' answer logs (``*.samestory-log.jsonl``) found in the
old folder are carried over, because they are the only copy of someone's work.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .authoring.lint import report_warnings, story_warnings
from .corpus import STORY_FILE, display_path, load_corpus
from .errors import CorpusError, Problem, UsageError
from .links import INDEX_MARKER, find_settings, index_markdown
from .model import Story

LOG_PATTERN = "*.samestory-log.jsonl"
INDEX_FILE = "README.md"
# More stories than this and the build reports its progress on stderr.
QUIET_UP_TO = 5


def build_corpus(corpus: Path, out: Path, *, strict: bool = False) -> list[str]:
    """Build every module of ``corpus`` into ``out``; one summary line per story.

    Raises CorpusError (nothing written) when the corpus is invalid, UsageError when
    ``out`` exists but is not a modules folder (so a typo cannot replace a folder
    of other files). Warnings (guards, item-writing check) are printed to stderr;
    with ``strict`` any warning raises StrictWarnings before anything is written.
    """
    corpus, out = Path(corpus), Path(out)
    stories = load_corpus(corpus)
    check_replaceable(out)
    rendered = []
    for number, story in enumerate(stories, start=1):
        if len(stories) > QUIET_UP_TO:
            print(f"[{number}/{len(stories)}] {story.id}", file=sys.stderr, flush=True)
        rendered.append((story, render_story(story)))
    warnings = [
        w
        for story, notebooks in rendered
        for w in story_warnings(story, [spec for _, spec, _ in notebooks])
    ]
    report_warnings(warnings, strict=strict, writes=True)
    files = {
        f"{story.id}/{name}": data for story, notebooks in rendered for name, _, data in notebooks
    }
    index = [
        (story, [(name, spec) for name, spec, _ in notebooks]) for story, notebooks in rendered
    ]
    files[INDEX_FILE] = index_markdown(index, find_settings(corpus)).encode("utf-8")
    replace_folder(out, files)
    return [
        summary_line(story, [spec for _, spec, _ in notebooks], out)
        for story, notebooks in rendered
    ]


def render_story(story: Story) -> list[tuple[str, dict[str, Any], bytes]]:
    """(file name, module spec, notebook bytes) for every module of ``story``."""
    from .notebook import notebook_file_text
    from .questions import module_specs

    specs = module_specs(story)
    # A module left with no question (a review whose claims were practised in every
    # form) would give a notebook that refuses to load: nothing is written.
    empty = [spec["module"] for spec in specs if not spec["questions"]]
    if empty:
        shown = display_path(story.folder / STORY_FILE)
        raise CorpusError([Problem(shown, None, f"module '{m}' {NO_QUESTION}") for m in empty])
    return [
        (f"{number:02d}-{spec['module']}.ipynb", spec, notebook_file_text(spec).encode("utf-8"))
        for number, spec in enumerate(specs, start=1)
    ]


NO_QUESTION = (
    "asks no question (its claims give none here) — list claims that give questions; "
    "a review module needs claims practised in fewer forms (docs/teaching.md)"
)


def summary_line(story: Story, specs: list[dict[str, Any]], out: Path) -> str:
    modules = len(specs)
    questions = sum(len(spec["questions"]) for spec in specs)
    return (
        f"{story.id}: {modules} module{'s' * (modules != 1)}, {questions} "
        f"question{'s' * (questions != 1)} → {display_path(out / story.id)}/"
    )


def check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that a build did not write."""
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"{display_path(out)} is a file — give a folder for --out")
    index = out / INDEX_FILE
    ours = index.is_file() and index.read_text(encoding="utf-8", errors="replace").startswith(
        INDEX_MARKER
    )
    if not ours and any(out.iterdir()):
        raise UsageError(
            f"{display_path(out)} exists and was not written by samestory build "
            f"(no {INDEX_FILE} index) — give an empty or new folder for --out"
        )


def replace_folder(out: Path, files: dict[str, bytes]) -> None:
    """Make ``out`` hold exactly ``files`` (plus old answer logs), all at once."""
    # A symlinked modules folder stays a symlink: the swap happens where it points.
    out = out.resolve() if out.is_symlink() else out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_build(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        new.chmod(out.stat().st_mode & 0o7777 if out.exists() else 0o777 & ~_umask())
        for relative, data in files.items():
            write_file(new / relative, data)
        copy_answer_logs(out, new)
        swap_in(new, out)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def recover_interrupted_build(out: Path) -> None:
    """Clean up after a build that was killed (SIGKILL, power loss) mid-way.

    A leftover ``.<out>.new-*`` folder is an unfinished build: delete it. A leftover
    ``.<out>.old-*`` is the previous output moved aside just before the swap: if
    ``out`` is missing it is the only copy (answer logs included), so put it back.
    """
    for leftover in sorted(out.parent.glob(f".{out.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            leftover.rename(out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def copy_answer_logs(old: Path, new: Path) -> None:
    if not old.is_dir():
        return
    for log in sorted(old.rglob(LOG_PATTERN)):
        target = new / log.relative_to(old)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(log, target)


def swap_in(new: Path, out: Path) -> None:
    """Rename ``new`` to ``out``; the old ``out`` is moved aside first, then deleted."""
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()  # only its unique name is needed: rename will create it
    out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
