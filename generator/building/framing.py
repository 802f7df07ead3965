"""Slots that compare the words: ``words`` (select the framing words of a passage)
and ``frames`` (match each text with the picture it paints)."""

from __future__ import annotations

from typing import Any

from ..distractors import with_distractors
from ..model import Claim, Mention
from ..passages import words_fields
from .common import (
    Item,
    StoryFacts,
    accepted,
    claim_question,
    drop_accepted,
    match_fields,
    match_why,
    mention_items,
    prompt,
)


def framing_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    return [*words_questions(facts, claim), *frames_questions(facts, claim)]


def words_questions(
    facts: StoryFacts, claim: Claim, chosen: Mention | None = None
) -> list[dict[str, Any]]:
    """The ``words`` question on ``chosen``'s passage (default :func:`words_mention`;
    a review module picks another source's passage, building/review.py)."""
    chosen = chosen or words_mention(facts, claim)
    if chosen is None:
        return []
    source = facts.story.source(chosen.source)
    fields = words_fields(source.id, source.text, chosen.start, chosen.end, chosen.terms)
    if not fields["answer"]:
        return []
    return [
        claim_question(
            claim,
            "words",
            "words",
            prompt("words", facts.labels[source.id]),
            prompt("hint_words"),
            [],
            **fields,
        )
    ]


def words_mention(facts: StoryFacts, claim: Claim) -> Mention | None:
    """The mention marked ``words_passage: true``, else (as before that field existed)
    the primary one, else the one with most terms (ties: story source order)."""
    chosen = next((m for m in claim.mentions if m.words_passage and m.terms), None)
    chosen = chosen or next((m for m in claim.mentions if m.primary and m.terms), None)
    if chosen is not None:
        return chosen
    ranked = sorted(
        enumerate(claim.mentions),
        key=lambda im: (-len(im[1].terms), facts.source_order[im[1].source], im[0]),
    )
    return ranked[0][1] if ranked and ranked[0][1].terms else None


def frames_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    items = [i for i in mention_items(facts, claim) if i.mention.frame is not None]
    if len(items) < 2:
        return []
    frames = [i.mention.frame or "" for i in items]
    accept = accepted(items)
    extra = [f for labels in accept.values() for f in labels]
    options = with_distractors([*frames, *extra], [facts.pools.frames])

    def because(option: str, other: Item) -> str:
        return prompt("why_frame_other", option, other.label)

    why = match_why(items, frames, options, because)
    drop_accepted(why, accept)
    return [
        claim_question(
            claim,
            "frames",
            "match",
            prompt("frames"),
            prompt("hint_frames"),
            [i.mention for i in items],
            **match_fields(items, frames, options),
            why=why,
            **({"accept": accept} if accept else {}),
        )
    ]
