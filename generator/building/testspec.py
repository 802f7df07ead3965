"""The spec a pretest or posttest notebook carries: the module without its key.

A learner who reads every byte of a test notebook must learn nothing about the key
(issue 14; DESIGN "Module roles"). So the setup literal of a test gets
:func:`keyless_spec`: each question keeps only what is on screen before an answer
(heading, prompt, statement, move, the passages beside it, the options and items as
the controls show them), and what the runtime needs to check an answer's *form*;
answers, accepted answers, why-sentences, explanations, hints, tolerances and
function words are gone, and so is every claim's list of passages (whom each
source credits, its figure, its framing words, which text is the original).

Nothing in the *order* of the remaining lists may point at an answer either: options
and ``order`` items are listed sorted by a hash of the question id and the label, an
order that depends on neither the key nor the author (the runtime then shows each
learner an order of their own, as in practice modules).

The key, the export and ``generator key`` keep using the full spec
(:func:`generator.questions.module_specs`); the keyless spec keeps its ``version``,
so that the export recognises a test notebook as the module it is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..runtime.testmode import is_test

# What a test question keeps: all of it is on screen before an answer, or is needed
# to check the form of an answer (token count, item keys, minimum words).
QUESTION_FIELDS = (
    "id",
    "kind",
    "claim",
    "family",
    "move",
    "heading",
    "prompt",
    "statement",
    "evidence",
    "graded",
    "confidence",
    "options",
    "items",
    "tokens",
    "source",
    "start",
    "end",
    "unit",
    "min_words",
)
# Top-level fields of the module spec that say nothing about the key.
SPEC_FIELDS = (
    "format",
    "story",
    "story_title",
    "story_summary",
    "language",
    "module",
    "title",
    "objectives",
    "role",
    "version",
    "sources",
    "moves",
    "text",
)


def learner_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """What a notebook carries: the spec itself, or without its key for a test."""
    return keyless_spec(spec) if is_test(spec) else spec


def keyless_spec(spec: dict[str, Any]) -> dict[str, Any]:
    out = {key: spec[key] for key in SPEC_FIELDS if key in spec}
    out["claims"] = {
        claim_id: {"family": claim.get("family"), "topic": claim.get("topic"), "passages": []}
        for claim_id, claim in spec["claims"].items()
    }
    out["questions"] = [keyless_question(q) for q in spec["questions"]]
    return out


def keyless_question(question: dict[str, Any]) -> dict[str, Any]:
    kept = {key: question[key] for key in QUESTION_FIELDS if key in question}
    if isinstance(kept.get("options"), list):
        kept["options"] = neutral_order(question["id"], kept["options"])
    if question["kind"] == "order" and isinstance(kept.get("items"), list):
        kept["items"] = sorted(kept["items"], key=lambda item: _digest(question["id"], item["key"]))
    return kept


def neutral_order(question_id: str, labels: list[str]) -> list[str]:
    """``labels`` in an order that depends only on the question id and the labels."""
    return sorted(labels, key=lambda label: _digest(question_id, label))


def _digest(question_id: str, label: str) -> str:
    return hashlib.sha256(f"{question_id}\x00{label}".encode()).hexdigest()
