"""Passages as learners select words in them: tokens, and which tokens a term covers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .building.reuse import function_word_indices

_WORD = re.compile(r"\S+")


def _term_pattern(term: str) -> re.Pattern[str]:
    # A term is verbatim text of a quote, and a quote matches its source after folding
    # white space: so any run of white space in the term matches any run in the source.
    return re.compile(r"\s+".join(re.escape(part) for part in term.split()))


def words_fields(source: str, text: str, start: int, end: int, terms: Iterable[str]) -> dict:
    """The kind-specific fields of a ``words`` question on ``text[start:end]``.

    ``tokens`` are the white-space separated words of the passage; the answer is every
    token that overlaps an occurrence of a term inside the passage, except function
    words (articles, prepositions …: ``function_words``), which are never needed and
    never penalised. A term made only of function words keeps them.
    """
    span = text[start:end]
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(span)]
    hits = [(m.start(), m.end()) for term in terms for m in _term_pattern(term).finditer(span)]
    answer = [
        i
        for i, (t_start, t_end) in enumerate(tokens)
        if any(t_start < h_end and h_start < t_end for h_start, h_end in hits)
    ]
    words = [span[a:b] for a, b in tokens]
    little = function_word_indices(words)
    needed = [i for i in answer if i not in little] or answer
    return {
        "source": source,
        "start": start,
        "end": end,
        "tokens": words,
        "answer": needed,
        "function_words": [i for i in little if i not in needed],
    }
