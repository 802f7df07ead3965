"""Derive each module's questions from the annotations, and assemble module specs.

``module_specs(story)`` returns one ``samestory-module/1`` dict per module
(docs/internals.md, "Round three"). Derived questions come first, claim by claim in
module order; each claim gives its slots in an order chosen so that no question's
feedback answers a later one (copy tracing before credits, figures before who
stands behind them). docs/questions.md lists the slots, their moves and when each
is derived. Hand-written questions follow, in story order (:mod:`.handwritten`).
Question text comes from templates/prompts.txt.j2, never from Python strings.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from .building.attribution import (
    credited_questions,
    how_sure_questions,
    missing_questions,
    voice_candidates,
    voices_question,
)
from .building.common import StoryFacts, prompt, source_labels
from .building.framing import framing_questions
from .building.guessing import evened, unguessable
from .building.moves import moves_used
from .building.numeric import numeric_questions
from .building.reusemap import reuse_spec
from .building.review import REVIEW_MAX, Practised, capped, practised, review_forms
from .building.tracing import copied_from_questions, quote_questions, what_changed_questions
from .i18n import speaking
from .model import Claim, Mention, Module, Source, Story

SPEC_FORMAT = "samestory-module/1"
# A slot asked three or more times in a module may not have one answer for more
# than half of them: "pick what was right last time" would pay.
DOMINANCE_MIN = 3

__all__ = ["SPEC_FORMAT", "StoryFacts", "derive_questions", "module_specs", "source_labels"]


# ---------------------------------------------------------------- module specs


def module_specs(story: Story) -> list[dict[str, Any]]:
    """One module spec per module of ``story``, in module order, in its language.
    Review modules come last to be built: they ask what the practice modules did not
    (building/review.py)."""
    with speaking(story.language):
        facts = StoryFacts.of(story)
        voices = voices_by_module(facts)
        specs = {
            m.id: module_spec(facts, m, voices[m.id]) for m in story.modules if m.role != "review"
        }
        done = practised(specs.values())
        for m in story.modules:
            if m.role == "review":
                specs[m.id] = module_spec(facts, m, voices[m.id], review=done)
        return [specs[m.id] for m in story.modules]


def voices_by_module(facts: StoryFacts) -> dict[str, list[dict[str, Any]]]:
    """At most one ``voices`` question per module, asked last (it is about the whole
    story), and each about a text no earlier module asked about: the same question
    twice would be a repeat, not practice."""
    asked: set[str] = set()
    chosen: dict[str, list[dict[str, Any]]] = {}
    for module in facts.story.modules:
        chosen[module.id] = []
        for claim_id in module.claims:
            claim = facts.story.claim(claim_id)
            fresh = [m for m in voice_candidates(facts, claim) if m.source not in asked]
            if fresh:
                asked.add(fresh[0].source)
                chosen[module.id] = [voices_question(facts, claim, fresh[0])]
                break
    return chosen


def module_spec(
    facts: StoryFacts,
    module: Module,
    last: list[dict[str, Any]] | None = None,
    review: Practised | None = None,
) -> dict[str, Any]:
    """``review``: what the practice modules asked, for a review module (which asks
    its claims only in forms not practised, at most REVIEW_MAX questions)."""
    from .handwritten import hand_question
    from .runtime.scoring import module_version

    story = facts.story
    hand = [q for q in story.questions if q.module == module.id]
    derived = module_derived(facts, module, review)
    if review is not None:
        last = [q for q in last or [] if (q["claim"], slot_of(q)) not in review.slots]
    hand_written = [hand_question(facts, q) for q in hand]
    derived = settled([*balanced(derived), *(last or [])], hand_written)
    if review is not None:
        derived = capped(derived, max(0, REVIEW_MAX - len(hand_written)))
    questions = unique_headings([*derived, *hand_written])
    # A hand-written question may name a claim the module does not list: its passages
    # must still reach the runtime for feedback.
    claim_ids = list(dict.fromkeys([*module.claims, *(q.claim for q in hand if q.claim)]))
    if module.confidence:
        questions = [{**q, "confidence": True} for q in questions]
    return {
        "format": SPEC_FORMAT,
        "story": story.id,
        "story_title": story.title,
        "story_summary": story.summary,
        "language": story.language,
        "module": module.id,
        "title": module.title,
        "objectives": list(module.objectives),
        # practice | pretest | posttest | review: a test's notebook gets the spec
        # without its key (building/testspec.py), the key keeps all of it.
        "role": module.role,
        "version": module_version(questions),
        "sources": [source_card(s) for s in story.sources],
        "claims": {c: claim_record(story.claim(c)) for c in claim_ids},
        "moves": moves_used(questions),
        "questions": questions,
        "text": runtime_text(story),
        # the reuse map (issue 12 item 5), only in a story where texts share passages;
        # never in a test, where no answer is ever shown, so it could never open
        **({"reuse": reuse} if (reuse := reuse_map(story, module, questions)) else {}),
        **plural_text(story),
    }


def reuse_map(story: Story, module: Module, questions: list[dict[str, Any]]) -> Any:
    if module.role in ("pretest", "posttest"):
        return None
    return reuse_spec(story.sources, questions)


def module_derived(
    facts: StoryFacts, module: Module, review: Practised | None
) -> list[dict[str, Any]]:
    """The derived questions of the module's claims, in module order; for a review
    module only the forms its claims were not practised in."""
    out = []
    for claim_id in module.claims:
        claim = facts.story.claim(claim_id)
        found = derive_questions(facts, claim)
        out += found if review is None else review_forms(facts, claim, found, review)
    return out


def balanced(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The derived questions, without a match that has one answer for every item,
    with no label answering more than half of a match's items (:func:`evened`),
    without those that would make one answer dominate a slot, and with each copy
    traced once (:func:`trace_once`).

    Questions are dropped until the dominant answer is the key of at most half of
    the slot's questions or items (or only two questions are left)."""
    kept = [evened(q) for q in trace_once(questions) if not one_answer_for_all(q)]
    for slot in dict.fromkeys(slot_of(q) for q in kept):
        while (dropped := dominated(kept, slot)) is not None:
            kept.remove(dropped)
    return kept


