"""Resolve quotes to character offsets (corpus contract: "Anchoring").

A quote must occur in its source after folding runs of white space to one space;
nothing else is folded. It must occur once, unless ``prefix``/``suffix`` single out
one occurrence (the W3C Web Annotation TextQuoteSelector idea). Offsets are given
in the *original* text, so highlighting shows the source's own characters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class FoldedText:
    """``text`` with runs of white space folded to one space, and a map back."""

    folded: str
    origin: tuple[int, ...]  # origin[i] = index in the original text of folded[i]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        parts: list[str] = []
        origin: list[int] = []
        pos = 0
        for match in _SPACE_RUN.finditer(text):
            parts.append(text[pos : match.start()])
            origin.extend(range(pos, match.start()))
            parts.append(" ")
            origin.append(match.start())
            pos = match.end()
        parts.append(text[pos:])
        origin.extend(range(pos, len(text)))
        return cls("".join(parts), tuple(origin))


def fold(text: str) -> str:
    return _SPACE_RUN.sub(" ", text)


@dataclass(frozen=True)
class Anchor:
    """The outcome of anchoring: offsets, or why not (``count`` occurrences found)."""

    start: int | None
    end: int | None
    count: int


def find_quote(
    source: FoldedText, quote: str, prefix: str | None = None, suffix: str | None = None
) -> Anchor:
    """Find ``quote`` in ``source``; ``count`` is the number of candidate occurrences."""
    needle = fold(quote)
    hits = []
    at = source.folded.find(needle)
    while at != -1:
        if _context_fits(source.folded, at, at + len(needle), prefix, suffix):
            hits.append(at)
        at = source.folded.find(needle, at + 1)
    if len(hits) != 1:
        return Anchor(None, None, len(hits))
    start = source.origin[hits[0]]
    end = source.origin[hits[0] + len(needle) - 1] + 1
    return Anchor(start, end, 1)


def _context_fits(text: str, start: int, end: int, prefix: str | None, suffix: str | None) -> bool:
    # White space at the seam between context and quote is not significant:
    # "said" and "said " both single out the quote in "... said X".
    if prefix is not None and not text[:start].rstrip().endswith(fold(prefix).rstrip()):
        return False
    return suffix is None or text[end:].lstrip().startswith(fold(suffix).lstrip())


def closest_passage(source: FoldedText, quote: str) -> str:
    """The passage of ``source`` most like ``quote``, to show where a typo is."""
    needle = fold(quote)
    text = source.folded
    width = len(needle)
    if not text or not needle:
        return ""
    starts = [0] + [m.end() for m in re.finditer(" ", text)]
    best, best_ratio = text[:width], -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for start in starts:
        window = text[start : start + width]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best
