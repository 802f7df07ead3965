"""The moves: a fixed vocabulary of reasoning moves that every question practises.

Ids are stable kebab-case strings, the same in every story (docs/internals.md,
"Moves"); the names and rules of thumb learners read are in templates/moves.yaml.j2.
Every derived slot practises one move; a hand-written question may name its move
(``move:``), else it gets its claim family's move, else its kind's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from ..i18n import current_language
from ..templating import render

MOVES = (
    "trace-the-original",
    "who-is-credited",
    "quote-or-paraphrase",
    "what-the-copy-changed",
    "how-sure",
    "compare-the-words",
    "whats-missing",
    "check-the-figure",
)

SLOT_MOVES = {
    "copied-from": "trace-the-original",
    "credited": "who-is-credited",
    "behind": "who-is-credited",
    "quote-or-paraphrase": "quote-or-paraphrase",
    "what-changed": "what-the-copy-changed",
    "how-sure": "how-sure",
    "words": "compare-the-words",
    "frames": "compare-the-words",
    "missing": "whats-missing",
    "voices": "whats-missing",
    "figures": "check-the-figure",
    "same-count": "check-the-figure",
    "timeline": "check-the-figure",
    "value": "check-the-figure",
}

# A hand-written question without ``move:``: its claim's family decides, else its kind.
FAMILY_MOVES = {
    "attribution": "who-is-credited",
    "framing": "compare-the-words",
    "numeric": "check-the-figure",
}
KIND_MOVES = {
    "words": "compare-the-words",
    "number": "check-the-figure",
    "order": "check-the-figure",
}
DEFAULT_MOVE = "who-is-credited"


def hand_move(named: Any, family: str | None, kind: str) -> str:
    """The move of a hand-written question: the one it names, if it is a move id."""
    if isinstance(named, str) and named in MOVES:
        return named
    if family in FAMILY_MOVES:
        return FAMILY_MOVES[family]
    return KIND_MOVES.get(kind, DEFAULT_MOVE)


def _vocabulary() -> dict[str, dict[str, str]]:
    return _vocabulary_in(current_language())


@cache
def _vocabulary_in(language: str) -> dict[str, dict[str, str]]:
    loaded = yaml.safe_load(render("moves.yaml.j2"))
    return {move: {"name": loaded[move]["name"], "rule": loaded[move]["rule"]} for move in MOVES}


def move_name(move: str) -> str:
    return _vocabulary()[move]["name"]


def moves_used(questions: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The spec's top-level ``moves``: name and rule of each move the questions use,
    in vocabulary order (a fresh dict per spec)."""
    used = {q["move"] for q in questions}
    return {move: dict(_vocabulary()[move]) for move in MOVES if move in used}
