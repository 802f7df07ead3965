"""`python -m generator new STORY_DIR FILE...`: a story folder from the teacher's texts.

Through the real command, on the three texts of tests/fixtures/authoring/texts/: the
copies are byte for byte, the sources block is filled in only with what the texts
show, the story.yaml is valid YAML that says what is left to do and does not pass
validation as done; after claims are pasted in, it validates. Every refusal is one
line, exit 2, and writes nothing.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "tests" / "fixtures" / "authoring" / "texts"
FILES = ["City Hall.txt", "gazette.txt", "blog.txt"]

# What a teacher writes after `new`: claims and a module, by hand (the drafts of
# `suggest` are pasted in test_new_then_suggest_then_paste_validates).
PASTED = """\
claims:
  - id: council-failure
    family: attribution
    topic: "Who blames the council for the collapse?"
    explanation: "Compare whom each text credits with the same accusation."
    mentions:
      - source: city-hall
        quote: >-
          The bridge’s collapse on Monday was caused by decades of council
          failure to fund repairs, Mayor Ilse Brandt said.
        credited_to: "Mayor Ilse Brandt"
      - source: blog
        quote: "officials say the council failed to fund repairs for decades."
        credited_to: "unnamed officials"
  - id: evacuated
    family: numeric
    topic: "How many residents had to leave their homes?"
    explanation: "The texts give different counts, and every one of them is rounded."
    mentions:
      - source: city-hall
        quote: "Nearly 300 residents were evacuated."
        value: nearly 300
      - source: gazette
        quote: "Around 250 residents had to leave their homes, council leader Tom Weiss said."
        value: around 250
        credited_to: "Council leader Tom Weiss"

modules:
  - id: the-bridge
    title: "The bridge"
    claims: [council-failure, evacuated]
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def new(tmp_path: Path, *files: str, story: str = "corpus/bridge") -> subprocess.CompletedProcess:
    paths = [str(TEXTS / f) if (TEXTS / f).exists() else f for f in files or FILES]
    return run(tmp_path, "new", story, *paths)


def test_new_copies_the_texts_and_fills_in_the_sources(tmp_path):
    result = new(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "python -m generator suggest corpus/bridge" in result.stdout
    folder = tmp_path / "corpus" / "bridge"
    written = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in written["sources"]}
    assert list(sources) == ["city-hall", "gazette", "blog"]  # ids from the file names
    for name, source in zip(FILES, written["sources"], strict=True):
        copied = (folder / source["file"]).read_bytes()
        assert copied == (TEXTS / name).read_bytes()
        assert source["sha256"] == hashlib.sha256(copied).hexdigest()
        assert (source["outlet"], source["kind"]) == ("unknown", "unknown")
    # Title and date only where the text shows them: a dateline line "date 2025-03-04",
    # "March 4, 2025 - 18:05"; the blog starts with its body and has no date.
    assert sources["city-hall"]["title"] == "Statement on the Elm Street bridge"
    assert sources["city-hall"]["published"] == "2025-03-04"
    assert sources["gazette"]["title"] == "Mayor blames council for bridge collapse"
    assert sources["gazette"]["published"] == "2025-03-04"
    assert sources["blog"]["title"] == "unknown"
    assert "published" not in sources["blog"]
    assert written["claims"] == [] and written["modules"] == []


def test_the_new_story_says_what_is_left_and_then_validates(tmp_path):
    assert new(tmp_path).returncode == 0
    story = tmp_path / "corpus" / "bridge" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert "# What is left to do" in text and "# claims:" in text  # the commented skeleton
    unfinished = run(tmp_path, "validate", "corpus/bridge")
    assert unfinished.returncode == 2
    assert "no claims yet — add at least one claim: python -m generator suggest corpus/bridge" in (
        unfinished.stderr
    )
    # The teacher pastes claims and a module in place of the empty lists.
    head = text[: text.index("claims: []")]
    story.write_text(head + PASTED, encoding="utf-8")
    done = run(tmp_path, "validate", "corpus/bridge")
    assert done.returncode == 0, done.stderr
    assert "1 story(ies), 2 claims: all valid." in done.stdout


def test_new_never_overwrites_a_story(tmp_path):
    assert new(tmp_path).returncode == 0
    story = tmp_path / "corpus" / "bridge" / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    before = story.read_bytes()
    again = new(tmp_path)
    assert again.returncode == 2
    assert again.stderr.splitlines() == [
        "samestory: corpus/bridge/story.yaml already exists — new never overwrites a story; "
        "choose another folder, or edit that file"
    ]
    assert story.read_bytes() == before


def test_story_yml_counts_as_an_existing_story(tmp_path):
    folder = tmp_path / "corpus" / "bridge"
    folder.mkdir(parents=True)
    (folder / "story.yml").write_text("id: bridge\n", encoding="utf-8")
    result = new(tmp_path)
    assert result.returncode == 2
    assert "story.yml already exists" in result.stderr
    assert not (folder / "story.yaml").exists()


