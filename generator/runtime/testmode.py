"""Pretest and posttest modules in the kernel: record answers, show no key (issue 14).

A test notebook carries no key (generator/building/testspec.py strips it), so the
runtime cannot score, and must not pretend to: a check becomes "Record my answer",
the feedback says "Answer recorded" and nothing about right or wrong, no hint, no
"Show the answer", and the summary counts answers instead of points. The results
record says ``"mode": "test"`` and carries no scores; the export scores the first
recorded answer of each question against the corpus, like any module
(docs/teaching.md). A module loaded from a *full* spec with a test role behaves the
same: the role decides, not whether a key happens to be there.
"""

from __future__ import annotations

from typing import Any

from .records import TEST_ROLES, AnswerState
from .texthtml import esc

__all__ = ["TEST_ROLES", "is_test", "summary_html", "test_phrases"]
# Phrases a test shows instead of the practice ones: ``test_<key>`` replaces <key>.
OVERLAY = "test_"


def is_test(spec: dict[str, Any]) -> bool:
    return spec.get("role") in TEST_ROLES


def test_phrases(text: dict[str, str]) -> dict[str, str]:
    """The spec's phrases with every ``test_<key>`` put in place of ``<key>``."""
    overlay = {k[len(OVERLAY) :]: v for k, v in text.items() if k.startswith(OVERLAY)}
    return {**text, **overlay}


def summary_html(page: Any, states: dict[str, AnswerState]) -> str:
    """How many questions were answered, and what happens next: no score."""
    total = len(page.spec["questions"])
    answered = sum(1 for s in states.values() if s.attempts)
    parts = [
        f"<p><strong>{esc(page.say('test_summary', answered=answered, total=total))}</strong></p>",
        page.para("test_summary_next"),
    ]
    return page.wrap("".join(parts), "samestory-summary")
