"""Review modules (``role: review``): a short booster, one to four weeks after the
lessons, that asks the story's practised claims again in another form.

Gains from a one-off lesson fade within a month or two unless a short session of
retrieval follows; retrieval spaced by days beats the same day
(docs/teaching.md, ../shared/notes/pedagogy.md). Asked in the very form it was
practised in, a question is answered from memory of the answer shown ("the
ministry, as last time"), not by doing the move again. So for each claim a review
module lists, in its order:

* every derived question of a slot that no practice module asked about that claim
  (*another slot*: the same claim, another move or another view of it);
* for a ``words`` question that was practised, the same question on another
  source's passage (*another source's passage*: new words to find);
* nothing else: a form asked before is left out.

The module then keeps at most :data:`REVIEW_MAX` questions (about five minutes),
taken in turn from each move so that the review touches as many moves as it can.
Which claims were practised is read from the practice modules' specs as built
(after balancing), not from the claims they list: a form dropped there was never
shown to a learner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Claim
from .common import StoryFacts
from .framing import words_questions

REVIEW_MAX = 8  # questions: about five minutes
PRACTICE = "practice"


@dataclass(frozen=True)
class Practised:
    """What the story's practice modules asked: (claim, slot) pairs, and for each
    claim's ``words`` questions the sources whose passage was used."""

    slots: frozenset[tuple[str, str]]
    words_sources: dict[str, frozenset[str]]

    @property
    def claims(self) -> frozenset[str]:
        return frozenset(claim for claim, _ in self.slots)


def practised(specs: Iterable[dict[str, Any]]) -> Practised:
    """What the practice-role specs among ``specs`` asked."""
    slots: set[tuple[str, str]] = set()
    words: dict[str, set[str]] = {}
    for spec in specs:
        if spec.get("role", PRACTICE) != PRACTICE:
            continue
        for q in spec["questions"]:
            claim, slot = q.get("claim"), slot_of(q)
            if not claim or not slot:
                continue
            slots.add((claim, slot))
            if q["kind"] == "words" and q.get("source"):
                words.setdefault(claim, set()).add(q["source"])
    return Practised(frozenset(slots), {c: frozenset(s) for c, s in words.items()})


def review_forms(
    facts: StoryFacts, claim: Claim, derived: list[dict[str, Any]], done: Practised
) -> list[dict[str, Any]]:
    """The questions of ``claim`` a review may ask: ``derived`` (the claim's derived
    questions) in a slot not practised, or a practised ``words`` question moved to
    another source's passage."""
    forms = []
    for question in derived:
        slot = slot_of(question)
        if (claim.id, slot) not in done.slots:
            forms.append(question)
        elif question["kind"] == "words":
            forms += other_passage(facts, claim, done.words_sources.get(claim.id, frozenset()))
    return forms


def other_passage(facts: StoryFacts, claim: Claim, used: frozenset[str]) -> list[dict[str, Any]]:
    """The ``words`` question on the first passage (story order) of a source whose
    passage no practice module used; [] when there is none."""
    for mention in facts.ordered(claim.mentions):
        if mention.terms and mention.source not in used:
            found = words_questions(facts, claim, mention)
            if found:
                return found
    return []


def capped(questions: list[dict[str, Any]], limit: int = REVIEW_MAX) -> list[dict[str, Any]]:
    """At most ``limit`` questions, one move after another (moves in order of first
    appearance, each move's questions in order); the kept ones stay in their order."""
    by_move: dict[str, list[int]] = {}
    for n, q in enumerate(questions):
        by_move.setdefault(str(q.get("move")), []).append(n)
    chosen: list[int] = []
    while len(chosen) < min(limit, len(questions)):
        for positions in by_move.values():
            if positions and len(chosen) < limit:
                chosen.append(positions.pop(0))
    return [questions[n] for n in sorted(chosen)]


def slot_of(question: dict[str, Any]) -> str:
    return question["id"].partition("/")[2]
