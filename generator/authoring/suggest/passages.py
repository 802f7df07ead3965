"""Attribution and reuse suggestions from passages that texts share (:mod:`.align`).

For each passage: whom each text credits (:mod:`.attribution`), which texts copy
which (the builder's reuse rule), the words the copy changed, and quotation marks
around words that the text without them does not have. One suggestion per passage:
``attribution`` when the credits differ or quotation marks dress up other words,
else ``reuse`` when one text copies another; framing is proposed apart
(:mod:`.framing`), since a passage can teach both.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from ...building.reuse import quote_verdict, quoted_text
from .align import Passage, WordAlignment, align_words
from .attribution import NO_ONE, Credit
from .model import Mention, Suggestion
from .texts import Sentence, Text

# Words a copy changed, listed in the suggestion (more would not be read).
MAX_CHANGED = 8


@dataclass(frozen=True)
class Part:
    """One text's side of a passage."""

    source: str
    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    credit: Credit


def parts_of(passage: Passage, texts: dict[str, Text], credits) -> list[Part]:
    found = []
    for sentences in passage.parts:
        source = sentences[0].source
        text = texts[source]
        start, end = sentences[0].start, sentences[-1].end
        credit = _credit(sentences, credits[source])
        keys = tuple(t.key for s in sentences for t in s.tokens)
        found.append(Part(source, start, end, text.text[start:end], keys, credit))
    return found


def _credit(sentences: tuple[Sentence, ...], credits: dict[int, Credit]) -> Credit:
    named = [credits[s.index] for s in sentences if credits[s.index].label != NO_ONE]
    return named[0] if named else credits[sentences[0].index]


def copies(parts: list[Part]) -> list[tuple[Part, Part, WordAlignment]]:
    """(a, b, alignment) for every pair of the passage's texts that passes the
    builder's reuse rule; which one is the copy is for dates and credits to tell."""
    found = []
    for a, b in permutations(parts, 2):
        if a.source > b.source:
            continue
        aligned = align_words(list(a.keys), list(b.keys))
        if aligned.is_reuse():
            found.append((a, b, aligned))
    return found


def passage_suggestion(passage: Passage, parts: list[Part]) -> Suggestion | None:
    copied = copies(parts)
    labels = {p.credit.label.casefold() for p in parts}
    dressed = _dressed_up(parts)
    mentions = _mentions(parts, copied)
    extra = {
        "copies": [
            {
                "between": [a.source, b.source],
                "shared_words": aligned.shared(),
                "longest_run": aligned.longest_run,
            }
            for a, b, aligned in copied
        ]
    }
    if len(labels) > 1 or dressed:
        why = "Credited differently: " + "; ".join(f"{p.source}: {p.credit.shown}" for p in parts)
        if dressed:
            why += f". Quotation marks in {', '.join(dressed)} around other words than the rest"
        why += _changes(mentions)
        kinds = {p.credit.kind for p in parts}
        score = 0.5 + 0.05 * len(parts) + 0.1 * (len(kinds) > 1) + 0.08 * bool(dressed)
        score += 0.1 * passage.strength + 0.05 * bool(copied)
        return Suggestion("attribution", mentions, why, score, _topic(parts), extra)
    if copied:
        a, b, aligned = max(copied, key=lambda c: c[2].shared())
        why = (
            f"{a.source} and {b.source} share {aligned.shared()} words of "
            f"{aligned.a_words} and {aligned.b_words} (a run of {aligned.longest_run}), "
            f"both credited to {parts[0].credit.shown}: which is the original?"
        ) + _changes(mentions)
        score = 0.4 + 0.05 * len(parts) + 0.1 * passage.strength
        return Suggestion("reuse", mentions, why, score, _topic(parts), extra)
    return None


def _mentions(parts: list[Part], copied) -> tuple[Mention, ...]:
    changed: dict[str, list[str]] = {}
    for a, b, aligned in copied:
        changed.setdefault(b.source, []).extend(_changed_words(b, aligned))
        backwards = align_words(list(b.keys), list(a.keys))
        changed.setdefault(a.source, []).extend(_changed_words(a, backwards))
    changed = {k: list(dict.fromkeys(v))[:MAX_CHANGED] for k, v in changed.items()}
    return tuple(
        Mention(
            p.source,
            p.start,
            p.end,
            p.text,
            {
                "credited_to": p.credit.label,
                "credit_kind": p.credit.kind,
                "cue": p.credit.cue,
                **({"changed": changed[p.source]} if changed.get(p.source) else {}),
            },
        )
        for p in parts
    )


def _changes(mentions: tuple[Mention, ...]) -> str:
    """The words each side of a copy has that the other lacks, for the reason line."""
    listed = [
        f"{m.source}: {', '.join(m.fields['changed'])}" for m in mentions if m.fields.get("changed")
    ]
    return f". Copied, but words differ ({'; '.join(listed)})" if listed else ""


def _changed_words(copy: Part, aligned: WordAlignment) -> list[str]:
    words = copy.text.split()
    return [words[i].strip(',.;:!?“”"«»()') for i in aligned.changed[:MAX_CHANGED]]


def _dressed_up(parts: list[Part]) -> list[str]:
    """Texts that put three or more words in quotation marks which a text in its own
    voice (no credit) words differently: a paraphrase presented as a quotation."""
    own = [p for p in parts if p.credit.label == NO_ONE]
    found = []
    for p in parts:
        quoted = quoted_text(p.text)
        if p in own or len(quoted.split()) < 3:
            continue
        if any(quote_verdict(quoted, o.text) != "exact" for o in own):
            found.append(p.source)
    return found


def _topic(parts: list[Part]) -> str:
    first = parts[0].text.split()
    opening = " ".join(first[:12]) + (" …" if len(first) > 12 else "")
    return f"Who is credited with: “{opening.strip('“”«»')}”?"
