"""Every learner-facing phrase the runtime shows, by key, with its ``str.format`` fields.

The phrases themselves are rendered at build time from templates/runtime_text.yaml.j2
(:func:`generator.text.runtime_text`) into the module spec's ``"text"``; the runtime
holds no learner-facing wording of its own. ``REQUIRED`` maps each key to the
fields the runtime supplies: a phrase may use any of them, and no others.

A phrase that holds a count may come in every plural form of the module's language
(the spec's ``text_plural``); the form is chosen by the catalog's own Plural-Forms
rule (``plural_forms``), evaluated with the standard library's ``gettext.c2py``, so
"1 вопрос", "2 вопроса", "5 вопросов" and "21 вопрос" each read right.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
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
    # the reuse map in the sources section (runtime/reuseview.py)
    "reuse_heading": _NONE,
    "reuse_closed": _fields("questions"),
    "reuse_intro": _NONE,
    "reuse_legend": _NONE,
    "reuse_pair": _fields("a", "b", "count"),
    "reuse_share": _fields("text", "other", "percent"),
    "reuse_passage": _fields("number", "count"),
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
    # month names for times, "Jan|Feb|…", and 1234.5 written with the language's
    # separators (optional: older specs lack them)
    "months": _NONE,
    "number_format": _NONE,
}
# Pretest / posttest (runtime/testmode.py): what a test says instead of feedback.
# Required of a test's spec only, so that a practice notebook built before tests
# existed still loads.
TEST_REQUIRED: dict[str, frozenset[str]] = {
    "test_recorded": _NONE,
    "test_recorded_again": _fields("attempts"),
    "test_first_counts": _NONE,
    "test_summary": _fields("answered", "total"),
    "test_summary_next": _NONE,
    "test_results_score": _fields("max_score"),
}
# A test replaces these practice phrases with its own ``test_<key>`` (same fields).
TEST_OVERLAID = (
    "check",
    "progress",
    "problem_nothing",
    *(f"how_{kind}" for kind in ("choice", "multi", "match", "number", "words", "order")),
    "how_reflect",
)
TEST_REQUIRED.update({f"test_{key}": REQUIRED[key] for key in TEST_OVERLAID})
# Every phrase the template gives, practice and test.
ALL_PHRASES = {**REQUIRED, **TEST_REQUIRED}


# Phrases a spec may lack: those of a later addition that a notebook built before it
# never shows (the reuse map needs a spec "reuse", which such a notebook has not).
# A saved notebook from an older build must keep loading with today's runtime.
OPTIONAL: frozenset[str] = frozenset(
    key for key in REQUIRED if key.startswith("reuse_") or key in ("months", "number_format")
)
# Counts a plural rule is tried on when a spec is loaded (every form appears below 200
# in every CLDR rule).
_RULE_CHECKED_UP_TO = 200
# "1,234.5" → thousands separator ",", decimal separator ".".
_NUMBER_FORMAT = re.compile(r"1(\D*)234(\D+)5")


def fields_of(phrase: str) -> set[str]:
    """The ``str.format`` field names a phrase uses (ValueError on bad braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None}


def text_problems(text: Any, *, testing: bool = False) -> list[str]:
    """Why a spec's ``text`` dict cannot serve the runtime (empty list: it can);
    ``testing``: for a pretest or posttest, which needs its own phrases too."""
    if not isinstance(text, dict):
        return ["'text' must be a dict of phrase key -> phrase"]
    problems = []
    required = {**REQUIRED, **TEST_REQUIRED} if testing else REQUIRED
    missing = sorted(set(required) - OPTIONAL - set(text))
    if missing:
        problems.append("'text' lacks the phrase keys " + ", ".join(missing))
    known = ALL_PHRASES
    for key in sorted(set(known) & set(text)):
        phrase = text[key]
        if not isinstance(phrase, str):
            problems.append(f"text[{key!r}] must be a string")
            continue
        try:
            unknown = fields_of(phrase) - known[key]
        except ValueError as exc:
            problems.append(f"text[{key!r}] is not a valid str.format phrase: {exc}")
            continue
        if unknown:
            allowed = ", ".join(sorted(known[key])) or "none"
            problems.append(
                f"text[{key!r}] uses unknown fields {sorted(unknown)} (allowed: {allowed})"
            )
    return problems


def plural_rule(plural_forms: Any) -> tuple[int, Callable[[int], int]]:
    """``nplurals`` and the form-choosing function of a Plural-Forms header such as
    ``nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : …);`` (ValueError if malformed)."""
    import gettext

    if not isinstance(plural_forms, str):
        raise ValueError("'plural_forms' must be a Plural-Forms header (text)")
    fields = dict(part.strip().split("=", 1) for part in plural_forms.split(";") if "=" in part)
    try:
        count = int(fields["nplurals"])
        choose = gettext.c2py(fields["plural"])
    except (KeyError, ValueError, SyntaxError) as exc:
        raise ValueError(f"'plural_forms' {plural_forms!r} is not a Plural-Forms header") from exc
    if count < 1:
        raise ValueError(f"'plural_forms' {plural_forms!r} must have nplurals of 1 or more")
    # Tried once at load on the counts a module meets, so that a rule that divides by
    # zero or names a form that is not there fails loudly here, not mid-lesson.
    try:
        chosen = {choose(n) for n in range(_RULE_CHECKED_UP_TO)}
    except ArithmeticError as exc:
        raise ValueError(f"'plural_forms' {plural_forms!r} fails: {exc}") from exc
    if not chosen <= set(range(count)):
        raise ValueError(f"'plural_forms' {plural_forms!r} picks forms beyond nplurals={count}")
    return count, choose


