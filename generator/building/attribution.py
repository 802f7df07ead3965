"""Slots about who says it and how firmly: ``credited``, ``how-sure``, and the two
"what is missing" slots ``missing`` and ``voices`` (docs/questions.md)."""

from __future__ import annotations

from typing import Any

from ..distractors import with_distractors
from ..model import CERTAINTIES, Claim, Mention
from .common import (
    CHOICE_OPTIONS,
    NO_ONE,
    Item,
    StoryFacts,
    accepted,
    claim_question,
    credit_items,
    drop_accepted,
    evidence,
    match_fields,
    match_why,
    mention_items,
    prompt,
)
from .guessing import fair_wrong_options


def credited_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    items, answers = credit_items(facts, mention_items(facts, claim))
    if not items:
        return []
    accept = accepted(items)
    extra = [a for labels in accept.values() for a in labels]
    options = with_distractors([*answers, *extra], facts.pools.credited_for(claim.family))

    def because(option: str, other: Item) -> str:
        return prompt("why_credited_other", option, other.label)

    why = match_why(items, answers, options, because)
    for item, answer in zip(items, answers, strict=True):
        if answer != NO_ONE and NO_ONE in options and NO_ONE not in accept.get(item.key, ()):
            why.setdefault(item.key, {})[NO_ONE] = prompt("why_credited_no_one")
    drop_accepted(why, accept)
    fields = match_fields(items, answers, options)
    return [
        claim_question(
            claim,
            "credited",
            "match",
            prompt("credited", options),
            prompt("hint_credited"),
            [i.mention for i in items],
            **fields,
            why=why,
            **({"accept": accept} if accept else {}),
        )
    ]


def how_sure_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Per source: stated as fact, credited to someone, or hedged (mention ``certainty``).
    Only where two or more passages differ in how firmly they say it."""
    items = [i for i in mention_items(facts, claim) if i.mention.certainty in CERTAINTIES]
    if len(items) < 2 or len({i.mention.certainty for i in items}) < 2:
        return []
    labels = {c: prompt("certainty_label", c) for c in CERTAINTIES}
    answers = [labels[i.mention.certainty or ""] for i in items]
    options = [labels[c] for c in CERTAINTIES]
    why = {
        i.key: {
            labels[c]: prompt("why_how_sure", i.mention.certainty)
            for c in CERTAINTIES
            if labels[c] != a
        }
        for i, a in zip(items, answers, strict=True)
    }
    return [
        claim_question(
            claim,
            "how-sure",
            "match",
            prompt("how_sure"),
            prompt("hint_how_sure"),
            [i.mention for i in items],
            **match_fields(items, answers, options),
            why=why,
        )
    ]


def missing_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Which texts leave the point out (claim ``omitted_by``), among the texts that
    leave it out and some that carry it (:func:`as_fair_multi`)."""
    if not claim.omitted_by:
        return []
    carrying = [m.source for m in facts.ordered(claim.mentions)]
    order = [s.id for s in facts.story.sources]
    omitting = [s for s in order if s in claim.omitted_by]
    label = facts.options
    question = claim_question(
        claim,
        "missing",
        "multi",
        prompt("missing"),
        prompt("hint_missing"),
        [],
        options=[label[s] for s in order if s in carrying or s in omitting],
    )
    question = as_fair_multi(
        question,
        [label[s] for s in omitting],
        [label[s] for s in order if s in carrying],
        {label[s]: prompt("why_missing_has", label[s]) for s in carrying},
        prompt("missing_one"),
    )
    shown = point_passage(facts.ordered(claim.mentions), question["options"], label)
    question["evidence"] = evidence(shown)
    if question["kind"] == "choice":
        question["heading"] = prompt("heading_missing_one")
    if claim.omission_note:
        question["explanation"] = f"{claim.explanation} {claim.omission_note}".strip()
    return [question]


