"""Warn about a story whose texts make its notebooks too large to open comfortably.

Every module's notebook carries the full text of every source of its story (learners
read the whole text beside the questions), so a story's notebooks grow with the size
of its texts times the number of its modules: a 21 MB source once built 121 MB of
notebooks without a word. docs/authoring.md ("Limits") documents the threshold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..inputfiles import megabytes
from .lint import LintWarning

if TYPE_CHECKING:
    from ..model import Story
    from ..yamlsource import LoadedYaml

# Bytes of source text in one story above which build and validate warn. A long news
# article is 50 kB and the seed story's five texts are 36 kB in all; 1 MB of text is a
# short book, and makes notebooks of a few MB each that open slowly.
MAX_STORY_TEXT_BYTES = 1_000_000


def text_size_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """One warning when the story's texts together exceed MAX_STORY_TEXT_BYTES, at the
    line of its largest source (the one to cut first)."""
    sizes = [len(source.text.encode("utf-8")) for source in story.sources]
    total = sum(sizes)
    if total <= MAX_STORY_TEXT_BYTES:
        return []
    largest = max(range(len(sizes)), key=lambda i: (sizes[i], -i))
    modules = len(story.modules)
    return [
        LintWarning(
            shown,
            loaded.line(("sources", largest, "file")),
            f"the story's texts are {megabytes(total)} in all (the largest, "
            f"'{story.sources[largest].file}', is {megabytes(sizes[largest])}) and each of its "
            f"{modules} module notebook{'s' * (modules != 1)} carries all of them",
            f"keep a story's texts under {megabytes(MAX_STORY_TEXT_BYTES)} in all: cut each "
            "source to the article itself, or split the story",
        )
    ]
