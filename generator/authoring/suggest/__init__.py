"""``python -m generator suggest STORY_DIR [--json]``: draft claims from the texts.

Pipeline: read and split the texts (:mod:`.texts`), align their sentences
(:mod:`.align`), guess credits (:mod:`.attribution`), find figures and dates
(:mod:`.numbers`, grouped by :mod:`.figures`), compare wording (:mod:`.framing`),
rank and merge (:mod:`.rank`), then print JSON (contract: DESIGN.md) or a YAML
draft (:mod:`.draft`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .align import shared_passages
from .attribution import credits
from .figures import numeric_suggestions
from .framing import distinctive_suggestions, substitution_suggestion
from .model import Suggestion
from .numbers import figures
from .passages import parts_of, passage_suggestion
from .rank import LIMIT, rank
from .reusemap import ReuseShare, reuse_map
from .texts import Text, Weights, read_texts
from .vague import vague_suggestions


@dataclass(frozen=True)
class Result:
    texts: tuple[Text, ...]
    suggestions: tuple[Suggestion, ...]
    reuse: tuple[ReuseShare, ...]

    def json(self) -> dict:
        return {
            "suggestions": [s.json() for s in self.suggestions],
            "reuse_map": [r.json() for r in self.reuse],
        }


def suggest(folder: Path, limit: int = LIMIT) -> Result:
    texts = read_texts(Path(folder))
    weights = Weights.of(texts)
    by_id = {t.id: t for t in texts}
    credit = {t.id: credits(t) for t in texts}
    found: list[Suggestion] = []
    shared = shared_passages(texts, weights)
    all_parts = []
    for passage in shared:
        parts = parts_of(passage, by_id, credit)
        all_parts.append(parts)
        found.extend(
            s for s in (passage_suggestion(passage, parts), substitution_suggestion(parts)) if s
        )
    found.extend(numeric_suggestions(texts, figures(texts), weights, credit))
    found.extend(distinctive_suggestions(texts))
    found.extend(vague_suggestions(texts, credit))
    return Result(tuple(texts), tuple(rank(found, limit)), tuple(reuse_map(texts, all_parts)))
