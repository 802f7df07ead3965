"""What ``suggest`` proposes: suggestions and their mentions (contract: DESIGN.md,
"suggest --json"; docs/internals.md, Round four)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FAMILIES = ("attribution", "framing", "numeric", "reuse")


@dataclass(frozen=True)
class Mention:
    """One text's passage: ``quote`` is exactly ``text[start:end]``."""

    source: str
    start: int
    end: int
    quote: str
    # Family fields as a claim's mention has them (credited_to, value, terms …).
    fields: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            **self.fields,
        }


@dataclass(frozen=True)
class Suggestion:
    family: str
    mentions: tuple[Mention, ...]
    why: str
    score: float
    topic: str  # a first draft of the claim's topic line
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def json(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "mentions": [m.json() for m in self.mentions],
            "why": self.why,
            "score": round(self.score, 3),
            "topic": self.topic,
            **self.extra,
        }

    def spans(self) -> set[tuple[str, int, int]]:
        return {(m.source, m.start, m.end) for m in self.mentions}
