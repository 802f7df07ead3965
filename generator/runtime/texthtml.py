"""Corpus text as HTML and Markdown: always escaped first, markup added around it.

Source texts, quotes, titles and learners' names are data. Every function here
escapes them before it adds any tag, so ``<script>`` in a source shows as text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

# A paragraph break: a line that is empty or only white space.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_WHITE_SPACE = re.compile(r"\s+")
# CommonMark lets every ASCII punctuation character be backslash-escaped; escaping
# all of them (before HTML escaping) keeps names like "*Ana*" or "a|b" literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([!#$%()*+,\-./:;=?@\[\\\]^_`{|}~])")

Span = tuple[int, int, str]  # (start, end, tag) in the text's own character offsets


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def escape_markdown(text: object) -> str:
    """Text as Markdown that renders as exactly that text, on one line."""
    folded = _WHITE_SPACE.sub(" ", str(text)).strip()
    # Backslashes first, entities second: "&lt\\;" would not be an entity any more.
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", folded), quote=True)


def term_spans(text: str, start: int, end: int, terms: Iterable[str], tag: str) -> list[Span]:
    """Where each term occurs in ``text[start:end]`` (white space runs match any run)."""
    spans: list[Span] = []
    window = text[start:end]
    for term in terms:
        parts = str(term).split()
        if not parts:
            continue
        pattern = re.compile(r"\s+".join(re.escape(part) for part in parts))
        spans.extend((start + m.start(), start + m.end(), tag) for m in pattern.finditer(window))
    return spans


def whole_text(text: str, spans: Iterable[Span] = ()) -> str:
    """The whole text as ``<p>`` paragraphs (single newlines as ``<br>``), each span
    wrapped in its tag. Spans may cross paragraphs: each piece is wrapped on its own,
    so the HTML stays well formed.

    One sweep over the cut points: breaks and span ends are met in order, so the work
    grows with the text (a source of 8,000 paragraphs once took 2 s per render when
    every piece searched all breaks and all spans).
    """
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    text = text[: len(text.rstrip())]  # trailing newlines would end in an empty line
    breaks = {m.start(): m.end() for m in _PARAGRAPH_BREAK.finditer(text)}
    points = {0, len(text), *breaks, *breaks.values()}
    points.update(min(p, len(text)) for s in spans for p in s[:2])
    starting, ending = _span_edges(spans, len(text))
    active: Counter[str] = Counter()  # tags of the spans covering the current piece
    parts = ["<p>"]
    inside_break_until = -1
    ordered = sorted(points)
    for a, b in zip(ordered, ordered[1:], strict=False):
        active.subtract(ending.get(a, ()))
        active.update(starting.get(a, ()))
        if a in breaks:
            parts.append("</p>\n<p>")
            inside_break_until = breaks[a]
        if b <= inside_break_until:  # white space between paragraphs: not shown
            continue
        piece = esc(text[a:b]).replace("\n", "<br>")
        parts.append(_wrap(piece, [tag for tag, n in active.items() if n > 0]))
    parts.append("</p>")
    return "".join(parts)


def _span_edges(spans: list[Span], length: int) -> tuple[dict[int, list], dict[int, list]]:
    """The tags whose spans start at each point, and those whose spans end there."""
    starting: dict[int, list[str]] = {}
    ending: dict[int, list[str]] = {}
    for start, end, tag in spans:
        if start < length:  # a span over trailing white space only covers nothing
            starting.setdefault(start, []).append(tag)
            ending.setdefault(min(end, length), []).append(tag)
    return starting, ending


def snippet(text: str, start: int, end: int, spans: Iterable[Span] = (), around: int = 100) -> str:
    """``text[start:end]`` in ``<mark>`` with about ``around`` characters of context on
    each side (cut at word boundaries, white space folded), on one line."""
    low, high = _context_bounds(text, start, end, around)
    marks = [(start, end, "mark"), *spans]
    points = sorted({low, high, *(p for s in marks for p in s[:2] if low <= p <= high)})
    parts = ["…" if low > 0 else ""]
    for a, b in zip(points, points[1:], strict=False):
        piece = esc(_WHITE_SPACE.sub(" ", text[a:b]))
        parts.append(_wrap(piece, [tag for s, e, tag in marks if s <= a and b <= e]))
    parts.append("…" if high < len(text) else "")
    return "".join(parts).strip()


def _context_bounds(text: str, start: int, end: int, around: int) -> tuple[int, int]:
    low = max(0, start - around)
    if low > 0:  # start after a white space, not in the middle of a word
        space = text.find(" ", low, start)
        low = space + 1 if space != -1 else low
    high = min(len(text), end + around)
    if high < len(text):
        space = text.rfind(" ", end, high)
        high = space if space != -1 else high
    return low, high


# Outer tags first, so nesting is the same wherever spans overlap.
_TAG_ORDER = {"mark": 0, "strong": 1}


def _wrap(piece: str, tags: list[str]) -> str:
    if not piece:
        return piece
    ordered = sorted(set(tags), key=lambda t: (_TAG_ORDER.get(t, 9), t))
    opening = "".join(f"<{t}>" for t in ordered)
    closing = "".join(f"</{t}>" for t in reversed(ordered))
    return f"{opening}{piece}{closing}"


def format_number(value: float | int) -> str:
    """2500.0 → "2,500"; 0.25 → "0.25": how figures are written for people."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6g}" if abs(value) >= 1e15 else f"{value:,.10g}"


def format_score(value: float) -> str:
    """Scores for people: 3.0 → "3", 0.5 → "0.5", 1/3 → "0.33"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
