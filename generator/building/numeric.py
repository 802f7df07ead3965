"""Slots that check a figure: ``figures``, ``same-count``, ``behind``, ``value`` and
``timeline`` (docs/questions.md)."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..distractors import _MONTHS as MONTHS
from ..distractors import figure_kind, figure_label, format_value, with_distractors
from ..model import Claim, Mention
from .common import (
    Item,
    StoryFacts,
    claim_question,
    credit_items,
    match_fields,
    match_why,
    mention_items,
    prompt,
)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
# A passage that names a month or prints a number dates itself: no weekday to turn.
# Case matters: "may have trained" names no month.
_DATED = re.compile(r"\d|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\b")


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numeric_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    return [
        *timeline_questions(facts, claim),
        *figures_questions(facts, claim),
        *same_count_questions(facts, claim),
        *behind_questions(facts, claim),
        *value_questions(facts, claim),
    ]


def valued_items(facts: StoryFacts, claim: Claim) -> list[Item]:
    return [i for i in mention_items(facts, claim) if i.mention.value is not None]


def figures_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Which figure each text gives: for two or more figures that are not all equal
    (the same date in every text asks nothing)."""
    # A weekday that `timeline` turns into a date is that question's answer: asking
    # again which date the text gives would repeat it, answered by its feedback.
    turned = weekday_mention(facts, claim)
    items = [i for i in valued_items(facts, claim) if i.mention is not turned]
    figures = [figure_label(i.mention) for i in items]
    if len(items) < 2 or len(set(figures)) < 2:
        return []
    kinds = sorted({figure_kind(i.mention) for i in items})
    options = with_distractors(figures, [facts.pools.figures[k] for k in kinds])

    def because(option: str, other: Item) -> str:
        return prompt("why_figure_other", option, other.label)

    why = match_why(items, figures, options, because)
    for item in items:
        for option in options:
            if option not in figures:
                why.setdefault(item.key, {})[option] = prompt("why_figure_elsewhere", option)
    return [
        claim_question(
            claim,
            "figures",
            "match",
            prompt("figures"),
            prompt("hint_figures"),
            [i.mention for i in items],
            **match_fields(items, figures, options),
            why=why,
        )
    ]


def rounds_to(fine: Mention, coarse: Mention) -> bool:
    """True when ``fine``'s figure, rounded to the precision of ``coarse``'s (its
    trailing zeros), is ``coarse``'s figure: 412 → about 400; 2,030 → about 2,000."""
    exponent = len(str(int(coarse.value))) - len(str(int(coarse.value)).rstrip("0"))
    step = Decimal(10) ** exponent
    rounded = (Decimal(str(fine.value)) / step).quantize(Decimal(1), ROUND_HALF_UP) * step
    return rounded == Decimal(str(coarse.value))


def same_count_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Could two different figures be one count, rounded? The first pair of figures
    that differ, at least one of them approximate, in source order."""
    numbers = [m for m in facts.ordered(claim.mentions) if is_number(m.value)]
    pairs = [
        (a, b)
        for n, a in enumerate(numbers)
        for b in numbers[n + 1 :]
        if a.value != b.value and a.unit == b.unit and (a.approx or b.approx)
    ]
    # 2,500 against "about 3,000" sits exactly half-way between two round figures:
    # whether it "rounds to" 3,000 depends on a rounding convention, not on the texts,
    # so such a pair would have two defensible answers and is never asked.
    pairs = [(a, b) for a, b in pairs if not half_way(*by_precision(a, b))]
    if not pairs:
        return []
    a, b = pairs[0]
    fine, coarse = by_precision(a, b)
    same = coarse.approx and rounds_to(fine, coarse)
    options = [prompt("same_count_rounded"), prompt("same_count_different")]
    answer = options[0] if same else options[1]
    wrong = options[1] if same else options[0]
    reason = prompt("why_same_count_rounded" if same else "why_same_count_different")
    # No source names: the figure each text gives is what `figures` asks.
    text = prompt("same_count", figure_label(a), figure_label(b))
    return [
        claim_question(
            claim,
            "same-count",
            "choice",
            text,
            prompt("hint_same_count"),
            [a, b],
            options=options,
            answer=answer,
            why={wrong: reason},
        )
    ]


def by_precision(a: Mention, b: Mention) -> tuple[Mention, Mention]:
    """(the more precise figure, the rounder one)."""
    fine, coarse = sorted((a, b), key=lambda m: trailing_zeros(m.value))
    return fine, coarse


def half_way(fine: Mention, coarse: Mention) -> bool:
    """``fine`` lies exactly half-way between two multiples of ``coarse``'s step."""
    step = Decimal(10) ** trailing_zeros(coarse.value)
    return step > 1 and Decimal(str(fine.value)) % step == step / 2


