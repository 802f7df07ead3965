"""Slots decided by comparing the texts word for word: ``copied-from``,
``what-changed`` and ``quote-or-paraphrase`` (docs/questions.md).

Each is asked only where the texts settle the answer (:mod:`.reuse`): a copy is
traced only to the one text it demonstrably reproduces, and a quotation is judged
only against a text where its speaker speaks."""

from __future__ import annotations

from typing import Any

from ..model import Claim, Mention
from .common import NO_ONE, StoryFacts, claim_question, prompt
from .reuse import (
    changed_words,
    function_word_indices,
    is_reuse,
    keys,
    normalise,
    quote_verdict,
    quoted_text,
    words,
)

# Fewer changed words than this teach nothing about what a copy does to a claim.
MIN_CHANGED = 2


def traced_copies(facts: StoryFacts, claim: Claim) -> list[tuple[Mention, Mention]]:
    """(copy, original) pairs of this claim: the copy's passage reuses exactly one
    other passage, and the copy's text is shown to copy that passage's text."""
    pairs = []
    for copy in facts.ordered(claim.mentions):
        reused = [
            other
            for other in claim.mentions
            if other.source != copy.source and is_reuse(facts.passage(copy), facts.passage(other))
        ]
        if len(reused) == 1 and (copy.source, reused[0].source) in facts.copies:
            pairs.append((copy, reused[0]))
    return pairs


def copied_from_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    pairs = traced_copies(facts, claim)
    if not pairs:
        return []
    copy, original = pairs[0]
    label = facts.options
    options = [label[s.id] for s in facts.story.sources if s.id != copy.source]
    in_claim = {m.source for m in claim.mentions}
    why = {
        label[s.id]: (
            prompt("why_copied_other", label[s.id])
            if s.id in in_claim
            else prompt("why_copied_absent", label[s.id])
        )
        for s in facts.story.sources
        if s.id not in (copy.source, original.source)
    }
    shown = [copy, *(m for m in facts.ordered(claim.mentions) if m is not copy)]
    return [
        claim_question(
            claim,
            "copied-from",
            "choice",
            prompt("copied_from", facts.labels[copy.source]),
            prompt("hint_copied_from"),
            shown,
            options=options,
            answer=label[original.source],
            why=why,
        )
    ]


def what_changed_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    for copy, original in traced_copies(facts, claim):
        text = facts.passage(copy)
        answer = changed_words(facts.passage(original), text)
        if len(answer) < MIN_CHANGED:  # a copy (nearly) word for word: little to select
            continue
        tokens = words(text)
        if names_a_word(claim.topic, [tokens[i] for i in answer]):
            continue  # the statement shown beside the passage would point at the answer
        fields = {
            "source": copy.source,
            "start": copy.start,
            "end": copy.end,
            "tokens": tokens,
            "answer": answer,
            "function_words": [i for i in function_word_indices(tokens) if i not in answer],
        }
        labels = facts.labels
        return [
            claim_question(
                claim,
                "what-changed",
                "words",
                prompt("what_changed", labels[copy.source], labels[original.source]),
                prompt("hint_what_changed"),
                [original, copy],
                **fields,
            )
        ]
    return []


def names_a_word(statement: str, picked: list[str]) -> bool:
    """Whether ``statement`` contains one of the ``picked`` words (four letters or more)."""
    said = set(keys(statement))
    return any(len(key) >= 4 and key in said for key in (normalise(w) for w in picked))


QUOTE_LABELS = {"exact": "quote_exact", "paraphrase": "quote_paraphrase", None: "quote_cannot_tell"}


def quote_candidates(
    facts: StoryFacts, claim: Claim
) -> list[tuple[Mention, Mention | None, str | None]]:
    """(quoting mention, the speaker's own passage or None, verdict) for each passage
    that puts words in quotation marks and credits them to someone whose own text is
    not this one. The verdict is None when no text shows the speaker's own words."""
    found = []
    for m in facts.ordered(claim.mentions):
        speaker = m.credited_to
        if not speaker or speaker == NO_ONE or facts.speaks_as.get(m.source) == speaker:
            continue
        quoted = quoted_text(facts.passage(m))
        if len(words(quoted)) < 3:  # a scare-quoted word or two is not a quotation
            continue
        own = [o for o in claim.mentions if facts.speaks_as.get(o.source) == speaker]
        if not own:
            found.append((m, None, None))
            continue
        verdict = quote_verdict(quoted, facts.passage(own[0]))
        if verdict is not None:
            found.append((m, own[0], verdict))
    return found


def quote_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    candidates = quote_candidates(facts, claim)
    if not candidates:
        return []
    # A verdict the texts decide teaches more than "cannot tell": prefer one.
    quoting, own, verdict = sorted(candidates, key=lambda c: c[2] is None)[0]
    options = [prompt(QUOTE_LABELS[v]) for v in ("exact", "paraphrase", None)]
    answer = prompt(QUOTE_LABELS[verdict])
    why = quote_why(facts, own, verdict)
    shown = [
        quoting,
        *([own] if own else []),
        *(m for m in facts.ordered(claim.mentions) if m not in (quoting, own)),
    ]
    return [
        claim_question(
            claim,
            "quote-or-paraphrase",
            "choice",
            prompt("quote_or_paraphrase", facts.labels[quoting.source]),
            prompt("hint_quote_or_paraphrase"),
            shown,
            options=options,
            answer=answer,
            why=why,
        )
    ]


def quote_why(facts: StoryFacts, own: Mention | None, verdict: str | None) -> dict[str, str]:
    if own is None:
        reason = prompt("why_quote_cannot_tell")
        return {prompt(QUOTE_LABELS[v]): reason for v in ("exact", "paraphrase")}
    label = facts.labels[own.source]
    wrong_verdict = "paraphrase" if verdict == "exact" else "exact"
    reason = prompt("why_quote_is_exact" if verdict == "exact" else "why_quote_not_exact", label)
    return {
        prompt(QUOTE_LABELS[wrong_verdict]): reason,
        prompt(QUOTE_LABELS[None]): prompt("why_quote_can_tell", label),
    }
