"""The reuse map (issue 12 item 5): for each pair of a story's texts where one
reproduces passages of the other, the shared passages lined up, the words each text
has that the other lacks, and how much of each text is in the other.

Derived from the texts alone, so every story gets it and a story without copying
gets none. The comparison is :mod:`.reuse`'s, the one copy tracing rests on: the
same words (runs of non-white-space), normalised the same way, aligned with
:class:`difflib.SequenceMatcher` (standard library: the runtime that renders the map
must run under Pyodide, and the copy questions already trust this alignment).

Whole texts are aligned once; matching runs of at least ``MIN_BLOCK`` words that lie
close together (gaps of at most ``MAX_GAP`` words on both sides) form one shared
passage, kept when it has ``LONG_RUN`` matching words or more: the length
:func:`.reuse.is_reuse` takes as "not chance". SequenceMatcher keeps the order of the
texts: a passage moved elsewhere in the copy is not lined up (the map shows less
reuse than there is, never more).

The spec carries only character offsets (``reuse_records``); the runtime cuts the
passages from the source texts the spec holds already, so the map costs a notebook
a few numbers per passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from itertools import combinations
from typing import Any

from ..model import Source
from .reuse import LONG_RUN, MIN_BLOCK, keys

MAX_GAP = 6  # words either text may add or change inside one shared passage
# A pair is on the map when one passage has this many matching words: two texts
# that share only a stock phrase ("help from the Collective Security Treaty
# Organization (CSTO)") do not copy each other.
PAIR_RUN = 12
# Slots whose answers the map would show (which text copies which, what a copy
# changed, whether quoted words are the speaker's own): the map stays closed
# until a module's questions of these slots are answered.
GATED_SLOTS = ("copied-from", "what-changed", "quote-or-paraphrase")
GATED_MOVES = ("trace-the-original", "quote-or-paraphrase")  # hand-written ones too

_WORD = re.compile(r"\S+")
Span = tuple[int, int]


@dataclass(frozen=True)
class SharedPassage:
    """One passage of both texts: character spans, and the spans of the words in
    each that the other text's passage does not have."""

    a: Span
    b: Span
    a_changed: tuple[Span, ...]
    b_changed: tuple[Span, ...]


@dataclass(frozen=True)
class ReusePair:
    a: str  # source id (the earlier of the two in the story's order)
    b: str
    a_share: int  # percent of a's words that are in a shared passage, matched
    b_share: int
    passages: tuple[SharedPassage, ...]


def reuse_pairs(sources: tuple[Source, ...] | list[Source]) -> list[ReusePair]:
    """Every pair of texts sharing at least one passage, in the story's order."""
    return list(_pairs(tuple((s.id, s.text) for s in sources)))


@cache
def _pairs(texts: tuple[tuple[str, str], ...]) -> tuple[ReusePair, ...]:
    # Every module of a story carries the same map: align the texts once per build.
    pairs = (pair_of(a, b) for a, b in combinations(texts, 2))
    return tuple(p for p in pairs if p is not None)


def pair_of(a: tuple[str, str], b: tuple[str, str]) -> ReusePair | None:
    """The passages texts ``a`` and ``b`` (id, text) share, or None."""
    (a_id, a_text), (b_id, b_text) = a, b
    a_spans, b_spans = word_spans(a_text), word_spans(b_text)
    matcher = SequenceMatcher(None, keys(a_text), keys(b_text), autojunk=False)
    blocks = [blk for blk in matcher.get_matching_blocks() if blk.size >= MIN_BLOCK]
    groups = [g for g in grouped(blocks) if sum(blk.size for blk in g) >= LONG_RUN]
    if not any(sum(blk.size for blk in g) >= PAIR_RUN for g in groups):
        return None
    passages = tuple(passage_of(g, a_spans, b_spans) for g in groups)
    matched = sum(blk.size for g in groups for blk in g)
    return ReusePair(
        a_id,
        b_id,
        percent(matched, len(a_spans)),
        percent(matched, len(b_spans)),
        passages,
    )


def grouped(blocks: list[Any]) -> list[list[Any]]:
    """Matching runs in text order, grouped where both gaps are at most MAX_GAP words."""
    groups: list[list[Any]] = []
    for blk in blocks:
        if groups:
            last = groups[-1][-1]
            gap_a, gap_b = blk.a - (last.a + last.size), blk.b - (last.b + last.size)
            if gap_a <= MAX_GAP and gap_b <= MAX_GAP:
                groups[-1].append(blk)
                continue
        groups.append([blk])
    return groups


def passage_of(group: list[Any], a_spans: list[Span], b_spans: list[Span]) -> SharedPassage:
    first, last = group[0], group[-1]
    a_range = range(first.a, last.a + last.size)
    b_range = range(first.b, last.b + last.size)
    a_kept = {blk.a + k for blk in group for k in range(blk.size)}
    b_kept = {blk.b + k for blk in group for k in range(blk.size)}
    return SharedPassage(
        (a_spans[a_range[0]][0], a_spans[a_range[-1]][1]),
        (b_spans[b_range[0]][0], b_spans[b_range[-1]][1]),
        runs([i for i in a_range if i not in a_kept], a_spans),
        runs([j for j in b_range if j not in b_kept], b_spans),
    )


def runs(indices: list[int], spans: list[Span]) -> tuple[Span, ...]:
    """Character spans of consecutive word indices, one span per run."""
    out: list[list[int]] = []
    for i in indices:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return tuple((spans[s][0], spans[e][1]) for s, e in out)


def word_spans(text: str) -> list[Span]:
    """(start, end) of each word, in the order :func:`.reuse.keys` lists them."""
    return [m.span() for m in _WORD.finditer(text)]


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def reuse_spec(sources, questions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The map as a module spec carries it: the pairs, and the questions to answer
    before it opens (None when no two texts share a passage)."""
    pairs = reuse_pairs(sources)
    return {"pairs": reuse_records(pairs), "after": gated_by(questions)} if pairs else None


def reuse_records(pairs: list[ReusePair]) -> list[dict[str, Any]]:
    """The pairs as the module spec carries them (JSON: lists, not tuples)."""
    return [
        {
            "a": p.a,
            "b": p.b,
            "a_share": p.a_share,
            "b_share": p.b_share,
            "passages": [
                {
                    "a": list(s.a),
                    "b": list(s.b),
                    "a_changed": [list(c) for c in s.a_changed],
                    "b_changed": [list(c) for c in s.b_changed],
                }
                for s in p.passages
            ],
        }
        for p in pairs
    ]


def gated_by(questions: list[dict[str, Any]]) -> list[str]:
    """Ids of a module's questions the map would answer: the derived slots above, and
    any question (hand-written too) practising tracing or quotation checking."""
    return [
        q["id"]
        for q in questions
        if q["id"].partition("/")[2] in GATED_SLOTS or q.get("move") in GATED_MOVES
    ]