def refused(tmp_path: Path, *files: str) -> str:
    """The one line of a refusal; nothing may have been written."""
    result = new(tmp_path, *files)
    assert result.returncode == 2
    assert not (tmp_path / "corpus").exists()
    (line,) = result.stderr.splitlines()
    return line


def test_a_text_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "letter.txt").write_bytes("Caf\u00e9 du Pont".encode("cp1252"))
    line = refused(tmp_path, "gazette.txt", "letter.txt")
    assert line == (
        "samestory: letter.txt is not UTF-8 (byte 3) — convert it first, e.g. "
        "iconv -f cp1252 -t utf-8 letter.txt > letter-utf8.txt"
    )


def test_a_missing_file_is_refused(tmp_path):
    line = refused(tmp_path, "gazette.txt", "nowhere.txt")
    assert line == "samestory: nowhere.txt: no such file — give the text files of the story"


def test_two_files_with_one_id_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Report.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "report.txt").write_text("Two.\n", encoding="utf-8")
    line = refused(tmp_path, "a/Report.txt", "b/report.txt")
    assert line == (
        "samestory: a/Report.txt and b/report.txt both give the source id 'report' — "
        "rename one of the files"
    )


def test_one_text_is_not_a_story(tmp_path):
    line = refused(tmp_path, "gazette.txt")
    assert "at least two texts" in line


def test_a_folder_name_that_is_no_story_id_is_refused(tmp_path):
    result = new(tmp_path, story="corpus/Elm Street")
    assert result.returncode == 2
    assert "'Elm Street' cannot be a story id" in result.stderr
    assert "e.g. elm-street" in result.stderr


def test_new_is_deterministic(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for root in (first, second):
        root.mkdir()
        assert new(root).returncode == 0
    read = [(r / "corpus" / "bridge" / "story.yaml").read_bytes() for r in (first, second)]
    assert read[0] == read[1]


def test_a_headline_with_yaml_symbols_is_kept_exactly(tmp_path):
    headline = 'Mayor: "No #1 \\ priority" – it\'s “the council’s” fault'
    (tmp_path / "one.txt").write_text(f"{headline}\n\nBody text.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("just a body. no headline here.\n", encoding="utf-8")
    assert new(tmp_path, "one.txt", "two.txt").returncode == 0
    story = tmp_path / "corpus" / "bridge" / "story.yaml"
    written = yaml.safe_load(story.read_text(encoding="utf-8"))
    assert written["sources"][0]["title"] == headline
    assert written["sources"][1]["title"] == "unknown"


def test_new_then_suggest_then_paste_validates(tmp_path):
    """The walk-through of docs/authoring.md end to end: new → suggest → paste →
    validate (issue 12 acceptance). Never skipped: suggest is part of samestory."""
    assert new(tmp_path).returncode == 0
    draft = run(tmp_path, "suggest", "corpus/bridge")
    assert draft.returncode == 0, draft.stderr
    pasted = "claims:\n" + draft.stdout
    ids = [claim["id"] for claim in yaml.safe_load(pasted)["claims"]]
    assert ids, "suggest drafted no claim for three texts that share passages"
    story = tmp_path / "corpus" / "bridge" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    module = f'modules:\n  - id: first\n    title: "First"\n    claims: [{", ".join(ids)}]\n'
    text = text.replace("claims: []\n", pasted + "\n", 1).replace("modules: []\n", module, 1)
    story.write_text(text, encoding="utf-8")
    done = run(tmp_path, "validate", "corpus/bridge")
    assert done.returncode == 0, done.stderr
    assert f"1 story(ies), {len(ids)} claims: all valid." in done.stdout


def test_language_is_written_and_checked(tmp_path):
    result = run(
        tmp_path, "new", "corpus/bridge", *(str(TEXTS / f) for f in FILES), "--language", "de"
    )
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((tmp_path / "corpus/bridge/story.yaml").read_text(encoding="utf-8"))
    assert written["language"] == "de"
    wrong = run(
        tmp_path, "new", "corpus/other", *(str(TEXTS / f) for f in FILES), "--language", "German"
    )
    assert wrong.returncode == 2
    assert "--language 'German' is not a language code" in wrong.stderr
    assert not (tmp_path / "corpus" / "other").exists()


def test_a_byte_order_mark_stays_in_the_copy_but_not_in_the_title(tmp_path):
    """Windows Notepad saves UTF-8 with a byte order mark before the first line."""
    first = "\ufeffCouncil approves the new bridge budget\r\n\r\nMarch 4, 2025\r\n\r\nBody.\r\n"
    (tmp_path / "one.txt").write_bytes(first.encode("utf-8"))
    (tmp_path / "two.txt").write_text("just a body. no headline here.\n", encoding="utf-8")
    assert new(tmp_path, "one.txt", "two.txt").returncode == 0
    folder = tmp_path / "corpus" / "bridge"
    written = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    assert written["sources"][0]["title"] == "Council approves the new bridge budget"
    assert written["sources"][0]["published"] == "2025-03-04"
    assert (folder / "sources" / "one.txt").read_bytes() == first.encode("utf-8")