def trailing_zeros(value: Any) -> int:
    digits = str(int(value))
    return len(digits) - len(digits.rstrip("0"))


def behind_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Whom each text credits with its figure. Items are the texts only: a label
    that printed the figure would answer ``figures``."""
    items, answers = credit_items(facts, valued_items(facts, claim))
    if not items:
        return []
    options = with_distractors(answers, facts.pools.credited_for(claim.family))

    def because(option: str, other: Item) -> str:
        return prompt("why_credited_other", option, other.label)

    return [
        claim_question(
            claim,
            "behind",
            "match",
            prompt("behind"),
            prompt("hint_behind"),
            [i.mention for i in items],
            **match_fields(items, answers, options),
            why=match_why(items, answers, options, because),
        )
    ]


def value_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """Type the figure: only where ``figures`` is not asked (every text gives the
    same figure), since figures' feedback would answer it."""
    numbers = [m for m in facts.ordered(claim.mentions) if is_number(m.value)]
    if not numbers or figures_questions(facts, claim):
        return []
    lead = numbers[0]
    text = prompt("value", claim.topic, facts.labels[lead.source], lead.unit)
    return [
        claim_question(
            claim,
            "value",
            "number",
            text,
            prompt("hint_value"),
            [lead],
            answer=float(lead.value),
            tolerance=0.0,
            unit=lead.unit,
        )
    ]


def weekday_of(facts: StoryFacts, m: Mention) -> str | None:
    """The weekday a passage dates its event by, when it gives no date of its own."""
    if not isinstance(m.value, str):
        return None
    text = facts.passage(m)
    found = _WEEKDAY.search(text)
    return found.group(1) if found and not _DATED.search(text) else None


def weekday_mention(facts: StoryFacts, claim: Claim) -> Mention | None:
    """The first passage that dates its event by a weekday only, when another text of
    the claim gives a date: the one ``timeline`` asks about."""
    for m in facts.ordered(claim.mentions):
        weekday = weekday_of(facts, m)
        dated = [o for o in claim.mentions if o is not m and isinstance(o.value, str)]
        if weekday is not None and dated and _WEEKDAYS[day(m.value).weekday()] == weekday:
            return m
    return None


def timeline_questions(facts: StoryFacts, claim: Claim) -> list[dict[str, Any]]:
    """A weekday turned into a date, when another text of the claim gives a date."""
    m = weekday_mention(facts, claim)
    if m is None:
        return []
    weekday = weekday_of(facts, m)
    dated = [o for o in claim.mentions if o is not m and isinstance(o.value, str)]
    answer = figure_label(m)
    near = date_distractors(facts, day(m.value))
    options = sorted([answer, *near], key=lambda label: label_day(facts, label))
    why = {o: prompt("why_weekday", o, weekday_name(facts, o)) for o in near}
    return [
        claim_question(
            claim,
            "timeline",
            "choice",
            prompt("timeline", facts.labels[m.source], weekday),
            prompt("hint_timeline"),
            [m, *facts.ordered(dated)],
            options=options,
            answer=answer,
            why=why,
        )
    ]


def date_distractors(facts: StoryFacts, answer: datetime.date) -> list[str]:
    """Three other dates, none on the answer's weekday: the story's own dates first
    (nearest first), then the days next to the answer."""
    story_dates = sorted(set(_date_labels(facts).values()), key=lambda d: abs(d - answer))
    calendar = [answer + datetime.timedelta(days=n) for n in (-1, 1, -2, 2, -3, 3)]
    picked: list[datetime.date] = []
    for candidate in [*story_dates, *calendar]:
        if (
            candidate != answer
            and candidate.weekday() != answer.weekday()
            and candidate not in picked
        ):
            picked.append(candidate)
    return [date_label(d) for d in picked[:3]]


def date_label(value: datetime.date) -> str:
    return format_value(value.isoformat())


def day(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(str(value))


def _date_labels(facts: StoryFacts) -> dict[str, datetime.date]:
    return {
        figure_label(m): day(m.value)
        for c in facts.story.claims
        for m in c.mentions
        if isinstance(m.value, str)
    }


def label_day(facts: StoryFacts, label: str) -> datetime.date:
    number, month, year = label.split()
    return datetime.date(int(year), MONTHS.index(month) + 1, int(number))


def weekday_name(facts: StoryFacts, label: str) -> str:
    return _WEEKDAYS[label_day(facts, label).weekday()]