def settled(
    derived: list[dict[str, Any]], hand_written: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``derived`` balanced and unguessable at once: making a module unguessable
    trims and drops questions, which can leave one answer dominating a slot again;
    each round only removes, so this ends. The voices question is derived too: it
    may go, where it would pay a guess."""
    while True:
        changed = balanced(unguessable(derived, hand_written))
        if changed == derived:
            return derived
        derived = changed


def one_answer_for_all(question: dict[str, Any]) -> bool:
    """A match whose items all have one answer: "the same label everywhere" scores
    full marks without reading a passage."""
    answer = question["answer"]
    return question["kind"] == "match" and len(answer) >= 2 and len(set(answer.values())) == 1


def dominated(questions: list[dict[str, Any]], slot: str) -> dict[str, Any] | None:
    """The question to drop from ``slot`` so that no label is the answer of more than
    half of its questions (choice) or of more than half of its items (match): the
    last question that answers with the dominant label (match: the one where it
    answers most items). None when the slot is balanced or too small to matter."""
    asked = [q for q in questions if slot_of(q) == slot and q["kind"] in ("choice", "match")]
    if len(asked) < DOMINANCE_MIN:
        return None
    answers = Counter(a for q in asked for a in right_labels(q))
    label, n = answers.most_common(1)[0]
    if n * 2 <= sum(answers.values()):
        return None
    share = {id(q): right_labels(q).count(label) / len(right_labels(q)) for q in asked}
    return max(reversed(asked), key=lambda q: share[id(q)])


def right_labels(question: dict[str, Any]) -> list[str]:
    answer = question["answer"]
    return list(answer.values()) if isinstance(answer, dict) else [answer]


def trace_once(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each copy is traced to its original once per module; the claim that traces it
    does not also ask what the copy changed (the passages shown beside
    ``what-changed`` name the original, which is ``copied-from``'s answer), and every
    later claim with the same copy asks only what it changed.

    A copy reproduces the same original in every claim it shares: asked again, the
    tracing question has the answer the learner has just been given, so "pick what
    was right last time" would pay and nothing new would be practised."""
    traced: set[tuple[str, str]] = set()
    dropped: set[str] = set()
    for claim in dict.fromkeys(q["claim"] for q in questions):
        tracing = next(
            (q for q in questions if q["claim"] == claim and slot_of(q) == "copied-from"), None
        )
        if tracing is None:
            continue
        pair = (tracing["prompt"], tracing["answer"])  # the prompt names the copy
        dropped.add(f"{claim}/what-changed" if pair not in traced else tracing["id"])
        traced.add(pair)
    return [q for q in questions if q["id"] not in dropped]


def slot_of(question: dict[str, Any]) -> str:
    return question["id"].partition("/")[2]


def unique_headings(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number repeated headings ("Who is credited? (2)") so that each is unique."""
    seen: Counter[str] = Counter()
    out = []
    for q in questions:
        seen[q["heading"]] += 1
        n = seen[q["heading"]]
        out.append(q if n == 1 else {**q, "heading": prompt("heading_numbered", q["heading"], n)})
    return out


def runtime_text(story: Story) -> dict[str, str]:
    """The runtime's phrases for the story's language (a fresh dict per spec)."""
    return dict(_runtime_text(story.language))


def plural_text(story: Story) -> dict[str, Any]:
    """``plural_forms`` and ``text_plural``: the phrases that hold a count, every form."""
    from .text import plural_text as plurals

    return plurals(story.language, _runtime_text(story.language))


@cache
def _runtime_text(language: str) -> dict[str, str]:
    # Rendering the phrase template costs milliseconds: once per language, not per module.
    from .text import runtime_text as render_text

    return render_text({"language": language})


def source_card(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "kind": source.kind,
        "published": source.published,
        "note": source.note,
        "text": source.text,
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "family": claim.family,
        "topic": claim.topic,
        "explanation": claim.explanation,
        "passages": [passage_record(m) for m in claim.mentions],
    }


def passage_record(m: Mention) -> dict[str, Any]:
    return {
        "source": m.source,
        "start": m.start,
        "end": m.end,
        "quote": m.quote,
        "primary": m.primary,
        "note": m.note,
        "credited_to": m.credited_to,
        "value": m.value,
        "unit": m.unit,
        "approx": m.approx,
        "terms": list(m.terms),
        "frame": m.frame,
    }


# ---------------------------------------------------------------- derived questions


def derive_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """The derived questions of one claim, in an order where no feedback gives a
    later answer away: the copy traced before anyone is credited, credits before
    quotation marks are judged, figures before who stands behind them."""
    return [
        *copied_from_questions(facts, claim),
        *what_changed_questions(facts, claim),
        *(credited_questions(facts, claim) if claim.family == "attribution" else []),
        *quote_questions(facts, claim),
        *how_sure_questions(facts, claim),
        *(numeric_questions(facts, claim) if claim.family == "numeric" else []),
        *(framing_questions(facts, claim) if claim.family == "framing" else []),
        *missing_questions(facts, claim),
    ]
