"""One question of a module as learners (and tests) see it, and what a check told them
(DESIGN.md, "Learner API (contract)"). The checking itself is the module's: see
:class:`.module.Module`."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .order import SHUFFLED_KINDS, shown_options
from .records import AnswerState, heading_of, is_graded
from .scoring import Scored

if TYPE_CHECKING:
    from .module import Module


@dataclass(frozen=True)
class Feedback:
    """What one check told the learner. ``counted``: it was an attempt (a malformed
    response is not); ``html`` is the feedback as shown under the question;
    ``scored``: see below."""

    score: float
    correct: bool
    valid: bool
    counted: bool
    attempts: int
    message: str
    html: str
    restored: bool = False
    # False in a pretest/posttest: the answer was recorded, not scored (the notebook
    # has no key; ``score`` is 0.0 and ``correct`` False, meaning nothing).
    scored: bool = True

    def _repr_html_(self) -> str:
        return self.html


class Question:
    """One question of the module, as learners (and tests) see it. ``options`` are in
    the order this learner sees them (docs/internals.md, "Per-learner option order")."""

    def __init__(self, module: Module, spec: dict[str, Any], seed: str) -> None:
        self._module, self.spec = module, spec
        self.id: str = spec["id"]
        self.kind: str = spec["kind"]
        self.family: str | None = spec.get("family")
        self.claim: str | None = spec.get("claim")
        self.move: str | None = spec.get("move")
        self.heading: str = heading_of(spec, module.spec)
        self.prompt: str = spec["prompt"]
        self.statement: str | None = spec.get("statement")
        # A test's spec has no explanation (runtime/testmode.py): "" then.
        self.explanation: str = spec.get("explanation", "")
        options = list(spec.get("options") or [])
        if self.kind in SHUFFLED_KINDS:
            options = shown_options(seed, self.id, options)
        self.options: list[str] = options
        self.items: list[str] = [item["key"] for item in spec.get("items") or []]
        self.item_labels: dict[str, str] = {i["key"]: i["label"] for i in spec.get("items") or []}
        self.tokens: list[str] = list(spec.get("tokens") or [])
        self.unit: str | None = spec.get("unit")
        self.graded: bool = is_graded(spec)
        self.asks_confidence: bool = bool(spec.get("confidence"))
        self.state = AnswerState()
        self.feedback: Feedback | None = None  # of the last check (or the one restored)
        self.hint_shown = False  # a first miss showed the hint
        self.answer_shown = False  # the answer was shown (right, a second miss, or asked)
        self._scored: Scored | None = None  # the last valid check
        self._response: Any = None  # the last response checked (normalised)
        self._view: Any = None  # controls.QuestionView, once shown

    @property
    def attempts(self) -> int:
        return self.state.attempts

    @property
    def first(self) -> dict[str, Any] | None:
        return copy.deepcopy(self.state.first.as_record()) if self.state.first else None

    @property
    def last(self) -> dict[str, Any] | None:
        return copy.deepcopy(self.state.last.as_record()) if self.state.last else None

    @property
    def hinting(self) -> bool:
        """After a first miss, until the answer is shown: the hint and a new try."""
        return self.hint_shown and not self.answer_shown

    def submit(self, response: Any, confidence: str | None = None) -> Feedback:
        """Exactly what answering in the widget (and choosing how sure, when the module
        asks) and pressing Check does."""
        return self._module._check(self, response, confidence)

    def reveal(self) -> Feedback | None:
        """What "Show the answer" does; offered only after a first miss (None before)."""
        return self._module._reveal(self)

    def __repr__(self) -> str:
        return f"<samestory question {self.id!r} ({self.kind})>"
