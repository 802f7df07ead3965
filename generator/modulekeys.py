"""The key an export grades against: every module's questions as derived from the
corpus *now* (not as the learner's copy had them), and the scoring function the
notebooks use. Built from the same module specs as the notebooks
(:func:`generator.questions.module_specs`), so the key cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

Scorer = Callable[[dict[str, Any], Any], Any]  # (question, response) -> Scored


@dataclass(frozen=True)
class ModuleKey:
    """The current questions of one module, as derived from the corpus."""

    story: str
    module: str
    version: str
    questions: tuple[dict[str, Any], ...]
    # Cell ids a saved notebook of this module must still have (None: not checked);
    # given directly, or rendered from ``spec`` the first time a notebook needs them.
    cell_ids: tuple[str, ...] | None = None
    spec: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def expected_cell_ids(self) -> tuple[str, ...] | None:
        if self.cell_ids is not None or self.spec is None:
            return self.cell_ids
        return _rendered_cell_ids(self.spec)

    @cached_property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q["id"] for q in self.questions)

    @cached_property
    def graded_ids(self) -> frozenset[str]:
        return frozenset(q["id"] for q in self.questions if is_graded(q))

    @property
    def max_score(self) -> int:
        return len(self.graded_ids)

    @cached_property
    def moves(self) -> dict[str, tuple[str, ...]]:
        """Move id → its graded questions, in question order. A question without a
        ``move`` (a spec from before moves) belongs to none."""
        found: dict[str, list[str]] = {}
        for q in self.questions:
            if is_graded(q) and isinstance(q.get("move"), str) and q["move"]:
                found.setdefault(q["move"], []).append(q["id"])
        return {move: tuple(ids) for move, ids in found.items()}

    @cached_property
    def confidence_ids(self) -> frozenset[str]:
        """Graded questions that asked "How sure are you?" with the first attempt."""
        return frozenset(q["id"] for q in self.questions if is_graded(q) and q.get("confidence"))


@dataclass
class Key:
    """Every module of the corpus, in story then module order."""

    modules: dict[tuple[str, str], ModuleKey]

    def lookup(self, story: str, module: str) -> ModuleKey | str:
        """The module, or why there is none (as the grader will read it)."""
        found = self.modules.get((story, module))
        if found is not None:
            return found
        if not any(s == story for s, _ in self.modules):
            return f"unknown story {story!r} — is it in the corpus given with --corpus?"
        return f"unknown module {module!r} in story {story!r}"

    def order(self, story: str, module: str) -> int:
        """Position in the corpus: rows and columns follow story, then module order."""
        return self._positions[story, module]

    @cached_property
    def _positions(self) -> dict[tuple[str, str], int]:
        return {name: n for n, name in enumerate(self.modules)}


def load_key(corpus: Path) -> Key:
    """The key of every module of the corpus (CorpusError propagates to the CLI)."""
    from .corpus import load_corpus
    from .questions import module_specs

    modules = {}
    for story in load_corpus(corpus):
        for spec in module_specs(story):
            modules[spec["story"], spec["module"]] = ModuleKey(
                story=spec["story"],
                module=spec["module"],
                version=spec["version"],
                questions=tuple(spec["questions"]),
                spec=spec,
            )
    return Key(modules)


def _rendered_cell_ids(spec: dict[str, Any]) -> tuple[str, ...]:
    """The cell ids a fresh build gives this module: what a saved copy must still have.
    (``cell_plan``, not ``render_module``: the export must not import nbformat.)"""
    from .notebook import cell_plan

    return tuple(cell.id for cell in cell_plan(spec))


def default_scorer() -> Scorer:
    from .runtime.scoring import score

    return score


def is_graded(question: dict[str, Any]) -> bool:
    """``reflect`` questions are ungraded: they count 0 and are not in max_score."""
    return bool(question.get("graded", question["kind"] != "reflect"))
