"""Which sentences of different texts tell the same thing, and how closely.

Two levels, both with rapidfuzz (C speed, maintained, MIT):

* **sentences**: every sentence of one text against every sentence of another, as
  the longest common subsequence of their content-word stems (``LCSseq`` over
  strings in which each stem is one character, so rapidfuzz compares words, not
  letters). Tolerant of small edits: a word added, dropped or changed
  lowers the count by one, it does not break the match. Two sentences that quote
  the same words (in any quotation marks) are linked too, however short the quote.
* **words**: a linked pair aligned word by word (``Levenshtein.opcodes`` on all
  normalised words) for the runs the texts share and the words the copy changed.

Linked sentences are then grouped into *passages* (one sentence or two neighbours
per text at most), greedily from the strongest link, so one passage never swallows
half a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz.distance import LCSseq, Levenshtein

from ...building.reuse import FUNCTION_WORDS, LONG_RUN, MIN_BLOCK, MIN_WORDS, SHARED_SHARE
from .texts import Sentence, Text, Weights, is_content, stem

# Sentences are linked when they share this many content words in order …
MIN_SHARED = 4
# … and those make up this share of the shorter sentence's content words (by weight),
MIN_SHARE = 0.45
# … or there are this many of them: so many words in one order are no accident,
# even inside two long sentences that say more besides.
MANY_SHARED = 8


@dataclass(frozen=True)
class Link:
    a: Sentence
    b: Sentence
    shared: int  # content words in common, in order
    share: float  # weighted share of the shorter sentence


@dataclass(frozen=True)
class Passage:
    """Sentences of two or more texts that tell the same thing (one entry per text,
    a run of one or two neighbouring sentences)."""

    parts: tuple[tuple[Sentence, ...], ...]
    strength: float  # the strongest link's share

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(p[0].source for p in self.parts)


class _Codes:
    """One character per stem, so that rapidfuzz compares sequences of words."""

    def __init__(self) -> None:
        self.table: dict[str, str] = {}

    def encode(self, words) -> str:
        return "".join(self.table.setdefault(w, chr(0x100 + len(self.table))) for w in words)


def links(texts: list[Text], weights: Weights) -> list[Link]:
    codes = _Codes()
    coded = {t.id: [codes.encode(s.content) for s in t.sentences] for t in texts}
    quoted = {t.id: [_quoted(t, s) for s in t.sentences] for t in texts}
    found = []
    for ta, tb in combinations(texts, 2):
        for i, ca in enumerate(coded[ta.id]):
            for j, cb in enumerate(coded[tb.id]):
                shared = LCSseq.similarity(ca, cb, score_cutoff=MIN_SHARED)
                a, b = ta.sentences[i], tb.sentences[j]
                if not shared:
                    shared = _same_quote(quoted[ta.id][i], quoted[tb.id][j])
                    if shared:
                        found.append(Link(a, b, shared, _share(a, b, weights)))
                    continue
                share = _share(a, b, weights)
                if share >= MIN_SHARE or shared >= MANY_SHARED:
                    found.append(Link(a, b, shared, share))
    return sorted(found, key=lambda k: (-k.share, -k.shared, k.a.source, k.a.index, k.b.index))


# Words in quotation marks or guillemets: a short quote that two texts print alike
# ("«unjustified and irresponsible»") is one passage, however little else they share.
_QUOTE = re.compile(r"[“\"«]([^“”\"«»]{3,200})[”\"»]")
MIN_QUOTED = 2  # content words in the quote, at least


def _quoted(text: Text, s: Sentence) -> tuple[tuple[str, ...], ...]:
    """The content stems of each quotation in a sentence."""
    found = []
    for m in _QUOTE.finditer(text.text, s.start, s.end):
        # Tokens are runs of non-space: the marks are part of the first and last word.
        words = tuple(t for t in s.tokens if t.start < m.end(1) and m.start(1) < t.end)
        stems = tuple(stem(t.key) for t in words if is_content(t.key))
        if len(stems) >= MIN_QUOTED:
            found.append(stems)
    return tuple(found)


def _same_quote(a, b) -> int:
    """How many content words a quotation of one sentence shares with one of the
    other's, when those are all of its words (0: none alike)."""
    return max((len(qa) for qa in a for qb in b if qa == qb), default=0)


