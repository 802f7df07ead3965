"""Ranking and merging: fewer, better suggestions.

A suggestion overlaps a stronger one of its family when at least half of its
passages overlap the stronger one's (same source, overlapping characters; for
figures, the same figure). It is then merged into the stronger one: its passages of
texts the stronger one lacks are added and its reason kept. A suggestion that only
touches another (one passage of five) stays: it says something else. The list is
sorted by score, best first, ties broken by position so that the output is
deterministic, and cut at ``limit``.
"""

from __future__ import annotations

from .model import Suggestion

LIMIT = 60


def _same(x, y) -> bool:
    """One passage (for figures, one figure: a sentence can give a count and a date
    that are about different things)."""
    return (
        x.source == y.source
        and x.start < y.end
        and y.start < x.end
        and x.fields.get("figure") == y.fields.get("figure")
    )


def overlaps(stronger: Suggestion, weaker: Suggestion) -> bool:
    shared = sum(any(_same(x, y) for x in stronger.mentions) for y in weaker.mentions)
    return 2 * shared >= len(weaker.mentions)


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
