"""The domain model: a story, its sources, claims, mentions, modules and questions.

Everything here is a frozen dataclass built by :mod:`generator.corpus` from a
validated ``story.yaml``; nothing in this module reads files or validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAMILIES = ("attribution", "framing", "numeric")
SOURCE_KINDS = ("official-statement", "news-report", "interview", "opinion", "blog", "unknown")
QUESTION_KINDS = ("choice", "multi", "match", "number", "words", "order", "reflect")
CERTAINTIES = ("asserted", "attributed", "hedged")


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    outlet: str
    kind: str
    text: str
    published: str | None = None
    sha256: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Mention:
    """One source's passage for a claim, resolved to character offsets in that source."""

    source: str
    quote: str
    start: int
    end: int
    prefix: str | None = None
    suffix: str | None = None
    primary: bool = False
    note: str | None = None
    credited_to: str | None = None
    value: float | int | str | None = None
    unit: str | None = None
    approx: bool = False
    terms: tuple[str, ...] = ()
    frame: str | None = None
    # Round three (docs/internals.md): other answers that also score, how firmly the
    # text states it, a figure whose value the quote does not print.
    also: tuple[str, ...] = ()
    certainty: str | None = None  # asserted | attributed | hedged
    inferred: bool = False
    # Framing: this passage is the one the `words` question asks learners to mark
    # (rather than the one with most terms); `primary` keeps its own meaning, the origin.
    words_passage: bool = False


@dataclass(frozen=True)
class Claim:
    id: str
    family: str
    topic: str
    explanation: str
    mentions: tuple[Mention, ...]
    omitted_by: tuple[str, ...] = ()  # sources that leave the point out
    omission_note: str | None = None
    not_quoted: tuple[str, ...] = ()  # double-quoted phrases that quote no source


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    claims: tuple[str, ...]
    objectives: tuple[str, ...] = ()
    confidence: bool = False  # ask "How sure are you?" beside Check
    # practice | pretest | posttest | review (contract, DESIGN "Module roles"):
    # pretest/posttest notebooks carry no key and record "mode": "test".
    role: str = "practice"


@dataclass(frozen=True)
class Passage:
    """A hand-written `words` question's passage, resolved like a mention."""

    source: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class HandQuestion:
    """A hand-written question from the story's ``questions:`` list.

    ``fields`` keeps the kind-specific keys as written (already schema-checked);
    ``passage`` is set for ``words`` questions.
    """

    id: str
    module: str
    kind: str
    prompt: str
    explanation: str
    claim: str | None = None
    fields: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    passage: Passage | None = None


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    folder: Path
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    modules: tuple[Module, ...]
    questions: tuple[HandQuestion, ...] = ()
    language: str = "en"
    summary: str | None = None

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def claim(self, claim_id: str) -> Claim:
        return next(c for c in self.claims if c.id == claim_id)