def _share(a: Sentence, b: Sentence, weights: Weights) -> float:
    """Weight of the in-order common words over the weight of the shorter sentence."""
    ca, cb = a.content, b.content
    common = _common(ca, cb)
    shorter = min(weights.weight(ca), weights.weight(cb)) or 1.0
    return weights.weight(common) / shorter


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    codes = _Codes()
    sa, sb = codes.encode(a), codes.encode(b)
    common = []
    for op in LCSseq.editops(sa, sb).as_matching_blocks():
        common.extend(a[op.a : op.a + op.size])
    return common


def shared_passages(texts: list[Text], weights: Weights) -> list[Passage]:
    """Group linked sentences, strongest links first; a text joins a group once
    (a second sentence only when it neighbours the first)."""
    group_of: dict[tuple[str, int], int] = {}
    groups: list[dict[str, list[Sentence]]] = []
    strength: list[float] = []
    for link in links(texts, weights):
        ka, kb = (link.a.source, link.a.index), (link.b.source, link.b.index)
        ga, gb = group_of.get(ka), group_of.get(kb)
        if ga is None and gb is None:
            group_of[ka] = group_of[kb] = len(groups)
            groups.append({link.a.source: [link.a], link.b.source: [link.b]})
            strength.append(link.share)
        elif ga is not None and gb is None:
            _join(groups[ga], link.b, group_of, ga)
        elif gb is not None and ga is None:
            _join(groups[gb], link.a, group_of, gb)
    found = []
    for group, best in zip(groups, strength, strict=True):
        if len(group) >= 2:
            parts = tuple(tuple(sorted(s, key=lambda x: x.index)) for s in group.values())
            found.append(Passage(tuple(sorted(parts, key=lambda p: p[0].source)), best))
    return found


def _join(group: dict[str, list[Sentence]], sentence: Sentence, group_of, number: int) -> None:
    have = group.get(sentence.source)
    if have is None:
        group[sentence.source] = [sentence]
    elif len(have) == 1 and abs(have[0].index - sentence.index) == 1:
        have.append(sentence)
    else:
        return
    group_of[(sentence.source, sentence.index)] = number


@dataclass(frozen=True)
class WordAlignment:
    """How a copy's words line up with an original's (indices into their word lists)."""

    a_words: int
    b_words: int
    runs: tuple[tuple[int, int, int], ...]  # (a index, b index, length) of shared runs
    changed: tuple[int, ...]  # b's content words that a does not have in that place

    @property
    def longest_run(self) -> int:
        return max((n for _, _, n in self.runs), default=0)

    def shared(self, min_run: int = 1) -> int:
        return sum(n for _, _, n in self.runs if n >= min_run)

    def is_reuse(self) -> bool:
        """The builder's rule (building/reuse.py), so that what ``suggest`` calls a
        copy is what ``copied-from`` will trace: a long run, or a large share in runs."""
        if self.longest_run >= LONG_RUN:
            return True
        shorter = min(self.a_words, self.b_words)
        return shorter >= MIN_WORDS and self.shared(MIN_BLOCK) >= SHARED_SHARE * shorter


def align_words(a_keys: list[str], b_keys: list[str]) -> WordAlignment:
    codes = _Codes()
    # Punctuation alone never matches: give each its own code.
    sa = codes.encode(k or f"\0a{i}" for i, k in enumerate(a_keys))
    sb = codes.encode(k or f"\0b{i}" for i, k in enumerate(b_keys))
    runs, changed = [], []
    for op in Levenshtein.opcodes(sa, sb):
        if op.tag == "equal":
            runs.append((op.src_start, op.dest_start, op.src_end - op.src_start))
        elif op.tag in ("replace", "insert"):
            changed.extend(
                j
                for j in range(op.dest_start, op.dest_end)
                if b_keys[j] and b_keys[j] not in FUNCTION_WORDS
            )
    return WordAlignment(len(a_keys), len(b_keys), tuple(runs), tuple(changed))
