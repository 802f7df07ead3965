"""What every derived question is built from: the story's facts, computed once,
and the helpers that give each question its common fields."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..distractors import Pools
from ..model import Claim, Mention, Story
from ..templating import macro
from .moves import SLOT_MOVES
from .reuse import is_reuse

NO_ONE = "no one"
# Options of a derived choice among texts or speakers: the answer and three others.
CHOICE_OPTIONS = 4
# Kinds of text in which a speaker speaks for themselves (model.SOURCE_KINDS).
OWN_VOICE_KINDS = ("official-statement", "interview")


def credits_someone(m: Mention) -> bool:
    return bool(m.credited_to) and m.credited_to != NO_ONE


@dataclass(frozen=True)
class StoryFacts:
    """What every question of a story is derived from, computed once per story."""

    story: Story
    labels: dict[str, str]  # source id -> label shown to learners (unique in the story)
    pools: Pools
    source_order: dict[str, int]
    options: dict[str, str]  # source id -> its label as an option (long titles cut short)
    speaks_as: dict[str, str]  # source id -> the speaker whose own text it is
    copies: frozenset[tuple[str, str]]  # (copy source, original source), shown by the texts

    @classmethod
    def of(cls, story: Story) -> StoryFacts:
        speakers = own_speakers(story)
        labels = source_labels(story)
        return cls(
            story,
            labels,
            Pools.of(story),
            {s.id: i for i, s in enumerate(story.sources)},
            option_labels(labels),
            speakers,
            copy_relations(story, speakers),
        )

    def passage(self, mention: Mention) -> str:
        return self.story.source(mention.source).text[mention.start : mention.end]

    def published(self, source_id: str) -> str | None:
        return self.story.source(source_id).published

    def ordered(self, mentions: tuple[Mention, ...] | list[Mention]) -> list[Mention]:
        """Mentions in the story's source order (which gives nothing away)."""
        indexed = sorted(
            enumerate(mentions), key=lambda im: (self.source_order[im[1].source], im[0])
        )
        return [m for _, m in indexed]


def source_labels(story: Story) -> dict[str, str]:
    """Source titles, with " (<id>)" added where two sources share a title."""
    titles = [s.title for s in story.sources]
    return {
        s.id: s.title if titles.count(s.title) == 1 else f"{s.title} ({s.id})"
        for s in story.sources
    }


# Source titles as options are cut to this many words: a title twice as long as the
# others would otherwise mark the answer whenever that text is the answer.
OPTION_WORDS = 8


def option_labels(labels: dict[str, str]) -> dict[str, str]:
    """Source labels for option lists: titles longer than OPTION_WORDS words end in
    "…" after that many words (the full labels, if cutting would make two the same)."""
    cut = {
        source: label
        if len(label.split()) <= OPTION_WORDS
        else " ".join(label.split()[:OPTION_WORDS]) + " …"
        for source, label in labels.items()
    }
    return cut if len(set(cut.values())) == len(cut) else dict(labels)


def own_speakers(story: Story) -> dict[str, str]:
    """Source → the speaker whose own text it is: an official statement or an
    interview that credits one speaker in more than half of its credited passages.

    The ministry's commentary credits the ministry throughout: it is the ministry's
    own text, so another text that credits the ministry with the same words is
    reproducing it. A news report that mostly credits the ministry is still a report."""
    own_kinds = {s.id for s in story.sources if s.kind in OWN_VOICE_KINDS}
    credits: dict[str, Counter[str]] = {}
    for claim in story.claims:
        for m in claim.mentions:
            if m.source in own_kinds and credits_someone(m):
                credits.setdefault(m.source, Counter())[m.credited_to] += 1
    speakers = {}
    for source, counts in credits.items():
        speaker, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n * 2 > sum(counts.values()):
            speakers[source] = speaker
    return speakers


def copy_relations(story: Story, speakers: dict[str, str]) -> frozenset[tuple[str, str]]:
    """Pairs (copy, original) that the texts themselves show.

    A text C copies a text O when, in some claim, C's passage shares a long run of
    words with O's passage *and* credits those words to O's own speaker (O is that
    speaker's text, C is not). Where both texts carry dates, an original is never
    dated after its copy."""
    text = {s.id: s.text for s in story.sources}
    found = set()
    for claim in story.claims:
        for c in claim.mentions:
            for o in claim.mentions:
                if not shows_copy(story, speakers, c, o):
                    continue
                if is_reuse(text[c.source][c.start : c.end], text[o.source][o.start : o.end]):
                    found.add((c.source, o.source))
    return frozenset(found)


def shows_copy(story: Story, speakers: dict[str, str], c: Mention, o: Mention) -> bool:
    """Whether ``c`` credits its words to the speaker whose own text ``o`` is."""
    if c.source == o.source or not credits_someone(c):
        return False
    if speakers.get(o.source) != c.credited_to or speakers.get(c.source) == c.credited_to:
        return False
    return not dated_after(story, o.source, c.source)


