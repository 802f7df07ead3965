"""Readable figures, and distractors drawn from the story's own annotations.

Distractors are never random: candidates are ranked by how often they occur in the
story (most first), then alphabetically, so a rebuild gives the same options. A
candidate that equals a right answer, even only in letter case, is never offered.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import N_, format_number, gettext
from .model import Mention, Story
from .templating import macro

# The fewest options a derived question offers, when the story has enough candidates.
MIN_OPTIONS = 3
# N_ marks the month names for Babel; a story's language translates them in dates
# (msgctxt "date month": the form a month takes after a day, "7 января").
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def format_value(value: float | int | str) -> str:
    """2500 → "2,500", 2.5 → "2.5", "2022-01-07" → "7 January 2022" (in English; in
    the language in force otherwise: "2 500", "2,5", "7 января 2022")."""
    if isinstance(value, str):
        day = datetime.date.fromisoformat(value)
        return f"{day.day} {gettext(_MONTHS[day.month - 1])} {day.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_number(value)


def figure_label(mention: Mention) -> str:
    """A mention's figure as a learner reads it: "about 2,500 personnel"."""
    return str(
        macro("prompts.txt.j2", "figure")(format_value(mention.value), mention.unit, mention.approx)
    )


def figure_kind(mention: Mention) -> tuple[str, str]:
    """Figures are only distractors for figures of the same kind: dates, or a unit."""
    return ("date", "") if isinstance(mention.value, str) else ("number", mention.unit or "")


@dataclass(frozen=True)
class Pools:
    """How often each candidate value occurs in the story, by where it may be used."""

    credited: dict[str, Counter[str]]  # family -> credited_to values
    figures: dict[tuple[str, str], Counter[str]]  # figure kind -> figure labels
    frames: Counter[str]

    @classmethod
    def of(cls, story: Story) -> Pools:
        credited: dict[str, Counter[str]] = {}
        figures: dict[tuple[str, str], Counter[str]] = {}
        frames: Counter[str] = Counter()
        for claim in story.claims:
            for mention in claim.mentions:
                if mention.credited_to is not None:
                    credited.setdefault(claim.family, Counter())[mention.credited_to] += 1
                if claim.family == "numeric" and mention.value is not None:
                    figures.setdefault(figure_kind(mention), Counter())[figure_label(mention)] += 1
                if mention.frame is not None:
                    frames[mention.frame] += 1
        return cls(credited, figures, frames)

    def credited_for(self, family: str) -> list[Counter[str]]:
        """credited_to candidates: the claim's own family first, then the others."""
        others = sorted(f for f in self.credited if f != family)
        return [self.credited.get(family, Counter()), *(self.credited[f] for f in others)]


def ranked(pool: Counter[str]) -> list[str]:
    return sorted(pool, key=lambda value: (-pool[value], value.casefold(), value))


def with_distractors(right: Iterable[str], pools: Sequence[Counter[str]]) -> list[str]:
    """The right answers plus enough distractors, in alphabetical order.

    There are at least ``MIN_OPTIONS`` options where the pools allow, and always at
    least one distractor when any candidate is left, so no option list is only the
    answers.
    """
    options = sorted(set(right), key=lambda v: (v.casefold(), v))
    wanted = max(MIN_OPTIONS - len(options), 1)
    taken = {o.casefold() for o in options}
    extra: list[str] = []
    for pool in pools:
        for candidate in ranked(pool):
            if len(extra) == wanted:
                break
            if candidate.casefold() not in taken:
                extra.append(candidate)
                taken.add(candidate.casefold())
    return sorted([*options, *extra], key=lambda v: (v.casefold(), v))
