"""``samestory build``: validate the corpus, then write the modules, all or nothing.

Everything is rendered in memory first, then written into the output folder in
place, file by file with atomic renames and a journal (:mod:`generator.outfolder`
says why not a folder swap). A failed or interrupted build leaves the folder as it
was; a successful one leaves exactly the current modules (notebooks of removed
modules disappear) plus every file the build did not write: learners' answer logs,
their own and saved notebooks, downloads, ``.ipynb_checkpoints``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from .authoring.lint import report_warnings, story_warnings
from .corpus import STORY_FILE, display_path, load_corpus
from .errors import CorpusError, Problem, UsageError
from .links import INDEX_MARKER, find_settings, index_markdown
from .model import Story
from .outfolder import MANIFEST, locked, recover, write_in_place

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
    recover_interrupted_build(out)
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
    for notice in replace_folder(out, files):
        print(notice, file=sys.stderr)
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
    ours = (out / MANIFEST).is_file() or (
        index.is_file()
        and index.read_text(encoding="utf-8", errors="replace").startswith(INDEX_MARKER)
    )
    if not ours and any(out.iterdir()):
        raise UsageError(
            f"{display_path(out)} exists and was not written by samestory build "
            f"(no {INDEX_FILE} index) — give an empty or new folder for --out"
        )


def replace_folder(out: Path, files: dict[str, bytes]) -> list[str]:
    """Make ``out`` hold ``files``, all or nothing, keeping every file the build did
    not write (:mod:`generator.outfolder`); notices for the teacher, one per line."""
    # A symlinked modules folder stays a symlink: the files change where it points.
    out = out.resolve() if out.is_symlink() else out.absolute()
    recover_interrupted_build(out)
    plan = write_in_place(out, files)
    return [
        f"{display_path(out / name)} was changed after the last build (saved in "
        f"Jupyter?): kept as {display_path(out / copy)}"
        for name, copy in plan.kept
    ] + [
        f"{display_path(out / name)} is no longer built but was changed after the last build: kept"
        for name in plan.left
    ]


def recover_interrupted_build(out: Path) -> None:
    """Put back what a killed build (SIGKILL, power loss) changed in ``out``.

    Builds before the in-place writing left ``.<out>.new-*`` (an unfinished build:
    deleted) and ``.<out>.old-*`` (the previous output moved aside just before the
    swap: put back when ``out`` is missing) beside the folder.
    """
    out = out.resolve() if out.is_symlink() else out.absolute()
    for leftover in sorted(out.parent.glob(f".{out.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            leftover.rename(out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    if out.is_dir():
        with locked(out):
            recover(out)
