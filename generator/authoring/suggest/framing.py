"""Framing suggestions: the words texts choose for the same people, acts and forces.

* In a shared passage (:mod:`.align`), words that one text has where another has
  other words in the same place (a *substitution* in the word alignment: "armed
  aggression" / "armed rioting", "terrorists" / "protesters").
* Terms one text uses two or more times that no other text uses at all (capitalised
  names left out: those are who, not how).
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import Levenshtein

from ...building.reuse import FUNCTION_WORDS
from .align import align_words
from .model import Mention, Suggestion
from .passages import Part
from .texts import Text, is_content, stem

# A distinctive term must occur this often in its text (once can be chance).
MIN_USES = 2
# Terms listed per text, and passages quoted for them.
MAX_TERMS, MAX_PASSAGES = 4, 3


def substitution_suggestion(parts: list[Part]) -> Suggestion | None:
    """Words of each text that another text replaces in the same place."""
    terms: dict[str, list[str]] = {}
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            for a_words, b_words in _substitutions(a, b):
                terms.setdefault(a.source, []).extend(a_words)
                terms.setdefault(b.source, []).extend(b_words)
    own = {p.source: _own_terms(p, terms.get(p.source, []), parts) for p in parts}
    chosen = [p for p in parts if own[p.source]]
    if len(chosen) < 2:
        return None
    mentions = tuple(
        Mention(p.source, p.start, p.end, p.text, {"terms": own[p.source]}) for p in chosen
    )
    why = "Different words in the same place: " + "; ".join(
        f"{m.source}: {', '.join(m.fields['terms'])}" for m in mentions
    )
    words = sum(len(m.fields["terms"]) for m in mentions)
    score = 0.3 + 0.03 * min(words, 6) + 0.03 * len(chosen)
    return Suggestion("framing", mentions, why, score, "Which words does each text choose here?")


def _own_terms(part: Part, words: list[str], parts: list[Part]) -> list[str]:
    """The words this text (or a copy of it) alone has in the passage: a word that
    an independent text of the passage also uses is not this text's choice. Names
    are left out: they say who, not how."""
    others = {
        stem(k.replace("-", ""))
        for p in parts
        if p is not part and not align_words(list(part.keys), list(p.keys)).is_reuse()
        for k in p.keys
    }
    first = part.text.split()[0] if part.text.split() else ""
    kept = [
        w
        for w in words
        if stem(w.casefold().replace("-", "")) not in others and (w.islower() or w == first)
    ]
    return _unique(kept)


def _substitutions(a: Part, b: Part) -> list[tuple[list[str], list[str]]]:
    a_words, b_words = a.text.split(), b.text.split()
    found = []
    for op in Levenshtein.opcodes(*_code(a.keys, b.keys)):
        # A swap of a few words, not a stretch the alignment could not match.
        if op.tag != "replace" or max(op.src_end - op.src_start, op.dest_end - op.dest_start) > 3:
            continue
        left = _content(a_words[op.src_start : op.src_end], a.keys[op.src_start : op.src_end])
        right = _content(b_words[op.dest_start : op.dest_end], b.keys[op.dest_start : op.dest_end])
        # A spelling variant (cover-up / cover, mayor's / Mayor's) frames nothing.
        if left and right and _stems(left).isdisjoint(_stems(right)):
            found.append((left, right))
    return found


def _code(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, str]:
    """One character per word (punctuation alone never matches), as in :mod:`.align`."""
    table: dict[str, str] = {}

    def encode(keys: tuple[str, ...], side: str) -> str:
        return "".join(
            table.setdefault(k or f"\0{side}{i}", chr(0x100 + len(table)))
            for i, k in enumerate(keys)
        )

    return encode(a, "a"), encode(b, "b")


def _content(words: list[str], keys: tuple[str, ...]) -> list[str]:
    return [
        w.strip(',.;:!?“”"«»()')
        for w, k in zip(words, keys, strict=True)
        if is_content(k) and k not in FUNCTION_WORDS and not w[:1].isdigit()
    ]


def _stems(words: list[str]) -> set[str]:
    return {stem(w.casefold().replace("-", "")) for w in words}


def _unique(words: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for w in words:
        seen.setdefault(w.casefold(), w)
    return list(seen.values())[:MAX_TERMS]


def distinctive_suggestions(texts: list[Text]) -> list[Suggestion]:
    """Per text, lower-case terms it uses MIN_USES+ times and no other text uses."""
    counts = {t.id: Counter(stem(tok.key) for s in t.sentences for tok in s.tokens) for t in texts}
    found = []
    for text in texts:
        others = set().union(*(set(c) for k, c in counts.items() if k != text.id))
        own = [
            st
            for st, n in counts[text.id].most_common()
            if n >= MIN_USES and st not in others and is_content(st) and not st[:1].isdigit()
        ]
        picks = _lowercase_uses(text, own)
        suggestion = _distinctive(text, picks) if len(picks) >= 2 else None
        if suggestion and len(suggestion.mentions) >= 2:  # a claim needs two passages
            found.append(suggestion)
    return found


def _lowercase_uses(text: Text, stems: list[str]) -> list[tuple[str, object]]:
    """(word, sentence) for the first lower-case use of each stem."""
    picks = []
    for st in stems:
        for s in text.sentences:
            hit = next(
                (
                    t
                    for t in s.tokens
                    if stem(t.key) == st
                    and t.word[:1].islower()
                    and is_content(t.key)
                    and "'" not in t.key  # aren't, it's: grammar, not framing
                ),
                None,
            )
            if hit:
                picks.append((hit.word.strip(',.;:!?“”"«»()'), s))
                break
        if len(picks) == MAX_TERMS:
            break
    return picks


def _distinctive(text: Text, picks) -> Suggestion:
    by_sentence: dict[int, tuple[object, list[str]]] = {}
    for word, s in picks:
        by_sentence.setdefault(s.index, (s, []))[1].append(word)
    chosen = sorted(by_sentence.values(), key=lambda e: e[0].index)[:MAX_PASSAGES]
    mentions = tuple(
        Mention(text.id, s.start, s.end, text.text[s.start : s.end], {"terms": words})
        for s, words in chosen
    )
    words = ", ".join(w for w, _ in picks)
    why = f"Words only {text.id} uses (each twice or more): {words}"
    return Suggestion("framing", mentions, why, 0.25, f"Which words does {text.id} alone use?")
