"""Every learner-facing phrase the runtime shows, by key, with its ``str.format`` fields.

The phrases themselves are rendered at build time from templates/runtime_text.yaml.j2
(:func:`generator.text.runtime_text`) into the module spec's ``"text"``; the runtime
holds no learner-facing wording of its own. ``REQUIRED`` maps each key to the
fields the runtime supplies: a phrase may use any of them, and no others.
"""

from __future__ import annotations

import string
from typing import Any

_NONE: frozenset[str] = frozenset()


def _fields(*names: str) -> frozenset[str]:
    return frozenset(names)


REQUIRED: dict[str, frozenset[str]] = {
    # the module's language, for the lang attribute of the HTML the runtime shows
    "language": _NONE,
    # learner field
    "learner_label": _NONE,
    "learner_placeholder": _NONE,
    "resume_offer": _fields("count", "time"),
    "name_replaced": _NONE,
    # sources
    "source_meta": _fields("outlet", "kind", "date"),
    "source_date_unknown": _NONE,
    "source_note": _fields("note"),
    "source_read": _NONE,
    "source_kind_official_statement": _NONE,
    "source_kind_news_report": _NONE,
    "source_kind_interview": _NONE,
    "source_kind_opinion": _NONE,
    "source_kind_blog": _NONE,
    "source_kind_unknown": _NONE,
    # progress
    "progress_label": _NONE,
    "progress": _fields("checked", "total"),
    # a question: how to answer, controls
    "how_choice": _NONE,
    "how_multi": _NONE,
    "how_match": _NONE,
    "how_number": _NONE,
    "how_words": _NONE,
    "how_order": _NONE,
    "how_reflect": _NONE,
    "answer_label": _NONE,
    "number_label": _NONE,
    "number_unit": _fields("unit"),
    "number_placeholder": _NONE,
    "order_position": _fields("number"),
    "words_selected": _fields("words"),
    "words_selected_none": _NONE,
    "word_selected_mark": _fields("word"),
    "reflect_placeholder": _NONE,
    "check": _NONE,
    "show_answer": _NONE,
    "confidence_label": _NONE,
    "confidence_sure": _NONE,
    "confidence_fairly_sure": _NONE,
    "confidence_guessing": _NONE,
    # a question: heading, move, statement, the passages beside the controls
    "question_heading": _fields("number", "total", "heading"),
    "move_line": _fields("name", "rule"),
    "statement_label": _NONE,
    "evidence_heading": _NONE,
    "evidence_look_here": _NONE,
    "evidence_before": _NONE,
    # feedback: verdicts
    "verdict_right": _NONE,
    "verdict_partly": _fields("right", "total"),
    "verdict_wrong": _NONE,
    "verdict_saved": _NONE,
    "verdict_invalid": _NONE,
    "attempt_line": _fields("attempts", "first_score"),
    "attempt_line_reflect": _fields("attempts"),
    "not_counted": _NONE,
    "recheck_hint": _NONE,
    "restored_line": _fields("at"),
    # feedback: the learner's own mistake, the hint, the rest folded
    "mistake_generic": _NONE,
    "mistake_partly": _NONE,
    "hint_line": _fields("hint"),
    "hint_generic": _NONE,
    "try_again": _NONE,
    "feedback_more": _NONE,
    "why_see_other": _fields("heading"),
    # feedback: why a response could not be checked (keys come from scoring.py)
    "problem_nothing": _NONE,
    "problem_not_an_option": _fields("given"),
    "problem_form_choice": _NONE,
    "problem_form_multi": _NONE,
    "problem_form_match": _NONE,
    "problem_match_missing": _fields("missing"),
    "problem_form_number": _NONE,
    "problem_not_finite": _NONE,
    "problem_form_words": _NONE,
    "problem_form_order": _NONE,
    "problem_form_reflect": _NONE,
    "problem_reflect_short": _fields("min_words"),
    "problem_too_long": _fields("limit"),
    "internal_error": _NONE,
    # feedback: item by item
    "items_heading": _NONE,
    "choice_right": _fields("given"),
    "choice_wrong": _fields("given", "expected"),
    "multi_picked_right": _fields("option"),
    "multi_picked_wrong": _fields("option"),
    "multi_missed": _fields("option"),
    "match_right": _fields("item", "given"),
    "match_wrong": _fields("item", "given", "expected"),
    "match_wrong_hint": _fields("item", "given"),
    "number_right": _fields("given", "expected"),
    "number_wrong": _fields("given", "expected"),
    "number_wrong_hint": _fields("given"),
    "number_tolerance": _fields("tolerance"),
    "words_found": _fields("words"),
    "words_extra": _fields("words"),
    "words_missed": _fields("words"),
    "order_right": _fields("position", "given"),
    "order_wrong": _fields("position", "given", "expected"),
    "order_wrong_hint": _fields("position", "given"),
    # feedback: explanation and passages
    "why_heading": _NONE,
    "passages_heading": _NONE,
    "passage_note": _fields("note"),
    "passage_read_whole": _NONE,
    "list_separator": _NONE,
    "quoted": _fields("text"),
    # summary
    "summary_score": _fields("score", "max_score", "percent"),
    "summary_move": _fields("move", "score", "max_score"),
    "summary_family": _fields("family", "score", "max_score"),
    "family_attribution": _NONE,
    "family_framing": _NONE,
    "family_numeric": _NONE,
    "family_other": _NONE,
    "summary_nothing_yet": _NONE,
    "summary_unchecked": _fields("count", "total"),
    "summary_remember_heading": _NONE,
    "summary_confident_mistakes": _fields("headings"),
    "summary_all_right": _NONE,
    "summary_objectives_heading": _NONE,
    # results record (text/markdown part) and download
    "results_heading": _fields("title"),
    "results_learner": _fields("learner"),
    "results_no_learner": _NONE,
    "results_score": _fields("score", "max_score"),
    "results_updated": _fields("updated"),
    "results_question": _NONE,
    "results_attempts": _NONE,
    "results_first": _NONE,
    "results_last": _NONE,
    "results_not_checked": _NONE,
    "results_ungraded": _NONE,
    "download_label": _NONE,
    "download_no_name": _NONE,
    "download_unnamed": _fields("file"),
    "download_for": _fields("learner", "file"),
    # how work is kept, per front end
    "keep_notebook": _NONE,
    "keep_voila": _NONE,
    "keep_lite": _NONE,
    # notices about the answer log
    "log_skipped_one": _NONE,
    "log_skipped_many": _fields("count"),
    "log_unreadable": _fields("reason"),
    "log_unwritable": _fields("reason"),
}


