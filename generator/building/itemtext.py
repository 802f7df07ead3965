"""Text tests of the item-writing check (generator/building/itemcheck.py): does a
text name an option, print a figure, single out one answer among the options?
Comparisons fold case, accents and curly quotes, so that a prompt's “Tokayev” and an
option's "tokayev" are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_WORD = re.compile(r"\w[\w'-]*")
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()[]«»—–-"


def fold(text: str) -> str:
    """Text as compared: NFKC, case folded, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def names(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words (folded)."""
    needle = fold(phrase)
    if not needle:
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", fold(text)) is not None


def figures(text: str) -> set[float]:
    """The numbers printed in ``text`` ("2,500" and "2500" are one figure)."""
    return {float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)}


def named_label(text: str, label: str, others: Iterable[str]) -> bool:
    """``text`` names ``label``: its words, or its figures that no other option has."""
    others = list(others)
    if names(text, label):
        return True
    own = figures(label) - set().union(*(figures(o) for o in others))
    return bool(own) and own <= figures(text)


def singles_out(text: str, answer: str, options: Iterable[str]) -> bool:
    """``text`` names ``answer`` and none of the other options (so it picks one)."""
    labels = list(dict.fromkeys([answer, *options]))

    def named(label: str) -> bool:
        return named_label(text, label, [o for o in labels if o != label])

    return named(answer) and not any(named(o) for o in labels if o != answer)


def word_count(label: str) -> int:
    return len(_WORD.findall(label))
