"""Derive each module's questions from the annotations, and assemble module specs.

``module_specs(story)`` returns one ``samestory-module/1`` dict per module
(docs/internals.md). Derived questions come first, claim by claim in module order,
with these slots (docs/questions.md explains them to teachers):

attribution  ``credited`` (match: source → whom it credits), ``origin`` (choice: which
             source the statement comes from; only with a ``primary`` mention)
numeric      ``figures`` (match: source → figure), ``behind`` (match: figure → whom it
             is credited to; only where mentions have ``credited_to``), ``value``
             (number: the primary or first mention's figure, exact)
framing      ``words`` (select the framing words of one passage), ``frames`` (match:
             source → frame; only when two or more mentions have a frame)

Hand-written questions follow, in story order (:mod:`generator.handwritten`).
Question text comes from templates/prompts.txt.j2, never from Python strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .distractors import Pools, figure_kind, figure_label, with_distractors
from .model import Claim, Mention, Module, Source, Story
from .passages import words_fields
from .templating import macro

SPEC_FORMAT = "samestory-module/1"


@dataclass(frozen=True)
class StoryFacts:
    """What every question of a story is derived from, computed once per story."""

    story: Story
    labels: dict[str, str]  # source id -> label shown to learners (unique in the story)
    pools: Pools
    source_order: dict[str, int]

    @classmethod
    def of(cls, story: Story) -> StoryFacts:
        return cls(
            story,
            source_labels(story),
            Pools.of(story),
            {s.id: i for i, s in enumerate(story.sources)},
        )


def source_labels(story: Story) -> dict[str, str]:
    """Source titles, with " (<id>)" added where two sources share a title."""
    titles = [s.title for s in story.sources]
    return {
        s.id: s.title if titles.count(s.title) == 1 else f"{s.title} ({s.id})"
        for s in story.sources
    }


def prompt(name: str, *args: Any) -> str:
    return str(macro("prompts.txt.j2", name)(*args)).strip()


# ---------------------------------------------------------------- module specs


def module_specs(story: Story) -> list[dict[str, Any]]:
    """One module spec per module of ``story``, in module order."""
    facts = StoryFacts.of(story)
    return [module_spec(facts, module) for module in story.modules]


def module_spec(facts: StoryFacts, module: Module) -> dict[str, Any]:
    from .handwritten import hand_question
    from .runtime.scoring import module_version

    story = facts.story
    hand = [q for q in story.questions if q.module == module.id]
    questions = [
        q for claim_id in module.claims for q in derive_questions(facts, story.claim(claim_id))
    ]
    questions += [hand_question(facts, q) for q in hand]
    # A hand-written question may name a claim the module does not list: its passages
    # must still reach the runtime for feedback.
    claim_ids = list(dict.fromkeys([*module.claims, *(q.claim for q in hand if q.claim)]))
    return {
        "format": SPEC_FORMAT,
        "story": story.id,
        "story_title": story.title,
        "story_summary": story.summary,
        "language": story.language,
        "module": module.id,
        "title": module.title,
        "objectives": list(module.objectives),
        "version": module_version(questions),
        "sources": [source_card(s) for s in story.sources],
        "claims": {c: claim_record(story.claim(c)) for c in claim_ids},
        "questions": questions,
        "text": runtime_text(story),
    }


def runtime_text(story: Story) -> dict[str, str]:
    """The runtime's phrases for the story's language (a fresh dict per spec)."""
    return dict(_runtime_text(story.language))


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
    """The derived questions of one claim, in slot order."""
    derive: dict[str, Callable[[StoryFacts, Claim], list[dict[str, Any]]]] = {
        "attribution": attribution_questions,
        "numeric": numeric_questions,
        "framing": framing_questions,
    }
    return derive[claim.family](facts, claim)


def claim_question(claim: Claim, slot: str, kind: str, text: str, **fields: Any) -> dict:
    return {
        "id": f"{claim.id}/{slot}",
        "kind": kind,
        "family": claim.family,
        "claim": claim.id,
        "prompt": text,
        "explanation": claim.explanation,
        "graded": True,
        **fields,
    }


@dataclass(frozen=True)
class Item:
    """A match item for one mention: a stable key, the label learners see."""

    key: str
    label: str
    mention: Mention


def mention_items(facts: StoryFacts, claim: Claim) -> list[Item]:
    """One item per mention, in the story's source order (which gives nothing away).

    The key is the source id; a source with several passages in the claim gets
    ``<source>-<n>`` keys so that keys stay unique and stable.
    """
    ordered = sorted(
        enumerate(claim.mentions), key=lambda im: (facts.source_order[im[1].source], im[0])
    )
    counts = {
        m.source: sum(1 for x in claim.mentions if x.source == m.source) for m in claim.mentions
    }
    items, seen = [], dict.fromkeys(counts, 0)
    for _, m in ordered:
        label = facts.labels[m.source]
        if counts[m.source] == 1:
            items.append(Item(m.source, label, m))
            continue
        seen[m.source] += 1
        n = seen[m.source]
        items.append(Item(f"{m.source}-{n}", prompt("passage_item", label, n), m))
    return items


def match_fields(
    items: list[Item], labels: list[str], answers: list[str], options: list[str]
) -> dict[str, Any]:
    return {
        "items": [{"key": i.key, "label": lab} for i, lab in zip(items, labels, strict=True)],
        "options": options,
        "answer": {i.key: a for i, a in zip(items, answers, strict=True)},
    }


def attribution_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    items = mention_items(facts, claim)
    answers = [i.mention.credited_to for i in items]
    options = with_distractors(answers, facts.pools.credited_for(claim.family))
    questions = [
        claim_question(
            claim,
            "credited",
            "match",
            prompt("credited", options),
            **match_fields(items, [i.label for i in items], answers, options),
        )
    ]
    primary = next((m for m in claim.mentions if m.primary), None)
    if primary is not None:
        sources = sorted(facts.labels.values(), key=lambda v: (v.casefold(), v))
        questions.append(
            claim_question(
                claim,
                "origin",
                "choice",
                prompt("origin"),
                options=sources,
                answer=facts.labels[primary.source],
            )
        )
    return questions


def numeric_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    items = mention_items(facts, claim)
    figures = [figure_label(i.mention) for i in items]
    kinds = sorted({figure_kind(i.mention) for i in items})
    options = with_distractors(figures, [facts.pools.figures[k] for k in kinds])
    questions = [
        claim_question(
            claim,
            "figures",
            "match",
            prompt("figures"),
            **match_fields(items, [i.label for i in items], figures, options),
        )
    ]
    credited = [(i, f) for i, f in zip(items, figures, strict=True) if i.mention.credited_to]
    if credited:
        answers = [i.mention.credited_to for i, _ in credited]
        labels = [prompt("behind_item", i.label, f) for i, f in credited]
        options = with_distractors(answers, facts.pools.credited_for(claim.family))
        questions.append(
            claim_question(
                claim,
                "behind",
                "match",
                prompt("behind"),
                **match_fields([i for i, _ in credited], labels, answers, options),
            )
        )
    lead = next((m for m in claim.mentions if m.primary), claim.mentions[0])
    if isinstance(lead.value, int | float) and not isinstance(lead.value, bool):
        text = prompt("value", claim.topic, facts.labels[lead.source], lead.unit)
        questions.append(
            claim_question(
                claim,
                "value",
                "number",
                text,
                answer=float(lead.value),
                tolerance=0.0,
                unit=lead.unit,
            )
        )
    return questions


def framing_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    chosen = words_mention(facts, claim)
    source = facts.story.source(chosen.source)
    fields = words_fields(source.id, source.text, chosen.start, chosen.end, chosen.terms)
    questions = []
    if fields["answer"]:  # always, for a valid corpus: every term is part of its quote
        questions.append(
            claim_question(
                claim, "words", "words", prompt("words", facts.labels[source.id]), **fields
            )
        )
    framed = [i for i in mention_items(facts, claim) if i.mention.frame is not None]
    if len(framed) >= 2:
        frames = [i.mention.frame for i in framed]
        options = with_distractors(frames, [facts.pools.frames])
        questions.append(
            claim_question(
                claim,
                "frames",
                "match",
                prompt("frames"),
                **match_fields(framed, [i.label for i in framed], frames, options),
            )
        )
    return questions


def words_mention(facts: StoryFacts, claim: Claim) -> Mention:
    """The primary mention, else the one with most terms (ties: story source order)."""
    primary = next((m for m in claim.mentions if m.primary), None)
    if primary is not None:
        return primary
    ranked = sorted(
        enumerate(claim.mentions),
        key=lambda im: (-len(im[1].terms), facts.source_order[im[1].source], im[0]),
    )
    return ranked[0][1]
