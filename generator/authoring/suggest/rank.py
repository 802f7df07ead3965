"""Ranking and merging: fewer, better suggestions.

Two suggestions of one family overlap when they share a passage (a source and
overlapping characters); the weaker is merged into the stronger (its passages of
texts the stronger lacks are added, its reason kept). Then the list is sorted by
score, best first, ties broken by position so the output is deterministic, and cut
at ``limit``.
"""

from __future__ import annotations

from .model import Suggestion

LIMIT = 60


def overlaps(a: Suggestion, b: Suggestion) -> bool:
    return any(
        x.source == y.source and x.start < y.end and y.start < x.end
        for x in a.mentions
        for y in b.mentions
    )


def _merge(kept: Suggestion, weaker: Suggestion) -> Suggestion:
    have = {m.source for m in kept.mentions}
    added = tuple(m for m in weaker.mentions if m.source not in have)
    if not added:
        return kept
    mentions = tuple(sorted((*kept.mentions, *added), key=lambda m: (m.source, m.start)))
    return Suggestion(
        kept.family,
        mentions,
        f"{kept.why}. Also: {weaker.why}",
        kept.score,
        kept.topic,
        kept.extra,
    )


def _order(s: Suggestion) -> tuple:
    first = min((m.source, m.start) for m in s.mentions)
    return (-round(s.score, 6), s.family, first)


def rank(suggestions: list[Suggestion], limit: int = LIMIT) -> list[Suggestion]:
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=_order):
        twin = next(
            (i for i, k in enumerate(kept) if k.family == s.family and overlaps(k, s)), None
        )
        if twin is None:
            kept.append(s)
        else:
            kept[twin] = _merge(kept[twin], s)
    return sorted(kept, key=_order)[:limit]
