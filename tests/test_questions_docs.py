"""The hand-written question examples in docs/questions.md build into working questions.

(tests/test_docs.py checks that every docs example validates; here each valid example
is added to the real story, derived into its module and rendered, and its key answer
must score 1.0.)
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from build_helpers import REPO

from generator.corpus import load_story
from generator.notebook import render_module
from generator.questions import module_specs
from generator.runtime.scoring import score

DOC = REPO / "docs" / "questions.md"
STORY = REPO / "corpus" / "kazakhstan-2022"
BLOCK = re.compile(r"(?P<invalid><!--\s*invalid:.*?-->\s*\n)?```yaml\n(?P<body>.*?)```", re.S)
KINDS = {"choice", "multi", "match", "number", "words", "order", "reflect"}


def examples():
    text = DOC.read_text(encoding="utf-8")
    for match in BLOCK.finditer(text):
        if match["invalid"]:
            continue
        question = yaml.safe_load(match["body"])
        yield pytest.param(question, id=question["kind"])


@pytest.mark.skipif(not (STORY / "story.yaml").exists(), reason="the real story is not there")
@pytest.mark.parametrize("example", list(examples()))
def test_docs_example_builds_and_its_key_answer_scores_one(tmp_path, example):
    data = yaml.safe_load((STORY / "story.yaml").read_text(encoding="utf-8"))
    data["questions"] = [*data.get("questions", []), example]
    folder = tmp_path / STORY.name
    shutil.copytree(STORY / "sources", folder / "sources")
    (folder / "story.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    story, problems = load_story(folder)
    assert story is not None, "\n".join(map(str, problems))
    spec = next(s for s in module_specs(story) if s["module"] == example["module"])
    question = spec["questions"][-1]
    assert (question["id"], question["kind"]) == (example["id"], example["kind"])
    assert f'm.show_question("{example["id"]}")' in "".join(
        c.source for c in render_module(spec).cells
    )
    if question["graded"]:
        assert score(question, question["answer"]).score == 1.0
    else:
        assert score(question, "word " * question["min_words"]).valid


def test_docs_show_every_kind():
    assert {p.values[0]["kind"] for p in examples()} == KINDS


def test_the_slot_table_documents_every_move_and_slot():
    from generator.building.moves import MOVES, SLOT_MOVES

    text = DOC.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    rows = {}
    move = None
    for line in table[1:]:  # after the header (the separator starts "|-")
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 6 or not cells[1].startswith("`"):
            continue
        move = cells[0].split("`")[1] if cells[0] else move
        rows[cells[1].strip("`")] = move
    assert rows == SLOT_MOVES
    assert set(rows.values()) == set(MOVES)