def point_passage(
    carrying: list[Mention], options: list[str], label: dict[str, str]
) -> list[Mention]:
    """The passage beside a "which texts leave it out?" question: one, to show the
    point, from a carrying text that is not an option if there is one, else from an
    option only while another carrying option stays unmarked. A passage of every
    carrying option would leave the options without one as the answer, readable
    without reading anything. The learner reads the texts themselves to answer."""
    outside = [m for m in carrying if label[m.source] not in options]
    if outside:
        return outside[:1]
    return carrying[:1] if len({m.source for m in carrying}) > 1 else []


def as_fair_multi(
    question: dict[str, Any],
    answers: list[str],
    wrong: list[str],
    why: dict[str, str],
    one: str,
) -> dict[str, Any]:
    """``question`` with its options, answer and ``why``: a ``multi`` with no more wrong
    options than is fair (:func:`.guessing.fair_wrong_options`), or, when one option
    is right, a ``choice`` worded ``one`` among up to ``CHOICE_OPTIONS`` options (one
    right option of many is a choice question, and ticking any one box would score
    above chance)."""
    if len(answers) == 1:
        shown = wrong[: CHOICE_OPTIONS - 1]
        kind, answer, text = "choice", answers[0], one
    else:
        shown = fair_wrong_options(len(answers), wrong)
        kind, answer, text = "multi", answers, question["prompt"]
    options = [o for o in [*answers, *wrong] if o in answers or o in shown]
    order = {o: n for n, o in enumerate(question.get("options") or [])}
    options.sort(key=lambda o: order.get(o, len(order)))
    return {
        **question,
        "kind": kind,
        "prompt": text,
        "options": options,
        "answer": answer,
        "why": {o: reason for o, reason in why.items() if o in shown},
    }


def story_voices(facts: StoryFacts) -> dict[str, list[str]]:
    """Source → every speaker it credits anywhere in the story ("no one" left out)."""
    voices: dict[str, list[str]] = {s.id: [] for s in facts.story.sources}
    for claim in facts.story.claims:
        for m in claim.mentions:
            if m.credited_to and m.credited_to != NO_ONE and m.credited_to not in voices[m.source]:
                voices[m.source].append(m.credited_to)
    return voices


def voice_candidates(facts: StoryFacts, claim: Claim) -> list[Mention]:
    """The claim's passages whose text a ``voices`` question can ask about: it quotes
    some of the story's voices but at least two others not, and its title names none
    of them (that would give the answer away). Fewest voices first."""
    voices = story_voices(facts)
    everyone = {v for vs in voices.values() for v in vs}
    found = [
        m
        for m in facts.ordered(claim.mentions)
        if 0 < len(voices[m.source]) <= len(everyone) - 2
        and not any(v.casefold() in facts.labels[m.source].casefold() for v in voices[m.source])
    ]
    return sorted(found, key=lambda m: len(voices[m.source]))


def voices_question(facts: StoryFacts, claim: Claim, chosen: Mention) -> dict[str, Any]:
    """Whose voices ``chosen``'s text lets speak, across the story (``multi``; a
    ``choice`` when it lets one speak)."""
    voices = story_voices(facts)
    everyone = sorted({v for vs in voices.values() for v in vs}, key=str.casefold)
    label = facts.labels[chosen.source]
    heard = voices[chosen.source]
    others = [v for v in everyone if v not in heard]
    question = claim_question(
        claim,
        "voices",
        "multi",
        prompt("voices", label),
        prompt("hint_voices"),
        [chosen],
        options=sorted(everyone, key=str.casefold),
    )
    answers = [v for v in everyone if v in heard]
    why = {o: prompt("why_voice_absent", o, label) for o in others}
    # As many others as voices heard (at least three): enough to tell them apart.
    others = others[: max(CHOICE_OPTIONS - 1, len(heard))]
    question = as_fair_multi(question, answers, others, why, prompt("voices_one", label))
    if question["kind"] == "choice":
        question["heading"] = prompt("heading_voices_one")
    return question