def fields_of(phrase: str) -> set[str]:
    """The ``str.format`` field names a phrase uses (ValueError on bad braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None}


def text_problems(text: Any) -> list[str]:
    """Why a spec's ``text`` dict cannot serve the runtime (empty list: it can)."""
    if not isinstance(text, dict):
        return ["'text' must be a dict of phrase key -> phrase"]
    problems = []
    missing = sorted(set(REQUIRED) - set(text))
    if missing:
        problems.append("'text' lacks the phrase keys " + ", ".join(missing))
    for key in sorted(set(REQUIRED) & set(text)):
        phrase = text[key]
        if not isinstance(phrase, str):
            problems.append(f"text[{key!r}] must be a string")
            continue
        try:
            unknown = fields_of(phrase) - REQUIRED[key]
        except ValueError as exc:
            problems.append(f"text[{key!r}] is not a valid str.format phrase: {exc}")
            continue
        if unknown:
            allowed = ", ".join(sorted(REQUIRED[key])) or "none"
            problems.append(
                f"text[{key!r}] uses unknown fields {sorted(unknown)} (allowed: {allowed})"
            )
    return problems


class Phrases:
    """Look up and fill in the module's phrases: ``phrases("progress", checked=3, total=8)``."""

    def __init__(self, text: dict[str, str]) -> None:
        self._text = text

    def __call__(self, key: str, **fields: Any) -> str:
        # Always format (even without fields) so "{{" in a phrase shows as "{".
        return self._text[key].format_map(fields)

    def get(self, key: str, default: str) -> str:
        """An optional phrase (e.g. the label of a source kind added later)."""
        try:
            return self._text[key].format_map({})
        except (KeyError, AttributeError, ValueError, IndexError):
            return default
