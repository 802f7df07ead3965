"""The examples in the teachers' docs stay valid.

Every ```yaml block in docs/authoring.md and docs/questions.md is merged into a copy
of the real Kazakhstan story (items replace those with the same id, or are added)
and the result must validate: quotes anchor in the real sources, ids resolve.
Blocks preceded by ``<!-- invalid: <text> -->`` show a mistake on purpose: they must
fail, and the validator's message must contain <text>.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.corpus import load_story

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "corpus" / "kazakhstan-2022"
DOCS = ["docs/authoring.md", "docs/questions.md"]
BLOCK = re.compile(
    r"(?:<!--\s*invalid:\s*(?P<expect>.*?)\s*-->\s*\n)?```yaml\n(?P<body>.*?)```", re.S
)
SECTIONS = ("sources", "claims", "modules", "questions")


def yaml_examples():
    for doc in DOCS:
        path = REPO / doc
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text[: match.start("body")].count("\n") + 1
            yield pytest.param(match["body"], match["expect"], id=f"{doc}:{line}")


def merge(story: dict, example: dict) -> dict:
    merged = dict(story)
    for key, value in example.items():
        if key in SECTIONS and isinstance(value, list):
            items = {item["id"]: item for item in merged.get(key, [])}
            items.update({item["id"]: item for item in value if isinstance(item, dict)})
            merged[key] = list(items.values())
        elif key not in ("id",):
            merged[key] = value
    return merged


def as_story_fragment(example) -> dict:
    """A block may be a whole story, a section, one claim or one mention list."""
    if isinstance(example, dict) and set(example) & {*SECTIONS, "title"}:
        return example
    if isinstance(example, dict) and "family" in example:
        return {"claims": [example]}
    if isinstance(example, dict) and "kind" in example and "module" in example:
        return {"questions": [example]}
    if isinstance(example, dict) and "file" in example:
        return {"sources": [example]}
    raise AssertionError(f"docs example of an unknown shape: {str(example)[:80]}")


@pytest.mark.parametrize("body,expect", list(yaml_examples()))
def test_docs_example_validates_against_the_real_story(tmp_path, body, expect):
    real = yaml.safe_load((STORY / "story.yaml").read_text(encoding="utf-8"))
    fragment = as_story_fragment(yaml.safe_load(body))
    folder = tmp_path / "kazakhstan-2022"
    shutil.copytree(STORY / "sources", folder / "sources")
    merged = merge(real, fragment)
    (folder / "story.yaml").write_text(
        yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    story, problems = load_story(folder)
    messages = "\n".join(str(p) for p in problems)
    if expect:
        assert story is None and expect in messages, messages
    else:
        assert story is not None, messages


def test_docs_have_examples():
    assert len(list(yaml_examples())) >= 6, "docs/authoring.md should show the format by example"
