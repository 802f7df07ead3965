"""Warnings on the command line: `validate` and `build` print them and succeed;
`--strict` makes any warning fail the command (exit 2), and `build` then writes nothing.
The seed story must pass `validate --strict` (issue 10 item 5, issue 16 item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "itemcheck"
FLAWED = FIXTURES / "number-in-prompt"
WARNING = "its prompt prints the figure asked for (2)"


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_prints_each_warning_and_a_count_and_succeeds(capsys):
    code, out, err = run(capsys, "validate", FLAWED)
    assert code == 0
    assert out == "1 story(ies), 1 claims: all valid.\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("number-in-prompt/story.yaml:54: module 'lesson', question "
                             f"'cost': {WARNING} — reword it so that it points at the passage, "
                             "not the answer")  # fmt: skip
    assert lines[1] == "1 warning(s); --strict makes them errors."


def test_validate_strict_fails_on_a_warning(capsys):
    code, _, err = run(capsys, "validate", "--strict", FLAWED)
    assert code == 2
    assert WARNING in err
    assert err.splitlines()[-1] == "samestory: 1 warning(s), and --strict makes them errors."


def test_a_clean_story_passes_strict_with_nothing_on_stderr(capsys, tmp_path):
    assert run(capsys, "validate", "--strict", FIXTURES / "clean") == (
        0,
        "1 story(ies), 1 claims: all valid.\n",
        "",
    )
    code, out, err = run(capsys, "build", "--strict", FIXTURES / "clean", "--out", tmp_path / "m")
    assert (code, err) == (0, "")
    assert (tmp_path / "m" / "clean" / "01-lesson.ipynb").is_file()


def test_build_warns_and_writes(capsys, tmp_path):
    out = tmp_path / "modules"
    code, stdout, err = run(capsys, "build", FLAWED, "--out", out)
    assert code == 0
    assert WARNING in err and err.endswith("1 warning(s); --strict makes them errors.\n")
    assert "number-in-prompt: 1 module" in stdout
    assert (out / "number-in-prompt" / "01-lesson.ipynb").is_file()


def test_build_strict_writes_nothing_and_keeps_the_old_modules(capsys, tmp_path):
    out = tmp_path / "modules"
    assert run(capsys, "build", "--strict", FLAWED, "--out", out)[0] == 2
    assert not out.exists()

    assert run(capsys, "build", FIXTURES / "clean", "--out", out)[0] == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    code, stdout, err = run(capsys, "build", "--strict", FLAWED, "--out", out)
    assert code == 2 and stdout == ""
    assert err.splitlines()[-1] == (
        "samestory: 1 warning(s), and --strict makes them errors; nothing was written."
    )
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".modules.*"))  # no half-written build left behind


def test_guard_warnings_are_reported_too_in_line_order(capsys, tmp_path):
    story = tmp_path / "number-in-prompt"
    shutil.copytree(FLAWED, story)
    text = (story / "story.yaml").read_text(encoding="utf-8")
    claim = """  - id: overdue
    family: attribution
    topic: "Who said the work was overdue"
    explanation: "The Herald quotes the mayor."
    mentions:
      - source: council
        quote: "The council has approved"
        credited_to: "the council"
      - source: herald
        quote: "Mayor Ines Roth said the work was overdue"
        credited_to: "Mayor Ines Roth"
        primary: true
"""
    (story / "story.yaml").write_text(text.replace("\nmodules:", claim + "\nmodules:"))
    code, _, err = run(capsys, "validate", story)
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 3 and lines[-1] == "2 warning(s); --strict makes them errors."
    assert "'herald' is marked primary but is dated 2025-02-04, after council" in lines[0]
    assert WARNING in lines[1]


@pytest.mark.parametrize("command", ["validate", "build"])
def test_strict_is_documented_in_the_help(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--strict" in capsys.readouterr().out


def test_the_seed_story_passes_validate_strict(capsys):
    """`make test` holds the seed story to zero warnings (issue 10 acceptance)."""
    code, _, err = run(capsys, "validate", "--strict", ROOT / "corpus")
    assert code == 0, f"{err.count(chr(10))} line(s) of warnings:\n{err}"
