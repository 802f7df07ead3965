"""The texts a suggestion run reads: sources, their sentences and their words.

A story folder may have only ``sources/`` (a source's id is then its file name
without ``.txt``) or a ``story.yaml`` whose ``sources:`` give the ids and files. The
``story.yaml`` is read with a plain YAML load, not validated: ``suggest`` is meant to
run on a story that is still being written.

Sentences come from sentencex (Wikimedia's rule-based segmenter, MIT, maintained, a
compiled wheel): its segments concatenate back to the text exactly, so offsets are
kept without searching, and it knows abbreviations such as "Jan." or "Mr.".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from sentencex import segment

from ...building.reuse import FUNCTION_WORDS, normalise
from ...errors import UsageError

_TOKEN = re.compile(r"\S+")
# A crude stem: a common English ending dropped, then the first STEM letters.
# "joined" and "joining", "peacekeepers" and "peacekeeping", "deployed" and
# "deployment" meet. Deliberately small: a real stemmer would be one more dependency
# for a comparison that only has to tell "same word family" in two news texts.
STEM = 6
_ENDINGS = ("ations", "ation", "ments", "ment", "ings", "ing", "ers", "ed", "es", "er", "s", "ly")
# Words that make up the wording of most news about an event but say nothing of
# what a passage is about on their own.
_WEAK = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "would",
        "could",
        "will",
        "can",
        "new",
        "without",
        "through",
        "even",
        "only",
        "very",
        "more",
        "most",
        "much",
        "many",
        "such",
        "other",
        "another",
        "some",
        "any",
        "all",
        "each",
        "just",
        "not",
        "no",
        "nor",
        "than",
        "then",
        "now",
        "still",
        "yet",
        "here",
        "very",
        "well",
        "get",
        "got",
    ]
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # the characters of the text
    key: str  # normalised (reuse.normalise); "" for punctuation alone


@dataclass(frozen=True)
class Sentence:
    source: str
    index: int  # position among the text's sentences
    start: int
    end: int
    paragraph: int  # sentences of one paragraph share this number
    tokens: tuple[Token, ...]

    @property
    def content(self) -> tuple[str, ...]:
        """Stems of the words that carry meaning (function words dropped)."""
        return tuple(stem(t.key) for t in self.tokens if is_content(t.key))


@dataclass(frozen=True)
class Text:
    id: str
    text: str
    sentences: tuple[Sentence, ...]

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


def stem(key: str) -> str:
    for ending in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            return key[: -len(ending)][:STEM]
    return key[:STEM]


def is_content(key: str) -> bool:
    return bool(key) and key not in FUNCTION_WORDS and key not in _WEAK and len(key) > 1


def tokens(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    found = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        found.append(Token(match.start(), match.end(), match.group(), normalise(match.group())))
    return tuple(found)


def split(source: str, text: str) -> Text:
    """The text's sentences, with offsets; blank segments dropped, edges trimmed.

    A line break always ends a sentence (a headline or a dateline has no full stop);
    sentences separated by one start a new paragraph."""
    spans = []
    at = 0
    for piece in segment("en", text):
        stripped = piece.strip()
        if stripped:
            start = at + len(piece) - len(piece.lstrip())
            spans.extend(_lines(text, start, start + len(stripped)))
        at += len(piece)
    sentences, paragraph, previous = [], 0, 0
    for start, end in spans:
        paragraph += "\n" in text[previous:start]
        previous = end
        sentences.append(
            Sentence(source, len(sentences), start, end, paragraph, tokens(text, start, end))
        )
    return Text(source, text, tuple(sentences))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, at = [], start
    for match in re.finditer(r"\s*\n\s*", text[start:end]):
        parts.append((at, start + match.start()))
        at = start + match.end()
    parts.append((at, end))
    return [(s, e) for s, e in parts if e > s]


def read_texts(folder: Path) -> list[Text]:
    """Every source of the story folder, in a stable order."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder — give a story folder with sources/")
    files = _source_files(folder)
    if len(files) < 2:
        raise UsageError(
            f"{folder}: suggestions compare texts — put two or more .txt files in sources/"
        )
    texts = []
    for source_id, path in files:
        try:
            texts.append(split(source_id, path.read_bytes().decode("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read as UTF-8 text ({exc})") from exc
    return texts


def _source_files(folder: Path) -> list[tuple[str, Path]]:
    story = folder / "story.yaml"
    if story.is_file():
        try:
            data = yaml.safe_load(story.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"{story}: cannot be read ({type(exc).__name__}) — run validate first"
            ) from exc
        listed = data.get("sources") if isinstance(data, dict) else None
        if isinstance(listed, list) and listed:
            return [
                (str(s["id"]), folder / str(s["file"]))
                for s in listed
                if isinstance(s, dict) and "id" in s and "file" in s
            ]
    return [(p.stem, p) for p in sorted((folder / "sources").glob("*.txt"))]


@dataclass(frozen=True)
class Weights:
    """Inverse document frequency of stems over all sentences of the story: a word
    in every sentence ("Kazakhstan") weighs little, a rare one much."""

    idf: dict[str, float]

    @classmethod
    def of(cls, texts: list[Text]) -> Weights:
        counts: Counter[str] = Counter()
        total = 0
        for text in texts:
            for sentence in text.sentences:
                counts.update(set(sentence.content))
                total += 1
        return cls({s: math.log((1 + total) / (1 + n)) + 1 for s, n in counts.items()})

    def weight(self, stems) -> float:
        return sum(self.idf.get(s, 1.0) for s in stems)
