"""Resolve quotes to character offsets (corpus contract: "Anchoring").

A quote must occur in its source after folding runs of white space to one space;
nothing else is folded. It must occur once, unless ``prefix``/``suffix`` single out
one occurrence (the W3C Web Annotation TextQuoteSelector idea). Offsets are given
in the *original* text, so highlighting shows the source's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

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


@dataclass(frozen=True)
class NearMiss:
    """The passage of a source most like a quote that was not found, and where they
    first differ: ``text_mark``/``quote_mark`` show a few characters of each with the
    differing part in [brackets]; ``chars`` names look-alike characters."""

    passage: str
    score: float  # 0..100, rapidfuzz's partial ratio of quote and passage
    text_mark: str = ""
    quote_mark: str = ""
    chars: str = ""


_CONTEXT = 18  # characters shown on each side of the first difference


def near_miss(source: FoldedText, quote: str) -> NearMiss:
    """Where ``quote`` nearly occurs in ``source``.

    rapidfuzz's ``partial_ratio_alignment`` finds the window of the text most like the
    quote (C speed over a whole article); the window is widened to whole words, and a
    Levenshtein alignment of quote and window, minus the window's own words before and
    after the quote, gives the first difference.
    """
    needle = fold(quote)
    text = source.folded
    if not text or not needle:
        return NearMiss("", 0.0)
    found = fuzz.partial_ratio_alignment(needle, text)
    start = text.rfind(" ", 0, found.dest_start) + 1
    end = text.find(" ", found.dest_end)
    window = text[start : len(text) if end == -1 else end]
    ops = list(Levenshtein.opcodes(needle, window))
    while ops and ops[0].tag == "insert" and ops[0].src_end == 0:
        ops.pop(0)  # words of the text before the quote
    while ops and ops[-1].tag == "insert" and ops[-1].src_start == len(needle):
        ops.pop()  # words of the text after it
    if not ops:
        return NearMiss(window, found.score)
    passage = window[ops[0].dest_start : ops[-1].dest_end]
    first = next((op for op in ops if op.tag != "equal"), None)
    if first is None:
        return NearMiss(passage, found.score)
    shift = ops[0].dest_start
    return NearMiss(
        passage,
        found.score,
        _mark(passage, first.dest_start - shift, first.dest_end - shift),
        _mark(needle, first.src_start, first.src_end),
        _char_names(
            window[first.dest_start : first.dest_end], needle[first.src_start : first.src_end]
        ),
    )


def _mark(text: str, start: int, end: int) -> str:
    """``…bridge[’]s coll…``: the differing part in brackets, a little context around it."""
    differing = text[start:end]
    if len(differing) > _CONTEXT:
        differing = differing[:_CONTEXT] + "…"
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    lead = "…" if start > _CONTEXT else ""
    tail = "…" if end + _CONTEXT < len(text) else ""
    return f"{lead}{before}[{differing}]{after}{tail}"


def _char_names(in_text: str, in_quote: str) -> str:
    """Name single look-alike characters (’ and ', – and -, « and "), else nothing."""
    if len(in_text) != 1 or len(in_quote) != 1 or (in_text + in_quote).isalnum():
        return ""
    return f"{in_text} is {_char_name(in_text)}, {in_quote} is {_char_name(in_quote)}"


def _char_name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def closest_passage(source: FoldedText, quote: str) -> str:
    """The passage of ``source`` most like ``quote``, to show where a typo is."""
    return near_miss(source, quote).passage
