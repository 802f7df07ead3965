"""Figures written as texts write them: ``value: about 4.2 million``.

A numeric mention's ``value`` may be a number, an ISO date, or a figure in words the
way the quote prints it: a number with the story language's separators, an optional
scale word (thousand, million, billion, trillion) and an optional hedge in front
("about", "nearly", "over", ...) that makes the figure approximate. The loader turns
it into a plain number (and ``approx: true``), so the model and the questions keep
numbers.

The separators follow the story's ``language`` through Babel's CLDR data (a well-kept
library with every locale's decimal and group marks, rather than a table of our own):
in English "2,500" is two thousand five hundred and "2,5" is refused with both
readings offered; in German or French "2,5" is two and a half and "2.500" (German)
or "2 500" (French) is 2500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_HEDGES = (
    "approximately",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "some",
    "over",
    "more than",
    "at least",
    "up to",
    "under",
    "less than",
    "fewer than",
    "~",
)
_HEDGE = re.compile(
    r"^(?P<hedge>" + "|".join(re.escape(h) for h in _HEDGES) + r")\s*", re.IGNORECASE
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE = re.compile(r"\s*\b(?P<scale>" + "|".join(_SCALES) + r")s?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


@dataclass(frozen=True)
class Figure:
    """A parsed figure: the number, whether a hedge made it approximate, or why not."""

    value: int | float | None
    approx: bool = False
    problem: str | None = None


def parse_figure(text: str, language: str = "en") -> Figure:
    """``"about 4.2 million"`` → ``Figure(4200000, approx=True)`` (English)."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    rest = " ".join(text.split())
    hedge = _HEDGE.match(rest)
    rest = rest[hedge.end() :] if hedge else rest
    scale = _SCALE.search(rest)
    factor = _SCALES[scale["scale"].lower()] if scale else 1
    number = rest[: scale.start()] if scale else rest
    try:
        locale = Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    # A space between digit groups ("2 500") is the group mark of many languages,
    # whichever space the teacher typed.
    group = get_group_symbol(locale)
    if group.isspace():
        number = _SPACES.sub(group, number)
    try:
        parsed = parse_decimal(number, locale=locale, strict=True)
    except NumberFormatError as exc:
        return Figure(None, problem=_unreadable(text, language, exc))
    return Figure(_plain(parsed * factor), approx=hedge is not None)


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _unreadable(text: str, language: str, exc: Exception) -> str:
    suggestions = getattr(exc, "suggestions", None)
    if suggestions:
        readings = " or ".join(f"'{s}'" for s in suggestions)
        return (
            f"'{text}' cannot be read as a figure in language '{language}' (did you mean "
            f"{readings}?) — write the number as the story's language writes it, or "
            "as a plain number"
        )
    return (
        f"'{text}' cannot be read as a figure — write a number as the text prints it "
        "(2,500 · 4.2 million · about 300) or a date as 'YYYY-MM-DD'"
    )
