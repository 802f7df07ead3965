"""How much of each text appears in another: the reuse map of a story.

Summed over the shared passages that pass the builder's reuse rule, the words in
runs of three or more (``reuse.MIN_BLOCK``) that two texts have in common, as a
share of each text's words. "62 % of kazykhan-article's words are in runs shared
with mfa-commentary" says where to look first; it does not say who copied whom
(dates and credits decide that).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...building.reuse import MIN_BLOCK
from .passages import Part, copies
from .texts import Text


@dataclass(frozen=True)
class ReuseShare:
    a: str
    b: str
    shared_words: int
    share_of_a: float  # of a's words
    share_of_b: float

    def json(self) -> dict:
        return {
            "texts": [self.a, self.b],
            "shared_words": self.shared_words,
            "share": {self.a: round(self.share_of_a, 3), self.b: round(self.share_of_b, 3)},
        }

    def line(self) -> str:
        return (
            f"{self.a} and {self.b} share {self.shared_words} words in copied runs: "
            f"{self.share_of_a:.0%} of {self.a}, {self.share_of_b:.0%} of {self.b}"
        )


def reuse_map(texts: list[Text], all_parts: list[list[Part]]) -> list[ReuseShare]:
    size = {t.id: len(t.text.split()) or 1 for t in texts}
    shared: dict[tuple[str, str], int] = {}
    for parts in all_parts:
        for a, b, aligned in copies(parts):
            pair = (a.source, b.source)
            shared[pair] = shared.get(pair, 0) + aligned.shared(MIN_BLOCK)
    found = [ReuseShare(a, b, n, n / size[a], n / size[b]) for (a, b), n in shared.items()]
    return sorted(found, key=lambda r: (-max(r.share_of_a, r.share_of_b), r.a, r.b))
