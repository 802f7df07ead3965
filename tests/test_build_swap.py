"""Issue 13: a rebuild writes the modules folder in place. Learners' files in it
survive, a kernel writing its answer log during the build loses nothing, and a
build interrupted anywhere (an exception, or SIGKILL and the next build) leaves the
folder as it was. The result still equals a fresh build, byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import FIXTURE_CORPUS, REPO, copy_mini

from generator import outfolder
from generator.build import build_corpus, recover_interrupted_build

LEARNER_FILES = {
    "mini/01-whose-words-Copy1.ipynb": b'{"cells": [], "mine": true}\n',
    "mini/Untitled.ipynb": b'{"cells": []}\n',
    "mini/mini_whose-words_ana.json": b'{"learner": "Ana"}\n',
    "mini/.ipynb_checkpoints/01-whose-words-checkpoint.ipynb": b"{}\n",
    "mini/mini__whose-words__0123456789abcdef01234567.samestory-log.jsonl": b"{}\n",
    "my-notes.md": b"# notes\n",
    "old-story/work/draft.txt": b"draft\n",
}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def staging_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(f"{outfolder.STAGE_PREFIX}*"))


def put(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def retitled(tmp_path: Path, title: str = "A new title") -> Path:
    """The fixture story with another title: every notebook and the index change."""
    return copy_mini(tmp_path / "corpus", lambda d: d.update(title=title))


def fresh(tmp_path: Path, corpus: Path) -> dict[str, bytes]:
    out = tmp_path / "fresh"
    build_corpus(corpus, out)
    return tree(out)


def build_cli(cwd: Path, corpus: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(corpus), "--out", str(out)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# ---------------------------------------------------------------- what a rebuild keeps


def test_a_rebuild_keeps_every_file_it_did_not_write_and_equals_a_fresh_build(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    put(out, LEARNER_FILES)
    corpus = retitled(tmp_path)
    run = build_cli(tmp_path, corpus, out)
    assert run.returncode == 0, run.stderr
    files = tree(out)
    assert {name: files.get(name) for name in LEARNER_FILES} == LEARNER_FILES
    built = {name: data for name, data in files.items() if name not in LEARNER_FILES}
    assert built == fresh(tmp_path, corpus)
    assert b"A new title" in files["README.md"]


def test_a_notebook_saved_since_the_build_is_kept_beside_the_rebuilt_one(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    notebook = out / "mini" / "01-whose-words.ipynb"
    saved = notebook.read_bytes().replace(b'"outputs": []', b'"outputs": ["Ana\'s"]', 1)
    notebook.write_bytes(saved)
    corpus = retitled(tmp_path)
    run = build_cli(tmp_path, corpus, out)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        "modules/mini/01-whose-words.ipynb was changed after the last build (saved in "
        "Jupyter?): kept as modules/mini/01-whose-words-before-rebuild-1.ipynb"
    ]
    assert (out / "mini" / "01-whose-words-before-rebuild-1.ipynb").read_bytes() == saved
    assert notebook.read_bytes() == fresh(tmp_path, corpus)["mini/01-whose-words.ipynb"]


def drop_framing(data: dict) -> None:
    data["modules"] = data["modules"][:1]
    data["questions"] = [q for q in data["questions"] if q["module"] != "framing"]


def test_a_removed_module_loses_its_notebook_unless_someone_changed_it(tmp_path):
    for changed in (False, True):
        out = tmp_path / f"modules-{changed}"
        build_corpus(copy_mini(tmp_path / "corpus"), out)
        framing = out / "mini" / "02-framing.ipynb"
        if changed:
            framing.write_bytes(framing.read_bytes() + b" ")
        run = build_cli(tmp_path, copy_mini(tmp_path / "corpus", drop_framing), out)
        assert run.returncode == 0, run.stderr
        assert framing.exists() == changed
        notice = f"{framing.relative_to(tmp_path)} is no longer built but was changed"
        assert (notice in run.stderr) == changed


def test_an_identical_rebuild_rewrites_no_file(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    build_corpus(FIXTURE_CORPUS, out)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == stamps


def test_a_folder_built_before_manifests_is_rebuilt_and_its_other_files_kept(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    (out / outfolder.MANIFEST).unlink()  # as the builds before this one left it
    put(out, LEARNER_FILES)
    corpus = retitled(tmp_path)
    build_corpus(corpus, out)
    files = tree(out)
    assert {name: files.get(name) for name in LEARNER_FILES} == LEARNER_FILES
    assert {n: d for n, d in files.items() if n not in LEARNER_FILES} == fresh(tmp_path, corpus)


def test_a_folder_where_a_notebook_goes_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    (out / "mini" / "01-whose-words.ipynb").unlink()
    (out / "mini" / "01-whose-words.ipynb").mkdir()
    (out / "mini" / "01-whose-words.ipynb" / "mine.txt").write_text("mine")
    before = tree(out)
    run = build_cli(tmp_path, retitled(tmp_path), out)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "samestory: the build did not write modules/mini/01-whose-words.ipynb but must write its "
        "files there — move them elsewhere; nothing was written"
    )
    assert tree(out) == before


# ---------------------------------------------------------------- a kernel writing meanwhile


def test_log_lines_written_during_the_build_survive(tmp_path, monkeypatch):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    log = out / "mini" / "mini__whose-words__0123456789abcdef01234567.samestory-log.jsonl"
    log.write_text('{"line": 0}\n')
    kernel = open(log, "a", encoding="utf-8")  # a kernel keeps its log open  # noqa: SIM115
    real_replace = outfolder.replace
    lines = []

    def replace_while_a_kernel_writes(source, target):
        lines.append(f'{{"line": {len(lines) + 1}}}\n')
        kernel.write(lines[-1])
        kernel.flush()
        real_replace(source, target)

    monkeypatch.setattr(outfolder, "replace", replace_while_a_kernel_writes)
    build_corpus(retitled(tmp_path), out)
    kernel.write('{"line": "after"}\n')
    kernel.close()
    assert len(lines) >= 3  # every notebook, the index and the manifest were renamed
    assert log.read_text() == '{"line": 0}\n' + "".join(lines) + '{"line": "after"}\n'


# ---------------------------------------------------------------- interrupted builds


@pytest.mark.parametrize("at", [1, 2, 4])  # the first rename, one in the middle, the last
def test_an_exception_at_any_rename_leaves_the_folder_as_it_was(tmp_path, monkeypatch, at):
    out = tmp_path / "modules"
    build_corpus(copy_mini(tmp_path / "corpus", drop_framing), out)  # framing comes back
    put(out, LEARNER_FILES)
    (out / "mini" / "01-whose-words.ipynb").write_bytes(b'{"saved": "by Ana"}')
    before = tree(out)
    real_replace = outfolder.replace
    renames = []

    def replace(source, target):
        renames.append(target)
        if len(renames) == at:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(outfolder, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        build_corpus(retitled(tmp_path), out)
    assert len(renames) == at and tree(out) == before
    assert staging_folders(out) == []
    assert not (out / "mini" / "02-framing.ipynb").exists()  # the new module's, undone


def test_an_interrupted_first_build_leaves_no_folder(tmp_path, monkeypatch):
    def replace(source, target):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(outfolder, "replace", replace)
    with pytest.raises(OSError, match="simulated"):
        build_corpus(FIXTURE_CORPUS, tmp_path / "modules")
    assert not (tmp_path / "modules").exists()


KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from generator import outfolder
from generator.build import build_corpus
renames = []
real = outfolder.replace
def replace(source, target):
    renames.append(target)
    if len(renames) == {at}:
        os.kill(os.getpid(), signal.SIGKILL)
    real(source, target)
outfolder.replace = replace
build_corpus(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.parametrize("at", [1, 3])
def test_a_build_killed_between_renames_is_undone_by_the_next_build(tmp_path, at):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    put(out, LEARNER_FILES)
    before = tree(out)
    corpus = retitled(tmp_path)
    new = fresh(tmp_path, corpus)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_RENAME.format(at=at), str(corpus), str(out)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    # Killed mid-way: every file is whole, the old version or the new one.
    halfway = {n: d for n, d in tree(out).items() if not n.startswith(outfolder.STAGE_PREFIX)}
    assert all(data in (before.get(name), new.get(name)) for name, data in halfway.items())
    assert any(data != before.get(name) for name, data in halfway.items()) == (at > 1)
    recover_interrupted_build(out)  # what the next build does first
    assert tree(out) == before and staging_folders(out) == []
    build_corpus(corpus, out)
    assert {n: d for n, d in tree(out).items() if n not in LEARNER_FILES} == new


def test_a_second_build_while_one_is_writing_is_refused_and_undoes_nothing(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    stage = out / f"{outfolder.STAGE_PREFIX}running"  # the first build's, mid-way
    (stage / "old").mkdir(parents=True)
    (stage / outfolder.JOURNAL).write_text('[{"op": "delete", "path": "README.md", "copy": ""}]')
    before = tree(out)
    with outfolder.locked(out):  # as the first build holds it while it writes
        run = build_cli(tmp_path, retitled(tmp_path), out)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "samestory: another build is writing modules now — run this one when it has finished"
    )
    assert tree(out) == before


@pytest.mark.parametrize(
    "journal",
    ["[{", '[{"op": "delete", "path": "../../outside.txt", "copy": ""}]', '{"op": "x"}'],
)
def test_a_damaged_journal_is_named_and_never_followed(tmp_path, journal):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    stage = out / f"{outfolder.STAGE_PREFIX}killed"
    stage.mkdir()
    (tmp_path / "outside.txt").write_text("not the build's")
    (stage / outfolder.JOURNAL).write_text(journal)
    before = tree(out)
    run = build_cli(tmp_path, retitled(tmp_path), out)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        f"samestory: modules/{stage.name}/journal.json is damaged: an interrupted build "
        f"cannot be undone — check modules by hand (git status), then delete "
        f"modules/{stage.name}"
    )
    assert tree(out) == before and (tmp_path / "outside.txt").read_text() == "not the build's"


def test_a_forged_manifest_never_deletes_outside_the_folder(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    outside = tmp_path / "thesis.txt"
    outside.write_text("the teacher's")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.txt").write_text("notes")
    (out / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    manifest = json.loads((out / outfolder.MANIFEST).read_text())
    for name, path in (
        ("../thesis.txt", outside),
        ("link/notes.txt", tmp_path / "elsewhere" / "notes.txt"),
    ):
        manifest["files"][name] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / outfolder.MANIFEST).write_text(json.dumps(manifest))
    build_corpus(retitled(tmp_path), out)
    assert outside.read_text() == "the teacher's"
    assert (tmp_path / "elsewhere" / "notes.txt").read_text() == "notes"


def test_a_story_folder_replaced_by_a_link_is_refused(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    (tmp_path / "elsewhere").mkdir()
    for notebook in (out / "mini").iterdir():
        notebook.unlink()
    (out / "mini").rmdir()
    (out / "mini").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    run = build_cli(tmp_path, retitled(tmp_path), out)
    assert run.returncode == 2
    assert "the build did not write modules/mini but must write its files there" in run.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
