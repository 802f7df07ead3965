"""A learner's view of a module for the leak and gaming tests: the seed story's modules
loaded with the runtime, answers of every kind, and the text a page shows.

The text a learner reads is taken from the runtime's own HTML with tags stripped
(:class:`VisibleText`), split into *segments* (one block: a paragraph, a list item, a
heading line) grouped into *cards* (one source card or passage card each). Verbatim
source text is left out: the whole texts and the quoted passages (``blockquote`` in a
card) are the evidence a learner is meant to read, so an answer found there is found
by reading, not given away.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.corpus import load_corpus
from generator.questions import module_specs

ROOT = Path(__file__).parent.parent
SEED = ROOT / "corpus"

BLOCKS = {
    *("p", "li", "ul", "ol", "div", "section", "summary", "details", "blockquote"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "dt", "dd", "br"),
    *("label", "legend", "figcaption"),
}
VOID = {"br", "img", "input", "hr", "meta", "wbr"}
CARD_CLASSES = {"samestory-source", "samestory-passage"}
SOURCE_TEXT = "source-text"  # class of a source's whole text


@cache
def seed_specs() -> tuple[dict[str, Any], ...]:
    (story,) = load_corpus(SEED)
    return tuple(module_specs(story))


def fixture_specs(name: str) -> tuple[dict[str, Any], ...]:
    """The module specs of a tests/fixtures/itemcheck/ story."""
    (story,) = load_corpus(Path(__file__).parent / "fixtures" / "itemcheck" / name)
    return tuple(module_specs(story))


@dataclass(frozen=True)
class Segment:
    """One block of visible text; ``card`` numbers the source/passage card it is in."""

    text: str
    card: int | None = None
    heading: bool = False  # the first block of its card: the card's source title


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[Segment] = []
        self._open: list[tuple[str, int | None, bool]] = []  # (tag, card, hidden)
        self._buffer: list[str] = []
        self._cards = 0
        self._card_started: set[int] = set()

    @property
    def _card(self) -> int | None:
        return next((card for _, card, _ in reversed(self._open) if card is not None), None)

    @property
    def _hidden(self) -> bool:
        return any(hidden for _, _, hidden in self._open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        card = None
        if classes & CARD_CLASSES:
            self._cards += 1
            card = self._cards
        hidden = any(SOURCE_TEXT in c for c in classes) or (
            tag == "blockquote" and self._card is not None
        )
        self._open.append((tag, card, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if not text:
            return
        card = self._card
        heading = card is not None and card not in self._card_started
        if card is not None:
            self._card_started.add(card)
        self.segments.append(Segment(text, card, heading))

    def close(self) -> None:
        super().close()
        self._flush()


def visible_segments(html: str) -> list[Segment]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.segments


def cards(segments: list[Segment]) -> dict[int, list[Segment]]:
    grouped: dict[int, list[Segment]] = {}
    for segment in segments:
        if segment.card is not None:
            grouped.setdefault(segment.card, []).append(segment)
    return grouped


# ---------------------------------------------------------------- answers


def right_response(q: dict[str, Any]) -> Any:
    if q["kind"] == "reflect":
        return reflection(q)
    return q["answer"]


def wrong_response(q: dict[str, Any]) -> Any:
    """A valid answer that is wrong everywhere it can be (None: no wrong answer exists)."""
    kind, answer = q["kind"], q.get("answer")
    if kind == "choice":
        accepted = {answer, *(q.get("accept") or [])}
        return next((o for o in q["options"] if o not in accepted), None)
    if kind == "multi":
        wrong = [o for o in q["options"] if o not in answer]
        return wrong or answer[:-1] or None
    if kind == "match":
        accept = q.get("accept") or {}
        picks = {}
        for key, right in answer.items():
            ok = {right, *(accept.get(key) or [])}
            picks[key] = next((o for o in q["options"] if o not in ok), right)
        return picks
    if kind == "number":
        return float(answer) + max(1.0, abs(float(answer)))
    if kind == "words":
        outside = [i for i in range(len(q["tokens"])) if i not in answer]
        return outside[:1] or None
    if kind == "order":
        return list(reversed(answer))
    return None


def reflection(q: dict[str, Any]) -> str:
    words = max(int(q.get("min_words") or 0), 12)
    return " ".join(["I would compare the sources before I repeat any figure"] * (words // 10 + 1))
