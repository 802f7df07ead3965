"""``samestory preview``: every question of a module as plain text, with its warnings,
without building notebooks (issue 12, item 3). Run through the real CLI."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import FIXTURE_CORPUS, REPO

GOLDEN = REPO / "tests" / "golden" / "preview"
UPDATE_GOLDEN = os.environ.get("SAMESTORY_UPDATE_GOLDEN") == "1"
ITEMCHECK = REPO / "tests" / "fixtures" / "itemcheck"
MINI = FIXTURE_CORPUS / "mini"


def preview(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "preview", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)


def test_preview_of_every_module_matches_its_golden_file():
    done = preview(MINI.relative_to(REPO))
    assert done.returncode == 0, done.stderr
    golden = GOLDEN / "mini.txt"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(done.stdout, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(True), done.stdout.splitlines(True), "golden", "preview"
        )
    )
    assert not diff, f"preview differs (if intended, rerun with SAMESTORY_UPDATE_GOLDEN=1):\n{diff}"


def test_preview_shows_what_a_teacher_checks_for_each_question():
    out = preview(MINI, "whose-words").stdout
    assert "Module 1 of 2: Whose words, whose numbers? (whose-words)" in out
    assert "One closure, three pictures" not in out  # only the module asked for
    # heading, move, prompt, the right option marked, passages and hint of a question
    assert "Question 3 of 10: Same count or different counts?   [pupils/same-count]" in out
    assert "choice · move: Checking the figure" in out
    assert "(*) Yes: one may be the other, rounded" in out
    assert "( ) No: they differ, even when rounded" in out
    assert "Letter to families: “Northside currently enrols 412 pupils”" in out
    assert "hint: Round the more precise figure" in out
    assert "Letter to families → Superintendent Dana Levi" in out  # a match, item by item
    assert "answer: 40 minutes" in out  # a number
    assert "1. Stop" in out  # an order, in the right order


def test_preview_writes_no_notebook(tmp_path):
    story = tmp_path / "mini"
    subprocess.run(["cp", "-r", str(MINI), str(story)], check=True)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    # Run from tmp_path, so that a modules/ folder written where it runs would show.
    assert preview(story, cwd=tmp_path).returncode == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_warning_is_printed_under_the_question_it_concerns():
    out = preview(ITEMCHECK / "dominant-answer", cwd=REPO).stdout
    blocks = out.split("\nQuestion ")
    flagged = [b for b in blocks if "! warning:" in b]
    assert len(flagged) == 1
    assert flagged[0].startswith("5 of 7: Who is credited with the March start?   [credit-1]")
    assert "“no one” is the right answer of 3 of the 4" in " ".join(flagged[0].split())


def test_unknown_module_exits_2_naming_the_known_ones():
    done = preview(MINI, "no-such-module")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no module 'no-such-module' in story 'mini'" in done.stderr
    assert "its modules are whose-words, framing" in done.stderr


def test_an_invalid_story_prints_its_problems_and_exits_2(tmp_path):
    story = tmp_path / "mini"
    subprocess.run(["cp", "-r", str(MINI), str(story)], check=True)
    yaml = story / "story.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "enrols 412 pupils" in text
    yaml.write_text(text.replace("enrols 412 pupils", "enrols 413 pupils"), encoding="utf-8")
    done = preview(story)
    assert done.returncode == 2
    assert done.stdout == ""
    problem, count = done.stderr.splitlines()
    assert problem.startswith(f"{yaml}:") and "'district'" in problem
    assert count == "1 problem(s) found."  # preview writes nothing, and says no more


@pytest.mark.parametrize("module", [None, "framing"])
def test_preview_is_deterministic(module):
    args = [MINI] if module is None else [MINI, module]
    assert preview(*args).stdout == preview(*args).stdout


def test_the_example_in_the_docs_is_what_preview_prints():
    docs = (REPO / "docs" / "questions.md").read_text(encoding="utf-8")
    example = docs.split("```text\n", 1)[1].split("```", 1)[0]
    assert example.startswith("Question 3 of 10: Same count")
    assert example in preview(MINI, "whose-words").stdout


def test_the_reuse_map_and_when_it_opens_are_named_in_the_module_header():
    out = preview(REPO / "tests" / "fixtures" / "corpus-v1only" / "v1only").stdout
    assert "reuse map under the sources: 1 pair(s) of texts, opens after question(s) 1, 2, 3" in out
    assert "reuse map" not in preview(MINI).stdout  # no two texts share a passage


def test_a_test_module_is_named_as_one_and_shows_no_hint():
    """A pretest's notebook shows no hint: its preview says so instead of printing them."""
    done = preview(REPO / "corpus" / "kazakhstan-2022", "pretest")
    assert done.returncode == 0, done.stderr
    assert "(pretest, role pretest)" in done.stdout
    assert "a test: its notebook carries no key, shows no feedback and no hint" in done.stdout
    assert "\n    hint: " not in done.stdout
    practice = preview(REPO / "corpus" / "kazakhstan-2022", "whose-words")
    assert "\n    hint: " in practice.stdout and "role" not in practice.stdout.split("\n")[3]
