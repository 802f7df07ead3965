"""Attribution within one text: passages credited to no one in particular.

"officials said", "according to rights groups", "experts say", "reportedly", "is
believed to": a reader cannot check a claim whose source is not named. One
suggestion per text with two or more such passages (a claim needs two mentions),
whatever the other texts say: the discrepancy is between the claim's weight and its
source.
"""

from __future__ import annotations

import re

from .attribution import Credit
from .model import Mention, Suggestion
from .texts import Text

# Hedges that hide the source without any cue word for a speaker.
_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|is|are|was|were) (?:believed|said|thought|reported) to\b|"
    r"\breportedly\b|\ballegedly\b|\bit is (?:believed|said|claimed)\b",
    re.I,
)
# Passages quoted per text (more would not be read).
MAX_PASSAGES = 5


def vague_suggestions(texts: list[Text], credits: dict[str, dict[int, Credit]]) -> list[Suggestion]:
    found = []
    for text in texts:
        picked = []
        for s in text.sentences:
            passage = text.text[s.start : s.end]
            credit = credits[text.id][s.index]
            if credit.kind == "unnamed" or _HEDGES.search(passage):
                unnamed = credit.kind == "unnamed"
                how = credit.shown if unnamed else "a hedge, no source"
                picked.append((s, passage, how, credit.label))
        if len(picked) < 2:
            continue
        picked = picked[:MAX_PASSAGES]
        mentions = tuple(
            Mention(text.id, s.start, s.end, passage, {"credited_to": label})
            for s, passage, _, label in picked
        )
        why = f"{text.id} credits {len(picked)} passages to no one in particular: " + "; ".join(
            how for _, _, how, _ in picked
        )
        found.append(
            Suggestion(
                "attribution",
                mentions,
                why,
                0.5 + 0.02 * len(picked),
                f"Whom does {text.id} leave unnamed?",
            )
        )
    return found
