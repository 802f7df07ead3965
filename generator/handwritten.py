"""Hand-written questions (``questions:`` in story.yaml) as module-spec questions.

The teacher's text is kept as written. Where the brief leaves a choice:

* ``choice``/``multi`` options keep the teacher's order (they may be a scale);
* ``match`` options are the items' answers plus any extra ``options:``, sorted
  alphabetically, like derived questions, so their order gives nothing away;
* ``order`` items are shown in a fixed shuffle (sorted by a hash of question id and
  key) that is never the right order;
* a question that names ``claim:`` takes its family from the claim, and falls back
  to the claim's explanation when it has none of its own; its statement is the
  claim's topic and its evidence the claim's passages (a ``words`` question's own
  passage is its evidence);
* its move is ``move:`` when it names one of the vocabulary, else its claim family's,
  else its kind's (:func:`generator.building.moves.hand_move`); its heading is
  ``heading:`` or the prompt's first words; its hint is ``hint:`` or names the move.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .building.common import evidence, prompt
from .building.moves import hand_move, move_name
from .model import HandQuestion
from .passages import words_fields

if TYPE_CHECKING:
    from .questions import StoryFacts


def hand_question(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    claim = facts.story.claim(q.claim) if q.claim else None
    explanation = q.explanation or (claim.explanation if claim else "")
    move = hand_move(q.fields.get("move"), claim.family if claim else None, q.kind)
    graded = q.kind != "reflect"
    shown = facts.ordered(claim.mentions) if claim and q.kind != "words" else []
    common = {
        "id": q.id,
        "kind": q.kind,
        "family": claim.family if claim else None,
        "claim": q.claim,
        "move": move,
        "heading": str(q.fields.get("heading") or first_words(q.prompt)),
        **({"statement": claim.topic} if claim else {}),
        "prompt": q.prompt,
        "explanation": explanation,
        "graded": graded,
        "evidence": evidence(shown),
    }
    if graded:
        common["hint"] = str(q.fields.get("hint") or prompt("hint_hand", move_name(move)))
    return {**common, **KIND_FIELDS[q.kind](facts, q)}


HEADING_WORDS = 8


def first_words(text: str) -> str:
    """A heading from a prompt: its first sentence, cut to HEADING_WORDS words."""
    words = text.split()
    if len(words) <= HEADING_WORDS:
        return " ".join(words)
    return " ".join(words[:HEADING_WORDS]) + " …"


def _choice(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    return {"options": list(q.fields["options"]), "answer": q.fields["answer"]}


def _multi(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    return {"options": list(q.fields["options"]), "answer": list(q.fields["answer"])}


def _match(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    items = q.fields["items"]
    options = {*(i["answer"] for i in items), *q.fields.get("options", ())}
    return {
        "items": [{"key": i["key"], "label": i["label"]} for i in items],
        "options": sorted(options, key=lambda v: (v.casefold(), v)),
        "answer": {i["key"]: i["answer"] for i in items},
    }


def _number(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    return {
        "answer": float(q.fields["answer"]),
        "tolerance": float(q.fields.get("tolerance", 0)),
        "unit": q.fields.get("unit"),
    }


def _words(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    passage = q.passage
    assert passage is not None  # the corpus loader resolves every words question's quote
    text = facts.story.source(passage.source).text
    return words_fields(passage.source, text, passage.start, passage.end, q.fields["terms"])


def _order(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    items = [{"key": i["key"], "label": i["label"]} for i in q.fields["items"]]
    right = [i["key"] for i in items]
    return {"items": shuffled(q.id, items), "answer": right}


def _reflect(facts: StoryFacts, q: HandQuestion) -> dict[str, Any]:
    return {"min_words": int(q.fields.get("min_words", 0))}


KIND_FIELDS = {
    "choice": _choice,
    "multi": _multi,
    "match": _match,
    "number": _number,
    "words": _words,
    "order": _order,
    "reflect": _reflect,
}


def shuffled(question_id: str, items: list[dict[str, str]]) -> list[dict[str, str]]:
    """``items`` in a stable pseudo-random order that is never their given order."""

    def digest(item: dict[str, str]) -> str:
        return hashlib.sha256(f"{question_id}/{item['key']}".encode()).hexdigest()

    shown = sorted(items, key=digest)
    if shown == items:  # the hash happened to keep the right order: rotate by one
        shown = shown[1:] + shown[:1]
    return shown
