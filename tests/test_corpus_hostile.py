"""Issue 13, "Corpus and build": a story folder that is hostile or merely huge gets a
clear one-line message through the real commands, never a hang, a traceback or a
build that cannot be used (YAML alias bombs, FIFOs and devices as files, ids too long
for file names, texts too large for notebooks, a quadratic render)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import MINI, REPO, copy_mini, mini_data, write_story

from generator import cli, corpus
from generator.authoring.limits import MAX_STORY_TEXT_BYTES
from generator.runtime import texthtml
from generator.yamlsource import MAX_ALIAS_EXPANSION, load_yaml

MEMORY_LIMIT = 1 << 30  # an alias bomb once took 2.4 GB: under this it fails, not swaps
LEARNER_KEY = "k" * 24  # the longest learner key a log name carries (runtime)
LOG_SUFFIX = ".samestory-log.jsonl"


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def samestory(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, under a memory limit, with a timeout that turns a hang into a
    failure (a FIFO once made validate wait forever)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def problem_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if "problem(s) found" not in line]


# ---------------------------------------------------------------- YAML aliases


def billion_laughs() -> str:
    """The classic: nine levels of nine aliases each, 9**9 (387 million) values."""
    lines = ["id: mini", "title: x", "a: &a [l,l,l,l,l,l,l,l,l]"]
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_story_is_refused_with_its_file_and_line(tmp_path):
    bomb = billion_laughs()
    assert len(bomb.encode()) <= 360
    folder = copy_mini(tmp_path / "corpus") / "mini"
    (folder / "story.yaml").write_text(bomb, encoding="utf-8")
    for command in (["validate", "corpus"], ["build", "corpus", "--out", "modules"]):
        run = samestory(tmp_path, *command)
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
        # The innermost alias list that expands past the limit: level e (9**5 values).
        assert problem_lines(run)[0] == (
            f"corpus/mini/story.yaml:7: aliases (*name) here expand to more than "
            f"{MAX_ALIAS_EXPANSION:,} values — an alias may repeat a short list; write "
            "the values out instead"
        )
    assert not (tmp_path / "modules").exists()


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    folder = copy_mini(tmp_path / "corpus") / "mini"
    (folder / "story.yaml").write_text("id: mini\nloop: &x\n  - 1\n  - *x\n")
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2, run.stderr
    assert problem_lines(run) == [
        "corpus/mini/story.yaml:2: an alias (*name) here repeats the anchor (&name) it is "
        "inside of, so it never ends — write the values out instead of the alias"
    ]


def test_nesting_hundreds_of_levels_deep_is_refused_not_a_recursion_error():
    text = "".join(" " * depth + "k:\n" for depth in range(900))
    loaded = load_yaml(text, "story.yaml")
    assert loaded.data is None
    assert [str(p) for p in loaded.problems] == [
        "story.yaml:101: nested more than 100 levels deep — a story file needs about 6; "
        "check the indentation"
    ]


def test_anchors_and_aliases_of_ordinary_size_still_work(tmp_path):
    copy_mini(tmp_path / "corpus")
    story = (MINI / "story.yaml").read_text()  # as written, with its flow lists
    # The first module's claim list, anchored and reused by a copy of the module.
    story = story.replace("claims: [no-choice, pupils]", "claims: &both [no-choice, pupils]")
    story = story.replace(
        "\nquestions:\n",
        '\n  - id: again\n    title: "Again"\n    claims: *both\n\nquestions:\n',
    )
    (tmp_path / "corpus" / "mini" / "story.yaml").write_text(story)
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- files that are not files


def test_a_fifo_as_a_source_is_named_and_validate_does_not_hang(tmp_path):
    sources = copy_mini(tmp_path / "corpus") / "mini" / "sources"
    (sources / "gazette.txt").unlink()
    os.mkfifo(sources / "gazette.txt")
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2, run.stderr
    assert problem_lines(run) == [
        "corpus/mini/story.yaml:13: source 'gazette': source file 'sources/gazette.txt' "
        "is a named pipe (FIFO), not a file — put the file itself there"
    ]


def test_a_story_file_linked_to_dev_zero_is_not_read(tmp_path):
    folder = copy_mini(tmp_path / "corpus") / "mini"
    (folder / "story.yaml").unlink()
    (folder / "story.yaml").symlink_to("/dev/zero")
    run = samestory(tmp_path, "build", "corpus", "--out", "modules")
    assert run.returncode == 2, run.stderr
    assert problem_lines(run)[0] == (
        "corpus/mini/story.yaml: story.yaml is a device, not a file — put the file itself there"
    )


def test_a_source_linked_to_dev_zero_is_not_read(tmp_path):
    sources = copy_mini(tmp_path / "corpus") / "mini" / "sources"
    (sources / "gazette.txt").unlink()
    (sources / "gazette.txt").symlink_to("/dev/zero")
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2, run.stderr
    assert problem_lines(run) == [
        "corpus/mini/story.yaml:13: source 'gazette': 'sources/gazette.txt' points outside "
        "the story folder — keep sources inside it, e.g. sources/<name>.txt"
    ]


def test_a_fifo_as_the_story_file_is_named(tmp_path):
    folder = copy_mini(tmp_path / "corpus") / "mini"
    (folder / "story.yaml").unlink()
    os.mkfifo(folder / "story.yaml")
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2, run.stderr
    assert "story.yaml is a named pipe (FIFO), not a file" in run.stderr


def test_a_source_over_the_size_limit_is_refused_with_its_size(tmp_path, monkeypatch, capsys):
    texts = {"sources/gazette.txt": (mini_source("gazette.txt") + "x" * 10_000)}
    corpus_dir = write_story(tmp_path / "corpus", mini_data(), texts)
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 8_000)  # story.yaml is smaller
    assert cli.main(["validate", str(corpus_dir)]) == 2
    err = capsys.readouterr().err
    assert (
        "source file 'sources/gazette.txt' is larger than the limit of 8,000 bytes "
        "(at least 10,416 bytes) — keep only the text the claims need"
    ) in err


def test_a_missing_source_is_still_named_as_not_found(tmp_path):
    sources = copy_mini(tmp_path / "corpus") / "mini" / "sources"
    (sources / "gazette.txt").unlink()
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2
    assert "source file 'sources/gazette.txt' not found — check the path" in run.stderr


def mini_source(name: str) -> str:
    return (MINI / "sources" / name).read_text()


# ---------------------------------------------------------------- id lengths


def long_ids(story_id: str, module_id: str) -> dict:
    data = mini_data()
    data["id"] = story_id
    data["modules"][0]["id"] = module_id
    for question in data["questions"]:
        if question["module"] == "whose-words":
            question["module"] = module_id
    return data


@pytest.mark.parametrize("length", [65, 300])
def test_a_module_id_too_long_for_a_file_name_is_refused_by_validate(tmp_path, length):
    module_id = "m" * length
    write_story(tmp_path / "corpus", long_ids("mini", module_id))
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    [line] = [
        line for line in run.stderr.splitlines() if line.startswith("corpus/mini/story.yaml:89:")
    ]
    assert line.startswith("corpus/mini/story.yaml:89: module 'mmm")
    assert line.endswith(
        f"the id is {length} characters long — ids may have at most 64 (they become file "
        "names); shorten it"
    )
    assert len(line) < 250  # a 300-character id is cut, not printed whole


def test_the_longest_ids_build_notebooks_whose_answer_logs_can_be_written(tmp_path):
    story_id, module_id = "s" * 64, "m" * 64
    write_story(tmp_path / "corpus", long_ids(story_id, module_id))
    run = samestory(tmp_path, "build", "corpus", "--out", "modules")
    assert run.returncode == 0, run.stderr
    notebook = tmp_path / "modules" / story_id / f"01-{module_id}.ipynb"
    assert notebook.is_file()
    # The runtime names a learner's log <story>__<module>__<learner-key>.samestory-log.jsonl.
    log = notebook.with_name(f"{story_id}__{module_id}__{LEARNER_KEY}{LOG_SUFFIX}")
    log.write_text("{}\n")  # would raise "File name too long" above 255 bytes
    assert len(log.name.encode()) <= 200  # well under the 255 bytes of common file systems


# ---------------------------------------------------------------- large texts


def large_story(tmp_path: Path) -> Path:
    filler = "".join(f"Filler paragraph number {n} of the long text.\n\n" for n in range(25_000))
    assert len(filler) > MAX_STORY_TEXT_BYTES
    texts = {"sources/riverside-blog.txt": mini_source("riverside-blog.txt") + "\n" + filler}
    return write_story(tmp_path / "corpus", mini_data(), texts)


def test_texts_over_the_documented_size_warn_and_fail_strict(tmp_path):
    large_story(tmp_path)
    run = samestory(tmp_path, "validate", "corpus")
    assert run.returncode == 0, run.stderr
    warning = (
        "corpus/mini/story.yaml:19: the story's texts are 1.2 MB in all (the largest, "
        "'sources/riverside-blog.txt', is 1.2 MB) and each of its 2 module notebooks "
        "carries all of them — keep a story's texts under 1.0 MB in all: cut each source "
        "to the article itself, or split the story"
    )
    assert warning in run.stderr.splitlines()
    strict = samestory(tmp_path, "build", "corpus", "--out", "modules", "--strict")
    assert strict.returncode == 2 and warning in strict.stderr.splitlines()
    assert not (tmp_path / "modules").exists()


def test_the_seed_sized_fixture_has_no_size_warning(tmp_path):
    copy_mini(tmp_path / "corpus")
    run = samestory(tmp_path, "validate", "corpus", "--strict")
    assert run.returncode == 0, run.stderr


def traced_lines(text: str, spans: list) -> int:
    """Lines of texthtml.py executed while rendering: a count of the work, not a time."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += event == "line"
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename == texthtml.__file__ else None

    previous = sys.gettrace()  # a coverage tool's, if any: put back afterwards
    sys.settrace(calls)
    try:
        texthtml.whole_text(text, spans)
    finally:
        sys.settrace(previous)
    return count


def paragraphs(n: int) -> tuple[str, list]:
    text = "".join(f"Paragraph {i}: <b>{i}</b> & a\nsecond line.\n\n" for i in range(n))
    return text, [(i * 45, i * 45 + 12, "mark") for i in range(0, n, 3)]


def test_rendering_a_text_grows_linearly_with_its_paragraphs():
    # 8,000 paragraphs once took 2 s per render: each piece searched every break.
    small, large = traced_lines(*paragraphs(400)), traced_lines(*paragraphs(800))
    assert large / small < 2.2, (small, large)
