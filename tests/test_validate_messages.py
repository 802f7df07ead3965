"""Kinder validation (issue 12): each message through `python -m generator validate`.

Every case is a fixture in tests/fixtures/authoring/cases/: the small three-text story
tests/fixtures/authoring/bridge/ with one mistake. The test puts it in a fresh story
folder and asserts what a teacher reads on stderr: the exit code, the line the message
points at, and the words that name the cause and the fix.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.authoring.figures import Figure, parse_figure
from generator.corpus import load_story
from generator.questions import module_specs

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "authoring"
BASE = FIXTURES / "bridge"


@dataclass(frozen=True)
class Case:
    name: str  # tests/fixtures/authoring/cases/<name>.yaml
    code: int  # exit code of validate (0: valid, perhaps with warnings)
    at: str  # the message points at the line where this text of the case file ends
    says: tuple[str, ...]  # one stderr line holds all of these


CASES = [
    Case(
        "tab-indent",
        2,
        "\tclaims:",
        ("a tab character at column 1", "spaces only"),
    ),
    Case(
        "apostrophe-in-single-quotes",
        2,
        "'A resident's",
        ("the ' after `A resident` ends the quoted text early", "write it twice ('')"),
    ),
    Case(
        "quote-in-double-quotes",
        2,
        '"A "label"',
        ('the " after `A ` ends the quoted text early', '\\"', "single quotes"),
    ),
    Case(
        "quote-never-closed",
        2,
        'title: "The bridge\n',
        ("never closed", "closing quotation mark"),
    ),
    Case(
        "straight-apostrophe",
        2,
        "The bridge's collapse",
        (
            "claim 'council-failure', mention 1 (source city-hall)",
            "quote not found in source 'city-hall'",
            'text "The bridge[’]s collapse',
            "quote \"The bridge[']s collapse",
            "RIGHT SINGLE QUOTATION MARK",
            "' is APOSTROPHE",
        ),
    ),
    Case(
        "quote-from-other-source",
        2,
        '      - source: gazette\n        quote: "officials',
        ("claim 'council-failure', mention 3", "but it is in source 'blog'"),
    ),
    Case(
        "decimal-comma-in-english",
        2,
        "value: 2,5 million",
        ("mention 3 (source blog)", "'2,5 million'", "language 'en'", "'25' or '2.5'"),
    ),
    Case(
        "hedge-but-not-approx",
        2,
        "approx: false",
        ("claim 'evacuated', mention 2 (source gazette)", "'around 250'", "approx"),
    ),
    Case(
        "words-passage-twice",
        2,
        'frame: "blame game"\n        words_passage',
        ("claim 'blame-words', mention 2 (source gazette)", "words_passage: true is on 2"),
    ),
    Case(
        "unknown-key-in-mention",
        2,
        "units: euros",
        ("claim 'repair-money', mention 2 (source gazette)", "unknown key 'units'"),
    ),
    Case(
        "no-claims-yet",
        2,
        "claims: []",
        ("no claims yet", "add at least one claim", "python -m generator suggest bridge"),
    ),
    Case("no-claims-yet", 2, "modules: []", ("no modules yet", "add a module")),
    Case(
        "speaker-near-duplicate",
        0,
        '"Mayor Brandt"',
        ("claim 'council-failure'", "'Mayor Brandt' and 'Mayor Ilse Brandt'", "one speaker"),
    ),
    Case(
        "frame-near-duplicate",
        0,
        '"Council failure"',
        ("'Council failure' and 'council failure'", "differ only in capitals"),
    ),
    Case(
        "draft-explanation",
        0,
        'explanation: "Draft from samestory suggest',
        ("claim 'council-failure': its explanation is still suggest's draft", "rewrite it"),
    ),
    Case(
        "frame-on-some-mentions",
        0,
        'frame: "council failure"\n      - source: gazette',
        ("claim 'blame-words', mention 2 (source gazette) has no frame:", "add frame:"),
    ),
]


def story_folder(root: Path, case_file: str | None, name: str = "story.yaml") -> Path:
    folder = root / "bridge"
    shutil.copytree(BASE / "sources", folder / "sources")
    if case_file is not None:
        shutil.copy(FIXTURES / "cases" / f"{case_file}.yaml", folder / name)
    return folder


def validate(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", *args, folder.name],
        capture_output=True,
        text=True,
        cwd=folder.parent,
    )


def line_of(text: str, marker: str) -> int:
    """The line on which ``marker`` (which may span lines) ends."""
    assert text.count(marker) == 1, f"test bug: {marker!r} is not once in the case file"
    return text[: text.index(marker) + len(marker.rstrip("\n"))].count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}:{c.says[0][:20]}")
def test_message_names_the_cause_and_the_fix(tmp_path, case):
    folder = story_folder(tmp_path, case.name)
    result = validate(folder)
    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stderr
    hits = [ln for ln in result.stderr.splitlines() if all(s in ln for s in case.says)]
    assert len(hits) == 1, f"no one line says {case.says}:\n{result.stderr}"
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    expected = line_of(text, case.at)
    assert hits[0].startswith(f"bridge/story.yaml:{expected}: "), hits[0]


@pytest.mark.parametrize("case", [c for c in CASES if c.code == 0], ids=lambda c: c.name)
def test_warnings_fail_under_strict(tmp_path, case):
    result = validate(story_folder(tmp_path, case.name), "--strict")
    assert result.returncode == 2
    assert "--strict makes them errors" in result.stderr


def test_the_base_story_is_valid_without_warnings(tmp_path):
    folder = story_folder(tmp_path, None)
    shutil.copy(BASE / "story.yaml", folder / "story.yaml")
    result = validate(folder, "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_folder_without_story_yaml_is_reported_not_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    valid = story_folder(corpus, None)
    shutil.copy(BASE / "story.yaml", valid / "story.yaml")
    (corpus / "drafts" / "sources").mkdir(parents=True)
    (corpus / ".ipynb_checkpoints").mkdir()  # hidden folders are not stories
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "corpus"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "corpus/drafts: no story.yaml in this folder, so it is not a story yet — start one "
        "with python -m generator new corpus/drafts FILE... (or move the folder out of the "
        "corpus)"
    )
    assert "checkpoints" not in result.stderr


def test_story_yml_is_named_not_skipped(tmp_path):
    folder = story_folder(tmp_path, None)
    shutil.copy(BASE / "story.yaml", folder / "story.yml")
    result = validate(folder)
    assert result.returncode == 2
    assert "bridge/story.yml: the story file must be named story.yaml — rename" in result.stderr


def test_figures_written_as_texts_write_them_become_numbers():
    story, problems = load_story(BASE)
    assert problems == []
    figures = {
        (c.id, m.source): (m.value, m.approx)
        for c in story.claims
        if c.family == "numeric"
        for m in c.mentions
    }
    assert figures[("evacuated", "city-hall")] == (300, True)  # "nearly 300"
    assert figures[("evacuated", "blog")] == (350, True)  # "some 350"
    assert figures[("repair-money", "city-hall")] == (4_200_000, True)  # "about 4.2 million"
    assert figures[("repair-money", "gazette")] == (4_200_000, False)
    assert figures[("repair-money", "blog")] == (2_500_000, False)
    assert all(isinstance(v, int) for v, _ in figures.values())


def test_decimal_comma_follows_the_story_language(tmp_path):
    folder = story_folder(tmp_path, "decimal-comma-in-german")
    assert validate(folder).returncode == 0
    story, _ = load_story(folder)
    money = {m.source: m.value for m in story.claim("repair-money").mentions}
    assert money == {"city-hall": 4_200_000, "gazette": 4_200_000, "blog": 2_500_000}


def words_passage_source(folder: Path) -> str:
    story, problems = load_story(folder)
    assert problems == []
    spec = module_specs(story)[0]
    (question,) = [q for q in spec["questions"] if q["id"] == "blame-words/words"]
    return question["source"]


def test_words_passage_chooses_the_passage_of_the_words_question(tmp_path):
    # Without the field the words question takes the first source with most terms.
    assert words_passage_source(BASE) == "city-hall"
    folder = story_folder(tmp_path, "words-passage")
    assert validate(folder).returncode == 0
    assert words_passage_source(folder) == "blog"


@settings(max_examples=200, deadline=None)
@given(
    number=st.integers(min_value=0, max_value=10**12) | st.decimals(0, 10**6, places=2),
    language=st.sampled_from(["en", "de", "fr", "es", "ru", "en-GB", "de-CH"]),
)
def test_a_figure_as_the_language_prints_it_reads_back(number, language):
    """Whatever separators a language prints (Babel's own formatting), the figure reads
    back as the same number: 2,500 (en), 2.500 (de), 2 500 (fr), 2’500 (de-CH)."""
    from babel.numbers import format_decimal

    printed = format_decimal(number, locale=language.replace("-", "_"))
    expected = float(number)  # the model keeps plain numbers: 2500 or 2.5
    assert parse_figure(printed, language) == Figure(expected)
    assert parse_figure(f"about {printed}", language) == Figure(expected, approx=True)