def dated_after(story: Story, first: str, second: str) -> bool:
    """True when both sources carry dates and ``first`` is dated after ``second``."""
    a, b = story.source(first).published, story.source(second).published
    return bool(a and b and str(a) > str(b))


def prompt(name: str, *args: Any) -> str:
    """One line of learner-facing text from templates/prompts.txt.j2."""
    return str(macro("prompts.txt.j2", name)(*args)).strip()


def evidence(mentions: list[Mention]) -> list[dict[str, Any]]:
    return [{"source": m.source, "start": m.start, "end": m.end} for m in mentions]


def claim_question(
    claim: Claim, slot: str, kind: str, text: str, hint: str, shown: list[Mention], **fields: Any
) -> dict[str, Any]:
    """A derived question's common fields; ``shown`` are the passages beside it."""
    return {
        "id": f"{claim.id}/{slot}",
        "kind": kind,
        "family": claim.family,
        "claim": claim.id,
        "move": SLOT_MOVES[slot],
        "heading": prompt(f"heading_{slot.replace('-', '_')}"),
        "statement": claim.topic,
        "prompt": text,
        "explanation": claim.explanation,
        "graded": True,
        "hint": hint,
        "evidence": evidence(shown),
        **fields,
    }


@dataclass(frozen=True)
class Item:
    """A match item for one mention: a stable key, the label learners see."""

    key: str
    label: str
    mention: Mention


def mention_items(facts: StoryFacts, claim: Claim) -> list[Item]:
    """One item per mention, in the story's source order.

    The key is the source id; a source with several passages in the claim gets
    ``<source>-<n>`` keys so that keys stay unique and stable."""
    counts = Counter(m.source for m in claim.mentions)
    items, seen = [], Counter[str]()
    for m in facts.ordered(claim.mentions):
        label = facts.labels[m.source]
        if counts[m.source] == 1:
            items.append(Item(m.source, label, m))
            continue
        seen[m.source] += 1
        n = seen[m.source]
        items.append(Item(f"{m.source}-{n}", prompt("passage_item", label, n), m))
    return items


def not_naming(items: list[Item], answers: list[str]) -> tuple[list[Item], list[str]]:
    """The items whose label does not print their own answer, with their answers: the
    ministry's commentary, titled "Commentary of the Ministry of …", asks nothing
    when the question is whom it credits."""
    kept = [
        (item, answer)
        for item, answer in zip(items, answers, strict=True)
        if answer.casefold() not in item.label.casefold()
    ]
    return [i for i, _ in kept], [a for _, a in kept]


def credit_items(facts: StoryFacts, items: list[Item]) -> tuple[list[Item], list[str]]:
    """The items whose credit is worth asking, with their credits: not those whose
    label prints the credit (:func:`not_naming`), nor those that credit the text's own
    speaker unless another text credits the statement to someone else. An interview
    credits its interviewee throughout: "whom does the interview credit?" is answered
    by knowing what an interview is, and the one label right for every such item
    would pay whoever picks it without reading; that the same words are the
    ministry's in one text and the ambassador's in another is worth a question.
    Nothing is asked when no text credits anyone."""
    credited = [i for i in items if i.mention.credited_to]

    def own(item: Item) -> bool:
        return facts.speaks_as.get(item.mention.source) == item.mention.credited_to

    others = {i.mention.credited_to for i in credited if not own(i)} - {NO_ONE}
    kept = [i for i in credited if not own(i) or others - {i.mention.credited_to}]
    kept, answers = not_naming(kept, [i.mention.credited_to or "" for i in kept])
    if all(a == NO_ONE for a in answers):
        return [], []
    return kept, answers


def match_fields(items: list[Item], answers: list[str], options: list[str]) -> dict[str, Any]:
    return {
        "items": [{"key": i.key, "label": i.label} for i in items],
        "options": options,
        "answer": {i.key: a for i, a in zip(items, answers, strict=True)},
    }


def accepted(items: list[Item]) -> dict[str, list[str]]:
    """``accept`` of a match question from the mentions' ``also``: other answers that
    also score, for the items that have any (other credits, or other frames)."""
    return {i.key: list(i.mention.also) for i in items if i.mention.also}


def drop_accepted(why: dict[str, dict[str, str]], accept: dict[str, list[str]]) -> None:
    """An option that also scores is not wrong: it gets no "why"."""
    for key, labels in accept.items():
        for label in labels:
            why.get(key, {}).pop(label, None)
    for key in [k for k, reasons in why.items() if not reasons]:
        del why[key]


def match_why(
    items: list[Item], answers: list[str], options: list[str], because: Any
) -> dict[str, dict[str, str]]:
    """``why`` of a match question: for each item, each wrong option that another
    item has as its answer gets ``because(option, other item)``."""
    owner: dict[str, Item] = {}
    for item, answer in zip(items, answers, strict=True):
        owner.setdefault(answer, item)
    why = {}
    for item, answer in zip(items, answers, strict=True):
        reasons = {
            option: because(option, owner[option])
            for option in options
            if option != answer and option in owner
        }
        if reasons:
            why[item.key] = reasons
    return why
