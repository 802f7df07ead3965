"""Which passages reuse which: a word-level alignment of two passages.

Copy tracing (``copied-from``), "what the copy changed" (``what-changed``) and
"quote or paraphrase" all rest on one comparison: the passages split into words
exactly as a ``words`` question splits them (runs of non-white-space, so token
indices are shared), each word normalised (case folded, surrounding punctuation and
quotation marks dropped, ’ read as '), then aligned with
:class:`difflib.SequenceMatcher`. Nothing here guesses: two passages count as one
reusing the other only when they share a long run of words (see :func:`is_reuse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A run this long of the same words in the same order is not chance: one text
# reproduces the other (or both reproduce a third).
LONG_RUN = 8
# ... or, for short passages, this share of the shorter one in runs of MIN_BLOCK words.
SHARED_SHARE = 0.6
MIN_BLOCK = 3
MIN_WORDS = 6  # a passage shorter than this is too short to show copying by share
# Quoted words that match the speaker's own text in one run this long are "exact";
# this little, a paraphrase; in between the texts do not settle it.
EXACT_SHARE = 0.9
PARAPHRASE_SHARE = 0.6

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’«»„‚‹›()[]{},.;:!?…–—-*"
# Articles, prepositions, conjunctions, auxiliaries and pronouns: never the words
# that frame or change a claim, so never needed for full credit. Modal verbs (may,
# might, could …) are not among them: "may have trained abroad" is a hedge.
_FUNCTION_WORDS = """
    a an the
    of to in on at by for from with into onto upon about as than via per over under
    after before between among through during since until within without against
    towards toward around across along amid off out up down
    and or but nor so yet if that whether while because although though when where
    is are was were be been being am has have had having do does did
    it its this these those there their they them which who whom whose what
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
_PAIRS = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def normalise(word: str) -> str:
    return word.strip(_EDGE_PUNCT).replace("’", "'").casefold()


def words(text: str) -> list[str]:
    """The white-space separated words of ``text``, as a ``words`` question has them."""
    return _TOKEN.findall(text)


def keys(text: str) -> list[str]:
    """Normalised words; a word that is only punctuation never matches anything."""
    return [normalise(w) or f"\0{i}" for i, w in enumerate(words(text))]


@dataclass(frozen=True)
class Alignment:
    """How two passages line up: matching runs of words, as (a index, b index, size)."""

    a_words: int
    b_words: int
    blocks: tuple[tuple[int, int, int], ...]

    @property
    def longest_run(self) -> int:
        return max((size for _, _, size in self.blocks), default=0)

    def shared(self, min_block: int = 1) -> int:
        return sum(size for _, _, size in self.blocks if size >= min_block)

    def b_kept(self) -> set[int]:
        """Indices of b's words that are aligned with a word of a."""
        return {j + k for _, j, size in self.blocks for k in range(size)}


def align(a_text: str, b_text: str) -> Alignment:
    a, b = keys(a_text), keys(b_text)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = tuple((i, j, n) for i, j, n in matcher.get_matching_blocks() if n)
    return Alignment(len(a), len(b), blocks)


def is_reuse(a_text: str, b_text: str) -> bool:
    """True when the passages share ≥ LONG_RUN words in a row, or MIN_BLOCK-word runs
    that make up ≥ SHARED_SHARE of the shorter passage (of at least MIN_WORDS words)."""
    found = align(a_text, b_text)
    if found.longest_run >= LONG_RUN:
        return True
    shorter = min(found.a_words, found.b_words)
    return shorter >= MIN_WORDS and found.shared(MIN_BLOCK) >= SHARED_SHARE * shorter


def changed_words(original: str, copy: str) -> list[int]:
    """Indices of the copy's words that the original lacks (added or changed), minus
    function words: what a learner should select as "what the copy changed"."""
    kept = align(original, copy).b_kept() | moved_words(original, copy)
    return [
        i
        for i, key in enumerate(keys(copy))
        if i not in kept and not key.startswith("\0") and key not in FUNCTION_WORDS
    ]


def moved_words(original: str, copy: str) -> set[int]:
    """Indices of the copy's words in runs of MIN_BLOCK or more words that the original
    has too, in another place: a sentence reordered keeps its words."""
    a, b = keys(original), keys(copy)
    runs = {tuple(a[i : i + MIN_BLOCK]) for i in range(len(a) - MIN_BLOCK + 1)}
    found: set[int] = set()
    for j in range(len(b) - MIN_BLOCK + 1):
        if tuple(b[j : j + MIN_BLOCK]) in runs:
            found.update(range(j, j + MIN_BLOCK))
    return found


def function_word_indices(tokens: list[str]) -> list[int]:
    return [i for i, token in enumerate(tokens) if normalise(token) in FUNCTION_WORDS]


def quoted_text(passage: str) -> str:
    """The words of ``passage`` inside quotation marks or guillemets ("" when none).

    A closing mark with no opening one quotes from the passage's start; an opening
    mark never closed quotes to its end (a passage often cuts a quotation). ’ only
    closes a ‘: otherwise it is an apostrophe (doesn’t, protesters’)."""
    parts: list[str] = []
    opener, start = "", 0
    for i, char in enumerate(passage):
        if opener and char == _PAIRS[opener]:
            parts.append(passage[start:i])
            opener = ""
        elif not opener and char in _PAIRS and not (char == "‘" and _inside_word(passage, i)):
            opener, start = char, i + 1
        elif not opener and not parts and char in "”»":
            parts.append(passage[:i])
    if opener:
        parts.append(passage[start:])
    return " ".join(p.strip() for p in parts if p.strip())


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def quote_verdict(quoted: str, own_words: str) -> str | None:
    """ "exact", "paraphrase", or None (in between: the texts do not settle it).

    Exact: one unbroken run of the speaker's own words covers ≥ EXACT_SHARE of the
    quoted words. Paraphrase: runs of two or more shared words cover ≤
    PARAPHRASE_SHARE of them. A quotation with a word slipped in is neither."""
    found = align(own_words, quoted)
    quoted_words = max(found.b_words, 1)
    if found.longest_run >= EXACT_SHARE * quoted_words:
        return "exact"
    if found.shared(2) <= PARAPHRASE_SHARE * quoted_words:
        return "paraphrase"
    return None