def plural_problems(spec: dict[str, Any]) -> list[str]:
    """Why a spec's ``plural_forms``/``text_plural`` cannot serve (empty: they can, or
    the spec has none: an older spec uses ``text`` alone)."""
    plural = spec.get("text_plural")
    if plural is None:
        return []
    try:
        count, _ = plural_rule(spec.get("plural_forms"))
    except ValueError as exc:
        return [str(exc)]
    if not isinstance(plural, dict):
        return ["'text_plural' must be a dict of phrase key -> {count, forms}"]
    problems = []
    for key, entry in sorted(plural.items()):
        problems += _plural_entry_problems(key, entry, count)
    return problems


def _plural_entry_problems(key: Any, entry: Any, count: int) -> list[str]:
    if key not in REQUIRED or not isinstance(entry, dict):
        return [f"text_plural[{key!r}] is not a phrase key with {{count, forms}}"]
    forms = entry.get("forms")
    if entry.get("count") not in REQUIRED[key]:
        return [f"text_plural[{key!r}] counts {entry.get('count')!r}, not one of its fields"]
    if not isinstance(forms, list) or len(forms) != count:
        return [f"text_plural[{key!r}] must have {count} forms (the language's nplurals)"]
    problems = []
    for form in forms:
        try:
            unknown = fields_of(form) - REQUIRED[key] if isinstance(form, str) else {"?"}
        except ValueError as exc:
            unknown, problems = set(), [*problems, f"text_plural[{key!r}]: {exc}"]
        if unknown:
            problems.append(f"text_plural[{key!r}] has a form with unknown fields or no text")
    return problems


def _forms_of(entry: Any, phrase: str | None) -> bool:
    """Whether ``entry`` holds the plural forms of ``phrase`` (its last form)."""
    forms = entry.get("forms") if isinstance(entry, dict) else None
    return isinstance(forms, list) and bool(forms) and forms[-1] == phrase


class Phrases:
    """Look up and fill in the module's phrases: ``phrases("progress", checked=3, total=8)``."""

    def __init__(
        self,
        text: dict[str, str],
        plural: dict[str, Any] | None = None,
        plural_forms: str | None = None,
    ) -> None:
        self._text = text
        # The build writes a phrase's last form as its ``text``; forms whose phrase was
        # replaced since (a test's own wording of "progress") are not this phrase's.
        self._plural = {
            key: entry for key, entry in (plural or {}).items() if _forms_of(entry, text.get(key))
        }
        self._choose = plural_rule(plural_forms)[1] if self._plural else None

    def __call__(self, key: str, **fields: Any) -> str:
        # Always format (even without fields) so "{{" in a phrase shows as "{".
        return self._phrase(key, fields).format_map(fields)

    def _phrase(self, key: str, fields: dict[str, Any]) -> str:
        entry = self._plural.get(key)
        if entry is None or self._choose is None:
            return self._text[key]
        n = fields.get(entry["count"])
        if isinstance(n, bool) or not isinstance(n, int):
            return self._text[key]  # not a whole count (e.g. 2.5 points): the general form
        forms = entry["forms"]
        return forms[min(max(self._choose(abs(n)), 0), len(forms) - 1)]

    def number(self, value: float | int) -> str:
        """A figure for people in the module's language: 2500 → "2,500" / "2 500"."""
        from .texthtml import format_number

        return self._separators(format_number(value))

    def score(self, value: float) -> str:
        """A score for people: 0.5 → "0.5" / "0,5"."""
        from .texthtml import format_score

        return self._separators(format_score(value))

    def _separators(self, text: str) -> str:
        # English-style text ("2,500.5") rewritten with the language's separators.
        found = _NUMBER_FORMAT.fullmatch(self.get("number_format", "1,234.5"))
        if found is None:
            return text
        thousands, decimal = found.groups()
        return "".join(thousands if c == "," else decimal if c == "." else c for c in text)

    def months(self) -> list[str] | None:
        """The twelve month names of the optional ``months`` phrase ("Jan|Feb|…"), or
        None (an older spec: times then use the kernel's own month names)."""
        names = self.get("months", "").split("|")
        return names if len(names) == 12 and all(n.strip() for n in names) else None

    def get(self, key: str, default: str) -> str:
        """An optional phrase (e.g. the label of a source kind added later)."""
        try:
            return self._text[key].format_map({})
        except (KeyError, AttributeError, ValueError, IndexError):
            return default
